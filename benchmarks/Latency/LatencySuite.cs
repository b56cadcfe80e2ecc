// The "latency" suite: runs the BenchmarkDotNet benchmarks in this process and keeps their table for the report.
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace EventStore.Functional.Benchmarks.Latency;

/// <summary>
/// Single-threaded latency with BenchmarkDotNet (the timed suites measure concurrent throughput). In-process, so it
/// shares this run's machine state; a quick run does one dry iteration per case, only to prove the cases run.
/// </summary>
public sealed class LatencySuite : IBenchmarkSuite
{
    public string Name => "latency";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = (context.Quick ? Job.Dry : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.P50, StatisticColumn.P95)
            .AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "esf-benchmarkdotnet"))
            .WithOptions(ConfigOptions.JoinSummary);
        try
        {
            var summary = BenchmarkRunner.Run<LatencyBenchmarks>(config);
            var table = new AccumulationLogger();
            MarkdownExporter.GitHub.ExportToLog(summary, table);
            context.Section("Single-threaded latency (BenchmarkDotNet)",
                $"One caller, one operation at a time, every subject of every backend in one BenchmarkDotNet run (in-process toolchain, {(context.Quick ? "dry job: one iteration, not a measurement" : "1 launch, 3 warm-up and 10 measured iterations")}). " +
                "Mean, P50 and P95 are per operation; Allocated is managed memory per operation in this process (a server's own memory is not counted)." +
                Environment.NewLine + Environment.NewLine + table.GetLog());
        }
        finally
        {
            await LatencySubjects.DisposeAsync().ConfigureAwait(false);
        }
    }
}
