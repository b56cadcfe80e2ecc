// The timed harness: runs each subject's calls from N writers for a window, interleaving subjects round by round.
using System.Diagnostics;

namespace EventStore.Functional.Benchmarks;

/// <summary>
/// A plain timed harness (not BenchmarkDotNet): each round gives every subject the same window, one after the other
/// (the order rotates each round), so the load of a shared machine falls on store and references alike. A subject's
/// rate in a round is its events over its own elapsed time; every call is timed for p50/p99.
/// </summary>
public sealed class BenchmarkContext(bool quick, TextWriter output)
{
    private readonly List<ScenarioResult> _results = [];
    private readonly List<(string Backend, string Note)> _notes = [];
    private readonly List<(string Title, string Markdown)> _sections = [];

    /// <summary>Small data sets and short windows: a smoke check that finishes in well under 3 minutes.</summary>
    public bool Quick { get; } = quick;

    public TextWriter Output { get; } = output;

    public IReadOnlyList<ScenarioResult> Results => _results;

    public IReadOnlyList<(string Backend, string Note)> Notes => _notes;

    /// <summary>Extra report sections (title, markdown body), in the order they were added.</summary>
    public IReadOnlyList<(string Title, string Markdown)> Sections => _sections;

    /// <summary>Rounds per measurement (the median is reported): five, so one round at a moment of slow fsync moves it less.</summary>
    public int Rounds => 5;

    /// <summary>How long each subject runs in each round (a long call such as a full read runs once, however long).</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(Quick ? 0.2 : 1.5);

    /// <summary>The machine's load average (1 minute) when the run started, from /proc/loadavg (null elsewhere).</summary>
    public string? LoadAtStart { get; } = LoadAverage();

    /// <summary>The 1-, 5- and 15-minute load averages now, or null where /proc/loadavg does not exist.</summary>
    public static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    /// <summary>How many events the "large store" scenarios hold (ReadAllAsync, growth).</summary>
    public int LargeStoreEvents => Quick ? 20_000 : 1_000_000;

    /// <summary>Adds a section to the report (after the backends' tables).</summary>
    public void Section(string title, string markdown) => _sections.Add((title, markdown));

    /// <summary>Records a line printed under the backend's table (server settings, what a reference does, …).</summary>
    public void Note(string backend, string note)
    {
        _notes.Add((backend, note));
        Output.WriteLine($"  note: {note}");
    }

    /// <summary>
    /// Measures one scenario: each subject's <c>call</c> (returning the events it handled) is run by
    /// <paramref name="writers"/> concurrent loops; the first subject is the store, the others its references.
    /// </summary>
    public async Task<ScenarioResult> CompareAsync(string backend, string scenario, string unit, int writers, params (string Subject, Func<Task<long>> Call)[] subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        foreach (var (subject, call) in subjects)
        {
            await WarmUpAsync(subject, writers, call);
        }

        var rates = subjects.Select(_ => new List<double>()).ToArray();
        var latencies = subjects.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var k = 0; k < subjects.Length; k++)
            {
                var s = (k + round) % subjects.Length;
                var (events, seconds, calls) = await RunWindowAsync(Window, writers, subjects[s].Call);
                rates[s].Add(events / seconds);
                latencies[s].AddRange(calls);
            }
        }

        var result = new ScenarioResult(backend, scenario, unit, [.. subjects.Select((s, i) => Measurement.From(s.Subject, rates[i], latencies[i]))]);
        _results.Add(result);
        Print(result);
        return result;
    }

    /// <summary>The longest untimed warm-up of one subject in one scenario (a full mode run; quick runs one short window).</summary>
    public TimeSpan MaxWarmUp => TimeSpan.FromSeconds(20);

    /// <summary>A warm-up window in which the JIT compiles at most this many methods counts as settled.</summary>
    public const int SettledJitMethods = 10;

    // Untimed windows until the JIT has settled: tiered compilation recompiles hot methods (tier 0, instrumented, then
    // optimised) on a background thread for seconds after they first run, longer on 2 busy cores. Measured on this
    // machine with 4 writers appending to PostgreSQL: 4,400 methods compiled in the first 6 s, client CPU per append
    // 340-540 µs until then and 176-197 µs after. A round measured before that would time the compiler, and more of
    // it for whichever subject has more code to tier up. Also warms pools and caches.
    private async Task WarmUpAsync(string subject, int writers, Func<Task<long>> call)
    {
        if (Quick)
        {
            await RunWindowAsync(TimeSpan.FromSeconds(0.05), writers, call);
            return;
        }

        var clock = Stopwatch.StartNew();
        int compiled;
        do
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await RunWindowAsync(TimeSpan.FromSeconds(0.5), writers, call);
            compiled = (int)(System.Runtime.JitInfo.GetCompiledMethodCount() - before);
        }
        while (compiled > SettledJitMethods && clock.Elapsed < MaxWarmUp);

        if (compiled > SettledJitMethods)
        {
            Output.WriteLine($"    warm-up of {subject}: the JIT still compiled {compiled} methods in its last window after {clock.Elapsed.TotalSeconds:F0} s");
        }
        else if (clock.Elapsed.TotalSeconds >= 2)
        {
            Output.WriteLine($"    warm-up of {subject}: {clock.Elapsed.TotalSeconds:F1} s until the JIT settled");
        }
    }

    // Runs `writers` loops of `call` until the window has passed (each loop at least once).
    private static async Task<(long Events, double Seconds, List<double> LatenciesMs)> RunWindowAsync(TimeSpan window, int writers, Func<Task<long>> call)
    {
        var clock = Stopwatch.StartNew();
        var loops = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            long done = 0;
            var latencies = new List<double>();
            do
            {
                var start = Stopwatch.GetTimestamp();
                done += await call().ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            while (clock.Elapsed < window);

            return (done, latencies);
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        return (loops.Sum(l => l.done), seconds, [.. loops.SelectMany(l => l.latencies)]);
    }

    private void Print(ScenarioResult result)
    {
        Output.WriteLine($"{result.Backend} | {result.Scenario}");
        foreach (var m in result.Subjects)
        {
            var ratio = m == result.Store ? "" : $"  store/this {result.RatioTo(m):F2}";
            Output.WriteLine($"    {m.Subject,-28} {m.Median,14:N0} {result.Unit} ({m.Min:N0}–{m.Max:N0})  p50 {m.P50Ms:F3} ms  p99 {m.P99Ms:F3} ms{ratio}");
        }
    }
}
