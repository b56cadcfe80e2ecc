// An append waiting for a writer: its validated request, its caller's token and the task its caller awaits.
using EventStore.Functional.Append;
using LanguageExt;

namespace EventStore.Functional.Postgres;

/// <summary>An append queued by <see cref="AppendScheduler"/>; completed exactly once, by whoever writes or cancels it.</summary>
internal sealed class PendingAppend(AppendRequest request, CancellationToken ct)
{
    private readonly TaskCompletionSource<Either<ConflictError, AppendResult>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AppendRequest Request { get; } = request;

    /// <summary>The caller's token: honoured while the append waits, and when it is written alone.</summary>
    public CancellationToken Ct { get; } = ct;

    /// <summary>Withdraws the append from the queue when its caller cancels (set once it is queued).</summary>
    public CancellationTokenRegistration Cancellation { get; set; }

    public Task<Either<ConflictError, AppendResult>> Task => _completion.Task;

    public void Complete(Either<ConflictError, AppendResult> result)
    {
        Cancellation.Dispose();
        _completion.TrySetResult(result);
    }

    public void Fail(Exception ex)
    {
        Cancellation.Dispose();
        _completion.TrySetException(ex);
    }

    public void Cancel() => _completion.TrySetCanceled(Ct);
}
