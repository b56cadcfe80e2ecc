// Optional read-only queries for tools (the `eventstore` command): store statistics and the list of streams.
namespace EventStore.Functional;

/// <summary>
/// Summaries of a store's contents for operators and tools, implemented by the in-memory, SQLite and PostgreSQL stores
/// beside <see cref="IEventStore"/>. Both calls see every committed event (like stream reads, not only the feed's
/// visible prefix) and never decode payloads.
/// </summary>
public interface IEventStoreInspector
{
    /// <summary>Counts of events and streams, per aggregate type, the feed's head, the first and last <c>StoredAt</c>, and the storage size when the backend knows it.</summary>
    Task<StoreStatistics> GetStatisticsAsync(CancellationToken ct = default);

    /// <summary>
    /// Streams with their current versions, newest first (by the global position of their last event), optionally only
    /// those of one aggregate type and at most <paramref name="limit"/> of them.
    /// </summary>
    /// <exception cref="ArgumentException">An invalid aggregate type, or a negative limit.</exception>
    Task<IReadOnlyList<StreamSummary>> ListStreamsAsync(string? aggregateType = null, int? limit = null, CancellationToken ct = default);
}
