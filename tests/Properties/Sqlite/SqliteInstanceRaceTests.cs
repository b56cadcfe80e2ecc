// Several store instances and many tasks on one file (and on one :memory: store): serialised appends, nothing lost.
using EventStore.Functional.Sqlite;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Sqlite;

public sealed class SqliteInstanceRaceTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Instances_appending_to_one_stream_with_Any_all_succeed_and_lose_nothing()
    {
        var path = fixture.NewDatabasePath();
        var stores = await OpenAsync(path, count: 3);
        var id = Guid.NewGuid();

        var results = await Task.WhenAll(stores.SelectMany(store => Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            store.AppendEventsAsync(id, "Task", [new TaskCreated { Title = $"{i}" }, new TaskCompleted()], ExpectedVersion.Any)))));

        Assert.Equal(Enumerable.Range(1, 60).Select(i => 2L * i), results.Select(r => r.NewVersion).Order());
        Assert.Equal(Enumerable.Range(1, 60).Select(i => 2L * i), results.Select(r => r.GlobalPosition).Order());
        var stream = await stores[1].GetEventsAsync(id, "Task");
        Assert.Equal(120, stream.Version);
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), stream.Events.Select(e => e.AggregateVersion));
        Assert.Equal(120, stream.Events.Select(e => e.EventId).Distinct().Count());
        await DisposeAsync(stores);
    }

    [Fact]
    public async Task Instances_racing_with_an_exact_version_have_exactly_one_winner_per_version()
    {
        var path = fixture.NewDatabasePath();
        var stores = await OpenAsync(path, count: 2);
        var id = Guid.NewGuid();
        for (var version = 0L; version < 5; version++)
        {
            var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
                stores[i % 2].TryAppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Exact(version)))));

            var winner = Assert.Single(attempts, a => a.IsRight);
            Assert.Equal(version + 1, winner.Match(Right: r => r.NewVersion, Left: _ => -1));
            Assert.All(attempts.Where(a => a.IsLeft), a => Assert.Equal(version + 1, a.Match(Right: _ => -1, Left: c => c.ActualVersion)));
        }

        Assert.Equal(5, await stores[0].GetGlobalPositionAsync());
        await DisposeAsync(stores);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_consumer_following_its_checkpoint_sees_every_event_once_in_order_while_writers_append(bool inMemory)
    {
        await using var store = await SqliteFixture.OpenAsync(fixture.Options(inMemory ? ":memory:" : fixture.NewDatabasePath()));
        const int Writers = 4, Batches = 15;
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated { Title = $"{w}/{b}" }, new TaskCompleted()], ExpectedVersion.NoStream);
            }
        })));

        var seen = new List<long>();
        long checkpoint = 0;
        while (seen.Count < Writers * Batches * 2)
        {
            await foreach (var stored in store.ReadAllAsync(new ReadOptions { FromPosition = checkpoint }))
            {
                seen.Add(stored.GlobalPosition);
                checkpoint = stored.GlobalPosition;
            }

            Assert.False(writing.IsFaulted, writing.Exception?.ToString());
        }

        await writing;
        Assert.Equal(Enumerable.Range(1, Writers * Batches * 2).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task In_memory_databases_are_private_to_their_store()
    {
        await using var a = await SqliteFixture.OpenAsync(fixture.Options(":memory:"));
        await using var b = await SqliteFixture.OpenAsync(fixture.Options(":memory:"));
        await a.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);

        Assert.Equal(1, await a.GetGlobalPositionAsync());
        Assert.Equal(0, await b.GetGlobalPositionAsync());
    }

    private async Task<List<SqliteEventStore>> OpenAsync(string path, int count)
    {
        var stores = new List<SqliteEventStore>();
        for (var i = 0; i < count; i++)
        {
            stores.Add(await SqliteFixture.OpenAsync(fixture.Options(path)));
        }

        return stores;
    }

    private static async Task DisposeAsync(List<SqliteEventStore> stores)
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }
}
