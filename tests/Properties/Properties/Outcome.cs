// What one append did to the pure model: wrote events, was an idempotent retry, conflicted, or was rejected.
using EventStore.Functional.Model;

namespace EventStore.Functional.Tests.Properties;

/// <summary>The outcome of an append on the model.</summary>
internal abstract record Outcome
{
    private Outcome()
    {
    }

    /// <summary>New events were written; <paramref name="Store"/> is the model afterwards.</summary>
    public sealed record Written(AppendResult Result, ReferenceModel Store, IReadOnlyList<StoredEvent> NewEvents) : Outcome;

    /// <summary>Nothing new in the batch: success, nothing written.</summary>
    public sealed record Retried(AppendResult Result) : Outcome;

    /// <summary>The expected version did not hold.</summary>
    public sealed record Conflict(ConflictError Error) : Outcome;

    /// <summary>An argument, registry or duplicate-id error.</summary>
    public sealed record Rejected(Exception Error) : Outcome;
}
