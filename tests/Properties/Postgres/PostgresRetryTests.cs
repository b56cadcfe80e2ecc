// Connection failures on PostgreSQL: terminated backends are retried, and no append that may be stored is reported failed.
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using Xunit.Abstractions;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresRetryTests(PostgresFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task An_append_on_a_kept_connection_whose_backend_was_terminated_is_retried_on_a_new_connection()
    {
        await using var named = await NamedStore.StartAsync(await ConnectionStringAsync(), new() { Schema = fixture.NewSchema() });
        var store = named.Store;
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        Assert.Single(store.Connections.Idle);

        Assert.Equal(1, await named.TerminateAsync(await PostgresFixture.DataSourceAsync())); // 57P01 on its next use
        var id = Guid.NewGuid();
        var result = await store.AppendEventsAsync(id, "Task", [new TaskCreated(), new TaskCompleted()], ExpectedVersion.NoStream);

        Assert.Equal(2, result.NewVersion);
        Assert.Equal(2, (await store.GetEventsAsync(id, "Task")).Events.Count);
        Assert.Equal(2, store.Connections.Opened);
    }

    [Fact]
    public async Task Reads_on_a_kept_connection_whose_backend_was_terminated_are_retried_before_they_return_anything()
    {
        await using var named = await NamedStore.StartAsync(await ConnectionStringAsync(), new() { Schema = fixture.NewSchema() });
        var store = named.Store;
        var admin = await PostgresFixture.DataSourceAsync();
        var id = Guid.NewGuid();
        var created = new TaskCreated();
        await store.AppendEventsAsync(id, "Task", [created, new TaskCompleted()], ExpectedVersion.NoStream);

        async Task<T> AfterTerminatingAsync<T>(Func<Task<T>> read)
        {
            Assert.Equal(1, await named.TerminateAsync(admin));
            return await read();
        }

        Assert.Equal(2, (await AfterTerminatingAsync(() => store.ReadAllAsync().ToListAsync().AsTask())).Count);
        Assert.Equal(2, (await AfterTerminatingAsync(() => store.ReadStreamAsync(StreamKey.Format(id, "Task")).ToListAsync().AsTask())).Count);
        Assert.Equal(2, (await AfterTerminatingAsync(() => store.GetEventsAsync(id, "Task"))).Version);
        Assert.True(await AfterTerminatingAsync(() => store.EventExistsAsync(created.EventId)));
        Assert.Equal(2, await AfterTerminatingAsync(() => store.GetStreamVersionAsync(id, "Task")));
        Assert.Equal(2, await AfterTerminatingAsync(() => store.GetGlobalPositionAsync()));
        Assert.Equal(2, (await AfterTerminatingAsync(() => store.GetEventsByTypeAsync("Task"))).Count);
    }

    [Theory]
    [InlineData(true)]  // NoStream: the one-statement path (inside a transaction while the test hook runs)
    [InlineData(false)] // Any: the two-round-trip path
    public async Task An_append_whose_connection_is_lost_at_its_commit_is_retried_and_stored_once(bool exact)
    {
        var admin = await PostgresFixture.DataSourceAsync();
        NamedStore? named = null;
        var kills = 0;
        var options = new PostgresEventStoreOptions
        {
            Schema = fixture.NewSchema(),
            AfterInsert = async _ =>
            {
                if (Interlocked.Increment(ref kills) == 1)
                {
                    await named!.TerminateAsync(admin); // the transaction rolls back; its COMMIT gets no answer
                }
            },
        };
        named = await NamedStore.StartAsync(await ConnectionStringAsync(), options);
        await using var _ = named;
        var store = named.Store;
        var id = Guid.NewGuid();

        var result = await store.AppendEventsAsync(id, "Task", [new TaskCreated()], exact ? ExpectedVersion.NoStream : ExpectedVersion.Any);

        Assert.Equal((1L, 2), (result.NewVersion, kills));
        Assert.Single((await store.GetEventsAsync(id, "Task")).Events);
    }

    [Fact]
    public async Task An_append_whose_connection_is_lost_at_its_commit_with_no_retry_left_says_its_outcome_is_unknown()
    {
        var admin = await PostgresFixture.DataSourceAsync();
        NamedStore? named = null;
        var options = new PostgresEventStoreOptions
        {
            Schema = fixture.NewSchema(),
            Retries = RetryPolicy.None,
            AfterInsert = async _ => await named!.TerminateAsync(admin),
        };
        named = await NamedStore.StartAsync(await ConnectionStringAsync(), options);
        await using var _ = named;
        var store = named.Store;
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<AppendOutcomeUnknownException>(() => store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream));

        Assert.True(error.IsTransient);
        Assert.Contains(StreamKey.Format(id, "Task"), error.Message, StringComparison.Ordinal);
        Assert.IsType<PostgresUnavailableException>(error.InnerException); // with the driver's exception inside
        Assert.Contains(error.InnerException!.Message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appends_while_their_backends_are_terminated_are_acknowledged_once_or_report_failure_only_when_nothing_was_stored()
    {
        var schema = fixture.NewSchema();
        var admin = await PostgresFixture.DataSourceAsync();
        await using var named = await NamedStore.StartAsync(await ConnectionStringAsync(), new() { Schema = schema });
        var ledger = new AppendLedger();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(6));

        var writing = ledger.WriteAsync(named.Store, writers: 8, stop.Token);
        var terminated = 0;
        while (!stop.IsCancellationRequested)
        {
            terminated += await named.TerminateAsync(admin, wait: false);
            await Task.Delay(Random.Shared.Next(0, 8));
        }

        await writing;
        await named.Store.DisposeAsync(); // accepted appends finish

        output.WriteLine($"{ledger.Acknowledged} acknowledged, {ledger.Failed} failed, {ledger.Unknown} unknown");
        await ledger.VerifyAsync(admin, schema);
        Assert.True(terminated > 20, $"only {terminated} backends were terminated");
        Assert.True(ledger.Acknowledged > 20, $"only {ledger.Acknowledged} appends were acknowledged ({ledger.Failed} failed, {ledger.Unknown} unknown)");
        Assert.True(ledger.Failed + ledger.Unknown > 0, "no append met a terminated backend");
    }

    private static async Task<string> ConnectionStringAsync() => (await PostgresFixture.DataSourceAsync()).ConnectionString;
}
