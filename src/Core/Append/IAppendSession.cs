// What an adapter supplies to the one append flow: load facts, and try to write a decision. Nothing else.
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>
/// One store connection's part in <see cref="AppendFlow"/>: the only two effects an append needs. An adapter translates
/// them to its database and decides nothing (see <c>docs/writing-an-adapter.md</c>).
/// </summary>
public interface IAppendSession
{
    /// <summary>
    /// Whether <see cref="TryWriteAsync"/> can check facts it did not load (the flow then first tries the facts the
    /// members' exact expectations imply, saving the load's round trip). False: the flow always loads first.
    /// </summary>
    bool ChecksAssumedFacts { get; }

    /// <summary>
    /// Starts a transaction that holds what keeps the members' streams still (locks) and loads their facts: each stream's
    /// version and where the members' ids are stored. The transaction stays open for the next
    /// <see cref="TryWriteAsync"/>.
    /// </summary>
    Task<GroupFacts> LoadFactsAsync(Seq<AppendRequest> members, CancellationToken ct);

    /// <summary>
    /// Writes the decision's <see cref="GroupDecision.Writes"/> atomically if its <see cref="GroupDecision.Basis"/> holds
    /// (every stream of <see cref="GroupDecision.Streams"/> at its version, none of <see cref="GroupDecision.Absent"/>
    /// stored), and commits: in the transaction <see cref="LoadFactsAsync"/> opened, or else in one of its own. With no
    /// writes it only ends that transaction. Refuted means nothing was written and the transaction has ended.
    /// </summary>
    Task<WriteOutcome> TryWriteAsync(GroupDecision decision, CancellationToken ct);
}
