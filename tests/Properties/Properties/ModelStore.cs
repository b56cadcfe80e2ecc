// A store for AppendFlow and GroupCommit made of the reference model: it loads facts from the model and writes a decision
// only while the decision's basis holds, as a database's check (or unique index) does.
using EventStore.Functional.Append;
using EventStore.Functional.Model;
using LanguageExt;

namespace EventStore.Functional.Tests.Properties;

/// <summary>
/// One reference model shared by every session over it, changed only under its lock, one decision at a time; every write
/// that stood is kept in <see cref="Commits"/>, in commit order.
/// </summary>
internal sealed class ModelStore(ReferenceModel initial)
{
    private readonly Lock _gate = new();
    private readonly List<Commit> _commits = [];
    private ReferenceModel _model = initial;

    public ReferenceModel Model
    {
        get
        {
            lock (_gate)
            {
                return _model;
            }
        }
    }

    /// <summary>The decisions written, in commit order (a decision with no write included: its members' answers stood then).</summary>
    public IReadOnlyList<Commit> Commits
    {
        get
        {
            lock (_gate)
            {
                return [.. _commits];
            }
        }
    }

    public GroupFacts Load(Seq<AppendRequest> members)
    {
        lock (_gate)
        {
            return GroupMembers.FactsOf(_model, members);
        }
    }

    /// <summary>
    /// Refuted unless the decision's basis holds now (each of its streams at its version, none of its absent ids stored);
    /// else its writes go to the model in order, each at the version it was decided on, and the last positions come back.
    /// </summary>
    /// <exception cref="InvalidOperationException">A write not positioned at its stream's version: the decision contradicts its own basis.</exception>
    public WriteOutcome TryWrite(GroupDecision decision)
    {
        lock (_gate)
        {
            var model = _model;
            if (!decision.Streams.ForAll(s => model.VersionOf(s.Stream) == s.Version) || decision.Absent.Exists(model.Contains))
            {
                return WriteOutcome.Refuted;
            }

            var positions = new List<long>();
            foreach (var write in decision.Writes)
            {
                if (write.CurrentVersion != model.VersionOf(write.Stream) || write.Events.Exists(e => model.Contains(e.EventId)))
                {
                    throw new InvalidOperationException($"A write to {write.Stream.Id} decided at version {write.CurrentVersion} meets the stream at {model.VersionOf(write.Stream)} (or stores an id twice).");
                }

                model = model.Apply(write).Store;
                positions.Add(model.GlobalPosition);
            }

            var written = positions.ToSeq().Strict();
            _commits.Add(new Commit(decision, written));
            _model = model;
            return new WriteOutcome.Written(written);
        }
    }
}

/// <summary>A decision the model store wrote, with the global position of each write's last event.</summary>
internal sealed record Commit(GroupDecision Decision, Seq<long> LastPositions);
