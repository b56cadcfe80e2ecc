// One append as one transaction: in one round trip on assumed facts when the expected version names the stream's version, else in two.
using EventStore.Functional.Append;
using EventStore.Functional.Codec;
using LanguageExt;
using Npgsql;
using NpgsqlTypes;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Postgres;

/// <summary>
/// Persists appends (SPEC §3 and §4); only the core's pure <see cref="AppendDecider.Decide"/> decides, on two paths.
/// <para>
/// One round trip, when the expected version is exact (<c>NoStream</c> or <c>Exact(v)</c>): the core decides on ASSUMED
/// facts — the stream at that version and none of the batch's ids stored, the facts under which such an append writes
/// all its events — and one statement calls the schema's <c>append_assumed</c> function (<c>append_assumed_one</c> for a
/// batch of one event), which takes the per-stream <c>pg_advisory_xact_lock</c>, refutes the assumption (SQLSTATE
/// <see cref="PostgresSql.AssumptionRefuted"/>) unless the stream is at the assumed version and none of the ids exists,
/// then runs the feed section (lock, INSERT of the decided rows, unlock); the statement's end commits. If the check passed the real facts were the assumed ones, so the decision
/// stands. If it failed, nothing was written (no transaction id, no position drawn) and the append falls back to the
/// other path.
/// </para>
/// <para>
/// Two round trips, otherwise: round trip 1 is <c>BEGIN</c>, the stream lock (it assigns no transaction id), the
/// stream's version and where the batch's ids are stored; the core decides on those facts, and a conflict, an idempotent
/// retry or a duplicate ends here, having drawn no position. Round trip 2 is the feed's critical section — lock, INSERT
/// (which takes the transaction id and draws the global positions), unlock — then <c>COMMIT</c>.
/// </para>
/// <para>On both paths commits and their WAL flushes run concurrently while positions follow transaction-id order.</para>
/// </summary>
internal sealed class PostgresAppender(KeptConnections connections, PostgresSql sql, EventRegistry registry, Func<CancellationToken, Task>? afterInsert)
{
    private const int Attempts = 3;
    private long _assumedWrites;
    private long _fallbacks;

    /// <summary>Test counter: appends written in one round trip on assumed facts.</summary>
    internal long AssumedWrites => Interlocked.Read(ref _assumedWrites);

    /// <summary>Test counter: appends whose assumed facts the database refuted (nothing written), decided again on loaded facts.</summary>
    internal long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Appends; a unique violation (a race with a writer of the same id in another stream) is decided again on fresh facts.</summary>
    public async Task<Either<ConflictError, AppendResult>> AppendAsync(AppendRequest request, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var assume = attempt == 1; // after a unique violation the facts are known to have moved: load them
                return await connections.RunAsync(async conn =>
                    assume && await AppendOnAssumedFactsAsync(conn, request, now, ct).ConfigureAwait(false) is { } written
                        ? Right<ConflictError, AppendResult>(written)
                        : await AppendOnLoadedFactsAsync(conn, request, now, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < Attempts
                && ex.ConstraintName is "events_event_id_key" or "events_stream_key")
            {
                // Another transaction committed this id (in another stream: the stream lock rules out this one) or this
                // position (a writer that bypassed the lock) after our facts were read or checked. Deciding again on
                // fresh facts gives the core's own verdict: DuplicateEventException, an idempotent retry, or a conflict.
            }
        }
    }

    // The stream's version is implied only by an exact expectation (NoStream is Exact(0)); Any and StreamExists say nothing.
    private static long? AssumedVersion(ExpectedVersion expected) => expected.Value >= 0 ? expected.Value : null;

