// Conformance: IEventStoreInspector (statistics and the stream list) agrees with the pure Inspection model over the feed.
using EventStore.Functional.Reading;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class InspectorConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private const string AccountType = "Account";

    private IEventStoreInspector Inspector => Assert.IsAssignableFrom<IEventStoreInspector>(Store);

    [Fact]
    public async Task An_empty_store_has_no_events_no_streams_and_no_stored_times()
    {
        var stats = await Inspector.GetStatisticsAsync();

        Assert.Equal((0L, 0L, 0L), (stats.Events, stats.Streams, stats.GlobalPosition));
        Assert.Empty(stats.AggregateTypes);
        Assert.Null(stats.FirstStoredAt);
        Assert.Null(stats.LastStoredAt);
        Assert.Empty(await Inspector.ListStreamsAsync());
    }

    [Fact]
    public async Task Statistics_count_events_streams_and_types_and_span_the_stored_times()
    {
        await HistoryAsync();
        var feed = await ReadAllListAsync();
        var model = Inspection.Statistics(feed, await HeadAsync(), sizeBytes: null);

        var stats = await Inspector.GetStatisticsAsync();

        Assert.Equal((7L, 4L), (stats.Events, stats.Streams));
        Assert.Equal([new AggregateTypeCount(AccountType, 1, 2), new AggregateTypeCount(TaskType, 3, 5)], stats.AggregateTypes);
        Assert.Equal(model with { SizeBytes = stats.SizeBytes, AggregateTypes = stats.AggregateTypes }, stats);
        Assert.Equal(feed.Min(e => e.StoredAt), stats.FirstStoredAt);
        Assert.Equal(feed.Max(e => e.StoredAt), stats.LastStoredAt);
        Assert.True(stats.SizeBytes is null or > 0, $"size {stats.SizeBytes}");
    }

    [Fact]
    public async Task Streams_are_listed_newest_first_with_their_versions()
    {
        var (first, second, third) = await HistoryAsync();
        var feed = await ReadAllListAsync();

        var streams = await Inspector.ListStreamsAsync();

        Assert.Equal(Inspection.Streams(feed, null, null), streams);
        Assert.Equal([TaskStream(first), StreamKey.Format(second, AccountType), TaskStream(third)], streams.Take(3).Select(s => s.StreamId));
        Assert.Equal(3, streams[0].Version);
        Assert.Equal(feed[^1].GlobalPosition, streams[0].LastGlobalPosition);
        Assert.Equal(feed[^1].StoredAt, streams[0].LastStoredAt);
    }

    [Fact]
    public async Task Streams_can_be_filtered_by_aggregate_type_and_limited()
    {
        await HistoryAsync();
        var feed = await ReadAllListAsync();

        Assert.Equal(Inspection.Streams(feed, TaskType, null), await Inspector.ListStreamsAsync(TaskType));
        Assert.Equal(3, (await Inspector.ListStreamsAsync(TaskType)).Count);
        Assert.Equal(Inspection.Streams(feed, null, 2), await Inspector.ListStreamsAsync(limit: 2));
        Assert.Single(await Inspector.ListStreamsAsync(AccountType, 5));
        Assert.Empty(await Inspector.ListStreamsAsync("Nothing"));
        Assert.Empty(await Inspector.ListStreamsAsync(limit: 0));
    }

    [Fact]
    public async Task Listing_streams_rejects_an_invalid_type_or_a_negative_limit()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Inspector.ListStreamsAsync("not a type!"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Inspector.ListStreamsAsync(limit: -1));
    }

    // Four streams, two types, several batches; the first Task stream is appended to last.
    private async Task<(Guid First, Guid Second, Guid Third)> HistoryAsync()
    {
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), third = Guid.NewGuid(), fourth = Guid.NewGuid();
        await AppendAsync(first, new TaskCreated { Title = "a" });
        await AppendAsync(fourth, new TaskCreated { Title = "d" });
        await AppendAsync(third, new TaskCreated { Title = "c" });
        await AppendAsync(second, AccountType, ExpectedVersion.NoStream, [new Deposited(1m, "EUR"), new Deposited(2m, "EUR")]);
        await AppendAsync(first, TaskType, ExpectedVersion.Exact(1), [new TaskRenamed { NewTitle = "b" }, new TaskCompleted()]);
        return (first, second, third);
    }
}
