// Runs a generated session against a real store and the pure model side by side; fails at the first disagreement.
using System.Collections.Immutable;
using EventStore.Functional.Reading;
using Xunit.Sdk;

namespace EventStore.Functional.Tests.Properties;

/// <summary>
/// Drives one store and the model with the same commands and compares every append result and every read (events by
/// their fields). Global positions: on a dense backend they must equal the model's; otherwise (PostgreSQL) they are
/// learned from the feed after each write and must preserve the model's order, and the model's positions are translated
/// into the store's ones (for checkpoints and results).
/// </summary>
public sealed class StoreAgreement(IEventStore store, Pool pool, bool densePositions)
{
    private static readonly TimeSpan FeedTimeout = TimeSpan.FromSeconds(30);
    private readonly ModelDriver _model = new(pool);
    private readonly List<long> _storePositions = [];
    private readonly Dictionary<DateTimeOffset, DateTimeOffset> _batchStoredAt = [];

    /// <summary>Runs the commands in order; the exception names the failing step.</summary>
    public async Task RunAsync(ImmutableArray<Command> commands)
    {
        for (var i = 0; i < commands.Length; i++)
        {
            try
            {
                await StepAsync(commands[i]);
            }
            catch (Exception e)
            {
                throw new XunitException($"Step {i} ({commands[i]}) on the store disagrees with the model: {e.Message}", e);
            }
        }
    }

    private long LastStorePosition => _storePositions.Count == 0 ? 0 : _storePositions[^1];

    private async Task StepAsync(Command command)
    {
        switch (command)
        {
            case Command.Append or Command.Retry or Command.Invalid:
                if (_model.Resolve(command) is { } call)
                {
                    await AppendAsync(call);
                }

                break;
            case Command.GetEvents g:
                var stream = pool.Stream(g.Stream);
                var expected = _model.Model.GetEvents(stream, g.FromVersion, g.From?.Value, g.To?.Value);
                var actual = await store.GetEventsAsync(stream.AggregateId, stream.AggregateType, g.FromVersion, g.From?.Value, g.To?.Value);
                Assert.Equal((expected.AggregateId, expected.AggregateType, expected.Version), (actual.AggregateId, actual.AggregateType, actual.Version));
                SameEvents(expected.Events, actual.Events, "GetEvents");
                break;
            case Command.ReadStream r:
                var key = pool.Stream(r.Stream);
                SameStored([.. _model.Model.ReadStream(key, r.Options.ToOptions())], await ListAsync(store.ReadStreamAsync(key.Id, r.Options.ToOptions())), "ReadStream");
                break;
            case Command.ReadAll r:
                var storeOptions = r.Options.ToOptions(Translate(r.Options.FromPosition));
                SameStored([.. _model.Model.ReadAll(r.Options.ToOptions())], await ListAsync(store.ReadAllAsync(storeOptions)), "ReadAll");
                break;
            case Command.ByType b:
                var (type, tenant) = (Pool.AggregateTypes[b.AggregateType], b.Tenant is int t ? Pool.Tenants[t] : (Guid?)null);
                var byType = _model.Model.ReadAll(ReadModel.ForGetEventsByType(type, tenant, b.From?.Value)).Select(e => e.Event).ToList();
                SameEvents(byType, await store.GetEventsByTypeAsync(type, tenant, b.From?.Value), "GetEventsByType");
                break;
            case Command.Exists x:
                var id = x.Unknown ?? (_model.Sent.Count > 0 ? _model.Sent[x.Known % _model.Sent.Count].EventId : Guid.NewGuid());
                Assert.Equal(_model.Model.Contains(id), await store.EventExistsAsync(id));
                break;
            case Command.StreamVersion v:
                Assert.Equal(_model.Model.VersionOf(pool.Stream(v.Stream)), await store.GetStreamVersionAsync(pool.Stream(v.Stream).AggregateId, pool.Stream(v.Stream).AggregateType));
                break;
            case Command.GlobalPosition:
                Assert.Equal(Translate(_model.Model.GlobalPosition), await store.GetGlobalPositionAsync());
                break;
        }
    }

    private async Task AppendAsync(AppendCall call)
    {
        var expected = _model.Apply(call);
        var actual = await StoreAppendAsync(call);
        switch (expected)
        {
            case Outcome.Written w:
                var written = ResultOf(actual, w);
                await LearnAsync(w.NewEvents, written.GlobalPosition);
                Assert.Equal(w.Result with { GlobalPosition = Translate(w.Result.GlobalPosition) }, written);
                return;
            case Outcome.Retried r:
                Assert.Equal(r.Result with { GlobalPosition = Translate(r.Result.GlobalPosition) }, ResultOf(actual, r));
                break;
            case Outcome.Conflict c:
                Assert.Equal(c.Error, actual as ConflictError ?? throw new XunitException($"expected conflict {c.Error}, got {Describe(actual)}"));
                break;
            case Outcome.Rejected x:
                SameError(x.Error, actual as Exception ?? throw new XunitException($"expected {x.Error.GetType().Name} ({x.Error.Message}), got {Describe(actual)}"));
                break;
        }

        // Nothing was written: the stream and the feed are where they were, and the batch's new ids are still unknown.
        Assert.Equal(_model.Model.VersionOf(call.Stream), await store.GetStreamVersionAsync(call.Stream.AggregateId, call.Stream.AggregateType));
        Assert.Equal(LastStorePosition, await store.GetGlobalPositionAsync());
        foreach (var e in call.Events.Where(e => !_model.Model.Contains(e.EventId)))
        {
            Assert.False(await store.EventExistsAsync(e.EventId), $"event {e.EventId} of a rejected append was stored");
        }
    }

