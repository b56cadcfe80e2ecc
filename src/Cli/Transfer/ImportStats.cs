// What an import did: events read, written, and already present (idempotent retries).
namespace EventStore.Functional.Cli.Transfer;

/// <summary>Running totals of an import.</summary>
internal sealed class ImportStats
{
    public long Read { get; set; }

    public long Written { get; set; }

    public long AlreadyStored { get; set; }

    public long BytesRead { get; set; }

    /// <summary>The input line of the last event known to be in the target (0: none yet).</summary>
    public long LastLineStored { get; set; }
}
