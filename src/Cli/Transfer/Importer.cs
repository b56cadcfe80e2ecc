// Appends imported events in order, one batch per run of consecutive events of one stream, so a re-run writes nothing twice.
using EventStore.Functional.Cli.CommandLine;

namespace EventStore.Functional.Cli.Transfer;

/// <summary>
/// Copies events into a store in the order given. Consecutive events of one stream with contiguous positions and one
/// <c>StoredAt</c> (one original batch) are appended together, with <c>ExpectedVersion.Exact(first position - 1)</c>:
/// events already stored are then an idempotent retry (nothing written), and a stream that holds other events is a
/// conflict, reported rather than papered over. StoredAt is reproduced through the store's clock (<see cref="ReplayClock"/>).
/// Holds at most <see cref="MaxBatch"/> events.
/// </summary>
internal sealed class Importer(IEventStore store, ReplayClock clock, ImportStats stats)
{
    public const int MaxBatch = 1000;

    private readonly List<ImportedEvent> _batch = new(MaxBatch);

    /// <summary>Adds the next event, appending the pending batch first when this one does not continue it.</summary>
    public async Task AddAsync(ImportedEvent e, CancellationToken ct)
    {
        if (_batch.Count > 0 && !Continues(_batch[^1], e))
        {
            await FlushAsync(ct).ConfigureAwait(false);
        }

        _batch.Add(e);
        if (_batch.Count == MaxBatch)
        {
            await FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Appends the pending batch.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_batch.Count > 0)
        {
            await AppendAsync(_batch, ct).ConfigureAwait(false);
            _batch.Clear();
        }
    }

    private static bool Continues(ImportedEvent previous, ImportedEvent next) =>
        previous.Stream == next.Stream && next.StreamPosition == previous.StreamPosition + 1 && previous.StoredAt == next.StoredAt;

    private async Task AppendAsync(IReadOnlyList<ImportedEvent> batch, CancellationToken ct)
    {
        var stream = batch[0].Stream;
        long first = batch[0].StreamPosition, last = batch[^1].StreamPosition;
        clock.Now = batch[0].StoredAt;
        LanguageExt.Either<ConflictError, AppendResult> outcome;
        try
        {
            outcome = await store.TryAppendEventsAsync(stream.AggregateId, stream.AggregateType, [.. batch.Select(b => b.Event)], ExpectedVersion.Exact(first - 1), ct).ConfigureAwait(false);
        }
        catch (DuplicateEventException ex)
        {
            throw new CliFailure($"stream {stream.Id} position {first}: {ex.Message}", "the target store holds these events in another stream; import into an empty store.");
        }
        finally
        {
            clock.Now = null;
        }

        var (result, conflict) = outcome.Match(Right: r => (r, (ConflictError?)null), Left: c => ((AppendResult?)null, c));
        if (result is not null)
        {
            if (result.NewVersion != last)
            {
                throw new CliFailure($"stream {stream.Id}: the target holds these event ids at other positions (version {result.NewVersion}, expected {last}).", "import into an empty store.");
            }

            stats.AlreadyStored += result.SkippedEventIds.Count;
            stats.Written += batch.Count - result.SkippedEventIds.Count;
            stats.LastLineStored = batch[^1].Line;
            return;
        }

        var actual = conflict!.ActualVersion;
        if (actual >= first && actual < last)
        {
            // An earlier, interrupted run stored part of this run (its batches were cut differently): the stored part
            // must be an idempotent retry on its own, then the rest continues from the stream's version.
            var stored = (int)(actual - first + 1);
            await AppendAsync([.. batch.Take(stored)], ct).ConfigureAwait(false);
            await AppendAsync([.. batch.Skip(stored)], ct).ConfigureAwait(false);
            return;
        }

        throw new CliFailure(
            $"stream {stream.Id} is at version {actual} in the target, but the input's next event there is position {first}.",
            actual < first ? "import the earlier events first (export without --from)." : "the target holds other events for this stream; import into an empty store.");
    }
}
