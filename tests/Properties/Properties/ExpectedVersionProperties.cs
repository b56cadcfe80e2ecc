// The expected-version rule table (SPEC §3 rule 6) against every current version, and the integer codes.
using EventStore.Functional.Append;
using EventStore.Functional.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;

namespace EventStore.Functional.Tests.Properties;

public sealed class ExpectedVersionProperties
{
    private static readonly StreamKey Stream = StreamKey.Create(Guid.NewGuid(), "Task");

    [StoreProperty(MaxTest = 1000)]
    public Property Expected_version_rule_table(VersionCase c)
    {
        var passes = VersionRule.Passes(c.Expected, c.Current);
        var request = AppendRequest.Create(Stream.AggregateId, Stream.AggregateType, [new TaskCreated(), new TaskCompleted()], c.Expected, ModelDriver.Registry);

        var decision = AppendDecider.Decide(request, StreamFacts.AtVersion(c.Current), Moment.Origin);

        var agrees = decision.Match(
            Right: d => passes && d is AppendDecision.Write w && w.CurrentVersion == c.Current && w.NewVersion == c.Current + 2
                && w.Events.Map(e => e.AggregateVersion).SequenceEqual([c.Current + 1, c.Current + 2]),
            Left: rejection => !passes && rejection == new AppendRejection.Conflict(new ConflictError(Stream.AggregateId, Stream.AggregateType, c.Expected, c.Current)));
        return (agrees && c.Expected.IsSatisfiedBy(c.Current) == passes)
            .Label($"{c.Expected} against version {c.Current}: table says {(passes ? "pass" : "conflict")}")
            .Classify(passes, "passes");
    }

    [StoreProperty(MaxTest = 1000)]
    public void A_batch_already_stored_is_a_retry_whatever_the_expected_version(VersionCase c)
    {
        var first = new TaskCreated();
        var second = new TaskCompleted();
        var stored = HashMap<Guid, EventLocation>.Empty
            .Add(first.EventId, new EventLocation(Stream.Id, 1, 10))
            .Add(second.EventId, new EventLocation(Stream.Id, 2, 12));
        var request = AppendRequest.Create(Stream.AggregateId, Stream.AggregateType, [first, second, first], c.Expected, ModelDriver.Registry);

        var decision = AppendDecider.Decide(request, new StreamFacts(Math.Max(2, c.Current), stored), Moment.Origin);

        var retry = Assert.IsType<AppendDecision.Retry>(Assert.Single(decision.RightToSeq()));
        Assert.Equal(AppendResult.Succeeded(2, 12, [first.EventId, second.EventId]), retry.Result);
    }

    [StoreProperty(MaxTest = 1000)]
    public Property Expected_version_codes_convert_both_ways(int code) =>
        code >= -2
            ? (ExpectedVersion.FromCode(code).Value == code && (ExpectedVersion)code == ExpectedVersion.FromCode(code)
               && (code < 0 || ExpectedVersion.Exact(code) == (ExpectedVersion)(long)code)).Label("valid code")
            : Prop.ToProperty(() => Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.FromCode(code)))
                .And(() => Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exact(code)))
                .Label("invalid code");
}
