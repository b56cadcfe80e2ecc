// The shared conformance suite, run on the in-memory store.
using EventStore.Functional.Tests.Conformance;

namespace EventStore.Functional.Tests.Memory;

public sealed class MemoryAppendTests(MemoryFixture fixture) : AppendConformance<MemoryFixture>(fixture);

public sealed class MemoryAppendIdempotencyTests(MemoryFixture fixture) : AppendIdempotencyConformance<MemoryFixture>(fixture);

public sealed class MemoryAppendExpectedVersionTests(MemoryFixture fixture) : AppendExpectedVersionConformance<MemoryFixture>(fixture);

public sealed class MemoryAppendValidationTests(MemoryFixture fixture) : AppendValidationConformance<MemoryFixture>(fixture);

public sealed class MemoryGetEventsTests(MemoryFixture fixture) : GetEventsConformance<MemoryFixture>(fixture);

public sealed class MemoryReadStreamTests(MemoryFixture fixture) : ReadStreamConformance<MemoryFixture>(fixture);

public sealed class MemoryReadAllTests(MemoryFixture fixture) : ReadAllConformance<MemoryFixture>(fixture);

public sealed class MemoryByTypeTests(MemoryFixture fixture) : ByTypeConformance<MemoryFixture>(fixture);

public sealed class MemoryMetadataTests(MemoryFixture fixture) : MetadataConformance<MemoryFixture>(fixture);

public sealed class MemoryCodecTests(MemoryFixture fixture) : CodecConformance<MemoryFixture>(fixture);

public sealed class MemoryTutorialTests(MemoryFixture fixture) : TutorialConformance<MemoryFixture>(fixture);

public sealed class MemoryBadInputTests(MemoryFixture fixture) : BadInputConformance<MemoryFixture>(fixture);

public sealed class MemoryCodecLimitsTests(MemoryFixture fixture) : CodecLimitsConformance<MemoryFixture>(fixture);

public sealed class MemoryEnvelopeTests(MemoryFixture fixture) : EnvelopeConformance<MemoryFixture>(fixture);

public sealed class MemoryConcurrencyTests(MemoryFixture fixture) : ConcurrencyConformance<MemoryFixture>(fixture);

public sealed class MemoryInspectorTests(MemoryFixture fixture) : InspectorConformance<MemoryFixture>(fixture);

public sealed class MemorySerializationTests(MemoryFixture fixture) : SerializationConformance<MemoryFixture>(fixture);

public sealed class MemoryDisposalTests(MemoryFixture fixture) : DisposalConformance<MemoryFixture>(fixture);
