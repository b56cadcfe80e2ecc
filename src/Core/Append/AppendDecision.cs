// The core's verdict on an append: write these positioned events, or it is an idempotent retry.
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

    /// <summary>Write <see cref="Events"/> atomically, provided the stream is still at <see cref="CurrentVersion"/>.</summary>
    /// <remarks>
    /// The events are held in the decision's own array; <see cref="Events"/> wraps it in a <see cref="Seq{A}"/> on first
    /// read, so a store that writes from the core's array (the in-memory one) makes none. Equality is structural.
    /// </remarks>
    public sealed record Write : AppendDecision
    {
        private readonly DomainEvent[] _batch; // never changed once made, never handed out
        private Seq<DomainEvent> _events;       // Events, made on first read

        /// <summary>A decision to write <paramref name="Events"/>.</summary>
        /// <param name="Stream">The target stream.</param>
        /// <param name="CurrentVersion">The version the decision was made against; a store whose stream moved meanwhile has a conflict.</param>
        /// <param name="Events">The new events, stamped with the stream's id and type, positions <c>CurrentVersion+1…</c> and microsecond UTC times, in batch order.</param>
        /// <param name="StoredAt">The batch's storage instant (UTC, microseconds).</param>
        /// <param name="Skipped">The ids skipped as repeats or already stored, once each, in order of first occurrence.</param>
        public Write(StreamKey Stream, long CurrentVersion, Seq<DomainEvent> Events, DateTimeOffset StoredAt, Seq<Guid> Skipped)
            : this(Stream, CurrentVersion, Events.ToArray(), StoredAt, Skipped) => _events = Events;

        // The core's constructor: `events` becomes the decision's own array.
        internal Write(StreamKey stream, long currentVersion, DomainEvent[] events, DateTimeOffset storedAt, Seq<Guid> skipped)
        {
            Stream = stream;
            CurrentVersion = currentVersion;
            _batch = events;
            StoredAt = storedAt;
            Skipped = skipped;
        }

        /// <summary>The target stream.</summary>
        public StreamKey Stream { get; init; }

        /// <summary>The version the decision was made against; a store whose stream moved meanwhile has a conflict.</summary>
        public long CurrentVersion { get; init; }

        /// <summary>The new events, stamped with the stream's id and type, positions <c>CurrentVersion+1…</c> and microsecond UTC times, in batch order.</summary>
        public Seq<DomainEvent> Events
        {
            get => EventBatch.AsSeq(ref _events, _batch);
            init
            {
                _events = value;
                _batch = value.ToArray();
            }
        }

        /// <summary>The batch's storage instant (UTC, microseconds).</summary>
        public DateTimeOffset StoredAt { get; init; }

        /// <summary>The ids skipped as repeats or already stored, once each, in order of first occurrence.</summary>
        public Seq<Guid> Skipped { get; init; }

        /// <summary>The new events (the decision's own array: read it, never write it).</summary>
        internal ReadOnlySpan<DomainEvent> Batch => _batch;

        /// <summary>The stream's version after the write.</summary>
        public long NewVersion => CurrentVersion + _batch.Length;

        /// <summary>The result once the store knows the global position of the last event written.</summary>
        public AppendResult ResultAt(long lastGlobalPosition) => AppendResult.Succeeded(NewVersion, lastGlobalPosition, Skipped.IsEmpty ? [] : [.. Skipped]);

        /// <summary>The decision's parts, as a positional record gives them.</summary>
        public void Deconstruct(out StreamKey Stream, out long CurrentVersion, out Seq<DomainEvent> Events, out DateTimeOffset StoredAt, out Seq<Guid> Skipped)
        {
            Stream = this.Stream;
            CurrentVersion = this.CurrentVersion;
            Events = this.Events;
            StoredAt = this.StoredAt;
            Skipped = this.Skipped;
        }

        /// <summary>Structural equality: every part equal, the events compared as records, in order.</summary>
        public bool Equals(Write? other) =>
            other is not null && Stream == other.Stream && CurrentVersion == other.CurrentVersion && StoredAt == other.StoredAt
            && Skipped == other.Skipped && _batch.AsSpan().SequenceEqual(other._batch);

        /// <inheritdoc />
        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Stream);
            hash.Add(CurrentVersion);
            hash.Add(StoredAt);
            return EventBatch.Hash(hash, _batch);
        }
    }
}
