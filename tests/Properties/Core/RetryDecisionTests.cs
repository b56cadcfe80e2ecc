// The pure retry decision: retry only transient failures while attempts remain, bounded doubling waits, unknown outcomes kept.
using EventStore.Functional.Retries;
using EventStore.Functional.Tests.Properties;
using FsCheck;

namespace EventStore.Functional.Tests.Core;

public sealed class RetryDecisionTests
{
    [StoreProperty(MaxTest = 1000)]
    public void A_failure_is_tried_again_only_when_transient_and_attempts_remain_and_giving_up_keeps_an_unknown_outcome(
        byte maxAttempts, byte attempt, bool transient, bool outcomeUnknown, NormalFloat jitter)
    {
        var policy = new RetryPolicy { MaxAttempts = (maxAttempts % 10) + 1 }.Validate();
        var n = (attempt % 12) + 1;

        var step = Retrying.Next(policy, n, transient, outcomeUnknown, jitter.Get);

        if (transient && n < policy.MaxAttempts)
        {
            Assert.IsType<RetryStep.Again>(step);
        }
        else
        {
            Assert.Equal(new RetryStep.Stop(outcomeUnknown), step);
        }
    }

    [StoreProperty(MaxTest = 1000)]
    public void A_wait_is_the_doubled_first_delay_capped_at_the_longest_and_scaled_into_half_to_whole(
        ushort firstMs, ushort extraMs, byte attempt, NormalFloat jitter)
    {
        var policy = new RetryPolicy { FirstDelay = TimeSpan.FromMilliseconds(firstMs % 1000), MaxDelay = TimeSpan.FromMilliseconds((firstMs % 1000) + extraMs) }.Validate();
        var n = (attempt % 50) + 1;
        var full = Math.Min(policy.MaxDelay.Ticks, policy.FirstDelay.Ticks * Math.Pow(2, n - 1));

        var delay = Retrying.Delay(policy, n, jitter.Get);

        Assert.InRange(delay.Ticks, (long)(full / 2) - 1, (long)full);
        Assert.True(Retrying.Delay(policy, n, 1) <= Retrying.Delay(policy, n + 1, 1)); // never shorter for a later attempt
    }

    [Fact]
    public void The_default_policy_waits_100_200_and_400_ms_at_most_between_its_4_attempts()
    {
        var policy = RetryPolicy.Default;

        Assert.Equal(4, policy.MaxAttempts);
        Assert.Equal([100.0, 200.0, 400.0], [.. Enumerable.Range(1, 3).Select(n => Retrying.Delay(policy, n, 1).TotalMilliseconds)]);
        Assert.Equal(new RetryStep.Stop(false), Retrying.Next(policy, 4, transient: true, outcomeUnknown: false, 1));
        Assert.Equal(new RetryStep.Stop(false), Retrying.Next(RetryPolicy.None, 1, transient: true, outcomeUnknown: false, 1));
    }

    [Fact]
    public void Only_an_unavailable_store_is_a_failure_and_an_attempt_that_lost_its_commits_answer_makes_the_outcome_unknown()
    {
        var policy = RetryPolicy.Default;
        var conflict = new OptimisticLockException(new ConflictError(Guid.NewGuid(), "Task", ExpectedVersion.NoStream, 1));

        Assert.Null(Retrying.Next(policy, 1, conflict, false, 1));
        Assert.Null(Retrying.Next(policy, 1, new DuplicateEventException(Guid.NewGuid(), "a:T", "b:T"), false, 1));
        Assert.Null(Retrying.Next(policy, 1, new OperationCanceledException(), true, 1));
        Assert.IsType<RetryStep.Again>(Retrying.Next(policy, 1, Transient(), false, 1));
        Assert.Equal(new RetryStep.Stop(false), Retrying.Next(policy, 1, new EventStoreUnavailableException("schema missing"), false, 1));
        Assert.Equal(new RetryStep.Stop(true), Retrying.Next(policy, 4, new AppendOutcomeUnknownException("lost", new IOException()), false, 1));
        Assert.Equal(new RetryStep.Stop(true), Retrying.Next(policy, 4, Transient(), true, 1)); // a later attempt wrote nothing: still unknown
        Assert.True(new AppendOutcomeUnknownException("lost", new IOException()).IsTransient);
    }

    [Fact]
    public void A_policy_out_of_range_is_refused_with_the_property_named()
    {
        Assert.Equal("MaxAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { MaxAttempts = 0 }.Validate()).ParamName);
        Assert.Equal("MaxAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { MaxAttempts = 101 }.Validate()).ParamName);
        Assert.Equal("FirstDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { FirstDelay = TimeSpan.FromMilliseconds(-1) }.Validate()).ParamName);
        Assert.Equal("MaxDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { FirstDelay = TimeSpan.FromSeconds(3) }.Validate()).ParamName);
        Assert.Equal("MaxDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { MaxDelay = TimeSpan.FromMinutes(6) }.Validate()).ParamName);
        Assert.Same(RetryPolicy.Default, RetryPolicy.Default.Validate());
    }

    private static EventStoreUnavailableException Transient() => new("connection lost", new IOException(), isTransient: true);
}
