// Benchmark runner: `dotnet run -c Release --project benchmarks -- [--quick] [--out file.md] [suite…]` (default: every suite).
using System.Diagnostics;
using System.Reflection;
using EventStore.Functional.Benchmarks;

var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var outPath = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : null;
var wanted = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (outIndex < 0 || i != outIndex + 1))
    .ToHashSet(StringComparer.OrdinalIgnoreCase);
var suites = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmarkSuite).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t)!)
    .Where(s => wanted.Count == 0 || wanted.Contains(s.Name))
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();
if (suites.Count == 0)
{
    Console.Error.WriteLine($"benchmarks: no suite matches {string.Join(", ", wanted)}.");
    return 2;
}

// A full run of every suite writes docs/benchmarks.md (found from the working directory up); --out names another file.
outPath ??= quick || wanted.Count > 0 ? null : FindDocs();
var context = new BenchmarkContext(quick, Console.Out);
var clock = Stopwatch.StartNew();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; mode: {(quick ? "quick" : "full")}");
foreach (var suite in suites)
{
    Console.WriteLine($"== {suite.Name}");
    await suite.RunAsync(context);
}

Console.WriteLine();
foreach (var target in TargetCheck.All(context.Results))
{
    Console.WriteLine($"{(target.Met ? "met   " : "MISSED")} {target.Backend,-9} {target.What}: {target.MeasuredText} (target {target.Bound})");
}

if (outPath is not null)
{
    var shown = args.Where((_, i) => outIndex < 0 || (i != outIndex && i != outIndex + 1)).ToArray(); // not where this copy went
    var command = "dotnet run -c Release --project benchmarks" + (shown.Length > 0 ? " -- " + string.Join(' ', shown) : "");
    await File.WriteAllTextAsync(outPath, MarkdownReport.Render(context, command, clock.Elapsed) + MarkdownReport.KeptAnalysis(outPath));
    Console.WriteLine($"wrote {outPath}");
}

Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F0} s");
return 0;

static string? FindDocs()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "EventStore.Functional.sln")))
        {
            return Path.Combine(dir.FullName, "docs", "benchmarks.md");
        }
    }

    return null;
}
