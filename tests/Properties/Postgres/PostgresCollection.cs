// The xUnit collection of every PostgreSQL test class: they share one server and run one at a time.
namespace EventStore.Functional.Tests.Postgres;

/// <summary>
/// PostgreSQL test classes carry <c>[Collection(PostgresCollection.Name)]</c>. Running them one at a time matters: the
/// feed shows an event only once every older write transaction in the cluster has ended (SPEC §4), so a test holding a
/// transaction open would delay another test's feed reads. (Memory and SQLite tests still run beside them.)
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection
{
    public const string Name = "PostgreSQL";
}
