// The floor of the memory appends: each event kept in one List under a lock, with nothing to find it by.
namespace EventStore.Functional.Benchmarks;

/// <summary>
/// Keeps every appended event in one <see cref="List{T}"/> under a lock and does nothing else: no per-stream list, no
/// id set, no validation. Any store that keeps its events on the managed heap does at least this, so its rate under the
/// same harness (which also makes each event and times each call) bounds such a store's on the machine. It takes part in
/// the append scenarios only, in a pass of its own: with nothing to find a stream or an id by, it cannot serve the reads.
/// </summary>
public sealed class KeepListTarget : IBenchTarget
{
    private readonly Lock _gate = new();
    private readonly List<DomainEvent> _all = [];

    public Task AppendAsync(Guid stream, IReadOnlyList<DomainEvent> events, bool newStream)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_gate)
        {
            _all.AddRange(events);
        }

        return Task.CompletedTask;
    }

    public Task<long> ReadStreamAsync(Guid stream) => throw Unsupported(nameof(ReadStreamAsync));

    public Task<long> ReadAllAsync() => throw Unsupported(nameof(ReadAllAsync));

    public Task<bool> ExistsAsync(Guid eventId) => throw Unsupported(nameof(ExistsAsync));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static NotSupportedException Unsupported(string operation) =>
        new($"{nameof(KeepListTarget)} keeps no index and takes part in the append scenarios only, not in {operation}.");
}
