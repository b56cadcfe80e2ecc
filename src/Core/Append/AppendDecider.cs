// The append decision (SPEC §3 rules 3 to 8) as one pure function of request, stream facts and clock (AppendDecider, apart from SPEC §7's command Decider).
using LanguageExt;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Append;

/// <summary>The pure append decision. Stores load <see cref="StreamFacts"/>, call <see cref="Decide"/>, and persist its verdict.</summary>
public static class AppendDecider
{
    /// <summary>
    /// Decides an append: drops repeats inside the batch, skips ids already stored in this stream, rejects ids stored in
    /// another stream, treats a batch with nothing new as an idempotent retry, then checks the expected version and
    /// positions the new events. Nothing here has effects; the same inputs give the same verdict.
    /// </summary>
    /// <returns><c>Left</c> on a version conflict, else the decision to write or to report a retry.</returns>
    /// <exception cref="DuplicateEventException">An id of the batch is stored in another stream (the first such, in batch order).</exception>
    public static Either<ConflictError, AppendDecision> Decide(AppendRequest request, StreamFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(facts);
        var events = request.Batch;

        // Rule 3: keep each id's first occurrence; later copies are skipped. (Plain loops over the request's array: this
        // runs on every append.)
        System.Collections.Generic.HashSet<Guid>? repeated = null;
        if (events.Length > 1)
        {
            var seen = new System.Collections.Generic.HashSet<Guid>(events.Length);
            foreach (var e in events)
            {
                if (!seen.Add(e.EventId))
                {
                    (repeated ??= []).Add(e.EventId);
                }
            }
        }

        // The common case, no repeat and no id already stored: every event is new, in batch order.
        if (repeated is null && facts.Existing.IsEmpty)
        {
            return Checked(request, facts, events, now, Empty);
        }

        var firsts = new List<DomainEvent>(events.Length);
        var kept = repeated is null ? null : new System.Collections.Generic.HashSet<Guid>(events.Length);
        foreach (var e in events)
        {
            if (kept is null || kept.Add(e.EventId))
            {
                firsts.Add(e);
            }
        }

        // Rule 4: ids stored elsewhere are errors; ids stored in this stream are skipped. Skipped ids keep first-occurrence order.
        var streamId = request.Stream.Id;
        var fresh = new List<DomainEvent>(firsts.Count);
        List<Guid>? skipped = null;
        long retryVersion = 0, retryPosition = 0;
        foreach (var e in firsts)
        {
            if (facts.Existing.Find(e.EventId).Case is EventLocation at)
            {
                if (!string.Equals(at.StreamId, streamId, StringComparison.Ordinal))
                {
                    throw new DuplicateEventException(e.EventId, at.StreamId, streamId);
                }

                (skipped ??= []).Add(e.EventId);
                retryVersion = Math.Max(retryVersion, at.StreamPosition);
                retryPosition = Math.Max(retryPosition, at.GlobalPosition);
            }
            else
            {
                fresh.Add(e);
                if (repeated is not null && repeated.Contains(e.EventId))
                {
                    (skipped ??= []).Add(e.EventId);
                }
            }
        }

        // Rule 5: nothing new is an idempotent retry, reported with the stored events' highest positions.
        if (fresh.Count == 0)
        {
            return Right<ConflictError, AppendDecision>(new AppendDecision.Retry(AppendResult.Succeeded(retryVersion, retryPosition, skipped ?? [])));
        }

        return Checked(request, facts, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fresh), now, skipped is null ? Empty : skipped.ToSeq().Strict());
    }

    // Rules 6 to 8 for the new events: the expected version, then positions and stamps in one copy per event.
    private static Either<ConflictError, AppendDecision> Checked(AppendRequest request, StreamFacts facts, ReadOnlySpan<DomainEvent> fresh, DateTimeOffset now, Seq<Guid> skipped)
    {
        if (!request.ExpectedVersion.IsSatisfiedBy(facts.Version))
        {
            return Left<ConflictError, AppendDecision>(new ConflictError(request.Stream.AggregateId, request.Stream.AggregateType, request.ExpectedVersion, facts.Version));
        }

        var storedAt = Time.Normalize(now);
        var positioned = new DomainEvent[fresh.Length];
        for (var i = 0; i < positioned.Length; i++)
        {
            var e = fresh[i];
            positioned[i] = e with
            {
                AggregateId = request.Stream.AggregateId,
                AggregateType = request.Stream.AggregateType,
                AggregateVersion = facts.Version + 1 + i,
                OccurredAt = Time.Normalize(e.OccurredAt),
            };
        }

        return Right<ConflictError, AppendDecision>(new AppendDecision.Write(request.Stream, facts.Version, positioned, storedAt, skipped));
    }
}
