// Base of every conformance area: fresh stores from the backend's fixture, append/read helpers that know the feed may lag.
using System.Collections.Concurrent;
using EventStore.Functional.Tests.Support;
using LanguageExt;

namespace EventStore.Functional.Tests.Conformance;

public abstract class ConformanceBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : StoreFixture
{
    /// <summary>The aggregate type most tests use (the tutorial's).</summary>
    protected const string TaskType = "Task";

    /// <summary>A fixed instant for tests that set <c>OccurredAt</c> themselves.</summary>
    protected static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan FeedWait = TimeSpan.FromSeconds(15);
    private readonly List<IEventStore> _stores = [];
    private readonly ConcurrentDictionary<IEventStore, long> _highestAppended = new(ReferenceEqualityComparer.Instance);

    protected TFixture Fixture { get; } = fixture;

    /// <summary>The store of this test (created before the test runs).</summary>
    protected IEventStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await NewStoreAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>Another fresh store (for example with a different registry); disposed after the test.</summary>
    protected async Task<IEventStore> NewStoreAsync(EventRegistry? registry = null)
    {
        var store = await Fixture.CreateStoreAsync(registry);
        _stores.Add(store);
        return store;
    }

    /// <summary>A second store over <paramref name="store"/>'s data (see <see cref="StoreFixture.ReopenAsync"/>); disposed after the test.</summary>
    protected async Task<IEventStore?> ReopenAsync(IEventStore store, EventRegistry registry)
    {
        var reopened = await Fixture.ReopenAsync(store, registry);
        if (reopened is not null)
        {
            _stores.Add(reopened);
            _highestAppended[reopened] = _highestAppended.GetValueOrDefault(store);
        }

        return reopened;
    }

    /// <summary>Appends through <see cref="IEventStore.AppendEventsAsync"/> and remembers the feed position it reached.</summary>
    protected async Task<AppendResult> AppendAsync(Guid id, string type, ExpectedVersion expected, IReadOnlyList<DomainEvent> events, IEventStore? store = null)
    {
        store ??= Store;
        var result = await store.AppendEventsAsync(id, type, events, expected);
        Track(store, result);
        return result;
    }

    /// <summary>Appends with <see cref="ExpectedVersion.Any"/> to a Task stream.</summary>
    protected Task<AppendResult> AppendAsync(Guid id, params DomainEvent[] events) => AppendAsync(id, TaskType, ExpectedVersion.Any, events);

    /// <summary>Appends through <see cref="IEventStore.TryAppendEventsAsync"/> and remembers the feed position of a success.</summary>
    protected async Task<Either<ConflictError, AppendResult>> TryAppendAsync(Guid id, string type, ExpectedVersion expected, IReadOnlyList<DomainEvent> events, IEventStore? store = null)
    {
        store ??= Store;
        var result = await store.TryAppendEventsAsync(id, type, events, expected);
        result.IfRight(r => Track(store, r));
        return result;
    }

    /// <summary>
    /// Waits until the feed's head reaches the highest position this test appended (PostgreSQL may show an append in
    /// <c>ReadAllAsync</c> a moment after it returned, while another write transaction is open) and returns the head.
    /// </summary>
    protected async Task<long> HeadAsync(IEventStore? store = null)
    {
        store ??= Store;
        var expected = _highestAppended.GetValueOrDefault(store);
        var deadline = DateTime.UtcNow + FeedWait;
        while (true)
        {
            var head = await store.GetGlobalPositionAsync();
            if (head >= expected)
            {
                return head;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Fixture.Name}: the global position stayed at {head}; appends returned positions up to {expected}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>The whole global feed read (after waiting for <see cref="HeadAsync"/>).</summary>
    protected async Task<List<StoredEvent>> ReadAllListAsync(ReadOptions? options = null, IEventStore? store = null)
    {
        store ??= Store;
        await HeadAsync(store);
        return await CollectAsync(store.ReadAllAsync(options));
    }

    /// <summary>A whole stream read.</summary>
    protected Task<List<StoredEvent>> ReadStreamListAsync(string streamId, ReadOptions? options = null, IEventStore? store = null) =>
        CollectAsync((store ?? Store).ReadStreamAsync(streamId, options));

    /// <summary>What the store holds now: the feed and its head (see <see cref="StoreSnapshot"/>).</summary>
    protected async Task<StoreSnapshot> SnapshotAsync(IEventStore? store = null)
    {
        store ??= Store;
        var head = await HeadAsync(store);
        return StoreSnapshot.Of(head, await CollectAsync(store.ReadAllAsync()));
    }

    /// <summary>Asserts the store still holds exactly <paramref name="before"/> and none of <paramref name="rejected"/>'s new ids.</summary>
    protected async Task AssertUnchangedAsync(StoreSnapshot before, IEnumerable<DomainEvent?>? rejected = null, IEventStore? store = null)
    {
        store ??= Store;
        foreach (var e in rejected ?? [])
        {
            if (e is not null && !before.EventIds.Contains(e.EventId))
            {
                Assert.False(await store.EventExistsAsync(e.EventId), $"rejected event {e.EventId} was stored");
            }
        }

        var after = await SnapshotAsync(store);
        Assert.Equal(before.Head, after.Head);
        Assert.Equal(before.Rows, after.Rows);
    }

    /// <summary>The stream id of a Task aggregate.</summary>
    protected static string TaskStream(Guid id) => StreamKey.Format(id, TaskType);

    /// <summary>Drains an async sequence.</summary>
    protected static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Asserts a read fails with <typeparamref name="T"/>, either when called or at the latest on its first <c>MoveNextAsync</c>.</summary>
    protected static Task<T> ThrowsOnReadAsync<T>(Func<IAsyncEnumerable<StoredEvent>> read) where T : Exception =>
        Assert.ThrowsAnyAsync<T>(async () =>
        {
            await using var e = read().GetAsyncEnumerator();
            await e.MoveNextAsync();
        });

    /// <summary>Asserts global positions strictly increase, and are exactly <paramref name="dense"/> where the backend promises density.</summary>
    protected void AssertGlobalPositions(IEnumerable<long> positions, IEnumerable<long> dense)
    {
        var actual = positions.ToList();
        if (Fixture.DenseGlobalPositions)
        {
            Assert.Equal(dense, actual);
        }
        else
        {
            Assert.Equal(dense.Count(), actual.Count);
            Assert.All(Pairs(actual), p => Assert.True(p.Earlier < p.Later, $"positions {p.Earlier}, {p.Later} do not increase"));
        }
    }

    /// <summary>Each element with its successor.</summary>
    protected static IEnumerable<(T Earlier, T Later)> Pairs<T>(IReadOnlyList<T> items) =>
        Enumerable.Range(1, Math.Max(0, items.Count - 1)).Select(i => (items[i - 1], items[i]));

    /// <summary>The numbers 1..n (or <paramref name="first"/>..first+n-1).</summary>
    protected static IEnumerable<long> Range(long first, int count) => Enumerable.Range(0, count).Select(i => first + i);

    private void Track(IEventStore store, AppendResult result) =>
        _highestAppended.AddOrUpdate(store, result.GlobalPosition, (_, seen) => Math.Max(seen, result.GlobalPosition));
}
