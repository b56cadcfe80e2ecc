// The value a failed expected-version check produces: the conflict as data, not as an exception.
namespace EventStore.Functional;

/// <summary>An append's expected version did not match the stream's actual version; nothing was written.</summary>
/// <param name="AggregateId">The aggregate appended to.</param>
/// <param name="AggregateType">Its type.</param>
/// <param name="ExpectedVersion">What the append expected.</param>
/// <param name="ActualVersion">The stream's version when the append was decided.</param>
public sealed record ConflictError(Guid AggregateId, string AggregateType, ExpectedVersion ExpectedVersion, long ActualVersion)
{
    /// <summary>A human-readable description, as in <see cref="OptimisticLockException"/>'s message.</summary>
    public string Message =>
        $"Optimistic lock error for {AggregateType} {AggregateId:D}: expected version {Describe(ExpectedVersion)}, but current version is {ActualVersion}";

    private static string Describe(ExpectedVersion expected) =>
        expected.Value >= 0 ? $"{expected.Value}" : $"{expected.Value} ({expected})";
}
