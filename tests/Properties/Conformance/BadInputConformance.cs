// Conformance: bad input to every public IEventStore method, cancelled tokens, and calls after DisposeAsync (SPEC §3, §5).
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class BadInputConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private static readonly string KnownStream = StreamKey.Format(Guid.Parse("6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f"), "Task");

    [Fact]
    public async Task Both_append_methods_reject_every_malformed_argument_and_write_nothing()
    {
        var before = await SeedAsync();
        var id = Guid.NewGuid();
        var e = new TaskCreated();
        var calls = new (string Name, Func<IEventStore, Func<Guid, string, IReadOnlyList<DomainEvent>, ExpectedVersion, Task>> Method)[]
        {
            ("AppendEventsAsync", s => (a, t, b, v) => s.AppendEventsAsync(a, t, b, v)),
            ("TryAppendEventsAsync", s => (a, t, b, v) => s.TryAppendEventsAsync(a, t, b, v)),
        };

        foreach (var (name, method) in calls)
        {
            var append = method(Store);
            Assert.Equal("aggregateId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => append(Guid.Empty, TaskType, [e], ExpectedVersion.Any))).ParamName);
            Assert.Equal("aggregateType", (await Assert.ThrowsAnyAsync<ArgumentException>(() => append(id, null!, [e], ExpectedVersion.Any))).ParamName);
            Assert.Equal("aggregateType", (await Assert.ThrowsAnyAsync<ArgumentException>(() => append(id, "", [e], ExpectedVersion.Any))).ParamName);
            Assert.Equal("events", (await Assert.ThrowsAnyAsync<ArgumentException>(() => append(id, TaskType, null!, ExpectedVersion.Any))).ParamName);
            Assert.Equal("events", (await Assert.ThrowsAnyAsync<ArgumentException>(() => append(id, TaskType, [], ExpectedVersion.Any))).ParamName);
            Assert.Equal("events", (await Assert.ThrowsAnyAsync<ArgumentException>(() => append(id, TaskType, [null!], ExpectedVersion.Any))).ParamName);
            await Assert.ThrowsAnyAsync<ArgumentException>(() => append(id, TaskType, [new TaskCreated { AggregateId = Guid.NewGuid() }], ExpectedVersion.Any));
            await Assert.ThrowsAnyAsync<ArgumentException>(() => append(id, "Account", [e], ExpectedVersion.Any));
            await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => append(id, TaskType, [new NotRegistered()], ExpectedVersion.Any));
            Assert.False(await Store.EventExistsAsync(e.EventId), name);
        }

        await AssertUnchangedAsync(before, [e]);
    }

    [Fact]
    public void Expected_versions_outside_the_codes_are_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exact(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.FromCode(-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => (ExpectedVersion)(-3L));
        Assert.Throws<ArgumentOutOfRangeException>(() => (ExpectedVersion)long.MinValue);
        Assert.Equal(ExpectedVersion.StreamExists, (ExpectedVersion)(-2));
        Assert.Equal(ExpectedVersion.Any, (ExpectedVersion)(-1));
        Assert.Equal(ExpectedVersion.Exact(7), (ExpectedVersion)7L);
    }

    [Fact]
    public async Task GetEvents_rejects_an_empty_id_and_a_negative_fromVersion()
    {
        var before = await SeedAsync();

        Assert.Equal("aggregateId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetEventsAsync(Guid.Empty, TaskType))).ParamName);
        var negative = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetEventsAsync(Guid.NewGuid(), TaskType, -1));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetEventsAsync(Guid.NewGuid(), TaskType, long.MinValue));

        Assert.Contains("-1", negative.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(before);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs.AggregateTypes), MemberType = typeof(InvalidInputs))]
    public async Task Every_method_taking_an_aggregate_type_rejects_an_invalid_one(string? aggregateType)
    {
        var before = await SeedAsync();
        var type = aggregateType!;
        var id = Guid.NewGuid();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetEventsAsync(id, type));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetStreamVersionAsync(id, type));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetEventsByTypeAsync(type));
        if (aggregateType is not null)
        {
            await ThrowsOnReadAsync<ArgumentException>(() => Store.ReadAllAsync(new ReadOptions { AggregateType = type }));
            await ThrowsOnReadAsync<ArgumentException>(() => Store.ReadStreamAsync(KnownStream, new ReadOptions { AggregateType = type }));
        }

        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task GetStreamVersion_rejects_an_empty_id()
    {
        var before = await SeedAsync();

        Assert.Equal("aggregateId", (await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetStreamVersionAsync(Guid.Empty, TaskType))).ParamName);

        await AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData(-1L, null, ReadDirection.Forward)]
    [InlineData(long.MinValue, 5, ReadDirection.Backward)]
    [InlineData(0L, -1, ReadDirection.Forward)]
    [InlineData(3L, int.MinValue, ReadDirection.Backward)]
    [InlineData(0L, null, (ReadDirection)7)]
    public async Task Both_reads_reject_out_of_range_options_at_the_latest_on_the_first_MoveNext(long from, int? limit, ReadDirection direction)
    {
        var before = await SeedAsync();
        var options = new ReadOptions { FromPosition = from, Limit = limit, Direction = direction };

        await ThrowsOnReadAsync<ArgumentOutOfRangeException>(() => Store.ReadAllAsync(options));
        await ThrowsOnReadAsync<ArgumentOutOfRangeException>(() => Store.ReadStreamAsync(KnownStream, options));

        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_cancelled_token_stops_every_call_and_writes_nothing()
    {
        var before = await SeedAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var ct = cts.Token;
        var id = Guid.NewGuid();
        var e = new TaskCreated();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.AppendEventsAsync(id, TaskType, [e], ExpectedVersion.Any, ct));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.TryAppendEventsAsync(id, TaskType, [e], ExpectedVersion.Any, ct));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetEventsAsync(id, TaskType, ct: ct));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetEventsByTypeAsync(TaskType, ct: ct));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.EventExistsAsync(e.EventId, ct));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetStreamVersionAsync(id, TaskType, ct));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetGlobalPositionAsync(ct));
        await ThrowsOnReadAsync<OperationCanceledException>(() => Store.ReadStreamAsync(KnownStream, ct: ct));
        await ThrowsOnReadAsync<OperationCanceledException>(() => Store.ReadAllAsync(ct: ct));

        await AssertUnchangedAsync(before, [e]);
    }

    [Fact]
    public async Task Every_method_of_a_disposed_store_throws_EventStoreClosedException()
    {
        var store = await NewStoreAsync();
        var id = Guid.NewGuid();
        var created = new TaskCreated();
        await store.AppendEventsAsync(id, TaskType, [created], ExpectedVersion.Any);

        await store.DisposeAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.InitializeAsync());
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.AppendEventsAsync(id, TaskType, [new TaskCompleted()], ExpectedVersion.Any));
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.TryAppendEventsAsync(id, TaskType, [new TaskCompleted()], ExpectedVersion.Any));
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetEventsAsync(id, TaskType));
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetEventsByTypeAsync(TaskType));
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.EventExistsAsync(created.EventId));
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetStreamVersionAsync(id, TaskType));
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetGlobalPositionAsync());
        await ThrowsOnReadAsync<EventStoreClosedException>(() => store.ReadStreamAsync(StreamKey.Format(id, TaskType)));
        var closed = await ThrowsOnReadAsync<EventStoreClosedException>(() => store.ReadAllAsync());

        Assert.IsAssignableFrom<EventStoreException>(closed);
        Assert.NotEmpty(closed.Message);
    }

    [Fact]
    public async Task Disposing_one_store_leaves_the_others_working()
    {
        var other = await NewStoreAsync();
        await AppendAsync(Guid.NewGuid(), new TaskCreated());

        await other.DisposeAsync();

        Assert.Single(await ReadAllListAsync());
        Assert.True((await AppendAsync(Guid.NewGuid(), new TaskCreated())).Success);
    }

    private async Task<StoreSnapshot> SeedAsync()
    {
        var id = Guid.Parse(KnownStream[..36]);
        if (await Store.GetStreamVersionAsync(id, TaskType) == 0)
        {
            await AppendAsync(id, new TaskCreated { Title = "seed" }, new TaskCompleted());
        }

        return await SnapshotAsync();
    }
}
