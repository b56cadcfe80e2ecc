// The order in which a read returns events.
namespace EventStore.Functional;

/// <summary>The order of a read.</summary>
public enum ReadDirection
{
    /// <summary>Oldest first (ascending position).</summary>
    Forward,

    /// <summary>Newest first (descending position).</summary>
    Backward,
}
