// What fault-injection tests' writers were told about each append, checked against what the events table holds.
using System.Collections.Concurrent;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

/// <summary>
/// Runs appends of fresh batches while a test breaks connections, recording each outcome, then checks the rule of
/// issue 24 item 4 against the table: an acknowledged batch is stored once, at the positions its result named; a batch
/// reported failed (<see cref="EventStoreUnavailableException"/>) is not stored; one reported
/// <see cref="AppendOutcomeUnknownException"/> is stored whole or not at all. Any other exception fails the test.
/// </summary>
public sealed class AppendLedger
{
    private readonly ConcurrentBag<(Guid[] Ids, AppendResult Result)> _acknowledged = [];
    private readonly ConcurrentBag<Guid[]> _failed = [];
    private readonly ConcurrentBag<Guid[]> _unknown = [];

    public int Acknowledged => _acknowledged.Count;

    public int Failed => _failed.Count;

    public int Unknown => _unknown.Count;

    /// <summary>
    /// <paramref name="writers"/> writers append until <paramref name="stop"/> fires: one and two-event batches, to fresh
    /// streams with NoStream (one statement) and to a few shared streams with Any (two round trips, and groups).
    /// </summary>
    public Task WriteAsync(IEventStore store, int writers, CancellationToken stop)
    {
        var hot = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        return Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                DomainEvent[] batch = i % 3 == 0 ? [new TaskCreated(), new TaskCompleted()] : [new TaskCreated()];
                var toHot = (w + i) % 2 == 0;
                await AppendAsync(store, toHot ? hot[i % hot.Length] : Guid.NewGuid(), batch, toHot ? ExpectedVersion.Any : ExpectedVersion.NoStream);
            }
        })));
    }

    /// <summary>One append, its outcome recorded.</summary>
    public async Task AppendAsync(IEventStore store, Guid stream, DomainEvent[] batch, ExpectedVersion expected)
    {
        var ids = batch.Select(e => e.EventId).ToArray();
        try
        {
            _acknowledged.Add((ids, await store.AppendEventsAsync(stream, "Task", batch, expected)));
        }
        catch (AppendOutcomeUnknownException)
        {
            _unknown.Add(ids);
        }
        catch (EventStoreUnavailableException ex)
        {
            Assert.True(ex.IsTransient, $"a broken connection is a transient failure: {ex}");
            _failed.Add(ids);
        }
    }

    /// <summary>Checks every recorded outcome against the schema's events table.</summary>
    public async Task VerifyAsync(NpgsqlDataSource dataSource, string schema)
    {
        var stored = new Dictionary<Guid, (long StreamPosition, long GlobalPosition)>();
        await using (var cmd = dataSource.CreateCommand($"SELECT event_id, stream_position, global_position FROM \"{schema}\".events"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetGuid(0), (reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        foreach (var (ids, result) in _acknowledged)
        {
            Assert.All(ids, id => Assert.True(stored.ContainsKey(id), $"acknowledged event {id} is stored"));
            Assert.Equal((result.NewVersion, result.GlobalPosition), stored[ids[^1]]);
        }

        foreach (var ids in _failed)
        {
            Assert.All(ids, id => Assert.False(stored.ContainsKey(id), $"event {id} of an append reported failed (not unknown) is not stored"));
        }

        foreach (var ids in _unknown)
        {
            Assert.Single(ids.Select(stored.ContainsKey).Distinct()); // atomic: all or nothing
        }

        Assert.Equal(_acknowledged.Sum(a => a.Ids.Length) + _unknown.Where(ids => stored.ContainsKey(ids[0])).Sum(ids => ids.Length), stored.Count);
    }
}
