// A PostgreSQL restart under a live store, on a server of the test's own (the fixture's is shared by every other class).
using EventStore.Functional.Tests.Support;
using Xunit.Abstractions;

namespace EventStore.Functional.Tests.Postgres;

/// <summary>
/// Restarts a throwaway server started for this class alone (even when <see cref="PostgresServer.EnvironmentVariable"/>
/// names a shared one), so the other PostgreSQL tests never see it go down.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_server_restart_the_first_append_and_reads_succeed_and_appends_during_one_are_stored_once_or_not_reported_failed()
    {
        await using var server = await PostgresServer.StartThrowawayAsync(fsync: false);
        const string schema = "es_restart";
        await using var named = await NamedStore.StartAsync(server.ConnectionString, new() { Schema = schema });
        var store = named.Store;
        var ledger = new AppendLedger();

        // Connections kept open across the restart (one per writer), as an application's would be.
        var before = Guid.NewGuid();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ledger.AppendAsync(store, Guid.NewGuid(), [new TaskCreated()], ExpectedVersion.NoStream)));
        Assert.Equal(4, ledger.Acknowledged);
        Assert.NotEmpty(store.Connections.Idle);
        await server.RestartAsync();

        await ledger.AppendAsync(store, before, [new TaskCreated()], ExpectedVersion.NoStream); // was: 57P01
        Assert.Equal(5, ledger.Acknowledged);
        await server.RestartAsync();
        Assert.Equal(1, await store.GetStreamVersionAsync(before, "Task"));
        await server.RestartAsync();
        Assert.Equal(5, (await store.ReadAllAsync().ToListAsync()).Count);

        // Appends running while the server goes down and comes back.
        using var stop = new CancellationTokenSource();
        var writing = ledger.WriteAsync(store, writers: 8, stop.Token);
        await Task.Delay(500);
        await server.RestartAsync();
        await Task.Delay(1500);
        await stop.CancelAsync();
        await writing;
        await store.DisposeAsync();

        await using var admin = Npgsql.NpgsqlDataSource.Create(server.ConnectionString);
        output.WriteLine($"{ledger.Acknowledged} acknowledged, {ledger.Failed} failed, {ledger.Unknown} unknown");
        await ledger.VerifyAsync(admin, schema);
        Assert.True(ledger.Acknowledged > 25, $"only {ledger.Acknowledged} appends were acknowledged ({ledger.Failed} failed, {ledger.Unknown} unknown)");
    }
}
