// Group commit: several waiting appends written in one transaction, each decided by the core in turn.
using EventStore.Functional.Append;
using LanguageExt;
using Npgsql;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Postgres;

/// <summary>
/// Writes a group of appends (pairwise disjoint event ids, see <see cref="GroupFacts"/>) in one transaction, so that they
/// share one feed-lock acquisition and one commit (one WAL flush) instead of taking one each.
/// <para>
/// When the first member of every stream in the group expects an exact version, the core decides every member in turn
/// on the facts those expectations imply (each stream at that version, none of the group's ids stored), and one
/// statement, the schema's <c>append_assumed_group</c> function, takes the streams' locks, checks those facts and writes
/// the decided rows in the feed section. If the database refutes them (nothing written), the group is decided again on
/// loaded facts, as below.
/// </para>
/// <para>
/// On loaded facts, two round trips. Round trip 1: <c>BEGIN</c>, the locks of every stream of the group (in key order), the streams' versions and where the
/// group's ids are stored. The core then decides each member in turn on those facts, a member's write moving its stream
/// on for the members after it: each gets the verdict it would get running alone, one after the other. Round trip 2:
/// the feed's critical section — lock, one INSERT of every member's decided rows, unlock — then <c>COMMIT</c>. Members
/// that conflict, retry or name an id stored elsewhere write nothing and are answered after the commit with the rest.
/// </para>
/// <para>
/// If the group's transaction fails in any way (a unique violation from a race with another server, a deadlock, a lost
/// connection) it is rolled back and every member is appended again on its own, in group order, so each caller gets exactly the outcome
/// an append of its own would have had; a member whose events did commit (the connection failed after the group's COMMIT
/// was sent) is then an idempotent retry, and one whose own append fails then has an unknown outcome.
/// </para>
/// </summary>
internal sealed partial class PostgresGroupWriter(KeptConnections connections, PostgresSql sql, EventRegistry registry, PostgresAppender single, Func<CancellationToken, Task>? afterInsert)
{
    private long _groups;
    private long _assumedGroups;
    private long _refutedGroups;
    private long _fallbacks;

    /// <summary>Test counter: groups of two or more appends committed in one transaction.</summary>
    internal long Groups => Interlocked.Read(ref _groups);

    /// <summary>Test counter: groups written in one statement on the facts their members' exact expectations imply.</summary>
    internal long AssumedGroups => Interlocked.Read(ref _assumedGroups);

    /// <summary>Test counter: groups whose assumed facts the database refuted (nothing written), decided again on loaded facts.</summary>
    internal long RefutedGroups => Interlocked.Read(ref _refutedGroups);

    /// <summary>Test counter: groups whose transaction failed, their members appended again one by one.</summary>
    internal long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Test seam: why the last group fell back.</summary>
    internal Exception? LastFallbackCause { get; private set; }

    /// <summary>Writes the group and completes every member; never throws (a member's failure is its own task's).</summary>
    public async Task WriteAsync(IReadOnlyList<PendingAppend> members, DateTimeOffset now)
    {
        Action[] answers;
        try
        {
            answers = await WriteTogetherAsync(members, now).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // whatever failed, each member is appended again and gets its own outcome
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LastFallbackCause = ex;
            Interlocked.Increment(ref _fallbacks);
            var mayBeStored = ex is CommitOutcomeUnknown; // then a member that fails alone may still be stored by the group
            foreach (var member in members) // in group order, so each gets the verdict it would have had in the group
            {
                await WriteAloneAsync(member, now, mayBeStored).ConfigureAwait(false);
            }

            return;
        }

        Interlocked.Increment(ref _groups);
        foreach (var answer in answers)
        {
            answer();
        }
    }

