// The core's verdict on an accepted append: write these positioned events, or it is an idempotent retry.
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>What a store must do for an accepted append: a closed set of two cases.</summary>
public abstract record AppendDecision
{
    private AppendDecision()
    {
    }

    /// <summary>Nothing new in the batch: write nothing and return <paramref name="Result"/>.</summary>
    public sealed record Retry(AppendResult Result) : AppendDecision;

    /// <summary>Write <paramref name="Events"/> atomically, provided the stream is still at <paramref name="CurrentVersion"/>.</summary>
    /// <param name="Stream">The target stream.</param>
    /// <param name="CurrentVersion">The version the decision was made against; a store whose stream moved meanwhile has a conflict.</param>
    /// <param name="Events">The new events, stamped with the stream's id and type, positions <c>CurrentVersion+1…</c> and microsecond UTC times, in batch order.</param>
    /// <param name="StoredAt">The batch's storage instant (UTC, microseconds).</param>
    /// <param name="Skipped">The ids skipped as repeats or already stored, once each, in order of first occurrence.</param>
    public sealed record Write(StreamKey Stream, long CurrentVersion, Seq<DomainEvent> Events, DateTimeOffset StoredAt, Seq<Guid> Skipped) : AppendDecision
    {
        /// <summary>The stream's version after the write.</summary>
        public long NewVersion => CurrentVersion + Events.Count;

        /// <summary>The result once the store knows the global position of the last event written.</summary>
        public AppendResult ResultAt(long lastGlobalPosition) => AppendResult.Succeeded(NewVersion, lastGlobalPosition, Skipped.IsEmpty ? [] : [.. Skipped]);
    }
}
