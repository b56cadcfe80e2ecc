// An append waiting for a writer: its validated request, its caller's token and the task its caller awaits.
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>An append queued by <see cref="GroupCommit"/>; completed exactly once, by whoever writes or cancels it.</summary>
internal sealed class PendingAppend(AppendRequest request, CancellationToken ct)
{
    private readonly TaskCompletionSource<Either<AppendRejection, AppendResult>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly Lock _gate = new();
    private CancellationTokenRegistration _cancellation;
    private bool _done;

    public AppendRequest Request { get; } = request;

    /// <summary>The caller's token: honoured while the append waits, and when it is written alone.</summary>
    public CancellationToken Ct { get; } = ct;

    public Task<Either<AppendRejection, AppendResult>> Task => _completion.Task;

    /// <summary>
    /// Keeps the registration that withdraws the append when its caller cancels, or disposes it at once if the append
    /// was already completed (a writer may take and finish it before its caller got to register).
    /// </summary>
    public void Registered(CancellationTokenRegistration registration)
    {
        lock (_gate)
        {
            if (!_done)
            {
                _cancellation = registration;
                return;
            }
        }

        registration.Dispose();
    }

    public void Complete(Either<AppendRejection, AppendResult> result)
    {
        Done();
        _completion.TrySetResult(result);
    }

    public void Fail(Exception ex)
    {
        Done();
        _completion.TrySetException(ex);
    }

    public void Cancel() => _completion.TrySetCanceled(Ct);

    private void Done()
    {
        CancellationTokenRegistration registration;
        lock (_gate)
        {
            _done = true;
            registration = _cancellation;
            _cancellation = default;
        }

        registration.Dispose();
    }
}
