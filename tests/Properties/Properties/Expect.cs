// A generated expected version, possibly relative to the stream's current version so that exact matches are common.
namespace EventStore.Functional.Tests.Properties;

/// <summary>The kinds of generated expected version.</summary>
public enum ExpectKind
{
    Any,
    NoStream,
    StreamExists,

    /// <summary><c>Exact(N)</c>.</summary>
    Exact,

    /// <summary><c>Exact(current + N)</c>, clamped at 0.</summary>
    Relative,
}

/// <summary>A generated expected version, resolved against the stream's current version when the command runs.</summary>
public sealed record Expect(ExpectKind Kind, int N = 0)
{
    public static Expect Any { get; } = new(ExpectKind.Any);

    /// <summary>The expected version to send to a stream now at <paramref name="current"/>.</summary>
    public ExpectedVersion Resolve(long current) => Kind switch
    {
        ExpectKind.Any => ExpectedVersion.Any,
        ExpectKind.NoStream => ExpectedVersion.NoStream,
        ExpectKind.StreamExists => ExpectedVersion.StreamExists,
        ExpectKind.Exact => ExpectedVersion.Exact(N),
        _ => ExpectedVersion.Exact(Math.Max(0, current + N)),
    };

    public override string ToString() => Kind switch
    {
        ExpectKind.Exact => $"Exact({N})",
        ExpectKind.Relative => $"Current{N:+0;-0;+0}",
        _ => Kind.ToString(),
    };
}
