// The shared conformance suite and the model-based property, run on SQLite files and on SQLite :memory: databases.
using EventStore.Functional.Tests.Conformance;
using EventStore.Functional.Tests.Properties;

namespace EventStore.Functional.Tests.Sqlite;

public sealed class SqliteAppendTests(SqliteFixture fixture) : AppendConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryAppendTests(SqliteMemoryFixture fixture) : AppendConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteAppendIdempotencyTests(SqliteFixture fixture) : AppendIdempotencyConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryAppendIdempotencyTests(SqliteMemoryFixture fixture) : AppendIdempotencyConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteAppendExpectedVersionTests(SqliteFixture fixture) : AppendExpectedVersionConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryAppendExpectedVersionTests(SqliteMemoryFixture fixture) : AppendExpectedVersionConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteAppendValidationTests(SqliteFixture fixture) : AppendValidationConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryAppendValidationTests(SqliteMemoryFixture fixture) : AppendValidationConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteGetEventsTests(SqliteFixture fixture) : GetEventsConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryGetEventsTests(SqliteMemoryFixture fixture) : GetEventsConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteReadStreamTests(SqliteFixture fixture) : ReadStreamConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryReadStreamTests(SqliteMemoryFixture fixture) : ReadStreamConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteReadAllTests(SqliteFixture fixture) : ReadAllConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryReadAllTests(SqliteMemoryFixture fixture) : ReadAllConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteByTypeTests(SqliteFixture fixture) : ByTypeConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryByTypeTests(SqliteMemoryFixture fixture) : ByTypeConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteMetadataTests(SqliteFixture fixture) : MetadataConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryMetadataTests(SqliteMemoryFixture fixture) : MetadataConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteCodecTests(SqliteFixture fixture) : CodecConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryCodecTests(SqliteMemoryFixture fixture) : CodecConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteTutorialTests(SqliteFixture fixture) : TutorialConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryTutorialTests(SqliteMemoryFixture fixture) : TutorialConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteBadInputTests(SqliteFixture fixture) : BadInputConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryBadInputTests(SqliteMemoryFixture fixture) : BadInputConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteCodecLimitsTests(SqliteFixture fixture) : CodecLimitsConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryCodecLimitsTests(SqliteMemoryFixture fixture) : CodecLimitsConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteEnvelopeTests(SqliteFixture fixture) : EnvelopeConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryEnvelopeTests(SqliteMemoryFixture fixture) : EnvelopeConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteConcurrencyTests(SqliteFixture fixture) : ConcurrencyConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryConcurrencyTests(SqliteMemoryFixture fixture) : ConcurrencyConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteModelProperties(SqliteFixture fixture) : ModelBasedProperties<SqliteFixture>(fixture);

public sealed class SqliteMemoryModelProperties(SqliteMemoryFixture fixture) : ModelBasedProperties<SqliteMemoryFixture>(fixture);

public sealed class SqliteInspectorTests(SqliteFixture fixture) : InspectorConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryInspectorTests(SqliteMemoryFixture fixture) : InspectorConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteSerializationTests(SqliteFixture fixture) : SerializationConformance<SqliteFixture>(fixture);

public sealed class SqliteMemorySerializationTests(SqliteMemoryFixture fixture) : SerializationConformance<SqliteMemoryFixture>(fixture);

public sealed class SqliteDisposalTests(SqliteFixture fixture) : DisposalConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryDisposalTests(SqliteMemoryFixture fixture) : DisposalConformance<SqliteMemoryFixture>(fixture);
