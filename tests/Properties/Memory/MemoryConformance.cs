// The shared conformance suite, run on the in-memory store.
using EventStore.Functional.Tests.Conformance;

namespace EventStore.Functional.Tests.Memory;

public sealed class MemoryAppendTests(MemoryFixture fixture) : AppendConformance<MemoryFixture>(fixture);
