// Conformance: GetEventsAsync (SPEC §3): fromVersion inclusive, OccurredAt in [from, to), Version whatever the filters.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class GetEventsConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task An_absent_stream_is_empty_at_version_0()
    {
        var id = Guid.NewGuid();
        await AppendAsync(Guid.NewGuid(), new TaskCreated());
        await AppendAsync(id, "Account", ExpectedVersion.Any, [new Deposited(1m, "EUR")]);

        var stream = await Store.GetEventsAsync(id, TaskType);

        Assert.Equal(id, stream.AggregateId);
        Assert.Equal(TaskType, stream.AggregateType);
        Assert.Equal(0, stream.Version);
        Assert.Empty(stream.Events);
        Assert.True(stream.IsEmpty);
        Assert.Null(stream.LatestEvent);
    }

    [Fact]
    public async Task A_stream_returns_its_own_events_in_stream_order_with_its_version()
    {
        var id = Guid.NewGuid();
        var other = Guid.NewGuid();
        var created = new TaskCreated { Title = "mine" };
        await AppendAsync(id, created);
        await AppendAsync(other, new TaskCreated { Title = "other" });
        var completed = new TaskCompleted();
        await AppendAsync(id, completed);

        var stream = await Store.GetEventsAsync(id, TaskType);

        Assert.Equal(2, stream.Version);
        Assert.Equal([created.EventId, completed.EventId], stream.Events.Select(e => e.EventId));
        Assert.Equal([1L, 2L], stream.Events.Select(e => e.AggregateVersion));
        Assert.Equal(completed.EventId, stream.LatestEvent?.EventId);
        Assert.False(stream.IsEmpty);
        Assert.Equal(TaskStream(id), stream.StreamId);
        Assert.IsType<TaskCreated>(stream.Events[0]);
        Assert.IsType<TaskCompleted>(stream.Events[1]);
    }

    [Theory]
    [InlineData(0L, new long[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(1L, new long[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(5L, new long[] { 5, 6 })]
    [InlineData(6L, new long[] { 6 })]
    [InlineData(7L, new long[0])]
    [InlineData(1000L, new long[0])]
    public async Task FromVersion_includes_the_event_at_that_version(long fromVersion, long[] expected)
    {
        var id = await SixEventsAsync();

        var stream = await Store.GetEventsAsync(id, TaskType, fromVersion);

        Assert.Equal(expected, stream.Events.Select(e => e.AggregateVersion));
        Assert.Equal(6, stream.Version);
    }

    [Fact]
    public async Task Timestamps_select_OccurredAt_in_a_half_open_range()
    {
        var id = await SixEventsAsync();

        var from = await Store.GetEventsAsync(id, TaskType, fromTimestamp: T0.AddMinutes(2));
        var to = await Store.GetEventsAsync(id, TaskType, toTimestamp: T0.AddMinutes(2));
        var range = await Store.GetEventsAsync(id, TaskType, fromTimestamp: T0.AddMinutes(1), toTimestamp: T0.AddMinutes(3));
        var empty = await Store.GetEventsAsync(id, TaskType, fromTimestamp: T0.AddMinutes(3), toTimestamp: T0.AddMinutes(3));

        Assert.Equal([3L, 4, 5, 6], from.Events.Select(e => e.AggregateVersion));
        Assert.Equal([1L, 2], to.Events.Select(e => e.AggregateVersion));
        Assert.Equal([2L, 3], range.Events.Select(e => e.AggregateVersion));
        Assert.Empty(empty.Events);
        Assert.All([from, to, range, empty], s => Assert.Equal(6, s.Version));
    }

    [Fact]
    public async Task Timestamp_bounds_compare_instants_whatever_their_offset()
    {
        var id = await SixEventsAsync();
        var plusTwo = TimeSpan.FromHours(2);

        var range = await Store.GetEventsAsync(id, TaskType, fromTimestamp: T0.AddMinutes(1).ToOffset(plusTwo), toTimestamp: T0.AddMinutes(3).ToOffset(-plusTwo));

        Assert.Equal([2L, 3], range.Events.Select(e => e.AggregateVersion));
    }

    [Fact]
    public async Task FromVersion_and_timestamps_combine()
    {
        var id = await SixEventsAsync();

        var stream = await Store.GetEventsAsync(id, TaskType, fromVersion: 3, fromTimestamp: T0.AddMinutes(1), toTimestamp: T0.AddMinutes(5));

        Assert.Equal([3L, 4, 5], stream.Events.Select(e => e.AggregateVersion));
        Assert.Equal(6, stream.Version);
        Assert.Equal(5, stream.LatestEvent?.AggregateVersion);
    }

    [Fact]
    public async Task Filters_see_the_stored_microsecond_time_not_the_appended_ticks()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated { OccurredAt = T0.AddTicks(7) });

        var atT0 = await Store.GetEventsAsync(id, TaskType, fromTimestamp: T0, toTimestamp: T0.AddTicks(1));

        var e = Assert.Single(atT0.Events);
        Assert.Equal(T0, e.OccurredAt);
    }

    // Six events one minute apart from T0, appended in two batches.
    private async Task<Guid> SixEventsAsync()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, [.. Enumerable.Range(0, 3).Select(i => new TaskRenamed { NewTitle = $"{i}", OccurredAt = T0.AddMinutes(i) })]);
        await AppendAsync(Guid.NewGuid(), new TaskCreated { OccurredAt = T0.AddMinutes(2) });
        await AppendAsync(id, [.. Enumerable.Range(3, 3).Select(i => new TaskRenamed { NewTitle = $"{i}", OccurredAt = T0.AddMinutes(i) })]);
        return id;
    }
}
