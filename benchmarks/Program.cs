// Benchmark runner: `dotnet run -c Release --project benchmarks -- [--quick] [suite…]` (default: every suite).
using System.Reflection;
using EventStore.Functional.Benchmarks;

var quick = args.Contains("--quick");
var wanted = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
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

var context = new BenchmarkContext(quick, Console.Out);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; mode: {(quick ? "quick" : "full")}");
foreach (var suite in suites)
{
    Console.WriteLine($"== {suite.Name}");
    await suite.RunAsync(context);
}

return 0;
