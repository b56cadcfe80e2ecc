// The semantics of ReadOptions (filter, order, limit) as one pure, lazy function: the reference for every backend.
namespace EventStore.Functional.Reading;

/// <summary>Which position a read's <see cref="ReadOptions.FromPosition"/> refers to.</summary>
internal enum PositionKind
{
    /// <summary>Positions within one stream (<see cref="StoredEvent.StreamPosition"/>).</summary>
    Stream,

    /// <summary>Positions in the global feed (<see cref="StoredEvent.GlobalPosition"/>).</summary>
    Global,
}

/// <summary>Applies <see cref="ReadOptions"/> to events held in position order.</summary>
internal static class ReadModel
{
    /// <summary>
    /// The events of <paramref name="ascending"/> (sorted by the chosen position) that pass the options' filters,
    /// in the options' direction, at most <see cref="ReadOptions.Limit"/> of them. Lazy: nothing is copied.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid options (thrown on the first MoveNext at the latest).</exception>
    public static IEnumerable<StoredEvent> Select(IReadOnlyList<StoredEvent> ascending, ReadOptions options, PositionKind kind)
    {
        ArgumentNullException.ThrowIfNull(ascending);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return SelectIterator(ascending, options, kind);
    }

    /// <summary>Whether one event passes the options' filters (position, time, tenant, aggregate type).</summary>
    public static bool Matches(StoredEvent e, ReadOptions options, PositionKind kind)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(options);
        return PositionOf(e, kind) > options.FromPosition && MatchesFilters(e.Event, options);
    }

    /// <summary>Whether one (stored) domain event passes the options' filters other than position (time, tenant, aggregate type).</summary>
    public static bool MatchesFilters(DomainEvent e, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(options);
        return (options.FromTimestamp is not { } from || e.OccurredAt >= from)
            && (options.ToTimestamp is not { } to || e.OccurredAt < to)
            && (options.TenantId is not { } tenant || e.TenantId == tenant)
            && (options.AggregateType is not { } type || string.Equals(e.AggregateType, type, StringComparison.Ordinal));
    }

    /// <summary>Whether the options filter by anything but position (so <see cref="MatchesFilters"/> can reject an event).</summary>
    public static bool Filters(ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.FromTimestamp is not null || options.ToTimestamp is not null || options.TenantId is not null || options.AggregateType is not null;
    }

    /// <summary>The options that express <c>GetEventsAsync(fromVersion, fromTimestamp, toTimestamp)</c> as a stream read.</summary>
    public static ReadOptions ForGetEvents(long fromVersion, DateTimeOffset? fromTimestamp, DateTimeOffset? toTimestamp) =>
        new() { FromPosition = Math.Max(0, fromVersion - 1), FromTimestamp = fromTimestamp, ToTimestamp = toTimestamp };

    /// <summary>The options that express <c>GetEventsByTypeAsync</c> as a global read.</summary>
    public static ReadOptions ForGetEventsByType(string aggregateType, Guid? tenantId, DateTimeOffset? fromTimestamp) =>
        new() { AggregateType = aggregateType, TenantId = tenantId, FromTimestamp = fromTimestamp };

    /// <summary>The position of <paramref name="e"/> of the given kind.</summary>
    public static long PositionOf(StoredEvent e, PositionKind kind) => kind == PositionKind.Stream ? e.StreamPosition : e.GlobalPosition;

    private static IEnumerable<StoredEvent> SelectIterator(IReadOnlyList<StoredEvent> ascending, ReadOptions options, PositionKind kind)
    {
        var limit = options.Limit ?? int.MaxValue;
        if (limit == 0)
        {
            yield break;
        }

        var count = 0;
        var first = FirstAfter(ascending, options.FromPosition, kind);
        if (options.Direction == ReadDirection.Forward)
        {
            for (var i = first; i < ascending.Count; i++)
            {
                var e = ascending[i]; // once: a view may make the event on each access
                if (Matches(e, options, kind))
                {
                    yield return e;
                    if (++count == limit)
                    {
                        yield break;
                    }
                }
            }
        }
        else
        {
            for (var i = ascending.Count - 1; i >= first; i--)
            {
                var e = ascending[i]; // once: a view may make the event on each access
                if (Matches(e, options, kind))
                {
                    yield return e;
                    if (++count == limit)
                    {
                        yield break;
                    }
                }
            }
        }
    }

    // Binary search for the first index whose position exceeds `after` (positions ascend).
    private static int FirstAfter(IReadOnlyList<StoredEvent> ascending, long after, PositionKind kind)
    {
        int lo = 0, hi = ascending.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (PositionOf(ascending[mid], kind) > after)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
