// Filters, order and limit of a stream read or a global-feed read.
namespace EventStore.Functional;

/// <summary>
/// Options of <see cref="IEventStore.ReadStreamAsync"/> and <see cref="IEventStore.ReadAllAsync"/>.
/// Results: position &gt; <see cref="FromPosition"/>, <c>OccurredAt</c> in [<see cref="FromTimestamp"/>,
/// <see cref="ToTimestamp"/>), tenant and aggregate type equal when set; then ordered by
/// <see cref="Direction"/>; then at most <see cref="Limit"/>. Backward with Limit 10 gives the 10 newest.
/// </summary>
public sealed record ReadOptions
{
    /// <summary>The defaults: forward, from the start, unlimited, unfiltered.</summary>
    public static ReadOptions Default { get; } = new();

    /// <summary>Forward (oldest first, the default) or backward.</summary>
    public ReadDirection Direction { get; init; } = ReadDirection.Forward;

    /// <summary>Exclusive lower bound of positions (stream positions for a stream, global for the feed): pass the last position processed to resume.</summary>
    public long FromPosition { get; init; }

    /// <summary>The most events to return; null for no limit.</summary>
    public int? Limit { get; init; }

    /// <summary>Only events that occurred at or after this instant.</summary>
    public DateTimeOffset? FromTimestamp { get; init; }

    /// <summary>Only events that occurred before this instant.</summary>
    public DateTimeOffset? ToTimestamp { get; init; }

    /// <summary>Only events of this tenant (events without a tenant are then excluded).</summary>
    public Guid? TenantId { get; init; }

    /// <summary>Only events of streams of this aggregate type.</summary>
    public string? AggregateType { get; init; }

    /// <summary>Checks the options and returns them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="FromPosition"/> or <see cref="Limit"/> is negative, or the direction is unknown.</exception>
    public ReadOptions Validate()
    {
        if (FromPosition < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FromPosition), FromPosition, "ReadOptions.FromPosition must be ≥ 0 (it is the last position already processed).");
        }

        if (Limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "ReadOptions.Limit must be ≥ 0, or null for no limit.");
        }

        if (!Enum.IsDefined(Direction))
        {
            throw new ArgumentOutOfRangeException(nameof(Direction), Direction, "ReadOptions.Direction must be Forward or Backward.");
        }

        return this;
    }
}
