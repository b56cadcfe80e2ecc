// The model-based property on a store with gaps in its global positions (the PostgreSQL case, simulated in memory).
namespace EventStore.Functional.Tests.Properties;

public sealed class SparsePositionsModelProperties(SparsePositionsFixture fixture) : ModelBasedProperties<SparsePositionsFixture>(fixture);
