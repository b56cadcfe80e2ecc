// Thrown by AppendEventsAsync when the expected version does not match; TryAppendEventsAsync returns the ConflictError instead.
namespace EventStore.Functional;

/// <summary>An append's expected version did not match the stream's version. Nothing was written.</summary>
public sealed class OptimisticLockException : EventStoreException
{
    /// <summary>Creates the exception from the core's conflict value.</summary>
    public OptimisticLockException(ConflictError error) : base((error ?? throw new ArgumentNullException(nameof(error))).Message) => Error = error;

    /// <summary>The conflict as a value.</summary>
    public ConflictError Error { get; }

    /// <summary>The expected-version code the append passed (-1 Any, -2 StreamExists, n exact).</summary>
    public long ExpectedVersion => Error.ExpectedVersion.Value;

    /// <summary>The stream's actual version when the append was decided.</summary>
    public long ActualVersion => Error.ActualVersion;

    /// <summary>The aggregate appended to.</summary>
    public Guid AggregateId => Error.AggregateId;

    /// <summary>The aggregate's type.</summary>
    public string AggregateType => Error.AggregateType;
}
