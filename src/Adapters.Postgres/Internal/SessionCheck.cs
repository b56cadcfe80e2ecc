// Refuses connections that do not keep their server session between statements (transaction or statement pooling).
using Npgsql;

namespace EventStore.Functional.Postgres.Internal;

/// <summary>
/// Checks, once per store, that a connection of the data source is one server session: a setting made on one connection
/// outside any transaction must still be there for its next statement, and must not be there for a second connection
/// opened while the first stays open. A session (a direct connection, or PgBouncer's session mode) passes both; a pooler
/// that hands each transaction to whichever server connection is free fails one of them (PgBouncer gives the most
/// recently freed server connection first, so the second connection sees the first one's setting). The check runs
/// three rounds on plain, unprepared statements and resets the setting. With a pool of one connection
/// (<c>Maximum Pool Size=1</c>) only the first test can run, since the second connection would wait for the first.
/// </summary>
internal static class SessionCheck
{
    private const string Setting = "eventstore.session_probe";
    private const int Rounds = 3;

    /// <summary>Throws <see cref="PostgresPoolingException"/> when the data source's connections do not keep their session.</summary>
    public static async Task RunAsync(NpgsqlDataSource dataSource, string store, CancellationToken ct)
    {
        // A pool of one connection cannot lend a second while the first is open: only the first test runs then.
        var canOpenTwo = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) is not { Pooling: true, MaxPoolSize: < 2 };
        for (var round = 0; round < Rounds; round++)
        {
            var token = Guid.NewGuid().ToString("N");
            var first = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using (first.ConfigureAwait(false))
            {
                await ValueAsync(first, $"SELECT set_config('{Setting}', '{token}', false)", ct).ConfigureAwait(false);
                var kept = await ValueAsync(first, $"SELECT current_setting('{Setting}', true)", ct).ConfigureAwait(false) == token;
                string? leaked = null;
                if (canOpenTwo)
                {
                    var second = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                    await using (second.ConfigureAwait(false))
                    {
                        leaked = await ValueAsync(second, $"SELECT current_setting('{Setting}', true)", ct).ConfigureAwait(false);
                    }
                }

                await ValueAsync(first, $"RESET {Setting}", ct).ConfigureAwait(false);
                if (!kept || leaked == token)
                {
                    throw new PostgresPoolingException(
                        $"The event store {store} refuses its data source: its connections do not keep one PostgreSQL session between statements " +
                        $"({(kept ? "a second connection saw a setting made on the first" : "a connection lost a setting it had made")}), as behind PgBouncer in " +
                        "pool_mode = transaction or statement. Its feed lock is a session advisory lock and its statements are prepared on the server, " +
                        "so it would block writers or return wrong answers there. Connect directly, or use session pooling (PgBouncer pool_mode = session) for this data source.");
                }
            }
        }
    }

    private static async Task<string?> ValueAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
        }
    }
}
