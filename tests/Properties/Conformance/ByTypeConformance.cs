// Conformance: GetEventsByTypeAsync (SPEC §3): streams of one aggregate type, tenant and time filters, global order.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class ByTypeConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private static readonly Guid TenantA = Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001");
    private static readonly Guid TenantB = Guid.Parse("bbbbbbbb-0000-4000-8000-000000000002");

    [Fact]
    public async Task Events_of_every_stream_of_the_type_come_in_global_order()
    {
        var log = await MixedAsync();

        var tasks = await Store.GetEventsByTypeAsync(TaskType);
        var accounts = await Store.GetEventsByTypeAsync("Account");

        Assert.Equal(log.Where(l => l.Type == TaskType).Select(l => l.Event.EventId), tasks.Select(e => e.EventId));
        Assert.Equal(log.Where(l => l.Type == "Account").Select(l => l.Event.EventId), accounts.Select(e => e.EventId));
        Assert.All(tasks, e => Assert.Equal(TaskType, e.AggregateType));
        Assert.Contains(tasks, e => e is TaskCreated { Title: "first" });
    }

    [Fact]
    public async Task A_type_without_streams_gives_an_empty_list()
    {
        await MixedAsync();

        Assert.Empty(await Store.GetEventsByTypeAsync("Nobody"));
        Assert.Empty(await Store.GetEventsByTypeAsync("task"));
    }

    [Fact]
    public async Task A_tenant_filter_keeps_only_that_tenant_s_events()
    {
        var log = await MixedAsync();

        var a = await Store.GetEventsByTypeAsync(TaskType, TenantA);
        var b = await Store.GetEventsByTypeAsync(TaskType, TenantB);
        var none = await Store.GetEventsByTypeAsync(TaskType, Guid.NewGuid());

        Assert.Equal(log.Where(l => l.Type == TaskType && l.Event.TenantId == TenantA).Select(l => l.Event.EventId), a.Select(e => e.EventId));
        Assert.Equal(log.Where(l => l.Type == TaskType && l.Event.TenantId == TenantB).Select(l => l.Event.EventId), b.Select(e => e.EventId));
        Assert.Equal(2, a.Count);
        Assert.Empty(none);
    }

    [Fact]
    public async Task FromTimestamp_keeps_events_that_occurred_at_or_after_it()
    {
        var log = await MixedAsync();

        var recent = await Store.GetEventsByTypeAsync(TaskType, fromTimestamp: T0.AddMinutes(3));
        var recentOfA = await Store.GetEventsByTypeAsync(TaskType, TenantA, T0.AddMinutes(3));

        Assert.Equal(log.Where(l => l.Type == TaskType && l.Event.OccurredAt >= T0.AddMinutes(3)).Select(l => l.Event.EventId), recent.Select(e => e.EventId));
        Assert.Equal(log.Where(l => l.Type == TaskType && l.Event.OccurredAt >= T0.AddMinutes(3) && l.Event.TenantId == TenantA).Select(l => l.Event.EventId), recentOfA.Select(e => e.EventId));
        Assert.Single(recentOfA);
    }

    [Fact]
    public async Task The_events_are_the_stored_copies()
    {
        var log = await MixedAsync();

        var tasks = await Store.GetEventsByTypeAsync(TaskType);

        var expected = log.Where(l => l.Type == TaskType).ToList();
        Assert.Equal(expected.Count, tasks.Count);
        foreach (var (e, (appended, id, type, position)) in tasks.Zip(expected))
        {
            EventAssert.Same(EventAssert.StoredCopy(appended, id, type, position), e);
        }
    }

    // Task and Account streams interleaved, one minute apart from T0, tenants A, B and none.
    private async Task<List<(DomainEvent Event, Guid Id, string Type, long Position)>> MixedAsync()
    {
        var t1 = Guid.NewGuid();
        var t2 = Guid.NewGuid();
        var acc = Guid.NewGuid();
        (Guid, string, DomainEvent)[] plan =
        [
            (t1, TaskType, new TaskCreated { Title = "first", TenantId = TenantA }),
            (acc, "Account", new Deposited(1m, "EUR") { TenantId = TenantA }),
            (t2, TaskType, new TaskCreated { Title = "second", TenantId = TenantB }),
            (t1, "Account", new Deposited(2m, "EUR")),
            (t1, TaskType, new TaskCompleted()),
            (t2, TaskType, new TaskRenamed { NewTitle = "2nd", TenantId = TenantA }),
            (acc, "Account", new Deposited(3m, "EUR") { TenantId = TenantB }),
            (t2, TaskType, new TaskCompleted { TenantId = TenantB }),
        ];
        var log = new List<(DomainEvent, Guid, string, long)>();
        var versions = new Dictionary<(Guid, string), long>();
        for (var i = 0; i < plan.Length; i++)
        {
            var (id, type, e) = plan[i];
            var timed = e with { OccurredAt = T0.AddMinutes(i) };
            await AppendAsync(id, type, ExpectedVersion.Any, [timed]);
            var position = versions[(id, type)] = versions.GetValueOrDefault((id, type)) + 1;
            log.Add((timed, id, type, position));
        }

        return log;
    }
}
