// The store's time rule: instants are UTC with whole microseconds, so every backend round-trips them exactly.
namespace EventStore.Functional;

/// <summary>Normalises instants the way every store keeps them.</summary>
internal static class Time
{
    /// <summary>Converts to UTC and truncates to whole microseconds.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        return new DateTimeOffset(utc - (utc % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }
}
