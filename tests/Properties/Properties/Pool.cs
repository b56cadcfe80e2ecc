// The fresh ids a generated script draws on: a few streams of two aggregate types (and the tenants of events).
using System.Collections.Immutable;

namespace EventStore.Functional.Tests.Properties;

/// <summary>The streams of one generated script (fresh GUIDs each time), and the tenants events may belong to.</summary>
public sealed record Pool(ImmutableArray<StreamKey> Streams)
{
    /// <summary>Two tenants (fresh per test run; every store under test is new, so they need not be fresh per script).</summary>
    public static ImmutableArray<Guid> Tenants { get; } = [Guid.NewGuid(), Guid.NewGuid()];

    /// <summary>Aggregate types used in filters: the two the streams have, and one no stream has.</summary>
    public static ImmutableArray<string> AggregateTypes { get; } = ["Task", "Bank.Account-v2", "Nothing_here"];

    /// <summary>Three task streams and one account stream, with fresh ids.</summary>
    public static Pool CreateFresh() => new(
        [
            StreamKey.Create(Guid.NewGuid(), "Task"),
            StreamKey.Create(Guid.NewGuid(), "Task"),
            StreamKey.Create(Guid.NewGuid(), "Task"),
            StreamKey.Create(Guid.NewGuid(), AggregateTypes[1]),
        ]);

    /// <summary>Stream number <paramref name="index"/> (modulo the count).</summary>
    public StreamKey Stream(int index) => Streams[index % Streams.Length];

    public override string ToString() => string.Join(", ", Streams.Select((s, i) => $"s{i}={s.AggregateType}:{s.AggregateId.ToString()[..4]}"));
}
