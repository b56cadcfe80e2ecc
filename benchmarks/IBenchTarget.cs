// One subject of a comparison: the store under test or a reference (raw driver, Marten, List+lock), same operations.
namespace EventStore.Functional.Benchmarks;

/// <summary>
/// The operations every scenario is made of. A store runs them through <see cref="IEventStore"/>; a reference does the
/// same physical work its own way, with no store semantics (no version check, no idempotency lookup, no lock).
/// </summary>
public interface IBenchTarget : IAsyncDisposable
{
    /// <summary>Appends <paramref name="events"/> to <paramref name="stream"/>: a new stream (NoStream) or, when
    /// <paramref name="newStream"/> is false, after whatever the stream holds (Any).</summary>
    Task AppendAsync(Guid stream, IReadOnlyList<DomainEvent> events, bool newStream);

    /// <summary>Reads one whole stream in order (GetEventsAsync, FetchStreamAsync, …); returns the events read.</summary>
    Task<long> ReadStreamAsync(Guid stream);

    /// <summary>Reads every stored event in global order, deserialised; returns the events read.</summary>
    Task<long> ReadAllAsync();

    /// <summary>Whether an event with that id is stored.</summary>
    Task<bool> ExistsAsync(Guid eventId);
}
