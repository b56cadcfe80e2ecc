// The shared conformance suite and properties, run on PostgreSQL: one line per area, each in the PostgreSQL collection
// (see PostgresCollection for why these classes must not run in parallel with each other).
using EventStore.Functional.Tests.Conformance;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAppendTests(PostgresFixture fixture) : AppendConformance<PostgresFixture>(fixture);
