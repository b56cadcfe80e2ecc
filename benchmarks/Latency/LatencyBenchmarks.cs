// BenchmarkDotNet: the single-threaded latency of one append, one 100-event stream read and one existence check.
using BenchmarkDotNet.Attributes;

namespace EventStore.Functional.Benchmarks.Latency;

/// <summary>
/// One caller, one operation at a time, for every subject of <see cref="LatencySubjects"/>: a 1-event append to a new
/// stream, <c>GetEventsAsync</c> of a 100-event stream (rotating over 100 such streams) and <c>EventExistsAsync</c> of a
/// stored id. BenchmarkDotNet handles warm-up, iteration sizing, outliers and the statistics.
/// </summary>
[MemoryDiagnoser]
public class LatencyBenchmarks
{
    private IBenchTarget? _target;
    private Guid[] _streams = [];
    private Guid[] _ids = [];
    private int _next;

    /// <summary>The subject measured, "backend subject".</summary>
    [ParamsSource(nameof(Subjects))]
    public string Subject { get; set; } = "";

    public static IEnumerable<string> Subjects => LatencySubjects.Names;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _target = await LatencySubjects.CreateAsync(Subject).ConfigureAwait(false);
        _streams = new Guid[100];
        var ids = new List<Guid>();
        for (var i = 0; i < _streams.Length; i++)
        {
            _streams[i] = BenchEvents.NewId();
            var batch = BenchEvents.Batch(100);
            ids.AddRange(batch.Select(e => e.EventId));
            await _target.AppendAsync(_streams[i], batch, newStream: true).ConfigureAwait(false);
        }

        _ids = [.. ids];
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A 1-event append to a new stream.</summary>
    [Benchmark]
    public Task AppendOneEvent() => _target!.AppendAsync(BenchEvents.NewId(), BenchEvents.Batch(1), newStream: true);

    /// <summary><c>GetEventsAsync</c> of a 100-event stream.</summary>
    [Benchmark]
    public Task<long> GetEvents100() => _target!.ReadStreamAsync(_streams[_next++ % _streams.Length]);

    /// <summary><c>EventExistsAsync</c> of a stored id.</summary>
    [Benchmark]
    public async Task<bool> EventExists() =>
        await _target!.ExistsAsync(_ids[_next++ % _ids.Length]).ConfigureAwait(false) ? true : throw new InvalidOperationException($"{Subject}: a stored event was not found.");
}
