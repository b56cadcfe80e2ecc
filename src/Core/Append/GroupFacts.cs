// What a store knows when it decides several appends in one transaction, one after the other.
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>
/// The facts for a group of appends that a store writes in one transaction (group commit): the versions of every stream
/// the group touches and where the group's event ids are already stored, as loaded under the streams' locks. Each member
/// is decided by <see cref="AppendDecider.Decide"/> on <see cref="For"/>, in turn, and a member's write moves its stream on
/// (<see cref="After"/>), so every member gets the verdict it would get if the members ran alone, one after the other.
/// </summary>
/// <remarks>
/// A group's members must have pairwise disjoint event ids: a member never needs to see an id an earlier member of the
/// same group writes (whose global position is not known until the insert). Stores keep an overlapping request for a
/// later group.
/// </remarks>
/// <param name="Versions">Each stream's current version, by stream id; a stream not listed is at version 0.</param>
/// <param name="Existing">The group's event ids already stored (anywhere), with their locations.</param>
public sealed record GroupFacts(HashMap<string, long> Versions, HashMap<Guid, EventLocation> Existing)
{
    /// <summary>The facts one member is decided on: its stream's version now, and which of its ids are stored.</summary>
    public StreamFacts For(AppendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existing = HashMap<Guid, EventLocation>.Empty;
        if (!Existing.IsEmpty)
        {
            foreach (var e in request.Events)
            {
                if (Existing.Find(e.EventId).Case is EventLocation at)
                {
                    existing = existing.AddOrUpdate(e.EventId, at);
                }
            }
        }

        return new StreamFacts(Versions.Find(request.Stream.Id).IfNone(0L), existing);
    }

    /// <summary>The facts after <paramref name="write"/>: its stream is at the write's new version.</summary>
    public GroupFacts After(AppendDecision.Write write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return this with { Versions = Versions.AddOrUpdate(write.Stream.Id, write.NewVersion) };
    }
}
