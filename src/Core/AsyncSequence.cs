// Turns an in-memory lazy sequence into an IAsyncEnumerable that honours cancellation between items.
using System.Runtime.CompilerServices;

namespace EventStore.Functional;

/// <summary>Helpers for <see cref="IAsyncEnumerable{T}"/>.</summary>
internal static class AsyncSequence
{
    /// <summary>Yields <paramref name="source"/>'s items (produced lazily by <paramref name="source"/>), checking <paramref name="ct"/> before each.</summary>
    public static async IAsyncEnumerable<T> From<T>(Func<IEnumerable<T>> source, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var item in source())
        {
            ct.ThrowIfCancellationRequested();
            yield return item;
        }
    }
}
