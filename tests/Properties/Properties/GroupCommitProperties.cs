// Group commit over a store made of the reference model: concurrent appends form groups and stay linearizable.
using EventStore.Functional.Append;
using EventStore.Functional.Model;
using EventStore.Functional.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Tests.Properties;

public sealed class GroupCommitProperties
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Generated appends (several to one stream, Any, NoStream, exact versions right or stale, repeats, ids stored in this
    /// stream or another) sent at once to a <see cref="GroupCommit"/> with 1 to 4 writers, whose sessions share one reference
    /// model (facts loaded from it, a decision written only while its basis holds, under its lock) and yield at every step
    /// so that appends queue up; the first session is held until every early append is sent, a third of the appends
    /// arrive later. The run is linearizable: replaying the decisions the store wrote, in commit order, each member
    /// applied alone in turn on the model, gives every caller exactly its answer (the members of a group at their group's
    /// commit point, positions included) and the store's final log. Each append is committed once; one that threw
    /// (refuted on every attempt by racing writers of its ids) committed nothing.
    /// </summary>
    [StoreProperty(MaxTest = 200, QuietOnSuccess = false)]
    public async Task<Property> Concurrent_appends_through_a_group_commit_answer_as_the_model_does_in_commit_order(ConcurrentHistory run, bool checksAssumedFacts)
    {
        var (initial, appends) = GroupMembers.Resolve(run);
        var store = new ModelStore(initial);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ticks = 0L;
        var commit = new GroupCommit(new HeldPort(new ModelPort(store, checksAssumedFacts), release.Task), run.Writers,
            () => Moment.Origin.AddHours(3).AddTicks(Interlocked.Increment(ref ticks) * 13));

        var calls = appends.Select((request, i) => CallAsync(commit, request, late: i % 3 == 2)).ToList();
        release.SetResult();
        var answers = await Task.WhenAll(calls).WaitAsync(Patience);
        await commit.DrainAsync().WaitAsync(Patience);

        // The reference: every decision written, in commit order, its members applied to the model alone, in turn.
        var expected = new Dictionary<AppendRequest, Either<AppendRejection, AppendResult>>(ReferenceEqualityComparer.Instance);
        var replay = initial;
        var twice = new List<string>();
        foreach (var written in store.Commits)
        {
            var inTurn = InTurn.Apply(replay, written.Decision.Members, written.Decision.StoredAt);
            for (var m = 0; m < inTurn.Results.Count; m++)
            {
                if (!expected.TryAdd(written.Decision.Members[m], inTurn.Results[m]))
                {
                    twice.Add(written.Decision.Members[m].Stream.Id);
                }
            }

            replay = inTurn.Final;
        }

        var wrong = new List<string>();
        for (var i = 0; i < appends.Count; i++)
        {
            var (answer, error) = answers[i];
            var committed = expected.TryGetValue(appends[i], out var reference);
            if (error is null ? !committed || reference != answer : committed || error.GetType() != typeof(EventStoreException))
            {
                wrong.Add($"append {i} ({appends[i].Stream.Id}, {appends[i].ExpectedVersion}): answered {(object?)answer ?? error?.Message}, "
                    + $"the model at its commit point {(committed ? reference.ToString() : "not committed")}");
            }
        }

        var errors = answers.Count(a => a.Error is not null);
        return (wrong.Count == 0).Label(string.Join(Environment.NewLine, wrong))
            .And((twice.Count == 0).Label($"committed twice: {string.Join(", ", twice)}"))
            .And(AppendFlowProperties.SameLog(replay, store.Model).Label("the log is the commits' members applied in commit order"))
            .And((expected.Count + errors == appends.Count).Label($"{expected.Count} committed and {errors} failed of {appends.Count}"))
            .Classify(commit.Groups > 0, "groups formed")
            .Classify(commit.AssumedGroups > 0, "a group written on assumed facts")
            .Classify(commit.RefutedGroups + commit.Refuted > 0, "assumed facts refuted")
            .Classify(errors > 0, "an append refuted on every attempt")
            .Collect($"{run.Writers} writer(s), {(commit.Groups == 0 ? "no group" : commit.Groups < 3 ? "1-2 groups" : "3+ groups")}");
    }

    /// <summary>Appends queued behind a held writer are taken together: one group, each member answered as the model does in turn.</summary>
    [Fact]
    public async Task Appends_queued_behind_a_busy_writer_are_written_as_one_group_with_the_answers_the_model_gives_in_turn()
    {
        var (a, b) = (StreamKey.Create(Guid.NewGuid(), "Task"), StreamKey.Create(Guid.NewGuid(), "Task"));
        var appends = toSeq(new[]
        {
            Request(a, ExpectedVersion.NoStream, new TaskCreated { Title = "held" }),
            Request(b, ExpectedVersion.NoStream, new TaskCreated()),
            Request(a, ExpectedVersion.Exact(1), new TaskCompleted(), new TaskReassigned()),
            Request(b, ExpectedVersion.Exact(0), new TaskCompleted()), // stale after the member before: a conflict
            Request(b, ExpectedVersion.Any, new TaskCompleted()),
        });
        var store = new ModelStore(ReferenceModel.Empty);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new GroupCommit(new HeldPort(new ModelPort(store, checksAssumedFacts: true), release.Task), writers: 1, () => GroupMembers.Now);

        var calls = appends.Map(r => commit.AppendAsync(r, CancellationToken.None)).ToList();
        Assert.Equal(appends.Count - 1, commit.Waiting);
        release.SetResult();
        var answers = await Task.WhenAll(calls).WaitAsync(Patience);

        var inTurn = InTurn.Apply(ReferenceModel.Empty, appends, GroupMembers.Now);
        Assert.Equal(inTurn.Results, answers.ToSeq());
        Assert.Equal((1L, 1L, 0L), (commit.Groups, commit.AssumedWrites, commit.GroupFallbacks));
        Assert.Equal([1, appends.Count - 1], store.Commits.Select(c => c.Decision.Members.Count));
        Assert.True(AppendFlowProperties.SameLog(inTurn.Final, store.Model));
    }

    private static AppendRequest Request(StreamKey stream, ExpectedVersion expected, params DomainEvent[] events) =>
        AppendRequest.Create(stream.AggregateId, stream.AggregateType, events, expected, ModelDriver.Registry);

    private static async Task<(Either<AppendRejection, AppendResult>? Answer, Exception? Error)> CallAsync(GroupCommit commit, AppendRequest request, bool late)
    {
        if (late)
        {
            await Task.Yield();
        }

        try
        {
            return (await commit.AppendAsync(request, CancellationToken.None), null);
        }
        catch (EventStoreException e)
        {
            return (null, e);
        }
    }

    // Holds the first session until released, so that the appends sent meanwhile queue up behind it.
    private sealed class HeldPort(IAppendPort inner, Task released) : IAppendPort
    {
        private int _calls;

        public async Task<T> RunAsync<T>(Func<IAppendSession, Task<T>> body, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                await released.ConfigureAwait(false);
            }

            return await inner.RunAsync(body, ct).ConfigureAwait(false);
        }
    }
}
