// One append as one transaction in two round trips: load the facts under the stream lock, let the core decide, insert.
using EventStore.Functional.Append;
using EventStore.Functional.Codec;
using LanguageExt;
using Npgsql;
using NpgsqlTypes;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Postgres;

/// <summary>
/// Persists appends (SPEC §3 and §4). Round trip 1: <c>BEGIN</c>; the per-stream <c>pg_advisory_xact_lock</c> (it assigns
/// no transaction id, so nothing is written yet); the stream's version; where the batch's ids are stored. Then the core's
/// pure <see cref="Decider.Decide"/>: a conflict, an idempotent retry or a duplicate ends here, having drawn no position.
/// Round trip 2: the feed's critical section — session advisory lock, INSERT (which takes the transaction id and draws
/// the global positions), unlock — then <c>COMMIT</c>, so commits and their WAL flushes run concurrently while positions
/// follow transaction-id order.
/// </summary>
internal sealed class PostgresAppender(NpgsqlDataSource dataSource, PostgresSql sql, Func<CancellationToken, Task>? afterInsert)
{
    private const int Attempts = 3;

    /// <summary>Appends; a unique violation (a race with a writer of the same id in another stream) is decided again on fresh facts.</summary>
    public async Task<Either<ConflictError, AppendResult>> AppendAsync(AppendRequest request, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AppendOnceAsync(request, now, ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < Attempts
                && ex.ConstraintName is "events_event_id_key" or "events_stream_key")
            {
                // Another transaction committed this id (in another stream: the stream lock rules out this one) or this
                // position (a writer that bypassed the lock) after our facts were read. Deciding again on fresh facts
                // gives the core's own verdict: DuplicateEventException, an idempotent retry, or a version conflict.
            }
        }
    }

    private async Task<Either<ConflictError, AppendResult>> AppendOnceAsync(AppendRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            AppendDecision.Write write;
            try
            {
                var facts = await LoadFactsAsync(conn, request, ct).ConfigureAwait(false);
                var decided = Decider.Decide(request, facts, now);
                if (decided.Case is not AppendDecision.Write w)
                {
                    await AbortAsync(conn).ConfigureAwait(false);
                    return decided.Map(d => ((AppendDecision.Retry)d).Result);
                }

                write = w;
            }
            catch
            {
                await AbortAsync(conn).ConfigureAwait(false);
                throw;
            }

            try
            {
                var positions = await InsertAsync(conn, write, ct).ConfigureAwait(false);
                return Right<ConflictError, AppendResult>(write.ResultAt(positions[^1]));
            }
            catch
            {
                // The transaction may have drawn positions (a gap, SPEC §4) and may still hold the feed lock, which is a
                // session lock and survives ROLLBACK: release both before the connection returns to the pool.
                await AbortAsync(conn).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task<StreamFacts> LoadFactsAsync(NpgsqlConnection conn, AppendRequest request, CancellationToken ct)
    {
        var stream = request.Stream;
        var batch = new NpgsqlBatch(conn);
        await using (batch.ConfigureAwait(false))
        {
            // READ COMMITTED: each statement takes a fresh snapshot, so the version read after the lock is granted sees
            // every append that held the lock before.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
            batch.BatchCommands.Add(Command(PostgresSql.LockStream, sql.Schema + "/" + stream.Id));
            batch.BatchCommands.Add(Command(sql.StreamVersion, stream.AggregateId, stream.AggregateType));
            batch.BatchCommands.Add(Command(sql.FindIds, request.DistinctEventIds.ToArray()));
            await batch.PrepareAsync(ct).ConfigureAwait(false); // once per pooled connection; later calls reuse it
            var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                // BEGIN returns no result set; the reader starts on the lock's one row.
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                var version = reader.GetInt64(0);
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                var existing = HashMap<Guid, EventLocation>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var at = new EventLocation(StreamKey.Format(reader.GetGuid(1), reader.GetString(2)), reader.GetInt64(3), reader.GetInt64(4));
                    existing = existing.AddOrUpdate(reader.GetGuid(0), at);
                }

                return new StreamFacts(version, existing);
            }
        }
    }

    private async Task<long[]> InsertAsync(NpgsqlConnection conn, AppendDecision.Write write, CancellationToken ct)
    {
        var count = write.Events.Count;
        var ids = new Guid[count];
        var types = new string[count];
        var tenants = new Guid?[count];
        var occurred = new DateTimeOffset[count];
        var payloads = new string[count];
        var i = 0;
        foreach (var e in write.Events)
        {
            (ids[i], types[i], tenants[i], occurred[i], payloads[i]) = (e.EventId, e.EventType, e.TenantId, e.OccurredAt, EventCodec.Encode(e));
            i++;
        }

        var batch = new NpgsqlBatch(conn);
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command(PostgresSql.EnterFeedSection, sql.Schema));
            var insert = Command(sql.Insert, write.Stream.AggregateId, write.Stream.AggregateType, write.StoredAt, ids, write.CurrentVersion, types, tenants, occurred);
            insert.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json });
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(Command(PostgresSql.LeaveFeedSection, sql.Schema));
            if (afterInsert is null)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            }

            var positions = new long[count];
            await batch.PrepareAsync(ct).ConfigureAwait(false);
            var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(ct).ConfigureAwait(false); // past the lock's row, to the INSERT's
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    positions[reader.GetInt64(0) - write.CurrentVersion - 1] = reader.GetInt64(1);
                }

                while (await reader.NextResultAsync(ct).ConfigureAwait(false))
                {
                    // Drain the unlock and COMMIT results so their errors, if any, surface here.
                }
            }

            if (afterInsert is not null)
            {
                await afterInsert(ct).ConfigureAwait(false);
                await using var commit = new NpgsqlCommand("COMMIT", conn);
                await commit.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            return positions;
        }
    }

    // Best effort: if the connection is broken the server ends the session, which releases its locks and rolls back.
    private static async Task AbortAsync(NpgsqlConnection conn)
    {
        if (conn.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var abort = new NpgsqlCommand(PostgresSql.Abort, conn);
            await abort.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Nothing more can be done on this connection; the pool discards a broken one.
        }
    }

    private static NpgsqlBatchCommand Command(string text, params object[] args)
    {
        var command = new NpgsqlBatchCommand(text);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        return command;
    }
}
