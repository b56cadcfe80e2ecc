// The append decision (SPEC §3 rules 3 to 8) as pure functions of requests, facts and clock: one append, or a group in turn.
using LanguageExt;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Append;

/// <summary>
/// The pure append decision, total: every outcome is a value. <see cref="AppendFlow"/> runs it against a store's
/// facts; nothing here has effects, and the same inputs give the same verdict.
/// </summary>
public static class AppendDecider
{
    /// <summary>
    /// Decides an append: drops repeats inside the batch, skips ids already stored in this stream, rejects ids stored in
    /// another stream, treats a batch with nothing new as an idempotent retry, then checks the expected version and
    /// positions the new events.
    /// </summary>
    /// <returns>
    /// <c>Left</c> <see cref="AppendRejection.DuplicateElsewhere"/> when an id of the batch is stored in another stream (the
    /// first such, in batch order), <c>Left</c> <see cref="AppendRejection.Conflict"/> on a version conflict, else the
    /// decision to write or to report a retry.
    /// </returns>
    public static Either<AppendRejection, AppendDecision> Decide(AppendRequest request, StreamFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(facts);
        var events = request.Events;

        // Rule 3: keep each id's first occurrence; later copies are skipped.
        System.Collections.Generic.HashSet<Guid>? repeated = null;
        if (events.Count > 1)
        {
            var seen = new System.Collections.Generic.HashSet<Guid>(events.Count);
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

        // Rule 4: ids stored elsewhere are refused; ids stored in this stream are skipped. Skipped ids (and repeats) are
        // listed once each, in order of first occurrence.
        var streamId = request.Stream.Id;
        var fresh = new List<DomainEvent>(events.Count);
        var skipped = new List<Guid>();
        var kept = new System.Collections.Generic.HashSet<Guid>(events.Count);
        long retryVersion = 0, retryPosition = 0;
        foreach (var e in events)
        {
            if (!kept.Add(e.EventId))
            {
                continue; // a later copy of an id
            }

            if (facts.Existing.Find(e.EventId).Case is EventLocation at)
            {
                if (!string.Equals(at.StreamId, streamId, StringComparison.Ordinal))
                {
                    return Left<AppendRejection, AppendDecision>(new AppendRejection.DuplicateElsewhere(e.EventId, at.StreamId, streamId));
                }

                skipped.Add(e.EventId);
                retryVersion = Math.Max(retryVersion, at.StreamPosition);
                retryPosition = Math.Max(retryPosition, at.GlobalPosition);
            }
            else
            {
                fresh.Add(e);
                if (repeated is not null && repeated.Contains(e.EventId))
                {
                    skipped.Add(e.EventId);
                }
            }
        }

        // Rule 5: nothing new is an idempotent retry, reported with the stored events' highest positions.
        if (fresh.Count == 0)
        {
            return Right<AppendRejection, AppendDecision>(new AppendDecision.Retry(AppendResult.Succeeded(retryVersion, retryPosition, skipped)));
        }

        return Checked(request, facts, fresh.ToSeq(), now, skipped.ToSeq().Strict());
    }

    /// <summary>
    /// Decides a group's members in turn on <paramref name="facts"/>, a member's write moving its stream on for the members
    /// after it (<see cref="GroupFacts.After"/>): each gets the verdict it would get running alone, one after the other.
    /// The members' event ids must be pairwise disjoint (a member never needs an id an earlier member writes, whose
    /// global position is not known until the insert); group commit keeps an overlapping request for a later group.
    /// </summary>
    /// <exception cref="ArgumentException">Two members share an event id.</exception>
    public static GroupDecision DecideGroup(Seq<AppendRequest> members, GroupFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (members.Count > 1)
        {
            var owner = new Dictionary<Guid, int>();
            var m = 0;
            foreach (var member in members)
            {
                foreach (var id in member.DistinctEventIds)
                {
                    if (!owner.TryAdd(id, m))
                    {
                        throw new ArgumentException($"Members {owner[id]} and {m} of the group both carry event {id:D}; a group's members must have disjoint event ids.", nameof(members));
                    }
                }

                m++;
            }
        }

        var basis = facts;
        var verdicts = new Either<AppendRejection, AppendDecision>[members.Count];
        var i = 0;
        foreach (var member in members)
        {
            var verdict = Decide(member, facts.For(member), now);
            if (verdict.Case is AppendDecision.Write write)
            {
                facts = facts.After(write);
            }

            verdicts[i++] = verdict;
        }

        return new GroupDecision(members, basis, verdicts.ToSeq(), Time.Normalize(now));
    }

    /// <summary>
    /// The facts a group's expectations imply, if they imply any: when the first member of every stream of the group
    /// expects an exact version (<c>NoStream</c> is <c>Exact(0)</c>), each stream at that version and none of the group's
    /// ids stored — the facts under which those members write all their events. None when some stream's first member
    /// expects <c>Any</c> or <c>StreamExists</c>, which say nothing of the version.
    /// </summary>
    public static Option<GroupFacts> Assumed(Seq<AppendRequest> members)
    {
        var versions = HashMap<string, long>();
        foreach (var member in members)
        {
            var stream = member.Stream.Id;
            if (!versions.ContainsKey(stream))
            {
                if (member.ExpectedVersion.Value < 0)
                {
                    return None;
                }

                versions = versions.Add(stream, member.ExpectedVersion.Value);
            }
        }

        return new GroupFacts(versions, HashMap<Guid, EventLocation>());
    }

    // Rules 6 to 8 for the new events: the expected version, then positions and stamps in one copy per event.
    private static Either<AppendRejection, AppendDecision> Checked(AppendRequest request, StreamFacts facts, Seq<DomainEvent> fresh, DateTimeOffset now, Seq<Guid> skipped)
    {
        if (!request.ExpectedVersion.IsSatisfiedBy(facts.Version))
        {
            return Left<AppendRejection, AppendDecision>(new AppendRejection.Conflict(
                new ConflictError(request.Stream.AggregateId, request.Stream.AggregateType, request.ExpectedVersion, facts.Version)));
        }

        var stream = request.Stream;
        var positioned = new DomainEvent[fresh.Count];
        var i = 0;
        foreach (var e in fresh)
        {
            positioned[i] = e with
            {
                AggregateId = stream.AggregateId,
                AggregateType = stream.AggregateType,
                AggregateVersion = facts.Version + 1 + i,
                OccurredAt = Time.Normalize(e.OccurredAt),
            };
            i++;
        }

        return Right<AppendRejection, AppendDecision>(new AppendDecision.Write(stream, facts.Version, Seqs.Own(positioned), Time.Normalize(now), skipped));
    }
}
