// Group commit on assumed facts: the facts a group's exact expectations imply, written by one statement.
using EventStore.Functional.Append;
using LanguageExt;
using Npgsql;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Postgres;

// The one-statement path of PostgresGroupWriter (the schema's append_assumed_group function).
internal sealed partial class PostgresGroupWriter
{
    // The facts a group's exact expectations imply — each stream at the version its first member expects, none of the
    // group's ids stored — or null if some stream's first member expects Any or StreamExists (which imply nothing).
    private static GroupFacts? AssumedFacts(IReadOnlyList<PendingAppend> members)
    {
        var versions = HashMap<string, long>();
        foreach (var member in members)
        {
            var (stream, expected) = (member.Request.Stream.Id, member.Request.ExpectedVersion.Value);
            if (!versions.ContainsKey(stream))
            {
                if (expected < 0)
                {
                    return null;
                }

                versions = versions.Add(stream, expected);
            }
        }

        return new GroupFacts(versions, HashMap<Guid, EventLocation>());
    }

    // One statement (the schema's append_assumed_group): the streams' locks, the check of the assumed facts, the feed
    // section around the INSERT; autocommit, or inside a transaction around the test hook.
    private async Task<Dictionary<Guid, long>> InsertAssumedAsync(NpgsqlConnection conn, IReadOnlyList<PendingAppend> members, GroupFacts assumed, List<AppendDecision.Write> writes, DateTimeOffset now)
    {
        var streams = members.Select(m => m.Request.Stream).Distinct().ToArray();
        var events = writes.SelectMany(w => w.Events).ToArray();
        var rows = Rows.Of(events, events.Length, registry);
        var batch = new NpgsqlBatch(conn);
        await using (batch.ConfigureAwait(false))
        {
            if (afterInsert is not null)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
            }

            var call = PostgresAppender.Command(sql.AssumedGroupAppend, streams.Select(s => sql.LockKey(s.Id)).ToArray(), sql.Schema,
                streams.Select(s => s.AggregateId).ToArray(), streams.Select(s => s.AggregateType).ToArray(),
                streams.Select(s => assumed.Versions[s.Id]).ToArray(), members.SelectMany(m => m.Request.Events).Select(e => e.EventId).Distinct().ToArray(),
                writes.Count > 0 ? writes[0].StoredAt : now, rows.Ids, events.Select(e => e.AggregateId).ToArray(), events.Select(e => e.AggregateType).ToArray(),
                events.Select(e => e.AggregateVersion).ToArray(), rows.Types, rows.Tenants, rows.Occurred);
            call.Parameters.Add(rows.PayloadParameter());
            batch.BatchCommands.Add(call);
            return await ReadPositionsAsync(conn, batch, events.Length, inTransaction: afterInsert is not null, rowsResult: 0).ConfigureAwait(false);
        }
    }
}
