// Conformance: ReadAllAsync, the global feed (SPEC §3, §4): global order, checkpoint paging, filters, StoredEvent fields.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class ReadAllConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private static readonly Guid TenantA = Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001");

    [Fact]
    public async Task An_empty_store_has_an_empty_feed()
    {
        Assert.Empty(await ReadAllListAsync());
        Assert.Empty(await ReadAllListAsync(new ReadOptions { Direction = ReadDirection.Backward, Limit = 5 }));
    }

    [Fact]
    public async Task The_feed_holds_every_event_in_append_order_across_streams()
    {
        var appended = await InterleavedAsync();

        var feed = await ReadAllListAsync();

        Assert.Equal(appended.Select(a => a.Event.EventId), feed.Select(e => e.EventId));
        AssertGlobalPositions(feed.Select(e => e.GlobalPosition), Range(1, appended.Count));
    }

    [Fact]
    public async Task StoredEvent_fields_describe_the_stored_copy_and_its_positions()
    {
        var appended = await InterleavedAsync();

        var feed = await ReadAllListAsync();

        foreach (var (stored, (e, id, type, position)) in feed.Zip(appended))
        {
            EventAssert.Same(EventAssert.StoredCopy(e, id, type, position), stored.Event);
            Assert.Equal(StreamKey.Format(id, type), stored.StreamId);
            Assert.Equal(position, stored.StreamPosition);
            Assert.Equal(e.EventId, stored.EventId);
            Assert.Equal(e.EventType, stored.EventType);
            Assert.Equal(id, stored.AggregateId);
            Assert.Equal(type, stored.AggregateType);
            Assert.Equal(e.TenantId, stored.TenantId);
            Assert.Equal(TimeSpan.Zero, stored.StoredAt.Offset);
        }
    }

    [Fact]
    public async Task Each_append_result_names_the_feed_position_of_its_last_event()
    {
        var x = Guid.NewGuid();
        var r1 = await AppendAsync(x, new TaskCreated(), new TaskCompleted());
        var r2 = await AppendAsync(Guid.NewGuid(), "Account", ExpectedVersion.Any, [new Deposited(1m, "EUR")]);
        var r3 = await AppendAsync(x, new TaskRenamed());

        var feed = await ReadAllListAsync();

        Assert.Equal([r1.GlobalPosition, r2.GlobalPosition, r3.GlobalPosition], new[] { feed[1], feed[2], feed[3] }.Select(e => e.GlobalPosition));
        Assert.Equal(r3.GlobalPosition, await HeadAsync());
    }

    [Fact]
    public async Task FromPosition_is_an_exclusive_checkpoint()
    {
        await InterleavedAsync();
        var feed = await ReadAllListAsync();
        var checkpoint = feed[3].GlobalPosition;

        var rest = await ReadAllListAsync(new ReadOptions { FromPosition = checkpoint });
        var past = await ReadAllListAsync(new ReadOptions { FromPosition = feed[^1].GlobalPosition });

        Assert.Equal(feed.Skip(4).Select(e => e.EventId), rest.Select(e => e.EventId));
        Assert.Empty(past);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(100)]
    public async Task Paging_with_a_limit_and_a_checkpoint_reproduces_the_full_read(int pageSize)
    {
        await InterleavedAsync();
        var full = await ReadAllListAsync();

        var paged = new List<StoredEvent>();
        long checkpoint = 0;
        while (true)
        {
            var page = await ReadAllListAsync(new ReadOptions { FromPosition = checkpoint, Limit = pageSize });
            Assert.InRange(page.Count, 0, pageSize);
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
            checkpoint = page[^1].GlobalPosition;
        }

        Assert.Equal(full.Select(e => (e.GlobalPosition, e.EventId)), paged.Select(e => (e.GlobalPosition, e.EventId)));
    }

    [Fact]
    public async Task Backward_is_the_reverse_of_forward_and_with_a_limit_gives_the_newest()
    {
        var appended = await InterleavedAsync();
        var forward = await ReadAllListAsync();

        var backward = await ReadAllListAsync(new ReadOptions { Direction = ReadDirection.Backward });
        var newest = await ReadAllListAsync(new ReadOptions { Direction = ReadDirection.Backward, Limit = 3 });
        var olderThan = await ReadAllListAsync(new ReadOptions { Direction = ReadDirection.Backward, FromPosition = forward[1].GlobalPosition, Limit = 2 });

        Assert.Equal(forward.Select(e => e.EventId).Reverse(), backward.Select(e => e.EventId));
        Assert.Equal(appended.TakeLast(3).Reverse().Select(a => a.Event.EventId), newest.Select(e => e.EventId));
        Assert.Equal(forward.TakeLast(2).Reverse().Select(e => e.EventId), olderThan.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_tenant_filter_applies_before_the_limit_and_drops_untenanted_events()
    {
        var appended = await InterleavedAsync();
        var tenantA = appended.Where(a => a.Event.TenantId == TenantA).Select(a => a.Event.EventId).ToList();

        var all = await ReadAllListAsync(new ReadOptions { TenantId = TenantA });
        var firstTwo = await ReadAllListAsync(new ReadOptions { TenantId = TenantA, Limit = 2 });
        var lastOne = await ReadAllListAsync(new ReadOptions { TenantId = TenantA, Limit = 1, Direction = ReadDirection.Backward });

        Assert.Equal(tenantA, all.Select(e => e.EventId));
        Assert.Equal(tenantA.Take(2), firstTwo.Select(e => e.EventId));
        Assert.Equal(tenantA.TakeLast(1), lastOne.Select(e => e.EventId));
    }

    [Fact]
    public async Task An_aggregate_type_filter_keeps_the_streams_of_that_type()
    {
        var appended = await InterleavedAsync();

        var accounts = await ReadAllListAsync(new ReadOptions { AggregateType = "Account" });
        var tasks = await ReadAllListAsync(new ReadOptions { AggregateType = TaskType, FromPosition = 0, Limit = 100 });
        var none = await ReadAllListAsync(new ReadOptions { AggregateType = "Nobody" });

        Assert.Equal(appended.Where(a => a.Type == "Account").Select(a => a.Event.EventId), accounts.Select(e => e.EventId));
        Assert.Equal(appended.Where(a => a.Type == TaskType).Select(a => a.Event.EventId), tasks.Select(e => e.EventId));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Timestamps_select_OccurredAt_in_a_half_open_range()
    {
        var appended = await InterleavedAsync();

        var read = await ReadAllListAsync(new ReadOptions { FromTimestamp = T0.AddMinutes(2), ToTimestamp = T0.AddMinutes(5) });

        Assert.Equal(
            appended.Where(a => a.Event.OccurredAt >= T0.AddMinutes(2) && a.Event.OccurredAt < T0.AddMinutes(5)).Select(a => a.Event.EventId),
            read.Select(e => e.EventId));
        Assert.Equal(3, read.Count);
    }

    [Fact]
    public async Task Timestamp_bounds_finer_than_a_microsecond_are_honoured_exactly()
    {
        var id = Guid.NewGuid();
        var atT0 = new TaskCreated { OccurredAt = T0 };
        var oneMicroLater = new TaskCompleted { OccurredAt = T0.AddTicks(TimeSpan.TicksPerMicrosecond) };
        await AppendAsync(id, atT0, oneMicroLater);

        var fromHalf = await ReadAllListAsync(new ReadOptions { FromTimestamp = T0.AddTicks(5) });
        var toHalf = await ReadAllListAsync(new ReadOptions { ToTimestamp = T0.AddTicks(5) });

        Assert.Equal([oneMicroLater.EventId], fromHalf.Select(e => e.EventId));
        Assert.Equal([atT0.EventId], toHalf.Select(e => e.EventId));
    }

    [Fact]
    public async Task All_filters_combine()
    {
        var appended = await InterleavedAsync();
        var expected = appended
            .Where(a => a.Type == TaskType && a.Event.TenantId == TenantA && a.Event.OccurredAt >= T0.AddMinutes(1))
            .Select(a => a.Event.EventId).ToList();

        var read = await ReadAllListAsync(new ReadOptions { AggregateType = TaskType, TenantId = TenantA, FromTimestamp = T0.AddMinutes(1), ToTimestamp = T0.AddHours(1) });

        Assert.NotEmpty(expected);
        Assert.Equal(expected, read.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_cancelled_token_stops_the_read()
    {
        await InterleavedAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await ThrowsOnReadAsync<OperationCanceledException>(() => Store.ReadAllAsync(ct: cts.Token));
    }

    [Fact]
    public async Task Cancelling_mid_read_stops_the_read_before_its_end()
    {
        await InterleavedAsync();
        await HeadAsync();
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Store.ReadAllAsync(ct: cts.Token))
            {
                if (++seen == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(3, seen);
    }

    /// <summary>
    /// Eight events over two Task streams and an Account stream, one minute apart from T0, some of tenant A:
    /// each with the stream and stream position it must get.
    /// </summary>
    private async Task<List<(DomainEvent Event, Guid Id, string Type, long Position)>> InterleavedAsync()
    {
        var t1 = Guid.NewGuid();
        var t2 = Guid.NewGuid();
        var acc = Guid.NewGuid();
        var log = new List<(DomainEvent, Guid, string, long)>();
        var minute = 0;
        DomainEvent Next(DomainEvent e) => e with { OccurredAt = T0.AddMinutes(minute++) };

        async Task Add(Guid id, string type, params DomainEvent[] events)
        {
            var before = await Store.GetStreamVersionAsync(id, type);
            await AppendAsync(id, type, ExpectedVersion.Any, events);
            log.AddRange(events.Select((e, i) => (e, id, type, before + 1 + i)));
        }

        await Add(t1, TaskType, Next(new TaskCreated { Title = "one", TenantId = TenantA }), Next(new TaskRenamed { NewTitle = "uno" }));
        await Add(acc, "Account", Next(new Deposited(10.5m, "EUR") { TenantId = TenantA, Tags = ["x", "y"] }));
        await Add(t2, TaskType, Next(new TaskCreated { Title = "two" }));
        await Add(t1, TaskType, Next(new TaskCompleted { TenantId = TenantA }));
        await Add(acc, "Account", Next(new Deposited(2m, "USD")), Next(new Deposited(3m, "USD") { TenantId = Guid.NewGuid() }));
        await Add(t2, TaskType, Next(new TaskReassigned { NewAssignee = Guid.NewGuid(), TenantId = TenantA }));
        return log;
    }
}
