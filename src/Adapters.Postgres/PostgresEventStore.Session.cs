// The store's first call (or InitializeAsync) checks once that its connections keep their server session; every call waits for that.
using System.Runtime.CompilerServices;

using EventStore.Functional.Postgres.Internal;

namespace EventStore.Functional.Postgres;

public sealed partial class PostgresEventStore
{
    private readonly object _sessionGate = new();
    private Task? _sessionCheck;
    private volatile bool _sessionChecked;

    // Runs `operation` once the session check has passed (a field read after the first call); the caller's token ends
    // its wait for a first check.
    private Task<T> Checked<T>(CancellationToken ct, Func<Task<T>> operation) => _sessionChecked ? operation() : AfterCheckAsync(ct, operation);

    private async Task<T> AfterCheckAsync<T>(CancellationToken ct, Func<Task<T>> operation)
    {
        await SessionCheckAsync(ct).ConfigureAwait(false);
        return await operation().ConfigureAwait(false);
    }

    // A read: unwrapped once the check has passed, so a long read pays nothing per event.
    private IAsyncEnumerable<T> Checked<T>(IAsyncEnumerable<T> source, CancellationToken ct) => _sessionChecked ? source : AfterCheck(source, ct);

    private async IAsyncEnumerable<T> AfterCheck<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await SessionCheckAsync(ct).ConfigureAwait(false);
        await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    // One check shared by concurrent first calls. A refusal (PostgresPoolingException) is kept, so every later call gets
    // it too; any other failure (the server unreachable) is forgotten, so the next call checks again.
    private Task SessionCheckAsync(CancellationToken ct)
    {
        Task check;
        lock (_sessionGate)
        {
            check = _sessionCheck ??= PostgresErrors.Guard(StoreName, async () =>
            {
                await SessionCheck.RunAsync(_dataSource, StoreName, CancellationToken.None).ConfigureAwait(false);
                _sessionChecked = true;
                return true;
            });
        }

        return WaitAsync(check, ct);
    }

    private async Task WaitAsync(Task check, CancellationToken ct)
    {
        try
        {
            await check.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not PostgresPoolingException && ex is not OperationCanceledException)
        {
            lock (_sessionGate)
            {
                if (ReferenceEquals(_sessionCheck, check))
                {
                    _sessionCheck = null;
                }
            }

            throw;
        }
    }
}
