// Marten, the most used .NET event store on PostgreSQL, doing the same operations through its event store API.
using JasperFx;
using Marten;

namespace EventStore.Functional.Benchmarks;

/// <summary>
/// Marten with its defaults (lightweight sessions, Guid stream ids, its default append mode): <c>StartStream</c> /
/// <c>Append</c> + <c>SaveChangesAsync</c>, <c>FetchStreamAsync</c>, an ordered streamed read of all its events and
/// <c>Events.LoadAsync</c> by id. One document store per schema (its code generation runs once); disposing a target
/// only deletes the events, so the next scenario starts empty.
/// </summary>
public sealed class MartenTarget : IBenchTarget
{
    private MartenTarget(DocumentStore store) => Store = store;

    public DocumentStore Store { get; }

    public static async Task<MartenTarget> CreateAsync(string connectionString, string schema)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = schema;
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.AddEventType<BenchEvent>();
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync().ConfigureAwait(false);
        return new MartenTarget(store);
    }

    public async Task AppendAsync(Guid stream, IReadOnlyList<DomainEvent> events, bool newStream)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = Store.LightweightSession();
                var action = newStream ? session.Events.StartStream(stream, [.. events]) : session.Events.Append(stream, [.. events]);
                for (var i = 0; i < events.Count; i++)
                {
                    action.Events[i].Id = events[i].EventId; // Marten's event id = ours, so existence checks look up the same ids
                }

                await session.SaveChangesAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!newStream && attempt < 100 && IsConcurrencyConflict(ex))
            {
                // Racing appends to one stream: Marten refuses the loser; a caller appending with Any tries again.
            }
        }
    }

    // Marten's conflict types live in its JasperFx dependencies; matched by name to stay independent of where.
    private static bool IsConcurrencyConflict(Exception ex)
    {
        for (var type = ex.GetType(); type is not null; type = type.BaseType)
        {
            if (type.Name is "ConcurrencyException" or "EventStreamUnexpectedMaxEventIdException")
            {
                return true;
            }
        }

        return false;
    }

    public async Task<long> ReadStreamAsync(Guid stream)
    {
        await using var session = Store.QuerySession();
        return (await session.Events.FetchStreamAsync(stream).ConfigureAwait(false)).Count;
    }

    public async Task<long> ReadAllAsync()
    {
        await using var session = Store.QuerySession();
        long n = 0;
        await foreach (var e in session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToAsyncEnumerable().ConfigureAwait(false))
        {
            n += e.Data is BenchEvent ? 1 : 0;
        }

        return n;
    }

    public async Task<bool> ExistsAsync(Guid eventId)
    {
        await using var session = Store.QuerySession();
        return await session.Events.LoadAsync(eventId).ConfigureAwait(false) is not null;
    }

    /// <summary>Deletes every event (the next scenario starts from an empty event store).</summary>
    public async ValueTask DisposeAsync() => await Store.Advanced.Clean.DeleteAllEventDataAsync().ConfigureAwait(false);
}