    // The store's answer: an AppendResult, a ConflictError, or the exception it threw.
    private async Task<object> StoreAppendAsync(AppendCall call)
    {
        var (id, type) = (call.Stream.AggregateId, call.Stream.AggregateType);
        try
        {
            if (!call.Throwing)
            {
                var either = await store.TryAppendEventsAsync(id, type, call.Events, call.Expected);
                return either.Match<object>(Right: r => r, Left: c => c);
            }

            try
            {
                return await store.AppendEventsAsync(id, type, call.Events, call.Expected);
            }
            catch (OptimisticLockException e)
            {
                Assert.Equal((e.Error.ExpectedVersion.Value, e.Error.ActualVersion, e.Error.AggregateId, e.Error.AggregateType), (e.ExpectedVersion, e.ActualVersion, e.AggregateId, e.AggregateType));
                return e.Error;
            }
        }
        catch (Exception e) when (e is not XunitException)
        {
            return e;
        }
    }

    // After a write: wait until the feed shows it, read the new events from the last known position, check them against
    // the model's, and remember their store positions.
    private async Task LearnAsync(IReadOnlyList<StoredEvent> written, long storeLast)
    {
        var deadline = DateTime.UtcNow + FeedTimeout;
        while (await store.GetGlobalPositionAsync() < storeLast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the feed did not reach position {storeLast} within {FeedTimeout}");
            await Task.Delay(10);
        }

        var seen = await ListAsync(store.ReadAllAsync(new ReadOptions { FromPosition = LastStorePosition }));
        Assert.Equal(written.Select(e => e.EventId), seen.Select(e => e.EventId));
        foreach (var (model, actual) in written.Zip(seen))
        {
            Assert.True(actual.GlobalPosition > LastStorePosition, $"global position {actual.GlobalPosition} does not follow {LastStorePosition}");
            Assert.True(!densePositions || actual.GlobalPosition == model.GlobalPosition, $"global position {actual.GlobalPosition}, expected {model.GlobalPosition} (dense)");
            _storePositions.Add(actual.GlobalPosition);
        }

        Assert.Equal(storeLast, LastStorePosition);
        SameStored(written, seen, "the feed after the write");
    }

    // A model position in the store's coordinates (past the end: as far past the store's end).
    private long Translate(long modelPosition) =>
        modelPosition <= 0 ? 0
        : modelPosition <= _storePositions.Count ? _storePositions[(int)modelPosition - 1]
        : densePositions ? modelPosition : LastStorePosition + (modelPosition - _storePositions.Count);

    private void SameStored(IReadOnlyList<StoredEvent> expected, IReadOnlyList<StoredEvent> actual, string what)
    {
        SameIds(expected.Select(e => e.EventId), actual.Select(e => e.EventId), what);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            EventFields.AssertSame(e.Event, a.Event, $"{what}[{i}]: ");
            Assert.Equal((e.StreamId, e.StreamPosition, Translate(e.GlobalPosition)), (a.StreamId, a.StreamPosition, a.GlobalPosition));
            Assert.True(a.StoredAt.Offset == TimeSpan.Zero && a.StoredAt.UtcTicks % TimeSpan.TicksPerMicrosecond == 0, $"StoredAt {a.StoredAt:O} is not a UTC microsecond");
            if (_batchStoredAt.TryGetValue(e.StoredAt, out var batch))
            {
                Assert.True(batch == a.StoredAt, $"{what}[{i}]: StoredAt {a.StoredAt:O} differs from its batch's {batch:O}");
            }
            else
            {
                _batchStoredAt[e.StoredAt] = a.StoredAt;
            }
        }
    }

    private static void SameEvents(IReadOnlyList<DomainEvent> expected, IReadOnlyList<DomainEvent> actual, string what)
    {
        SameIds(expected.Select(e => e.EventId), actual.Select(e => e.EventId), what);
        foreach (var (e, a) in expected.Zip(actual))
        {
            EventFields.AssertSame(e, a, $"{what}: ");
        }
    }

    private static void SameIds(IEnumerable<Guid> expected, IEnumerable<Guid> actual, string what)
    {
        var (e, a) = (expected.ToList(), actual.ToList());
        Assert.True(e.SequenceEqual(a), $"{what}: expected events [{Short(e)}], got [{Short(a)}]");
    }

    private static void SameError(Exception expected, Exception actual)
    {
        Assert.True(expected.GetType() == actual.GetType(), $"expected {expected.GetType().Name} ({expected.Message}), got {actual.GetType().Name}: {actual.Message}");
        switch ((expected, actual))
        {
            case (DuplicateEventException e, DuplicateEventException a):
                Assert.Equal((e.EventId, e.ExistingStreamId, e.AttemptedStreamId), (a.EventId, a.ExistingStreamId, a.AttemptedStreamId));
                break;
            case (ArgumentException e, ArgumentException a):
                Assert.Equal(e.ParamName, a.ParamName);
                break;
        }
    }

    private static AppendResult ResultOf(object actual, Outcome expected) =>
        actual as AppendResult ?? throw new XunitException($"expected {expected switch
        {
            Outcome.Written w => $"a write of {w.NewEvents.Count} events: {w.Result}",
            Outcome.Retried r => $"an idempotent retry: {r.Result}",
            _ => expected.GetType().Name,
        }}, got {Describe(actual)}");

    private static string Describe(object actual) => actual switch
    {
        Exception e => $"{e.GetType().Name}: {e.Message}",
        _ => actual.ToString() ?? "null",
    };

    private static string Short(IEnumerable<Guid> ids) => string.Join(", ", ids.Select(id => id.ToString()[..8]));

    private static async Task<List<StoredEvent>> ListAsync(IAsyncEnumerable<StoredEvent> events)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }
}
