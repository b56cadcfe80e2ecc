// A store fixes its registry's JSON options only once it exists: a constructor that refuses its arguments leaves the registry as it was.
using EventStore.Functional.Memory;
using EventStore.Functional.Postgres;
using EventStore.Functional.Sqlite;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Core;

public sealed class RegistryFixingTests
{
    [Fact]
    public void A_store_constructor_that_refuses_its_arguments_leaves_the_registrys_json_options_configurable()
    {
        var registry = TestEvents.NewRegistry();
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");

        Assert.Throws<ArgumentException>(() => new PostgresEventStore(dataSource, new PostgresEventStoreOptions { Schema = "pg_reserved", Registry = registry }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PostgresEventStore(dataSource, new PostgresEventStoreOptions { ReadPageSize = 0, Registry = registry }));
        Assert.Throws<ArgumentException>(() => new SqliteEventStore(new SqliteEventStoreOptions { Database = "", Registry = registry }));
        Assert.Throws<ArgumentNullException>(() => new InMemoryEventStore(registry, null!));

        registry.ConfigureJson(o => o.WriteIndented = false); // throws InvalidOperationException once a store has fixed them
        using var store = new InMemoryEventStore(registry);
        Assert.Throws<InvalidOperationException>(() => registry.ConfigureJson(o => o.WriteIndented = false));
    }
}
