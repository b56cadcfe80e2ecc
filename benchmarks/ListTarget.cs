// The memory reference: a plain List under a lock, with the two lookups a List alone cannot answer quickly.
namespace EventStore.Functional.Benchmarks;

/// <summary>
/// Every event in one <see cref="List{T}"/> under a lock, plus a per-stream list and a set of event ids (the least a
/// List needs to serve a stream read or an existence check without scanning): no validation, no version check.
/// </summary>
public sealed class ListTarget : IBenchTarget
{
    private readonly Lock _gate = new();
    private readonly List<DomainEvent> _all = [];
    private readonly Dictionary<Guid, List<DomainEvent>> _streams = [];
    private readonly HashSet<Guid> _ids = [];

    public Task AppendAsync(Guid stream, IReadOnlyList<DomainEvent> events, bool newStream)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_gate)
        {
            if (!_streams.TryGetValue(stream, out var list))
            {
                _streams[stream] = list = [];
            }

            foreach (var e in events)
            {
                _ids.Add(e.EventId);
            }

            list.AddRange(events);
            _all.AddRange(events);
        }

        return Task.CompletedTask;
    }

    public Task<long> ReadStreamAsync(Guid stream)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_streams[stream].ToArray().Length);
        }
    }

    public Task<long> ReadAllAsync()
    {
        DomainEvent[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _all];
        }

        long count = 0;
        foreach (var e in snapshot)
        {
            count += e is BenchEvent ? 1 : 0;
        }

        return Task.FromResult(count);
    }

    public Task<bool> ExistsAsync(Guid eventId)
    {
        lock (_gate)
        {
            return Task.FromResult(_ids.Contains(eventId));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
