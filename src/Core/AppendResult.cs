// The outcome of a successful (or idempotently retried) append.
namespace EventStore.Functional;

/// <summary>The outcome of an append.</summary>
/// <param name="Success">True when the append was accepted (including an idempotent retry that wrote nothing).</param>
/// <param name="NewVersion">The stream's version after the append (for a pure retry: the highest stream position of the batch's stored events).</param>
/// <param name="GlobalPosition">The global position of the last event written (for a pure retry: the highest global position of the batch's stored events).</param>
/// <param name="Conflict">True when the append failed its expected-version check.</param>
/// <param name="SkippedEventIds">Ids that were not written because they repeated inside the batch or were already stored in this stream; each once, in batch order.</param>
public sealed record AppendResult(bool Success, long NewVersion, long GlobalPosition, bool Conflict, IReadOnlyList<Guid> SkippedEventIds)
{
    /// <summary>A successful result.</summary>
    public static AppendResult Succeeded(long newVersion, long globalPosition, IReadOnlyList<Guid> skippedEventIds) =>
        new(true, newVersion, globalPosition, false, skippedEventIds);

    /// <summary>Structural equality, comparing <see cref="SkippedEventIds"/> element by element.</summary>
    public bool Equals(AppendResult? other) =>
        other is not null && Success == other.Success && NewVersion == other.NewVersion && GlobalPosition == other.GlobalPosition
        && Conflict == other.Conflict && SkippedEventIds.SequenceEqual(other.SkippedEventIds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Success, NewVersion, GlobalPosition, Conflict, SkippedEventIds.Count);
}
