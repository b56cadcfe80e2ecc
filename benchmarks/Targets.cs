// Issue 6's targets, checked against the results of one run.
using System.Globalization;

namespace EventStore.Functional.Benchmarks;

/// <summary>One target: what is compared, the measured figure, the bound, whether it was met.</summary>
public sealed record TargetCheck(string Backend, string What, double Measured, string Bound, bool Met)
{
    public static IEnumerable<TargetCheck> All(IReadOnlyList<ScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var r in results.Where(r => !r.Scenario.StartsWith("growth", StringComparison.Ordinal)))
        {
            var oneWriterOneEvent = r.Scenario == Scenarios.Append(1, 1);
            switch (r.Backend)
            {
                case "postgres":
                    if (r.Find("raw Npgsql") is { } raw)
                    {
                        yield return AtLeast(r, raw, oneWriterOneEvent ? 0.6 : 0.7);
                    }

                    if (r.Find("Marten") is { } marten)
                    {
                        var bound = r.Scenario.StartsWith("append 1-event", StringComparison.Ordinal) ? 2.0
                            : r.Scenario.StartsWith("append 100-event", StringComparison.Ordinal) ? 1.3
                            : r.Scenario.StartsWith("ReadAllAsync", StringComparison.Ordinal) ? 1.5 : (double?)null;
                        if (bound is { } b)
                        {
                            yield return AtLeast(r, marten, b);
                        }
                    }

                    break;
                case "sqlite" when r.Find("raw Microsoft.Data.Sqlite") is { } rawSqlite:
                    yield return AtLeast(r, rawSqlite, 0.8);
                    break;
                case "memory" when r.Scenario == Scenarios.Append(1, 1):
                    yield return new TargetCheck(r.Backend, $"{r.Scenario}: events/s", r.Store.Median, "≥ 500,000", r.Store.Median >= 500_000);
                    break;
                case "memory" when r.Scenario == Scenarios.Append(100, 1):
                    yield return new TargetCheck(r.Backend, $"{r.Scenario}: events/s", r.Store.Median, "≥ 2,000,000", r.Store.Median >= 2_000_000);
                    break;
            }
        }

        foreach (var r in results.Where(r => r.Scenario == Scenarios.GrowthAppend && r.Find(Scenarios.Empty) is not null))
        {
            yield return new TargetCheck(r.Backend, "growth: append throughput, large ÷ empty", r.RatioTo(r.Find(Scenarios.Empty)!), "≥ 0.8", r.RatioTo(r.Find(Scenarios.Empty)!) >= 0.8);
        }

        foreach (var r in results.Where(r => r.Scenario == Scenarios.GrowthGetEvents && r.Find(Scenarios.Empty) is not null))
        {
            var ratio = r.Store.P50Ms / r.Find(Scenarios.Empty)!.P50Ms;
            yield return new TargetCheck(r.Backend, "growth: GetEventsAsync p50 latency, large ÷ empty", ratio, "≤ 1.5", ratio <= 1.5);
        }
    }

    public string MeasuredText => Measured >= 1000 ? Measured.ToString("N0", CultureInfo.InvariantCulture) : Measured.ToString("F3", CultureInfo.InvariantCulture);

    private static TargetCheck AtLeast(ScenarioResult r, Measurement reference, double bound) =>
        new(r.Backend, $"{r.Scenario}: store ÷ {reference.Subject}", r.RatioTo(reference), $"≥ {bound.ToString("0.0#", CultureInfo.InvariantCulture)}", r.RatioTo(reference) >= bound);
}
