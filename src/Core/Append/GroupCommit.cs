// Group commit: at most N append transactions at once per store; appends that arrive meanwhile wait and go together.
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>A store's sessions for <see cref="GroupCommit"/>: each call runs on a connection of its own.</summary>
internal interface IAppendPort
{
    /// <summary>
    /// Runs <paramref name="body"/> on a session of its own, translating the backend's failures into the library's
    /// (<see cref="EventStoreUnavailableException"/>; <see cref="AppendOutcomeUnknownException"/> for a write whose answer was lost).
    /// </summary>
    Task<T> RunAsync<T>(Func<IAppendSession, Task<T>> body, CancellationToken ct);
}

/// <summary>
/// Runs a store's appends on at most <c>writers</c> transactions at a time, one stream in at most one of them. An append
/// that finds a writer free and its stream idle runs at once on the single-append path, with its caller's token, exactly
/// as without grouping. One that finds every writer busy, or its stream being written, waits; when a writer finishes it
/// takes every waiting append that can go (in arrival order, streams idle, event ids disjoint, up to a size) and writes
/// them as one group, decided by <see cref="AppendFlow"/> in one transaction: under load a transaction carries many appends, so the feed lock
/// and the WAL flush are paid once per group instead of once per append, and concurrent appends to one hot stream, which
/// the stream lock serialises until COMMIT, share commits instead of queueing for one each.
/// </summary>
/// <remarks>
/// A refutation (the facts moved, or a unique index refused a row another server stored) is no failure: the flow decides
/// the group again on fresh facts. If a group's transaction fails in any other way (a deadlock, a lost connection, a
/// payload the codec refuses) every member is appended again on its own, in group order, so each caller gets exactly the outcome an
/// append of its own would have had; when the group's answer was lost after its write was sent
/// (<see cref="AppendOutcomeUnknownException"/>), a member whose own append then fails on the infrastructure has an
/// unknown outcome too (if the group did commit, the member's own append is an idempotent retry and settles it).
/// <para>
/// A waiting append whose caller cancels is withdrawn and its task cancelled. Once taken, an append written alone (a
/// group of one, or a member appended again after its group failed) honours its token as any single append does; one
/// written with others is written whatever its token says (the group's transaction runs for all its members). Concurrent appends have no defined order
/// among themselves; appends of one caller, awaited one after the other, keep their order.
/// </para>
/// </remarks>
internal sealed class GroupCommit(IAppendPort port, int writers, Func<DateTimeOffset> clock)
{
    /// <summary>The most events one group writes (a group always takes at least one append, whatever its size).</summary>
    internal const int MaxGroupEvents = 1_000;

    private readonly Lock _gate = new();
    private readonly List<PendingAppend> _waiting = [];
    private readonly System.Collections.Generic.HashSet<StreamKey> _busyStreams = []; // by value: no id string formatted
    private int _running;
    private TaskCompletionSource? _drained;
    private long _assumedWrites, _refuted, _groups, _assumedGroups, _refutedGroups, _groupFallbacks;

    /// <summary>Test counter: appends written alone in one round trip on assumed facts.</summary>
    internal long AssumedWrites => Interlocked.Read(ref _assumedWrites);

    /// <summary>Test counter: appends written alone whose assumed facts the store refuted (nothing written), decided again on loaded facts.</summary>
    internal long Refuted => Interlocked.Read(ref _refuted);

    /// <summary>Test counter: groups of two or more appends committed in one transaction.</summary>
    internal long Groups => Interlocked.Read(ref _groups);

    /// <summary>Test counter: groups written on the facts their members' exact expectations imply.</summary>
    internal long AssumedGroups => Interlocked.Read(ref _assumedGroups);

    /// <summary>Test counter: groups whose assumed facts the store refuted (nothing written), decided again on loaded facts.</summary>
    internal long RefutedGroups => Interlocked.Read(ref _refutedGroups);

    /// <summary>Test counter: groups whose transaction failed, their members appended again one by one.</summary>
    internal long GroupFallbacks => Interlocked.Read(ref _groupFallbacks);

    /// <summary>Test seam: why the last group fell back.</summary>
    internal Exception? LastFallbackCause { get; private set; }

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
    public Task<Either<AppendRejection, AppendResult>> AppendAsync(AppendRequest request, CancellationToken ct)
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
                var (scheduler, waiting) = ((GroupCommit, PendingAppend))state!;
                scheduler.Withdraw(waiting);
            }, (this, pending)));
        }

        return pending.Task;
    }

    private async Task<Either<AppendRejection, AppendResult>> RunAloneAsync(PendingAppend pending)
    {
        try
        {
            await WriteAloneAsync(pending, clock(), mayBeStored: false).ConfigureAwait(false);
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
                await WriteAloneAsync(group[0], now, mayBeStored: false).ConfigureAwait(false);
            }
            else
            {
                await WriteTogetherAsync(group, now).ConfigureAwait(false);
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

    // The group in one transaction; never throws (a member's failure is its own task's).
    private async Task WriteTogetherAsync(List<PendingAppend> group, DateTimeOffset now)
    {
        AppendFlowResult written;
        try
        {
            var members = group.Select(p => p.Request).ToSeq().Strict();
            written = await port.RunAsync(s => AppendFlow.RunAsync(s, members, now, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // whatever failed, each member is appended again and gets its own outcome
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LastFallbackCause = ex;
            Interlocked.Increment(ref _groupFallbacks);
            var mayBeStored = ex is AppendOutcomeUnknownException; // then a member that fails alone may still be stored by the group
            foreach (var member in group) // in group order, so each gets the verdict it would have had in the group
            {
                await WriteAloneAsync(member, now, mayBeStored).ConfigureAwait(false);
            }

            return;
        }

        Interlocked.Increment(ref _groups);
        if (written.OnAssumedFacts)
        {
            Interlocked.Increment(ref _assumedGroups);
        }
        else if (written.Refutations > 0)
        {
            Interlocked.Increment(ref _refutedGroups);
        }

        var i = 0;
        foreach (var result in written.Results)
        {
            group[i++].Complete(result);
        }
    }

    // One append in a transaction of its own, with its caller's token; never throws. mayBeStored: the append's group lost
    // its answer after its write was sent, so an infrastructure failure of this attempt leaves the outcome unknown.
    private async Task WriteAloneAsync(PendingAppend member, DateTimeOffset now, bool mayBeStored)
    {
        try
        {
            var written = await port.RunAsync(s => AppendFlow.RunAsync(s, Prelude.Seq1(member.Request), now, member.Ct), member.Ct).ConfigureAwait(false);
            if (written.OnAssumedFacts)
            {
                Interlocked.Increment(ref _assumedWrites);
            }
            else if (written.Refutations > 0)
            {
                Interlocked.Increment(ref _refuted);
            }

            member.Complete(written.Results[0]);
        }
        catch (OperationCanceledException) when (member.Ct.IsCancellationRequested)
        {
            member.Cancel();
        }
#pragma warning disable CA1031 // the member's caller gets the failure, whatever it is
        catch (Exception ex)
#pragma warning restore CA1031
        {
            member.Fail(mayBeStored && ex is EventStoreUnavailableException and not AppendOutcomeUnknownException
                ? new AppendOutcomeUnknownException(
                    $"The append to stream {member.Request.Stream.Id} was written in a group whose answer was lost, and its own attempt failed: its events may or may not be stored. {ex.Message}", ex)
                : ex);
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
