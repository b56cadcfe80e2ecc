// The model-based property on the in-memory store (cheap, so it runs more cases than the database backends).
using EventStore.Functional.Tests.Memory;

namespace EventStore.Functional.Tests.Properties;

public sealed class MemoryModelProperties(MemoryFixture fixture) : ModelBasedProperties<MemoryFixture>(fixture)
{
    [StoreProperty(MaxTest = 200)]
    public override Task Every_append_and_read_agrees_with_the_model(Session session) => base.Every_append_and_read_agrees_with_the_model(session);
}
