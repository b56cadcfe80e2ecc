// The inspector's answers as pure functions of the global log: the in-memory store's implementation and the tests' model.
namespace EventStore.Functional.Reading;

/// <summary>
/// <see cref="IEventStoreInspector"/> semantics over a sequence of stored events in global order. The in-memory store
/// answers with these; the SQL backends are tested against them.
/// </summary>
internal static class Inspection
{
    /// <summary>The statistics of <paramref name="log"/> (global order); <paramref name="sizeBytes"/> is passed through.</summary>
    public static StoreStatistics Statistics(IEnumerable<StoredEvent> log, long globalPosition, long? sizeBytes)
    {
        ArgumentNullException.ThrowIfNull(log);
        long events = 0;
        DateTimeOffset? first = null, last = null;
        var streams = new HashSet<string>(StringComparer.Ordinal);
        var perType = new Dictionary<string, (long Streams, long Events)>(StringComparer.Ordinal);
        foreach (var e in log)
        {
            events++;
            first = first is { } f && f <= e.StoredAt ? f : e.StoredAt;
            last = last is { } l && l >= e.StoredAt ? l : e.StoredAt;
            var (s, n) = perType.GetValueOrDefault(e.AggregateType);
            perType[e.AggregateType] = (streams.Add(e.StreamId) ? s + 1 : s, n + 1);
        }

        var types = perType
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new AggregateTypeCount(t.Key, t.Value.Streams, t.Value.Events))
            .ToList();
        return new StoreStatistics(events, streams.Count, globalPosition, types, first, last, sizeBytes);
    }

    /// <summary>The streams of <paramref name="log"/> (global order), newest first, filtered and limited as <see cref="IEventStoreInspector.ListStreamsAsync"/> says.</summary>
    /// <exception cref="ArgumentException">An invalid aggregate type, or a negative limit.</exception>
    public static IReadOnlyList<StreamSummary> Streams(IEnumerable<StoredEvent> log, string? aggregateType, int? limit)
    {
        ArgumentNullException.ThrowIfNull(log);
        ValidateListArguments(aggregateType, limit);
        var latest = new Dictionary<string, StreamSummary>(StringComparer.Ordinal);
        foreach (var e in log.Where(e => aggregateType is null || string.Equals(e.AggregateType, aggregateType, StringComparison.Ordinal)))
        {
            latest[e.StreamId] = new StreamSummary(e.StreamId, e.AggregateType, e.StreamPosition, e.GlobalPosition, e.StoredAt);
        }

        return [.. latest.Values.OrderByDescending(s => s.LastGlobalPosition).Take(limit ?? int.MaxValue)];
    }

    /// <summary>Checks the arguments of <see cref="IEventStoreInspector.ListStreamsAsync"/>.</summary>
    /// <exception cref="ArgumentException">An invalid aggregate type, or a negative limit.</exception>
    public static void ValidateListArguments(string? aggregateType, int? limit)
    {
        if (aggregateType is not null)
        {
            StreamKey.ValidateAggregateType(aggregateType);
        }

        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must not be negative.");
        }
    }
}
