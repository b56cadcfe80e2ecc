// The retry decision as pure functions: is a failure retryable, how long to wait, when to give up, is the outcome unknown.
namespace EventStore.Functional.Retries;

/// <summary>
/// The pure rules of a store's retries (<see cref="RetryPolicy"/>); <see cref="RetryLoop"/> runs them. Only an
/// <see cref="EventStoreUnavailableException"/> is a failure here: conflicts, duplicates, bad arguments and cancellation are
/// answers, reported as they are.
/// </summary>
internal static class Retrying
{
    /// <summary>
    /// After attempt <paramref name="attempt"/> (1 for the first) failed: try again after a delay when the failure is
    /// transient and attempts remain, else stop. <paramref name="outcomeUnknown"/> is whether this or an earlier attempt
    /// of the call left its outcome unknown; it carries over to <see cref="RetryStep.Stop"/>, since a later attempt that
    /// fails before writing cannot tell whether the earlier one was stored. <paramref name="jitter"/> is in [0, 1].
    /// </summary>
    public static RetryStep Next(RetryPolicy policy, int attempt, bool transient, bool outcomeUnknown, double jitter) =>
        transient && attempt < policy.MaxAttempts ? new RetryStep.Again(Delay(policy, attempt, jitter)) : new RetryStep.Stop(outcomeUnknown);

    /// <summary>The step after a failed attempt that threw <paramref name="failure"/>; null when it is an answer, not a failure.</summary>
    public static RetryStep? Next(RetryPolicy policy, int attempt, Exception failure, bool outcomeUnknownBefore, double jitter) =>
        failure is EventStoreUnavailableException unavailable
            ? Next(policy, attempt, unavailable.IsTransient, outcomeUnknownBefore || LeavesOutcomeUnknown(failure), jitter)
            : null;

    /// <summary>Whether the failed attempt sent its write and lost the answer (the backend raised <see cref="AppendOutcomeUnknownException"/>).</summary>
    public static bool LeavesOutcomeUnknown(Exception failure) => failure is AppendOutcomeUnknownException;

    /// <summary>
    /// The wait after attempt <paramref name="attempt"/>: <c>min(MaxDelay, FirstDelay × 2^(attempt−1))</c> times
    /// <c>0.5 + jitter / 2</c>, <paramref name="jitter"/> clamped to [0, 1].
    /// </summary>
    public static TimeSpan Delay(RetryPolicy policy, int attempt, double jitter)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 40); // 2^40 × any positive delay is past every MaxDelay
        var ticks = Math.Min((double)policy.MaxDelay.Ticks, policy.FirstDelay.Ticks * Math.Pow(2, doublings));
        var scale = 0.5 + (Math.Clamp(double.IsNaN(jitter) ? 1 : jitter, 0, 1) / 2);
        return TimeSpan.FromTicks((long)(ticks * scale));
    }
}
