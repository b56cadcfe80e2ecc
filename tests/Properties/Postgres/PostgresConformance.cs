// The shared conformance suite, run on PostgreSQL (one line per area; every class in the PostgreSQL collection).
using EventStore.Functional.Tests.Conformance;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAppendTests(PostgresFixture fixture) : AppendConformance<PostgresFixture>(fixture);
