// Conformance: appends that succeed (SPEC §3 rules 2, 7 and 8): positions, results, stamping, time. Subclassed once per backend.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class AppendConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task First_append_with_NoStream_creates_the_stream_at_version_1()
    {
        var id = Guid.NewGuid();
        var result = await AppendAsync(id, TaskType, ExpectedVersion.NoStream, [new TaskCreated { Title = "a" }]);

        Assert.True(result.Success);
        Assert.False(result.Conflict);
        Assert.Equal(1, result.NewVersion);
        Assert.Empty(result.SkippedEventIds);
        Assert.Equal(1, await Store.GetStreamVersionAsync(id, TaskType));
        Assert.Equal(result.GlobalPosition, await HeadAsync());
        if (Fixture.DenseGlobalPositions)
        {
            Assert.Equal(1, result.GlobalPosition);
        }
    }

    [Fact]
    public async Task A_batch_gets_the_next_stream_positions_in_batch_order()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated(), new TaskCompleted());
        TaskRenamed[] batch = [new() { NewTitle = "x" }, new() { NewTitle = "y" }, new() { NewTitle = "z" }];

        var result = await AppendAsync(id, TaskType, ExpectedVersion.Exact(2), batch);

        Assert.Equal(5, result.NewVersion);
        var stream = await ReadStreamListAsync(TaskStream(id));
        Assert.Equal(Range(1, 5), stream.Select(e => e.StreamPosition));
        Assert.Equal(batch.Select(e => e.EventId), stream.Skip(2).Select(e => e.EventId));
        Assert.Equal(Range(1, 5), stream.Select(e => e.Event.AggregateVersion));
    }

    [Fact]
    public async Task The_result_carries_the_global_position_of_the_last_event_written()
    {
        await AppendAsync(Guid.NewGuid(), new TaskCreated());
        var id = Guid.NewGuid();
        var result = await AppendAsync(id, new TaskCreated(), new TaskCompleted(), new TaskRenamed());

        var stream = await ReadStreamListAsync(TaskStream(id));
        Assert.Equal(stream[^1].GlobalPosition, result.GlobalPosition);
        AssertGlobalPositions(stream.Select(e => e.GlobalPosition), Range(2, 3));
        Assert.Equal(result.GlobalPosition, await HeadAsync());
    }

    [Fact]
    public async Task Streams_are_keyed_by_aggregate_id_and_type_together()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated(), new TaskCompleted());
        var account = await AppendAsync(id, "Account", ExpectedVersion.NoStream, [new Deposited(5m, "EUR")]);

        Assert.Equal(1, account.NewVersion);
        Assert.Equal(2, await Store.GetStreamVersionAsync(id, TaskType));
        Assert.Equal(1, await Store.GetStreamVersionAsync(id, "Account"));
        Assert.Equal(0, await Store.GetStreamVersionAsync(Guid.NewGuid(), TaskType));
        Assert.Equal(0, await Store.GetStreamVersionAsync(id, "task"));
    }

    [Fact]
    public async Task Events_without_aggregate_id_and_type_are_stamped_with_the_stream()
    {
        var id = Guid.NewGuid();
        var deposit = new Deposited(10m, "EUR");
        Assert.Equal(Guid.Empty, deposit.AggregateId);
        Assert.Equal("", deposit.AggregateType);

        await AppendAsync(id, "Account", ExpectedVersion.NoStream, [deposit]);

        var stored = Assert.Single((await Store.GetEventsAsync(id, "Account")).Events);
        Assert.Equal(id, stored.AggregateId);
        Assert.Equal("Account", stored.AggregateType);
        Assert.Equal(1, stored.AggregateVersion);
        var read = Assert.Single(await ReadStreamListAsync(StreamKey.Format(id, "Account")));
        Assert.Equal($"{id:D}:Account", read.StreamId);
        Assert.Equal(id, read.AggregateId);
    }

    [Fact]
    public async Task Events_that_already_name_the_stream_are_accepted_as_they_are()
    {
        var id = Guid.NewGuid();
        var created = new TaskCreated { AggregateId = id, AggregateType = TaskType, Title = "named" };

        await AppendAsync(id, created);

        var stored = Assert.Single((await Store.GetEventsAsync(id, TaskType)).Events);
        EventAssert.Same(EventAssert.StoredCopy(created, id, TaskType, 1), stored);
    }

    [Fact]
    public async Task The_caller_s_AggregateVersion_is_replaced_by_the_stream_position()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated { AggregateVersion = 99 }, new TaskCompleted { AggregateVersion = 0 });

        var stream = await Store.GetEventsAsync(id, TaskType);

        Assert.Equal([1L, 2L], stream.Events.Select(e => e.AggregateVersion));
    }

    [Fact]
    public async Task OccurredAt_is_stored_in_UTC_truncated_to_whole_microseconds()
    {
        var id = Guid.NewGuid();
        var local = new DateTimeOffset(2024, 2, 29, 23, 59, 59, 999, TimeSpan.FromHours(-5)).AddTicks(9_999);
        var exact = new DateTimeOffset(2023, 7, 1, 8, 30, 0, TimeSpan.FromHours(2)).AddTicks(1_234_560);
        await AppendAsync(id, new TaskCreated { OccurredAt = local }, new TaskCompleted { OccurredAt = exact });

        var fromStream = await Store.GetEventsAsync(id, TaskType);
        var fromFeed = await ReadAllListAsync();

        var expected = new[] { new DateTimeOffset(2024, 3, 1, 4, 59, 59, 999, TimeSpan.Zero).AddTicks(9_990), exact.ToUniversalTime() };
        foreach (var times in new[] { fromStream.Events.Select(e => e.OccurredAt), fromFeed.Select(e => e.Event.OccurredAt) })
        {
            var list = times.ToList();
            Assert.Equal(expected, list);
            Assert.All(list, t => Assert.Equal(TimeSpan.Zero, t.Offset));
            Assert.Equal(expected.Select(t => t.UtcTicks), list.Select(t => t.UtcTicks));
        }
    }

    [Fact]
    public async Task A_batch_has_one_StoredAt_in_UTC_microseconds_assigned_by_the_store()
    {
        var id = Guid.NewGuid();
        var before = DateTimeOffset.UtcNow;
        await AppendAsync(id, new TaskCreated { OccurredAt = T0 }, new TaskCompleted { OccurredAt = T0 }, new TaskRenamed { OccurredAt = T0 });
        var after = DateTimeOffset.UtcNow;
        await AppendAsync(id, new TaskRenamed { OccurredAt = T0 });

        var stream = await ReadStreamListAsync(TaskStream(id));

        var storedAt = stream.Take(3).Select(e => e.StoredAt).Distinct().ToList();
        var batchTime = Assert.Single(storedAt);
        Assert.Equal(TimeSpan.Zero, batchTime.Offset);
        Assert.Equal(0, batchTime.UtcTicks % TimeSpan.TicksPerMicrosecond);
        Assert.NotEqual(T0, batchTime);

        // The store's clock (possibly a database server's) is not the test's: allow a generous skew, not a different day.
        var skew = TimeSpan.FromMinutes(1);
        Assert.InRange(batchTime, before - skew, after + skew);
        Assert.Equal(TimeSpan.Zero, stream[3].StoredAt.Offset);
    }
}
