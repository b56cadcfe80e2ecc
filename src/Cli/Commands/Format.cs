// How the CLI prints times, sizes and event data in tables.
using System.Globalization;
using EventStore.Functional.Codec;

namespace EventStore.Functional.Cli.Commands;

/// <summary>Text forms of values in the CLI's tables.</summary>
internal static class Format
{
    /// <summary>A registry for a tool with no event classes: every event is a <see cref="RawEvent"/>.</summary>
    public static EventRegistry RawRegistry() => new EventRegistry().AllowRawEvents();

    public static string Time(DateTimeOffset? t) =>
        t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Size(long? bytes) => bytes switch
    {
        null => "-",
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };

    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count and its noun, plural unless the count is 1 ("1 event", "3 events").</summary>
    public static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{Number(n)} {noun}s";

    /// <summary>The event's data properties as compact JSON, cut to <paramref name="max"/> characters.</summary>
    public static string Data(DomainEvent e, int max = 80)
    {
        var json = e is RawEvent raw ? raw.DataJson() : EventCodec.Encode(e);
        return json.Length <= max ? json : string.Concat(json.AsSpan(0, max - 1), "…");
    }
}
