// A group of benchmark scenarios for one backend; discovered by reflection and selected by name.
namespace EventStore.Functional.Benchmarks;

public interface IBenchmarkSuite
{
    /// <summary>The name to select it on the command line (memory, sqlite, postgres, …).</summary>
    string Name { get; }

    Task RunAsync(BenchmarkContext context);
}
