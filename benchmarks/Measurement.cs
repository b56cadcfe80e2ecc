// What one subject scored in one scenario: throughput over rounds and the latency of its calls.
namespace EventStore.Functional.Benchmarks;

/// <summary>Events (or calls) per second: median of the rounds with their min and max; latency of one call in ms.</summary>
public sealed record Measurement(string Subject, double Median, double Min, double Max, double P50Ms, double P99Ms, int Calls)
{
    public static Measurement From(string subject, List<double> rates, List<double> latenciesMs)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(latenciesMs);
        rates.Sort();
        latenciesMs.Sort();
        return new Measurement(subject, rates[rates.Count / 2], rates[0], rates[^1], Percentile(latenciesMs, 0.50), Percentile(latenciesMs, 0.99), latenciesMs.Count);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

/// <summary>One scenario of one backend: the store's measurement first, then each reference's.</summary>
public sealed record ScenarioResult(string Backend, string Scenario, string Unit, IReadOnlyList<Measurement> Subjects)
{
    public Measurement Store => Subjects[0];

    /// <summary>The store's median over that subject's (above 1: the store is faster).</summary>
    public double RatioTo(Measurement reference) => Store.Median / reference.Median;

    public Measurement? Find(string subject) => Subjects.FirstOrDefault(s => s.Subject == subject);
}
