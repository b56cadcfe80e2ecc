// The optimistic-concurrency expectation of an append: Any, NoStream, StreamExists or an exact version.
using System.Globalization;

namespace EventStore.Functional;

/// <summary>
/// What an append expects of the stream's current version. <see cref="Any"/> (-1) skips the check,
/// <see cref="NoStream"/> (0) needs an absent stream, <see cref="StreamExists"/> (-2) needs at least one
/// event, <see cref="Exact"/>(n) needs version n. Converts implicitly from those integer codes.
/// </summary>
public readonly struct ExpectedVersion : IEquatable<ExpectedVersion>
{
    private ExpectedVersion(long value) => Value = value;

    /// <summary>No version check: the append always passes the concurrency rule.</summary>
    public static ExpectedVersion Any { get; } = new(-1);

    /// <summary>The stream must not exist (version 0). Same as <c>Exact(0)</c>.</summary>
    public static ExpectedVersion NoStream { get; } = new(0);

    /// <summary>The stream must have at least one event.</summary>
    public static ExpectedVersion StreamExists { get; } = new(-2);

    /// <summary>The integer code: -1 Any, -2 StreamExists, n ≥ 0 an exact version (0 = NoStream).</summary>
    public long Value { get; }

    /// <summary>The stream must be at exactly version <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is negative.</exception>
    public static ExpectedVersion Exact(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new(version);
    }

    /// <summary>Converts an integer code (-2, -1 or a version ≥ 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is below -2.</exception>
    public static ExpectedVersion FromCode(long code) =>
        code >= -2 ? new ExpectedVersion(code) : throw new ArgumentOutOfRangeException(nameof(code), code, "Expected version codes are -2 (StreamExists), -1 (Any) or an exact version ≥ 0.");

    /// <summary>Converts an integer code; see <see cref="FromCode"/>.</summary>
    public static implicit operator ExpectedVersion(long code) => FromCode(code);

    /// <summary>Converts an integer code; see <see cref="FromCode"/>.</summary>
    public static implicit operator ExpectedVersion(int code) => FromCode(code);

    /// <summary>Whether a stream at <paramref name="currentVersion"/> satisfies this expectation.</summary>
    public bool IsSatisfiedBy(long currentVersion) => Value switch
    {
        -1 => true,
        -2 => currentVersion > 0,
        _ => currentVersion == Value,
    };

    /// <inheritdoc />
    public bool Equals(ExpectedVersion other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ExpectedVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Value equality.</summary>
    public static bool operator ==(ExpectedVersion left, ExpectedVersion right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(ExpectedVersion left, ExpectedVersion right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        -1 => "Any",
        -2 => "StreamExists",
        0 => "NoStream",
        _ => Value.ToString(CultureInfo.InvariantCulture),
    };
}
