// What a store knows, at decision time, about the target stream and the batch's event ids.
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>The state an append decision needs: the stream's current version and where the batch's ids are already stored.</summary>
/// <param name="Version">The stream's current version (0 when absent).</param>
/// <param name="Existing">The batch's event ids already stored (anywhere), with their locations; ids not stored are absent.</param>
public sealed record StreamFacts(long Version, HashMap<Guid, EventLocation> Existing)
{
    /// <summary>A stream at <paramref name="version"/> none of whose batch ids is stored.</summary>
    public static StreamFacts AtVersion(long version) => new(version, HashMap<Guid, EventLocation>.Empty);
}