    // The one-round-trip path: null when it does not apply or the database refuted the assumption (nothing written).
    // Group commit (PostgresGroupWriter) writes waiting appends together; this class writes one append alone.
    private async Task<AppendResult?> AppendOnAssumedFactsAsync(NpgsqlConnection conn, AppendRequest request, DateTimeOffset now, CancellationToken ct)
    {
        if (AssumedVersion(request.ExpectedVersion) is not long version
            || AppendDecider.Decide(request, StreamFacts.AtVersion(version), now).Case is not AppendDecision.Write write)
        {
            return null;
        }

        long[] positions;
        try
        {
            positions = await InsertAssumedAsync(conn, write, ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresSql.AssumptionRefuted)
        {
            // The database refuted the assumption before the feed section: nothing was written.
            await AbortAsync(conn).ConfigureAwait(false);
            if (conn.FullState != System.Data.ConnectionState.Open)
            {
                throw new NpgsqlException("The connection failed while ending a refuted append's statement; nothing was written.", ex);
            }

            Interlocked.Increment(ref _fallbacks);
            return null;
        }
        catch
        {
            await AbortAsync(conn).ConfigureAwait(false);
            throw;
        }

        Interlocked.Increment(ref _assumedWrites);
        return write.ResultAt(positions[^1]);
    }

    private async Task<Either<ConflictError, AppendResult>> AppendOnLoadedFactsAsync(NpgsqlConnection conn, AppendRequest request, DateTimeOffset now, CancellationToken ct)
    {
        AppendDecision.Write write;
        try
        {
            var facts = await LoadFactsAsync(conn, request, ct).ConfigureAwait(false);
            var decided = AppendDecider.Decide(request, facts, now);
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

    private async Task<StreamFacts> LoadFactsAsync(NpgsqlConnection conn, AppendRequest request, CancellationToken ct)
    {
        var stream = request.Stream;
        var batch = new NpgsqlBatch(conn);
        await using (batch.ConfigureAwait(false))
        {
            // READ COMMITTED: each statement takes a fresh snapshot, so the version read after the lock is granted sees
            // every append that held the lock before.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
            batch.BatchCommands.Add(Command(PostgresSql.LockStream, sql.LockKey(stream.Id))); // and index plans from here

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
                return new StreamFacts(version, await ReadLocationsAsync(reader, ct).ConfigureAwait(false));
            }
        }
    }

    // append_assumed's call: the per-event columns as arrays.
    private NpgsqlBatchCommand Assumed(AppendDecision.Write write)
    {
        var rows = Rows.Of(write, registry);
        var call = Command(sql.AssumedAppend, sql.LockKey(write.Stream.Id), sql.Schema, write.Stream.AggregateId, write.Stream.AggregateType,
            write.CurrentVersion, write.StoredAt, rows.Ids, rows.Types, rows.Tenants, rows.Occurred);
        call.Parameters.Add(rows.PayloadParameter());
        return call;
    }

    // append_assumed_one's call (a batch of one event): the event's columns as scalars, typed so that a null tenant and a
    // set one bind the same prepared statement.
    private NpgsqlBatchCommand AssumedOne(AppendDecision.Write write)
    {
        var e = write.Events[0];
        var call = Command(sql.AssumedAppendOne, sql.LockKey(write.Stream.Id), sql.Schema, write.Stream.AggregateId, write.Stream.AggregateType,
            write.CurrentVersion, write.StoredAt, e.EventId, e.EventType);
        call.Parameters.Add(new NpgsqlParameter { Value = e.TenantId is Guid tenant ? tenant : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        call.Parameters.Add(new NpgsqlParameter { Value = e.OccurredAt });
        call.Parameters.Add(new NpgsqlParameter { Value = EventCodec.EncodeForAppend(e, registry), NpgsqlDbType = NpgsqlDbType.Json });
        return call;
    }

    // The one-round-trip path: one statement, the schema's append_assumed function (migration step 2; for one event
    // append_assumed_one, step 3), which locks the stream, checks the assumed facts (or refutes them with
    // AssumptionRefuted, having written nothing), and runs the feed's critical section around the INSERT; in autocommit
    // its statement is the transaction. With the test hook the
    // same call runs inside an explicit transaction, so the hook runs between the INSERT and COMMIT.
    private async Task<long[]> InsertAssumedAsync(NpgsqlConnection conn, AppendDecision.Write write, CancellationToken ct)
    {
        var batch = new NpgsqlBatch(conn);
        await using (batch.ConfigureAwait(false))
        {
            if (afterInsert is not null)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
            }

            batch.BatchCommands.Add(write.Events.Count == 1 ? AssumedOne(write) : Assumed(write));
            return await ReadPositionsAsync(batch, write, inTransaction: afterInsert is not null, rowsResult: 0, ct).ConfigureAwait(false);
        }
    }

    // The two-round-trip path's second round trip: the feed's critical section, then COMMIT.
    private async Task<long[]> InsertAsync(NpgsqlConnection conn, AppendDecision.Write write, CancellationToken ct)
    {
        var rows = Rows.Of(write, registry);
        var batch = new NpgsqlBatch(conn);
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command(PostgresSql.EnterFeedSection, sql.Schema));
            var insert = Command(sql.Insert, write.Stream.AggregateId, write.Stream.AggregateType, write.StoredAt, rows.Ids, write.CurrentVersion, rows.Types, rows.Tenants, rows.Occurred);
            insert.Parameters.Add(rows.PayloadParameter());
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(Command(PostgresSql.LeaveFeedSection, sql.Schema));
            return await ReadPositionsAsync(batch, write, inTransaction: true, rowsResult: 1, ct).ConfigureAwait(false); // after the lock's
        }
    }

    // Runs the batch, whose result set number rowsResult (BEGIN and COMMIT have none) gives (stream position, global
    // position) per event, then COMMITs the transaction, if it runs in one, after the test hook: the global positions
    // in batch order.
    private async Task<long[]> ReadPositionsAsync(NpgsqlBatch batch, AppendDecision.Write write, bool inTransaction, int rowsResult, CancellationToken ct)
    {
        if (inTransaction && afterInsert is null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        var count = write.Events.Count;
        var positions = new long[count];
        var rows = 0;
        var committing = false; // the COMMIT (or the autocommit statement) is sent: a lost answer leaves the outcome unknown
        try
        {
            await batch.PrepareAsync(ct).ConfigureAwait(false); // once per pooled connection; later calls reuse it
            committing = afterInsert is null;
            var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                for (var skip = rowsResult; skip > 0; skip--)
                {
                    await reader.NextResultAsync(ct).ConfigureAwait(false);
                }

                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    positions[reader.GetInt64(0) - write.CurrentVersion - 1] = reader.GetInt64(1);
                    rows++;
                }

                while (await reader.NextResultAsync(ct).ConfigureAwait(false))
                {
                    // Drain the unlock and COMMIT results so their errors, if any, surface here.
                }
            }

            if (inTransaction && afterInsert is not null)
            {
                await afterInsert(ct).ConfigureAwait(false);
                committing = true;
                var commit = new NpgsqlCommand("COMMIT", batch.Connection);
                await using (commit.ConfigureAwait(false))
                {
                    await commit.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (committing && PostgresErrors.EndedSession(ex))
        {
            throw new CommitOutcomeUnknown(ex);
        }

        return rows == count ? positions
            : throw new EventStoreException($"The append to {write.Stream.Id} inserted {rows} of {count} rows (does a trigger or rule on the events table drop rows?).");
    }

    /// <summary>The rows of <see cref="PostgresSql.FindIds"/> at the reader's current result: where each found id is stored.</summary>
    internal static async Task<HashMap<Guid, EventLocation>> ReadLocationsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var existing = HashMap<Guid, EventLocation>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var at = new EventLocation(StreamKey.Format(reader.GetGuid(1), reader.GetString(2)), reader.GetInt64(3), reader.GetInt64(4));
            existing = existing.AddOrUpdate(reader.GetGuid(0), at);
        }

        return existing;
    }

    // Best effort: if the connection is broken the server ends the session, which releases its locks and rolls back.
    internal static async Task AbortAsync(NpgsqlConnection conn)
    {
        if (conn.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            var abort = new NpgsqlCommand(PostgresSql.Abort, conn);
            await using (abort.ConfigureAwait(false))
            {
                await abort.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Nothing more can be done on this connection: closed, it is not kept for another call (KeptConnections),
            // and the pool resets it (releasing every advisory lock) or discards it if broken.
            await conn.CloseAsync().ConfigureAwait(false);
        }
    }

    internal static NpgsqlBatchCommand Command(string text, params object[] args)
    {
        var command = new NpgsqlBatchCommand(text);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        return command;
    }
}