    /// <summary>
    /// One member on the single-append path, with its caller's token. <paramref name="mayBeStored"/>: the member's group
    /// lost its connection after its COMMIT was sent, so an infrastructure failure of this attempt leaves the member's
    /// outcome unknown (if the group committed, this attempt is an idempotent retry and returns the group's numbers).
    /// </summary>
    public async Task WriteAloneAsync(PendingAppend member, DateTimeOffset now, bool mayBeStored = false)
    {
        try
        {
            member.Complete(await single.AppendAsync(member.Request, now, member.Ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (member.Ct.IsCancellationRequested)
        {
            member.Cancel();
        }
#pragma warning disable CA1031 // the member's caller gets the failure, whatever it is
        catch (Exception ex)
#pragma warning restore CA1031
        {
            member.Fail(mayBeStored && ex is not CommitOutcomeUnknown && PostgresErrors.IsInfrastructure(ex) ? new CommitOutcomeUnknown(ex) : ex);
        }
    }

    // The transaction; returns how to answer each member once it has committed. Throws if it did not.
    private Task<Action[]> WriteTogetherAsync(IReadOnlyList<PendingAppend> members, DateTimeOffset now) =>
        connections.RunAsync(async conn =>
        {
            try
            {
                if (AssumedFacts(members) is { } assumed)
                {
                    var (answers, writes) = Decide(members, assumed, now);
                    try
                    {
                        var positions = await InsertAssumedAsync(conn, members, assumed, writes.ConvertAll(w => w.Write), now).ConfigureAwait(false);
                        Interlocked.Increment(ref _assumedGroups);
                        return Answered(members, answers, writes, positions);
                    }
                    catch (PostgresException ex) when (ex.SqlState == PostgresSql.AssumptionRefuted)
                    {
                        // Refuted before anything was written: decide again on the facts as they are.
                        await PostgresAppender.AbortAsync(conn).ConfigureAwait(false);
                        Interlocked.Increment(ref _refutedGroups);
                    }
                }

                var facts = await LoadFactsAsync(conn, members).ConfigureAwait(false);
                var (loadedAnswers, loadedWrites) = Decide(members, facts, now);
                var loadedPositions = await InsertAndCommitAsync(conn, loadedWrites.ConvertAll(w => w.Write)).ConfigureAwait(false);
                return Answered(members, loadedAnswers, loadedWrites, loadedPositions);
            }
            catch
            {
                // Positions drawn by the INSERT are lost (a gap, SPEC §4); the feed lock, a session lock, is released.
                await PostgresAppender.AbortAsync(conn).ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None);

    // Each member decided in turn on the group's facts: the answers of members that write nothing, and the writes.
    private static (Action?[] Answers, List<(int Member, AppendDecision.Write Write)> Writes) Decide(IReadOnlyList<PendingAppend> members, GroupFacts facts, DateTimeOffset now)
    {
        var answers = new Action?[members.Count];
        var writes = new List<(int Member, AppendDecision.Write Write)>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            try
            {
                var decided = AppendDecider.Decide(member.Request, facts.For(member.Request), now);
                if (decided.Case is AppendDecision.Write write)
                {
                    facts = facts.After(write);
                    writes.Add((i, write));
                }
                else
                {
                    var verdict = decided.Map(d => ((AppendDecision.Retry)d).Result);
                    answers[i] = () => member.Complete(verdict);
                }
            }
            catch (DuplicateEventException ex)
            {
                answers[i] = () => member.Fail(ex);
            }
        }

        return (answers, writes);
    }

    private static Action[] Answered(IReadOnlyList<PendingAppend> members, Action?[] answers, List<(int Member, AppendDecision.Write Write)> writes, Dictionary<Guid, long> positions)
    {
        foreach (var (i, write) in writes)
        {
            var result = write.ResultAt(positions[write.Events.Last.EventId]);
            answers[i] = () => members[i].Complete(Right<ConflictError, AppendResult>(result));
        }

        return answers!;
    }

    private async Task<GroupFacts> LoadFactsAsync(NpgsqlConnection conn, IReadOnlyList<PendingAppend> members)
    {
        var streams = members.Select(m => m.Request.Stream).Distinct().ToArray();
        var ids = members.SelectMany(m => m.Request.Events).Select(e => e.EventId).Distinct().ToArray();
        var batch = new NpgsqlBatch(conn);
        await using (batch.ConfigureAwait(false))
        {
            // READ COMMITTED: the versions are read by a statement that starts after every lock is granted.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgresSql.IndexPlans));
            batch.BatchCommands.Add(PostgresAppender.Command(PostgresSql.LockStreams, (object)streams.Select(s => sql.LockKey(s.Id)).ToArray()));
            batch.BatchCommands.Add(PostgresAppender.Command(sql.StreamVersions, streams.Select(s => s.AggregateId).ToArray(), streams.Select(s => s.AggregateType).ToArray()));
            batch.BatchCommands.Add(PostgresAppender.Command(sql.FindIds, ids));
            await batch.PrepareAsync().ConfigureAwait(false);
            var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                // The reader starts on the locks' rows (BEGIN and SET return no result set).
                await reader.NextResultAsync().ConfigureAwait(false);
                var versions = HashMap<string, long>();
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    versions = versions.AddOrUpdate(StreamKey.Format(reader.GetGuid(0), reader.GetString(1)), reader.GetInt64(2));
                }

                await reader.NextResultAsync().ConfigureAwait(false);
                return new GroupFacts(versions, await PostgresAppender.ReadLocationsAsync(reader, CancellationToken.None).ConfigureAwait(false));
            }
        }
    }

    // The feed's critical section with every write's rows, then COMMIT: each written event's global position by id.
    private async Task<Dictionary<Guid, long>> InsertAndCommitAsync(NpgsqlConnection conn, List<AppendDecision.Write> writes)
    {
        var count = writes.Sum(w => w.Events.Count);
        if (count == 0)
        {
            var commit = new NpgsqlCommand("COMMIT", conn); // nothing written: only the stream locks end
            await using (commit.ConfigureAwait(false))
            {
                await commit.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            return [];
        }

        // The stamped copies carry their stream's id and type and their position in it.
        var events = writes.SelectMany(w => w.Events).ToArray();
        var rows = Rows.Of(events, count, registry);
        var batch = new NpgsqlBatch(conn);
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(PostgresAppender.Command(PostgresSql.EnterFeedSection, sql.Schema));
            var insert = PostgresAppender.Command(sql.GroupInsert, writes[0].StoredAt, rows.Ids, events.Select(e => e.AggregateId).ToArray(),
                events.Select(e => e.AggregateType).ToArray(), events.Select(e => e.AggregateVersion).ToArray(), rows.Types, rows.Tenants, rows.Occurred);
            insert.Parameters.Add(rows.PayloadParameter());
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(PostgresAppender.Command(PostgresSql.LeaveFeedSection, sql.Schema));
            return await ReadPositionsAsync(conn, batch, count, inTransaction: true, rowsResult: 1).ConfigureAwait(false); // after the lock's
        }
    }

    // Runs the batch, whose result set number rowsResult (BEGIN and COMMIT have none) gives (event id, global position)
    // per written event, then COMMITs the transaction, if it runs in one, after the test hook.
    private async Task<Dictionary<Guid, long>> ReadPositionsAsync(NpgsqlConnection conn, NpgsqlBatch batch, int count, bool inTransaction, int rowsResult)
    {
        if (inTransaction && afterInsert is null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        var positions = new Dictionary<Guid, long>(count);
        var committing = false; // the COMMIT (or the autocommit statement) is sent: a lost answer leaves the outcome unknown
        try
        {
            await batch.PrepareAsync().ConfigureAwait(false);
            committing = afterInsert is null;
            var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                for (var skip = rowsResult; skip > 0; skip--)
                {
                    await reader.NextResultAsync().ConfigureAwait(false);
                }

                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    positions[reader.GetGuid(0)] = reader.GetInt64(1);
                }

                while (await reader.NextResultAsync().ConfigureAwait(false))
                {
                    // Drain the unlock and COMMIT results so their errors, if any, surface here.
                }
            }

            if (inTransaction && afterInsert is not null)
            {
                await afterInsert(CancellationToken.None).ConfigureAwait(false);
                committing = true;
                var commit = new NpgsqlCommand("COMMIT", conn);
                await using (commit.ConfigureAwait(false))
                {
                    await commit.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (committing && PostgresErrors.EndedSession(ex))
        {
            throw new CommitOutcomeUnknown(ex);
        }

        return positions.Count == count ? positions
            : throw new EventStoreException($"A group's insert returned {positions.Count} of {count} rows (does a trigger or rule on the events table drop rows?).");
    }
}
