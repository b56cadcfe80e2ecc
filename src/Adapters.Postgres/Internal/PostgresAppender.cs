// AppendFlow's effects in PostgreSQL: load facts under the streams' locks, and one function call that checks and writes.
using EventStore.Functional.Append;
using EventStore.Functional.Codec;
using LanguageExt;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Functional.Postgres.Internal;

/// <summary>
/// The PostgreSQL side of <see cref="AppendFlow"/>: each call runs on a kept connection of its own, its driver failures
/// translated to the library's exceptions, and a connection left in a failed transaction aborted.
/// </summary>
internal sealed class PostgresAppender(KeptConnections connections, PostgresSql sql, EventRegistry registry, string store, Func<CancellationToken, Task>? afterInsert)
    : IAppendPort
{
    /// <inheritdoc />
    public Task<T> RunAsync<T>(Func<IAppendSession, Task<T>> body, CancellationToken ct) =>
        PostgresErrors.Guard(store, () => connections.RunAsync(async conn =>
        {
            try
            {
                return await body(new Session(conn, sql, registry, afterInsert)).ConfigureAwait(false);
            }
            catch
            {
                // Positions drawn by an INSERT are lost (a gap, SPEC §4); the feed lock, a session lock, is released.
                await AbortAsync(conn).ConfigureAwait(false);
                throw;
            }
        }, ct));

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

    /// <summary>
    /// One connection's part in an append. Two write paths, both in the schema's functions, which take the streams'
    /// <c>pg_advisory_xact_lock</c>s, refute the decision's facts (SQLSTATE <see cref="PostgresSql.AssumptionRefuted"/>,
    /// nothing written) unless every stream is at its version and none of the absent ids is stored, then run the feed's
    /// critical section (lock, INSERT, unlock): <c>append_assumed_one</c> for a single event decided on assumed facts
    /// (the measured commonest case: scalar parameters, one round trip), <c>append_assumed_group</c> for everything else
    /// (a batch, a group of appends, and any decision on loaded facts, called inside the transaction that loaded them).
    /// On assumed facts the function's statement is the transaction (autocommit); on loaded facts round trip 1 is
    /// <c>BEGIN</c>, the locks and the facts, round trip 2 the function and <c>COMMIT</c>. Commits and their WAL flushes
    /// run concurrently while global positions follow transaction-id order.
    /// </summary>
    private sealed class Session(NpgsqlConnection conn, PostgresSql sql, EventRegistry registry, Func<CancellationToken, Task>? afterInsert) : IAppendSession
    {
        private bool _inTransaction;

        public bool ChecksAssumedFacts => true;

        public async Task<GroupFacts> LoadFactsAsync(Seq<AppendRequest> members, CancellationToken ct)
        {
            var streams = members.Map(m => m.Stream).Distinct().ToArray();
            var ids = members.Bind(m => m.Events).Map(e => e.EventId).Distinct().ToArray();
            var batch = new NpgsqlBatch(conn);
            await using (batch.ConfigureAwait(false))
            {
                // READ COMMITTED: the versions are read by a statement that starts after every lock is granted.
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresSql.IndexPlans));
                batch.BatchCommands.Add(Command(PostgresSql.LockStreams, (object)streams.Select(s => sql.LockKey(s.Id)).ToArray()));
                batch.BatchCommands.Add(Command(sql.StreamVersions, streams.Select(s => s.AggregateId).ToArray(), streams.Select(s => s.AggregateType).ToArray()));
                batch.BatchCommands.Add(Command(sql.FindIds, ids));
                _inTransaction = true;
                await batch.PrepareAsync(ct).ConfigureAwait(false); // once per kept connection; later calls reuse it
                var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    // The reader starts on the locks' rows (BEGIN and SET return no result set).
                    await reader.NextResultAsync(ct).ConfigureAwait(false);
                    var versions = HashMap<string, long>.Empty;
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        versions = versions.AddOrUpdate(StreamKey.Format(reader.GetGuid(0), reader.GetString(1)), reader.GetInt64(2));
                    }

                    await reader.NextResultAsync(ct).ConfigureAwait(false);
                    var existing = HashMap<Guid, EventLocation>.Empty;
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        var at = new EventLocation(StreamKey.Format(reader.GetGuid(1), reader.GetString(2)), reader.GetInt64(3), reader.GetInt64(4));
                        existing = existing.AddOrUpdate(reader.GetGuid(0), at);
                    }

                    return new GroupFacts(versions, existing);
                }
            }
        }

        public async Task<WriteOutcome> TryWriteAsync(GroupDecision decision, CancellationToken ct)
        {
            var writes = decision.Writes;
            if (writes.IsEmpty)
            {
                if (!_inTransaction)
                {
                    return WriteOutcome.Refuted; // nothing to write proves nothing about assumed facts: load them
                }

                await ExecuteAsync("COMMIT", ct).ConfigureAwait(false); // nothing written: only the stream locks end
                _inTransaction = false;
                return new WriteOutcome.Written(Seq<long>.Empty);
            }

            try
            {
                // One append of one event: append_assumed_one checks exactly its facts (its stream, its id). A group whose
                // other members write nothing (a conflict on assumed facts) has more facts to check: the group function.
                var single = !_inTransaction && decision.Members.Count == 1 && writes.Count == 1 && writes[0].Events.Count == 1;
                var positions = await WriteAsync(single ? One(decision, writes[0]) : Group(decision), writes, ct).ConfigureAwait(false);
                return new WriteOutcome.Written(positions);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresSql.AssumptionRefuted
                || (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName is "events_event_id_key" or "events_stream_key"))
            {
                // Refuted before the feed section, or (the backstop) a unique index refused a row another transaction
                // committed after the check, in another stream or bypassing the lock: nothing was written.
                await AbortAsync(conn).ConfigureAwait(false);
                _inTransaction = false;
                if (conn.FullState != System.Data.ConnectionState.Open)
                {
                    throw new NpgsqlException("The connection failed while ending a refuted append's statement; nothing was written.", ex);
                }

                return WriteOutcome.Refuted;
            }
        }

        // append_assumed_one's call (one event on assumed facts): the event's columns as scalars, typed so that a null
        // tenant and a set one bind the same prepared statement.
        private NpgsqlBatchCommand One(GroupDecision decision, AppendDecision.Write write)
        {
            var e = write.Events[0];
            var call = Command(sql.AssumedAppendOne, sql.LockKey(write.Stream.Id), sql.Schema, write.Stream.AggregateId, write.Stream.AggregateType,
                write.CurrentVersion, decision.StoredAt, e.EventId, e.EventType);
            call.Parameters.Add(new NpgsqlParameter { Value = e.TenantId is Guid tenant ? tenant : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            call.Parameters.Add(new NpgsqlParameter { Value = e.OccurredAt });
            call.Parameters.Add(new NpgsqlParameter { Value = EventCodec.EncodeForAppend(e, registry), NpgsqlDbType = NpgsqlDbType.Json });
            return call;
        }

        // append_assumed_group's call: the streams with their versions and the absent ids (the facts to check), then
        // every written event's columns as arrays.
        private NpgsqlBatchCommand Group(GroupDecision decision)
        {
            var streams = decision.Streams;
            var events = decision.Writes.Bind(w => w.Events).ToArray();
            var payloads = new string[events.Length];
            for (var i = 0; i < events.Length; i++)
            {
                payloads[i] = EventCodec.EncodeForAppend(events[i], registry);
            }

            var call = Command(sql.AssumedGroupAppend, streams.Map(s => sql.LockKey(s.Stream.Id)).ToArray(), sql.Schema,
                streams.Map(s => s.Stream.AggregateId).ToArray(), streams.Map(s => s.Stream.AggregateType).ToArray(), streams.Map(s => s.Version).ToArray(),
                decision.Absent.ToArray(), decision.StoredAt, events.Select(e => e.EventId).ToArray(), events.Select(e => e.AggregateId).ToArray(),
                events.Select(e => e.AggregateType).ToArray(), events.Select(e => e.AggregateVersion).ToArray(), events.Select(e => e.EventType).ToArray(),
                events.Select(e => e.TenantId).ToArray(), events.Select(e => e.OccurredAt).ToArray());
            call.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json });
            return call;
        }

        // Runs the call, which returns (event id or stream position, global position) per written event, and commits:
        // in the loaded transaction (the call and COMMIT in one round trip), else as its own autocommit statement. With
        // the test hook the call runs in an explicit transaction and the hook between its rows and COMMIT. Returns the
        // global position of each write's last event.
        private async Task<Seq<long>> WriteAsync(NpgsqlBatchCommand call, Seq<AppendDecision.Write> writes, CancellationToken ct)
        {
            var batch = new NpgsqlBatch(conn);
            await using (batch.ConfigureAwait(false))
            {
                var explicitTransaction = _inTransaction || afterInsert is not null;
                if (!_inTransaction && afterInsert is not null)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
                }

                batch.BatchCommands.Add(call);
                if (explicitTransaction && afterInsert is null)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                }

                var rows = new List<(object Key, long Position)>(writes.Sum(w => w.Events.Count));
                var committing = false; // the COMMIT (or the autocommit statement) is sent: a lost answer leaves the outcome unknown
                try
                {
                    await batch.PrepareAsync(ct).ConfigureAwait(false); // once per kept connection; later calls reuse it
                    committing = afterInsert is null;
                    var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            rows.Add((reader.GetValue(0), reader.GetInt64(1)));
                        }

                        while (await reader.NextResultAsync(ct).ConfigureAwait(false))
                        {
                            // Drain the COMMIT's result so its error, if any, surfaces here.
                        }
                    }

                    if (afterInsert is not null)
                    {
                        await afterInsert(ct).ConfigureAwait(false);
                        committing = true;
                        await ExecuteAsync("COMMIT", ct).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (committing && PostgresErrors.EndedSession(ex))
                {
                    throw new CommitOutcomeUnknown(ex);
                }

                _inTransaction = false;
                return LastPositions(rows, writes);
            }
        }

        // Each write's last global position, from rows keyed by event id (group) or stream position (one event).
        private static Seq<long> LastPositions(List<(object Key, long Position)> rows, Seq<AppendDecision.Write> writes)
        {
            var count = writes.Sum(w => w.Events.Count);
            if (rows.Count != count)
            {
                throw new EventStoreException($"The append to {string.Join(", ", writes.Map(w => w.Stream.Id).Distinct())} inserted {rows.Count} of {count} rows (does a trigger or rule on the events table drop rows?).");
            }

            if (rows.Count == 1)
            {
                return Prelude.Seq1(rows[0].Position);
            }

            var byId = rows.ToDictionary(r => (Guid)r.Key, r => r.Position);
            return writes.Map(w => byId[w.Events.Last.EventId]).Strict();
        }

        private async Task ExecuteAsync(string text, CancellationToken ct)
        {
            var command = new NpgsqlCommand(text, conn);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
    }
}
