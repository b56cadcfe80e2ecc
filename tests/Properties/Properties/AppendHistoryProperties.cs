// Properties of the pure append decision over generated histories: positions, idempotency, conflicts and Any.
using EventStore.Functional.Append;
using EventStore.Functional.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;

namespace EventStore.Functional.Tests.Properties;

public sealed class AppendHistoryProperties
{
    [StoreProperty(MaxTest = 300)]
    public void Stream_positions_run_from_1_to_the_version_with_no_hole(History history)
    {
        var (_, model) = ModelDriver.Run(history.Script);

        foreach (var (streamId, events) in model.Streams)
        {
            var key = StreamKey.Parse(streamId);
            Assert.Equal(LongRange(events.Count), events.Map(e => e.StreamPosition));
            Assert.Equal(events.Count, model.VersionOf(key));
            Assert.All(events, e =>
            {
                Assert.Equal(streamId, e.StreamId);
                Assert.Equal(e.StreamPosition, e.Event.AggregateVersion);
                Assert.Equal(streamId, StreamKey.Format(e.AggregateId, e.AggregateType));
            });
        }

        Assert.Equal(model.Log.Count, model.Streams.Values.Sum(s => s.Count));
    }

    [StoreProperty(MaxTest = 300)]
    public void Global_positions_increase_strictly_in_append_order(History history)
    {
        var (steps, model) = ModelDriver.Run(history.Script);
        var writes = steps.Where(s => s.Outcome is Outcome.Written).ToList();

        Assert.Equal(LongRange(model.Log.Count), model.Log.Map(e => e.GlobalPosition));
        Assert.Equal(writes.SelectMany(s => ((Outcome.Written)s.Outcome).NewEvents).Select(e => e.EventId), model.Log.Map(e => e.EventId));
        foreach (var step in writes)
        {
            CheckWrite(step, (Outcome.Written)step.Outcome);
        }
    }

    [StoreProperty(MaxTest = 300)]
    public void A_conflicting_or_invalid_append_changes_nothing(History history)
    {
        var (steps, model) = ModelDriver.Run(history.Script);

        foreach (var step in steps)
        {
            switch (step.Outcome)
            {
                case Outcome.Conflict c:
                    var version = step.Before.VersionOf(step.Call.Stream);
                    Assert.Equal(new ConflictError(step.Call.Stream.AggregateId, step.Call.Stream.AggregateType, step.Call.Expected, version), c.Error);
                    Assert.False(VersionRule.Passes(step.Call.Expected, version));
                    Assert.Same(step.Before, step.After);
                    break;
                case Outcome.Rejected r:
                    Assert.Same(step.Before, step.After);
                    if (r.Error is DuplicateEventException d)
                    {
                        Assert.NotEqual(step.Call.Stream.Id, step.Before.LocationOf(d.EventId).Map(l => l.StreamId).IfNone(""));
                    }

                    break;
            }
        }

        // Replaying only the accepted appends gives the same store: the failed ones left no trace.
        var replay = new ModelDriver(history.Script.Pool);
        foreach (var step in steps.Where(s => s.Outcome is Outcome.Written or Outcome.Retried))
        {
            var again = replay.Apply(step.Call);
            Assert.Equal(ResultOf(step.Outcome), ResultOf(again));
        }

        Assert.Equal(Positions(model), Positions(replay.Model));
    }

    [StoreProperty(MaxTest = 300)]
    public void A_batch_with_nothing_new_is_a_retry_that_reports_the_highest_stored_positions(History history)
    {
        var (steps, _) = ModelDriver.Run(history.Script);

        foreach (var step in steps)
        {
            var ids = step.Call.Events.Select(e => e.EventId).Distinct().ToList();
            var stored = ids.Select(id => step.Before.LocationOf(id)).Somes().ToList();
            var nothingNew = stored.Count == ids.Count && stored.All(at => at.StreamId == step.Call.Stream.Id);
            if (step.Outcome is Outcome.Retried r)
            {
                Assert.True(nothingNew, "a retry with new events");
                Assert.Same(step.Before, step.After);
                Assert.Equal(AppendResult.Succeeded(stored.Max(at => at.StreamPosition), stored.Max(at => at.GlobalPosition), ids), r.Result);
            }
            else if (step.Outcome is Outcome.Written)
            {
                Assert.False(nothingNew, "a write of nothing new");
                Assert.True(VersionRule.Passes(step.Call.Expected, step.Before.VersionOf(step.Call.Stream)), "a write that fails the version rule");
            }
        }
    }

