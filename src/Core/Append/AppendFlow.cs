// The one append flow of every store: decide on assumed facts, write if they hold; else load, decide again, write.
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>How an append (or a group) was written: which facts it was decided on, and how often they were refuted.</summary>
/// <param name="Results">Each member's answer, in member order.</param>
/// <param name="OnAssumedFacts">Whether the write that stood was decided on assumed facts (no load).</param>
/// <param name="Refutations">How many writes the store refuted before one stood.</param>
public sealed record AppendFlowResult(Seq<Either<AppendRejection, AppendResult>> Results, bool OnAssumedFacts, int Refutations);

/// <summary>
/// The one effect loop of an append, shared by every store: the rules are <see cref="AppendDecider"/>'s, the effects
/// the adapter's <see cref="IAppendSession"/>.
/// <list type="number">
/// <item>If the session can check assumed facts and the members' expectations imply facts
/// (<see cref="AppendDecider.Assumed"/>), decide on them and try to write: one round trip when they hold.</item>
/// <item>Otherwise, or when refuted: load the facts, decide on them and write. A write refuted on loaded facts (a
/// unique index, the backstop, refused a row another writer stored meanwhile) is decided again on fresh facts, up to
/// <see cref="MaxLoadedAttempts"/> times; the core then gives the verdict the race stood for.</item>
/// </list>
/// </summary>
public static class AppendFlow
{
    /// <summary>How many times a group is decided on loaded facts before the flow gives up.</summary>
    public const int MaxLoadedAttempts = 3;

    /// <summary>Appends <paramref name="members"/> (one transaction) through <paramref name="session"/>.</summary>
    /// <exception cref="EventStoreException">The store refuted <see cref="MaxLoadedAttempts"/> decisions on loaded facts in a row.</exception>
    public static async Task<AppendFlowResult> RunAsync(IAppendSession session, Seq<AppendRequest> members, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (members.IsEmpty)
        {
            throw new ArgumentException("An append flow needs at least one request.", nameof(members));
        }

        var refutations = 0;
        if (session.ChecksAssumedFacts && AppendDecider.Assumed(members).Case is GroupFacts assumed)
        {
            var decision = AppendDecider.DecideGroup(members, assumed, now);
            if (await session.TryWriteAsync(decision, ct).ConfigureAwait(false) is WriteOutcome.Written written)
            {
                return new(decision.Results(written.LastPositions), true, 0);
            }

            refutations++;
        }

        for (var attempt = 1; attempt <= MaxLoadedAttempts; attempt++)
        {
            var facts = await session.LoadFactsAsync(members, ct).ConfigureAwait(false);
            var decision = AppendDecider.DecideGroup(members, facts, now);
            if (await session.TryWriteAsync(decision, ct).ConfigureAwait(false) is WriteOutcome.Written written)
            {
                return new(decision.Results(written.LastPositions), false, refutations);
            }

            refutations++;
        }

        throw new EventStoreException(
            $"The append to {string.Join(", ", members.Map(m => m.Stream.Id).Distinct())} was refuted {MaxLoadedAttempts} times on freshly loaded facts: "
            + "other writers keep storing its streams' positions or its event ids without the store's locks. Nothing was written.");
    }
}
