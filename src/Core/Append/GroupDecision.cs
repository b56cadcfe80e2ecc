// The verdicts of a group's members decided in turn on one set of facts, and what a store must check and write for them.
using LanguageExt;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Append;

/// <summary>
/// The outcome of <see cref="AppendDecider.DecideGroup"/>: each member's verdict, in member order, decided on
/// <see cref="Basis"/>. A store writes <see cref="Writes"/> atomically, and only while the basis holds: each of
/// <see cref="Streams"/> at its version and none of <see cref="Absent"/> stored (<see cref="IAppendSession.TryWriteAsync"/>).
/// </summary>
/// <param name="Members">The group's requests, in order (a single append is a group of one).</param>
/// <param name="Basis">The facts the members were decided on, assumed or loaded.</param>
/// <param name="Verdicts">Each member's verdict, in member order.</param>
/// <param name="StoredAt">The group's storage instant (UTC, microseconds): every write's <see cref="AppendDecision.Write.StoredAt"/>.</param>
public sealed record GroupDecision(Seq<AppendRequest> Members, GroupFacts Basis, Seq<Either<AppendRejection, AppendDecision>> Verdicts, DateTimeOffset StoredAt)
{
    /// <summary>The writes, in member order; their events get global positions in this order.</summary>
    public Seq<AppendDecision.Write> Writes =>
        Verdicts.Choose(v => v.Case is AppendDecision.Write w ? Some(w) : None).Strict();

    /// <summary>The group's streams, once each in order of first appearance, with their versions on <see cref="Basis"/>.</summary>
    public Seq<(StreamKey Stream, long Version)> Streams =>
        Members.Map(m => m.Stream).Distinct().Map(s => (s, Basis.Versions.Find(s.Id).IfNone(0L))).Strict();

    /// <summary>The group's distinct event ids that <see cref="Basis"/> says are not stored: if one is, the basis does not hold.</summary>
    public Seq<Guid> Absent =>
        Members.Bind(m => m.Events).Map(e => e.EventId).Distinct().Filter(id => !Basis.Existing.ContainsKey(id)).Strict();

    /// <summary>
    /// Each member's answer once the writes are stored: <paramref name="lastPositions"/> holds the global position of each
    /// write's last event, in the order of <see cref="Writes"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The count of positions is not the count of writes.</exception>
    public Seq<Either<AppendRejection, AppendResult>> Results(Seq<long> lastPositions)
    {
        var answers = new Either<AppendRejection, AppendResult>[Verdicts.Count];
        var (i, w) = (0, 0);
        foreach (var verdict in Verdicts)
        {
            answers[i++] = verdict.Case switch
            {
                AppendDecision.Write write => w < lastPositions.Count
                    ? write.ResultAt(lastPositions[w++])
                    : throw new ArgumentException($"The store reported {lastPositions.Count} positions for {Writes.Count} writes.", nameof(lastPositions)),
                AppendDecision.Retry retry => retry.Result,
                AppendRejection rejection => Left<AppendRejection, AppendResult>(rejection),
                _ => throw new InvalidOperationException($"Unknown verdict {verdict}."),
            };
        }

        return w == lastPositions.Count ? answers.ToSeq()
            : throw new ArgumentException($"The store reported {lastPositions.Count} positions for {w} writes.", nameof(lastPositions));
    }
}
