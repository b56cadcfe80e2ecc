// The one effect loop of every store's retries: run an attempt, ask Retrying what next, wait or report.
using System.Runtime.CompilerServices;
using EventStore.Functional.Append;
using LanguageExt;

namespace EventStore.Functional.Retries;

/// <summary>
/// Runs a call again after a transient failure, as <see cref="Retrying"/> decides, for <see cref="EventStoreBase"/>. The
/// waits honour the caller's token (a cancelled wait ends the call with <see cref="OperationCanceledException"/>).
/// </summary>
internal static class RetryLoop
{
    /// <summary>
    /// An append: <paramref name="first"/> is the first attempt's verdict, <paramref name="again"/> makes the next. A
    /// verdict (a result or a refusal) ends the loop, and so does every exception that is not an
    /// <see cref="EventStoreUnavailableException"/>. When the loop gives up after an attempt that left the outcome
    /// unknown, it throws <see cref="AppendOutcomeUnknownException"/>, whatever the last attempt's failure was.
    /// </summary>
    public static async Task<Either<AppendRejection, AppendResult>> AppendAsync(RetryPolicy policy, AppendRequest request,
        Task<Either<AppendRejection, AppendResult>> first, Func<AppendRequest, CancellationToken, Task<Either<AppendRejection, AppendResult>>> again,
        CancellationToken ct)
    {
        var unknown = false;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            try
            {
                return await (attempt == 1 ? first : again(request, ct)).ConfigureAwait(false);
            }
            catch (Exception ex) when (Retrying.Next(policy, attempt, ex, unknown, Random.Shared.NextDouble()) is { } step)
            {
                unknown |= Retrying.LeavesOutcomeUnknown(ex);
                if (step is RetryStep.Stop stop)
                {
                    if (stop.OutcomeUnknown)
                    {
                        throw OutcomeUnknown(request, attempt, ex);
                    }

                    throw;
                }

                delay = ((RetryStep.Again)step).Delay;
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A call whose result is returned whole (so it can always be made again).</summary>
    public static async Task<T> RunAsync<T>(RetryPolicy policy, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            try
            {
                return await call(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (Retrying.Next(policy, attempt, ex, false, Random.Shared.NextDouble()) is RetryStep.Again again)
            {
                delay = again.Delay;
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A read that yields: opened again after a transient failure only while it has yielded nothing.</summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(RetryPolicy policy, Func<CancellationToken, IAsyncEnumerable<T>> open, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var yielded = false;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? delay = null;
            IAsyncEnumerator<T> items;
            try
            {
                items = open(ct).GetAsyncEnumerator(ct);
            }
            catch (Exception ex) when (Retrying.Next(policy, attempt, ex, false, Random.Shared.NextDouble()) is RetryStep.Again again)
            {
                await Task.Delay(again.Delay, ct).ConfigureAwait(false);
                continue;
            }

            try
            {
                while (delay is null)
                {
                    bool more;
                    try
                    {
                        more = await items.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!yielded && Retrying.Next(policy, attempt, ex, false, Random.Shared.NextDouble()) is RetryStep.Again again)
                    {
                        delay = again.Delay;
                        continue;
                    }

                    if (!more)
                    {
                        yield break;
                    }

                    yielded = true;
                    yield return items.Current;
                }
            }
            finally
            {
                await items.DisposeAsync().ConfigureAwait(false);
            }

            await Task.Delay(delay.Value, ct).ConfigureAwait(false);
        }
    }

    private static AppendOutcomeUnknownException OutcomeUnknown(AppendRequest request, int attempts, Exception last) =>
        new($"The append of {request.Events.Count} event(s) to stream {request.Stream.Id} may or may not have been written: an attempt "
            + $"sent its write to the database and lost the connection before the answer came back, and {attempts} attempt(s) could not "
            + "find out. Append the same batch again (an append is idempotent by event id: if it was stored, the call returns that "
            + $"write's numbers) or check EventExistsAsync. Last failure: {last.Message}",
            last is AppendOutcomeUnknownException { InnerException: { } cause } ? cause : last);
}
