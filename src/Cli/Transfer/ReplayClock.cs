// A clock that tells the target store the StoredAt of the batch being imported, so imports keep the original times.
namespace EventStore.Functional.Cli.Transfer;

/// <summary>
/// The clock the importer gives the target store (every store takes a <see cref="TimeProvider"/> for <c>StoredAt</c>).
/// While <see cref="Now"/> is set it returns that instant; otherwise the system time. The importer appends one batch
/// at a time and sets <see cref="Now"/> to the batch's original <c>StoredAt</c> just before.
/// </summary>
internal sealed class ReplayClock : TimeProvider
{
    public DateTimeOffset? Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now ?? base.GetUtcNow();
}
