// The edges of the documented ranges: retry policies, read options, the exclusive position bound, jitter, and the names of expectations.
using EventStore.Functional.Reading;
using EventStore.Functional.Retries;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Core;

public sealed class BoundaryRulesTests
{
    [Fact]
    public void A_policy_at_the_edge_of_each_documented_range_is_valid()
    {
        RetryPolicy[] edges =
        [
            new() { MaxAttempts = 1 },
            new() { MaxAttempts = 100 },
            new() { FirstDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
            new() { FirstDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromMinutes(1) },
            new() { MaxDelay = TimeSpan.FromMinutes(5) },
        ];

        foreach (var policy in edges)
        {
            Assert.Same(policy, policy.Validate());
        }

        Assert.Equal("FirstDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { FirstDelay = TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(1), MaxDelay = TimeSpan.FromMinutes(2) }.Validate()).ParamName);
        Assert.Equal("MaxDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy { MaxDelay = TimeSpan.FromMinutes(5) + TimeSpan.FromTicks(1) }.Validate()).ParamName);
    }

    [Fact]
    public void Jitter_scales_a_wait_from_half_to_whole_and_a_nan_jitter_waits_the_whole()
    {
        var policy = RetryPolicy.Default;

        Assert.Equal(TimeSpan.FromMilliseconds(50), Retrying.Delay(policy, 1, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(75), Retrying.Delay(policy, 1, 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(100), Retrying.Delay(policy, 1, double.NaN));
        Assert.Equal(TimeSpan.FromMilliseconds(50), Retrying.Delay(policy, 1, -3));
    }

    [Fact]
    public void Read_options_at_zero_are_valid_and_below_zero_are_refused_by_name()
    {
        var zero = new ReadOptions { FromPosition = 0, Limit = 0 };

        Assert.Same(zero, zero.Validate());
        Assert.Equal("FromPosition", Assert.Throws<ArgumentOutOfRangeException>(() => new ReadOptions { FromPosition = -1 }.Validate()).ParamName);
        Assert.Equal("Limit", Assert.Throws<ArgumentOutOfRangeException>(() => new ReadOptions { Limit = -1 }.Validate()).ParamName);
        Assert.Equal("Direction", Assert.Throws<ArgumentOutOfRangeException>(() => new ReadOptions { Direction = (ReadDirection)7 }.Validate()).ParamName);
    }

    [Fact]
    public void FromPosition_is_an_exclusive_bound_for_one_event_as_for_a_read()
    {
        var e = new StoredEvent(new TaskCreated(), "s", StreamPosition: 5, GlobalPosition: 9, DateTimeOffset.UnixEpoch);

        Assert.False(ReadModel.Matches(e, new ReadOptions { FromPosition = 5 }, PositionKind.Stream));
        Assert.True(ReadModel.Matches(e, new ReadOptions { FromPosition = 4 }, PositionKind.Stream));
        Assert.False(ReadModel.Matches(e, new ReadOptions { FromPosition = 9 }, PositionKind.Global));
        Assert.True(ReadModel.Matches(e, new ReadOptions { FromPosition = 8 }, PositionKind.Global));
    }

    [Fact]
    public void Listing_streams_checks_its_arguments_even_over_an_empty_log()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Inspection.Streams([], null, -1));
        Assert.ThrowsAny<ArgumentException>(() => Inspection.Streams([], "not a type!", null));
        Assert.Empty(Inspection.Streams([], "Task", 0));
    }

    [Fact]
    public void Expectations_print_by_name_and_a_conflict_message_gives_the_code_and_the_name()
    {
        Assert.Equal(["Any", "StreamExists", "NoStream", "3"], [.. new[] { ExpectedVersion.Any, ExpectedVersion.StreamExists, ExpectedVersion.NoStream, ExpectedVersion.Exact(3) }.Select(v => v.ToString())]);
        Assert.True(ExpectedVersion.Any != ExpectedVersion.StreamExists);
        Assert.False(ExpectedVersion.Exact(0) != ExpectedVersion.NoStream);

        var id = Guid.NewGuid();
        Assert.Contains("expected version -1 (Any), but current version is 2", new ConflictError(id, "Task", ExpectedVersion.Any, 2).Message, StringComparison.Ordinal);
        Assert.Contains("expected version 0, but current version is 2", new ConflictError(id, "Task", ExpectedVersion.NoStream, 2).Message, StringComparison.Ordinal);
        Assert.Contains("expected version 3, but current version is 2", new ConflictError(id, "Task", ExpectedVersion.Exact(3), 2).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_results_are_equal_only_when_every_field_is()
    {
        var skipped = new[] { Guid.NewGuid() };
        var result = new AppendResult(true, 3, 7, false, skipped);

        Assert.Equal(result, new AppendResult(true, 3, 7, false, [.. skipped]));
        Assert.NotEqual(result, result with { Success = false });
        Assert.NotEqual(result, result with { NewVersion = 4 });
        Assert.NotEqual(result, result with { GlobalPosition = 8 });
        Assert.NotEqual(result, result with { Conflict = true });
        Assert.NotEqual(result, result with { SkippedEventIds = [] });
        Assert.False(result.Equals(null));
    }
}
