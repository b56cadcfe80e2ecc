// What a store does after a failed attempt: wait and try again, or stop and report (saying whether the outcome is unknown).
namespace EventStore.Functional.Retries;

/// <summary>The verdict of <see cref="Retrying"/> on a failed attempt: closed, <see cref="Again"/> or <see cref="Stop"/>.</summary>
internal abstract record RetryStep
{
    private RetryStep()
    {
    }

    /// <summary>Wait <paramref name="Delay"/>, then make the next attempt.</summary>
    internal sealed record Again(TimeSpan Delay) : RetryStep;

    /// <summary>
    /// Report the failure. <paramref name="OutcomeUnknown"/>: some attempt of this append sent its write and lost the
    /// answer, and no later attempt found out, so the events may be stored (<see cref="AppendOutcomeUnknownException"/>).
    /// </summary>
    internal sealed record Stop(bool OutcomeUnknown) : RetryStep;
}
