// Instants as integer UTC microseconds since 1970, so time filters compare exactly in SQL.
namespace EventStore.Functional.Sqlite.Internal;

/// <summary>Converts instants to and from the integer microseconds the schema stores.</summary>
internal static class Micros
{
    private const long TicksPerMicro = TimeSpan.TicksPerMicrosecond;
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>The microseconds of an instant already truncated to whole microseconds.</summary>
    public static long Of(DateTimeOffset instant) => (instant.UtcTicks - EpochTicks) / TicksPerMicro;

    /// <summary>
    /// The smallest stored microsecond value m with <c>instant(m) ≥ bound</c>, so that <c>occurred_at ≥ Ceiling(b)</c> and
    /// <c>occurred_at &lt; Ceiling(b)</c> in SQL mean exactly <c>OccurredAt ≥ b</c> and <c>OccurredAt &lt; b</c>.
    /// </summary>
    public static long Ceiling(DateTimeOffset bound)
    {
        var ticks = bound.UtcTicks - EpochTicks;
        var micros = ticks / TicksPerMicro;
        return ticks > 0 && ticks % TicksPerMicro != 0 ? micros + 1 : micros;
    }

    /// <summary>The UTC instant of a stored microsecond value.</summary>
    public static DateTimeOffset ToInstant(long micros) => new(EpochTicks + (micros * TicksPerMicro), TimeSpan.Zero);
}
