// The scenario matrix of issue 6, run the same way for every backend over the store and its references.
namespace EventStore.Functional.Benchmarks;

/// <summary>
/// Runs every scenario on fresh subjects (new tables, files or instances made by their factories), so no scenario
/// measures what an earlier one left behind; the large-store scenarios reuse one seeded data set per subject.
/// </summary>
public sealed class Matrix(BenchmarkContext context, string backend)
{
    /// <summary>Makes a fresh, empty, initialised subject; <c>tag</c> names its table/file/schema.</summary>
    public delegate Task<IBenchTarget> Factory(string tag);

    /// <summary>
    /// 1-event appends with 1, 4 and 16 writers; 100-event batches with 1 and 4; 16 writers on one hot stream.
    /// <paramref name="pass"/>, when given, is added to each scenario's name (a second pass over other subjects).
    /// </summary>
    public async Task AppendsAsync(IReadOnlyList<(string Subject, Factory Create)> subjects, string pass = "")
    {
        ArgumentNullException.ThrowIfNull(subjects);
        foreach (var (size, writers) in new[] { (1, 1), (1, 4), (1, 16), (100, 1), (100, 4) })
        {
            await WithFreshAsync(subjects, $"a{size}w{writers}", targets => context.CompareAsync(backend, Scenarios.Append(size, writers) + pass, "events/s", writers,
                [.. targets.Select(t => (t.Subject, Call(async () =>
                {
                    await t.Target.AppendAsync(BenchEvents.NewId(), BenchEvents.Batch(size), newStream: true).ConfigureAwait(false);
                    return size;
                })))]));
        }

        await WithFreshAsync(subjects, "hot", async targets =>
        {
            var hot = BenchEvents.NewId();
            foreach (var (_, target) in targets)
            {
                await target.AppendAsync(hot, BenchEvents.Batch(1), newStream: true).ConfigureAwait(false);
            }

            return await context.CompareAsync(backend, Scenarios.HotStream + pass, "events/s", 16,
                [.. targets.Select(t => (t.Subject, Call(async () =>
                {
                    await t.Target.AppendAsync(hot, BenchEvents.Batch(1), newStream: false).ConfigureAwait(false);
                    return 1L;
                })))]).ConfigureAwait(false);
        });
    }

    /// <summary>GetEventsAsync of 100-event streams and EventExistsAsync, one caller, in a store of 100 such streams.</summary>
    public Task StreamReadsAsync(IReadOnlyList<(string Subject, Factory Create)> subjects) =>
        WithFreshAsync(subjects, "reads", async targets =>
        {
            var seeded = new List<(Guid[] Streams, Guid[] EventIds)>();
            foreach (var (_, target) in targets)
            {
                seeded.Add(await SeedStreamsAsync(target, 100).ConfigureAwait(false));
            }

            await context.CompareAsync(backend, Scenarios.GetEvents, "events/s", 1,
                [.. targets.Select((t, i) => (t.Subject, Call(Rotating(seeded[i].Streams, t.Target.ReadStreamAsync))))]).ConfigureAwait(false);
            return await context.CompareAsync(backend, Scenarios.Exists, "calls/s", 1,
                [.. targets.Select((t, i) => (t.Subject, Call(Rotating(seeded[i].EventIds, async id => await t.Target.ExistsAsync(id).ConfigureAwait(false) ? 1L : throw new InvalidOperationException($"{t.Subject}: a stored event was not found")))))]).ConfigureAwait(false);
        });

    /// <summary>Appends <paramref name="events"/> events to new streams in 1,000-event batches.</summary>
    public async Task SeedAsync(IBenchTarget target, int events)
    {
        ArgumentNullException.ThrowIfNull(target);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var done = 0; done < events; done += 1000)
        {
            await target.AppendAsync(BenchEvents.NewId(), BenchEvents.Batch(Math.Min(1000, events - done)), newStream: true).ConfigureAwait(false);
        }

        context.Output.WriteLine($"    seeded {events:N0} events in {started.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A full ordered read of the large data set by each subject (each already seeded with it).</summary>
    public Task ReadAllAsync(int events, IReadOnlyList<(string Subject, IBenchTarget Target)> seeded) =>
        context.CompareAsync(backend, Scenarios.ReadAll(events), "events/s", 1, [.. seeded.Select(s => (s.Subject, Call(s.Target.ReadAllAsync)))]);

    /// <summary>Append throughput and GetEventsAsync latency in a store holding the large data set against an empty one.</summary>
    public async Task GrowthAsync(IBenchTarget large, IBenchTarget empty)
    {
        var largeStreams = (await SeedStreamsAsync(large, 10).ConfigureAwait(false)).Streams;
        var emptyStreams = (await SeedStreamsAsync(empty, 10).ConfigureAwait(false)).Streams;
        await context.CompareAsync(backend, Scenarios.GrowthGetEvents, "events/s", 1,
            (Scenarios.Large, Rotating(largeStreams, large.ReadStreamAsync)), (Scenarios.Empty, Rotating(emptyStreams, empty.ReadStreamAsync))).ConfigureAwait(false);
        await context.CompareAsync(backend, Scenarios.GrowthAppend, "events/s", 1,
            (Scenarios.Large, AppendOne(large)), (Scenarios.Empty, AppendOne(empty))).ConfigureAwait(false);

        static Func<Task<long>> AppendOne(IBenchTarget target) => async () =>
        {
            await target.AppendAsync(BenchEvents.NewId(), BenchEvents.Batch(1), newStream: true).ConfigureAwait(false);
            return 1L;
        };
    }

    private static Func<Task<long>> Call(Func<Task<long>> call) => call;

    // Calls `call` on the items in turn (thread-safe), so successive calls touch different streams or events.
    private static Func<Task<long>> Rotating<T>(T[] items, Func<T, Task<long>> call)
    {
        var next = -1;
        return () => call(items[(int)((uint)Interlocked.Increment(ref next) % (uint)items.Length)]);
    }

    // `count` streams of 100 events, with the ids of their events.
    private static async Task<(Guid[] Streams, Guid[] EventIds)> SeedStreamsAsync(IBenchTarget target, int count)
    {
        var streams = new Guid[count];
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            streams[i] = BenchEvents.NewId();
            var batch = BenchEvents.Batch(100);
            ids.AddRange(batch.Select(e => e.EventId));
            await target.AppendAsync(streams[i], batch, newStream: true).ConfigureAwait(false);
        }

        return (streams, [.. ids]);
    }

    private static async Task WithFreshAsync(IReadOnlyList<(string Subject, Factory Create)> subjects, string tag, Func<List<(string Subject, IBenchTarget Target)>, Task<ScenarioResult>> run)
    {
        var targets = new List<(string Subject, IBenchTarget Target)>();
        try
        {
            foreach (var (subject, create) in subjects)
            {
                targets.Add((subject, await create(tag).ConfigureAwait(false)));
            }

            await run(targets).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (_, target) in targets)
            {
                await target.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
