// How often and how patiently a store retries a call that failed for a transient reason (a lost connection, a restart).
namespace EventStore.Functional;

/// <summary>
/// A store's retry of calls that failed with a transient <see cref="EventStoreUnavailableException"/>
/// (<see cref="EventStoreUnavailableException.IsTransient"/>): an append (safe, since an append is idempotent by event id:
/// a retry of a batch that was in fact stored returns that write's numbers, SPEC §3 rule 5), and a read that failed before
/// it returned anything. Attempt <c>n</c> waits <c>min(MaxDelay, FirstDelay × 2^(n−1))</c> scaled by a random factor in
/// [0.5, 1] (so clients that lost one server together do not retry together) before attempt <c>n + 1</c>.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>4 attempts, waiting 100 ms, 200 ms and 400 ms (each scaled by [0.5, 1]) between them, at most 2 s each.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>One attempt: every failure is reported at once.</summary>
    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>The most attempts of one call, the first included (default 4; between 1 and 100; 1 turns retries off).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The wait before the second attempt, doubled before each later one (default 100 ms; between 0 and 1 minute).</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two attempts (default 2 s; at least <see cref="FirstDelay"/>, at most 5 minutes).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks the policy and returns it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside the range its property documents.</exception>
    public RetryPolicy Validate()
    {
        if (MaxAttempts is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "RetryPolicy.MaxAttempts must be between 1 and 100.");
        }

        if (FirstDelay < TimeSpan.Zero || FirstDelay > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(FirstDelay), FirstDelay, "RetryPolicy.FirstDelay must be between zero and one minute.");
        }

        if (MaxDelay < FirstDelay || MaxDelay > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "RetryPolicy.MaxDelay must be at least FirstDelay and at most five minutes.");
        }

        return this;
    }
}
