// Why an append is refused as a value: a version conflict, or an id stored in another stream (a closed set of two).
namespace EventStore.Functional.Append;

/// <summary>
/// The refusals of <see cref="AppendDecider.Decide"/>: a closed set of two cases, so the decision is total (it never
/// throws). The facade answers <see cref="Conflict"/> with <see cref="ConflictError"/> (or
/// <see cref="OptimisticLockException"/>) and <see cref="DuplicateElsewhere"/> with <see cref="DuplicateEventException"/>.
/// </summary>
public abstract record AppendRejection
{
    private AppendRejection()
    {
    }

    /// <summary>The expected version does not hold (SPEC §3 rule 6).</summary>
    /// <param name="Error">The conflict as the facade reports it.</param>
    public sealed record Conflict(ConflictError Error) : AppendRejection;

    /// <summary>An id of the batch is stored in another stream (SPEC §3 rule 4): the first such, in batch order.</summary>
    /// <param name="EventId">The id.</param>
    /// <param name="StoredIn">The stream that holds it.</param>
    /// <param name="Target">The stream the append targets.</param>
    public sealed record DuplicateElsewhere(Guid EventId, string StoredIn, string Target) : AppendRejection;

    /// <summary>The exception the throwing facade raises for this refusal.</summary>
    public Exception ToException() => this switch
    {
        Conflict c => new OptimisticLockException(c.Error),
        DuplicateElsewhere d => new DuplicateEventException(d.EventId, d.StoredIn, d.Target),
        _ => throw new InvalidOperationException($"Unknown rejection {this}."),
    };
}
