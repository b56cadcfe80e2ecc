// The shared conformance suite and properties, run on PostgreSQL: one line per area, each in the PostgreSQL collection
// (see PostgresCollection for why these classes must not run in parallel with each other).
using EventStore.Functional.Tests.Conformance;
using EventStore.Functional.Tests.Properties;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAppendTests(PostgresFixture fixture) : AppendConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAppendIdempotencyTests(PostgresFixture fixture) : AppendIdempotencyConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAppendExpectedVersionTests(PostgresFixture fixture) : AppendExpectedVersionConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAppendValidationTests(PostgresFixture fixture) : AppendValidationConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresGetEventsTests(PostgresFixture fixture) : GetEventsConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReadStreamTests(PostgresFixture fixture) : ReadStreamConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReadAllTests(PostgresFixture fixture) : ReadAllConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresByTypeTests(PostgresFixture fixture) : ByTypeConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMetadataTests(PostgresFixture fixture) : MetadataConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCodecTests(PostgresFixture fixture) : CodecConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTutorialTests(PostgresFixture fixture) : TutorialConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBadInputTests(PostgresFixture fixture) : BadInputConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCodecLimitsTests(PostgresFixture fixture) : CodecLimitsConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEnvelopeTests(PostgresFixture fixture) : EnvelopeConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrencyTests(PostgresFixture fixture) : ConcurrencyConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresModelProperties(PostgresFixture fixture) : ModelBasedProperties<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresInspectorTests(PostgresFixture fixture) : InspectorConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSerializationTests(PostgresFixture fixture) : SerializationConformance<PostgresFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDisposalTests(PostgresFixture fixture) : DisposalConformance<PostgresFixture>(fixture);

// The read areas again on stores whose reads page every 3 rows and decode ahead every 2, so the decode-ahead and its
// page crossings, failures and early exits meet the same conformance tests and model as the default settings.
[Collection(PostgresCollection.Name)]
public sealed class PostgresChunkedReadStreamTests(PostgresChunkedReadsFixture fixture) : ReadStreamConformance<PostgresChunkedReadsFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresChunkedReadAllTests(PostgresChunkedReadsFixture fixture) : ReadAllConformance<PostgresChunkedReadsFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresChunkedByTypeTests(PostgresChunkedReadsFixture fixture) : ByTypeConformance<PostgresChunkedReadsFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresChunkedGetEventsTests(PostgresChunkedReadsFixture fixture) : GetEventsConformance<PostgresChunkedReadsFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresChunkedCodecTests(PostgresChunkedReadsFixture fixture) : CodecConformance<PostgresChunkedReadsFixture>(fixture);

[Collection(PostgresCollection.Name)]
public sealed class PostgresChunkedModelProperties(PostgresChunkedReadsFixture fixture) : ModelBasedProperties<PostgresChunkedReadsFixture>(fixture);
