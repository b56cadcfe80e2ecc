// A generated page size for paged reads.
namespace EventStore.Functional.Tests.Properties;

/// <summary>A positive page size.</summary>
public readonly record struct PageSize(int Value);