    [StoreProperty(MaxTest = 300)]
    public void Re_appending_an_accepted_batch_changes_nothing_and_returns_the_first_numbers(History history)
    {
        var (steps, model) = ModelDriver.Run(history.Script);
        ExpectedVersion[] anyExpectation = [ExpectedVersion.Any, ExpectedVersion.NoStream, ExpectedVersion.StreamExists, ExpectedVersion.Exact(1), ExpectedVersion.Exact(1000)];

        foreach (var step in steps.Where(s => s.Outcome is Outcome.Written or Outcome.Retried))
        {
            var first = ResultOf(step.Outcome)!;
            foreach (var expected in anyExpectation)
            {
                var request = AppendRequest.Create(step.Call.Stream.AggregateId, step.Call.Stream.AggregateType, step.Call.Events, expected, ModelDriver.Registry);
                var appended = model.Append(request, Moment.Origin).Match(Right: a => a, Left: c => throw new Xunit.Sdk.XunitException($"retry conflicted: {c}"));

                Assert.Same(model, appended.Store);
                Assert.Equal((first.NewVersion, first.GlobalPosition), (appended.Result.NewVersion, appended.Result.GlobalPosition));
                Assert.Equal(step.Call.Events.Select(e => e.EventId).Distinct(), appended.Result.SkippedEventIds);
            }
        }
    }

    [StoreProperty(MaxTest = 300)]
    public Property Any_never_conflicts(History history)
    {
        var allAny = history.Script with
        {
            Commands = [.. history.Script.Commands.Select(c => c switch
            {
                Command.Append a => a with { Expected = Expect.Any },
                Command.Retry r => r with { Expected = Expect.Any },
                _ => c,
            })],
        };
        var (mixed, _) = ModelDriver.Run(history.Script);
        var (onlyAny, _) = ModelDriver.Run(allAny);

        return (!mixed.Any(s => s.Call.Expected == ExpectedVersion.Any && s.Outcome is Outcome.Conflict)).Label("Any in a mixed history")
            .And((!onlyAny.Any(s => s.Outcome is Outcome.Conflict)).Label("a history of Any only"))
            .Classify(mixed.Any(s => s.Outcome is Outcome.Conflict), "the mixed history had conflicts");
    }

    // A write positions the batch's new ids (first occurrences, not stored before) after the stream's version, stamps
    // them, and reports the repeated or already stored ids once each, in batch order.
    private static void CheckWrite(Step step, Outcome.Written w)
    {
        var stream = step.Call.Stream;
        var version = step.Before.VersionOf(stream);
        var firsts = step.Call.Events.DistinctBy(e => e.EventId).ToList();
        var fresh = firsts.Where(e => !step.Before.Contains(e.EventId)).ToList();
        var skipped = firsts.Where(e => step.Before.Contains(e.EventId) || step.Call.Events.Count(x => x.EventId == e.EventId) > 1);

        Assert.Equal(fresh.Select(e => e.EventId), w.NewEvents.Select(e => e.EventId));
        Assert.Equal(LongRange(fresh.Count).Select(i => version + i), w.NewEvents.Select(e => e.StreamPosition));
        Assert.Equal(LongRange(fresh.Count).Select(i => step.Before.GlobalPosition + i), w.NewEvents.Select(e => e.GlobalPosition));
        Assert.Equal(AppendResult.Succeeded(version + fresh.Count, step.Before.GlobalPosition + fresh.Count, [.. skipped.Select(e => e.EventId)]), w.Result);
        Assert.Single(w.NewEvents.Select(e => e.StoredAt).Distinct());
        foreach (var (sent, stored) in fresh.Zip(w.NewEvents))
        {
            var stamped = sent with
            {
                AggregateId = stream.AggregateId,
                AggregateType = stream.AggregateType,
                AggregateVersion = stored.StreamPosition,
                OccurredAt = Time.Normalize(sent.OccurredAt),
            };
            EventFields.AssertSame(stamped, stored.Event);
        }
    }

    private static AppendResult? ResultOf(Outcome outcome) => outcome switch
    {
        Outcome.Written w => w.Result,
        Outcome.Retried r => r.Result,
        _ => null,
    };

    private static List<(Guid, string, long, long)> Positions(ReferenceModel model) =>
        [.. model.Log.Map(e => (e.EventId, e.StreamId, e.StreamPosition, e.GlobalPosition))];

    private static IEnumerable<long> LongRange(int count) => Enumerable.Range(1, count).Select(i => (long)i);
}
