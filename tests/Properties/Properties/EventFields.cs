// Compares events field by field: stores return decoded copies, so reference equality (or record equality over
// dictionaries and lists) says nothing.
using System.Collections;
using System.Globalization;
using System.Reflection;

namespace EventStore.Functional.Tests.Properties;

/// <summary>Field-by-field comparison of events (every public property of the runtime class).</summary>
public static class EventFields
{
    /// <summary>The fields in which <paramref name="actual"/> differs from <paramref name="expected"/>; empty when equal.</summary>
    /// <remarks>Instants must agree on the instant and on the offset; dictionaries as sets of pairs; lists element by element.</remarks>
    public static IReadOnlyList<string> Differences(DomainEvent expected, DomainEvent actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.GetType() != actual.GetType())
        {
            return [$"class: expected {expected.GetType().Name}, got {actual.GetType().Name}"];
        }

        var differences = new List<string>();
        foreach (var p in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length == 0 && p.GetValue(expected) is var a && p.GetValue(actual) is var b && !Same(a, b))
            {
                differences.Add($"{p.Name}: expected {Show(a)}, got {Show(b)}");
            }
        }

        return differences;
    }

    /// <summary>Throws when the events differ, naming every differing field.</summary>
    public static void AssertSame(DomainEvent expected, DomainEvent actual, string context = "")
    {
        var differences = Differences(expected, actual);
        if (differences.Count > 0)
        {
            Assert.Fail($"{context}event {expected.EventId} differs: {string.Join("; ", differences)}");
        }
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (DateTimeOffset x, DateTimeOffset y) => x.UtcTicks == y.UtcTicks && x.Offset == y.Offset,
        (IReadOnlyDictionary<string, string> x, IReadOnlyDictionary<string, string> y) =>
            x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value),
        (string x, string y) => x == y,
        (IEnumerable x, IEnumerable y) => x.Cast<object?>().SequenceEqual(y.Cast<object?>()),
        _ => a.Equals(b),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, string> d => $"{{{string.Join(", ", d.Select(kv => $"{kv.Key}={kv.Value}"))}}}",
        string s => $"\"{s}\"",
        IEnumerable e => $"[{string.Join(", ", e.Cast<object?>())}]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
