// The shared conformance suite, run on SQLite files and on SQLite :memory: databases.
using EventStore.Functional.Tests.Conformance;

namespace EventStore.Functional.Tests.Sqlite;

public sealed class SqliteAppendTests(SqliteFixture fixture) : AppendConformance<SqliteFixture>(fixture);

public sealed class SqliteMemoryAppendTests(SqliteMemoryFixture fixture) : AppendConformance<SqliteMemoryFixture>(fixture);
