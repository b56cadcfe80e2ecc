// Group commit's scheduling: at most N append transactions at once per store; appends that arrive meanwhile wait and go together.
using EventStore.Functional.Append;
using LanguageExt;

namespace EventStore.Functional.Postgres;

/// <summary>
/// Runs a store's appends on at most <c>writers</c> transactions at a time, one stream in at most one of them. An append
/// that finds a writer free and its stream idle runs at once on the single-append path, with its caller's token, exactly
/// as without grouping. One that finds every writer busy, or its stream being written, waits; when a writer finishes it
/// takes every waiting append that can go (in arrival order, streams idle, event ids disjoint, up to a size) and writes
/// them as one group (<see cref="PostgresGroupWriter"/>): under load a transaction carries many appends, so the feed lock
/// and the WAL flush are paid once per group instead of once per append, and concurrent appends to one hot stream, which
/// the stream lock serialises until COMMIT, share commits instead of queueing for one each.
/// </summary>
/// <remarks>
/// A waiting append whose caller cancels is withdrawn and its task cancelled. Once taken, an append written alone (a
/// group of one, or a member appended again after its group failed) honours its token as any single append does; one
/// written with others is written whatever its token says (the group's transaction runs for all its members). Concurrent appends have no defined order
/// among themselves; appends of one caller, awaited one after the other, keep their order.
/// </remarks>
internal sealed class AppendScheduler(PostgresGroupWriter writer, int writers, Func<DateTimeOffset> clock)
{
    /// <summary>The most events one group writes (a group always takes at least one append, whatever its size).</summary>
    internal const int MaxGroupEvents = 1_000;

    private readonly Lock _gate = new();
    private readonly List<PendingAppend> _waiting = [];
    private readonly System.Collections.Generic.HashSet<StreamKey> _busyStreams = []; // by value: no id string formatted
    private int _running;
    private TaskCompletionSource? _drained;

    /// <summary>Test seam: how many appends are waiting for a writer.</summary>
    internal int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Completes once no append is running or waiting (for the store's disposal: accepted appends finish).</summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            if (_running == 0 && _waiting.Count == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>Appends <paramref name="request"/>, alone now or later in a group.</summary>
    public Task<Either<ConflictError, AppendResult>> AppendAsync(AppendRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new PendingAppend(request, ct);
        bool alone;
        lock (_gate)
        {
            alone = _running < writers && !_busyStreams.Contains(request.Stream);
            if (alone)
            {
                _running++;
                _busyStreams.Add(request.Stream);
            }
            else
            {
                _waiting.Add(pending);
            }
        }

        if (alone)
        {
            return RunAloneAsync(pending);
        }

        if (ct.CanBeCanceled)
        {
            pending.Registered(ct.Register(static state =>
            {
                var (scheduler, waiting) = ((AppendScheduler, PendingAppend))state!;
                scheduler.Withdraw(waiting);
            }, (this, pending)));
        }

        return pending.Task;
    }

    private async Task<Either<ConflictError, AppendResult>> RunAloneAsync(PendingAppend pending)
    {
        try
        {
            await writer.WriteAloneAsync(pending, clock()).ConfigureAwait(false);
        }
        finally
        {
            Finish([pending]);
        }

        return await pending.Task.ConfigureAwait(false);
    }

    // Never throws (it runs unobserved): every member is completed, with the failure if nothing else.
    private async Task RunGroupAsync(List<PendingAppend> group)
    {
        try
        {
            var now = clock();
            if (group.Count == 1)
            {
                await writer.WriteAloneAsync(group[0], now).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteAsync(group, now).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // a throwing clock: the members' callers get its exception (Fail does nothing to a completed one)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            group.ForEach(p => p.Fail(ex));
        }
        finally
        {
            Finish(group);
        }
    }

    // A writer is done: its streams are idle again, and it (and any other free writer) takes what can go now.
    private void Finish(List<PendingAppend> done)
    {
        List<List<PendingAppend>>? next = null;
        lock (_gate)
        {
            foreach (var p in done)
            {
                _busyStreams.Remove(p.Request.Stream);
            }

            _running--;
            while (_running < writers && TakeGroup() is { } group)
            {
                _running++;
                (next ??= []).Add(group);
            }

            SignalIfDrained();
        }

        // Each group runs in a fresh execution context: not the finishing caller's, whose AsyncLocals (activities, logging
        // scopes, an ambient transaction) are none of the group's business.
        using (ExecutionContext.SuppressFlow())
        {
            foreach (var group in next ?? [])
            {
                _ = Task.Run(() => RunGroupAsync(group));
            }
        }
    }

    // Under the gate: the waiting appends that can go together now, marked busy; null if none can.
    private List<PendingAppend>? TakeGroup()
    {
        List<PendingAppend>? group = null;
        System.Collections.Generic.HashSet<Guid> ids = [];
        System.Collections.Generic.HashSet<StreamKey> heldBack = []; // keeps each stream's arrival order
        var events = 0;
        for (var i = 0; i < _waiting.Count; i++)
        {
            var p = _waiting[i];
            var stream = p.Request.Stream;
            var fits = group is null || events + p.Request.Events.Count <= MaxGroupEvents;
            if (!fits || _busyStreams.Contains(stream) || heldBack.Contains(stream) || p.Request.Events.Any(e => ids.Contains(e.EventId)))
            {
                heldBack.Add(stream);
                continue;
            }

            (group ??= []).Add(p);
            events += p.Request.Events.Count;
            foreach (var e in p.Request.Events)
            {
                ids.Add(e.EventId);
            }
        }

        if (group is null)
        {
            return null;
        }

        foreach (var p in group)
        {
            _waiting.Remove(p);
            _busyStreams.Add(p.Request.Stream);
        }

        return group;
    }

    private void Withdraw(PendingAppend pending)
    {
        bool removed;
        lock (_gate)
        {
            removed = _waiting.Remove(pending);
            SignalIfDrained();
        }

        if (removed)
        {
            pending.Cancel();
        }
    }

    // Under the gate.
    private void SignalIfDrained()
    {
        if (_drained is not null && _running == 0 && _waiting.Count == 0)
        {
            _drained.TrySetResult();
            _drained = null;
        }
    }
}
