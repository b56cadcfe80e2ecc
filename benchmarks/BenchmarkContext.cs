// Shared timing helpers and the result table every suite reports into.
using System.Diagnostics;

namespace EventStore.Functional.Benchmarks;

public sealed class BenchmarkContext(bool quick, TextWriter output)
{
    private readonly List<Row> _rows = [];

    /// <summary>Smaller data sets and fewer rounds: a smoke check, not a measurement.</summary>
    public bool Quick { get; } = quick;

    public TextWriter Output { get; } = output;

    public IReadOnlyList<Row> Rows => _rows;

    /// <summary>Rounds per measurement (the median is reported).</summary>
    public int Rounds => Quick ? 1 : 3;

    /// <summary>Runs <paramref name="round"/> <see cref="Rounds"/> times; each returns how many events it processed; reports events/s.</summary>
    public async Task<Stats> MeasureAsync(Func<Task<long>> round)
    {
        ArgumentNullException.ThrowIfNull(round);
        var rates = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var sw = Stopwatch.StartNew();
            var events = await round();
            rates.Add(events / sw.Elapsed.TotalSeconds);
        }

        rates.Sort();
        return new Stats(rates[rates.Count / 2], rates[0], rates[^1]);
    }

    /// <summary>Adds a result line: the store's figure beside a reference's (same scenario, same run).</summary>
    public void Report(string backend, string scenario, Stats store, string reference, Stats referenceStats)
    {
        var row = new Row(backend, scenario, store, reference, referenceStats);
        _rows.Add(row);
        Output.WriteLine(row.ToString());
    }

    public sealed record Stats(double Median, double Min, double Max)
    {
        public override string ToString() => $"{Median,12:N0} ev/s ({Min:N0}–{Max:N0})";
    }

    public sealed record Row(string Backend, string Scenario, Stats Store, string Reference, Stats ReferenceStats)
    {
        public double Ratio => Store.Median / ReferenceStats.Median;

        public override string ToString() =>
            $"{Backend,-9} {Scenario,-40} store {Store}   {Reference} {ReferenceStats}   ratio {Ratio:F2}";
    }
}
