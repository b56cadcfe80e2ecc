// A store's answer to "write this decision if its facts still hold": written (with positions) or refuted (nothing written).
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>The answer of <see cref="IAppendSession.TryWriteAsync"/>: a closed set of two cases.</summary>
public abstract record WriteOutcome
{
    private WriteOutcome()
    {
    }

    /// <summary>The refutation: nothing was written, and the store's transaction (if any) has ended.</summary>
    public static WriteOutcome Refuted { get; } = new RefutedOutcome();

    /// <summary>The writes are committed.</summary>
    /// <param name="LastPositions">The global position of each write's last event, in the order of <see cref="GroupDecision.Writes"/>.</param>
    public sealed record Written(Seq<long> LastPositions) : WriteOutcome;

    /// <summary>
    /// The facts the decision was made on did not hold (a stream had moved, or an id the decision took as new was stored:
    /// the store's check, or its unique index as the backstop, said so). Nothing was written.
    /// </summary>
    public sealed record RefutedOutcome : WriteOutcome;
}
