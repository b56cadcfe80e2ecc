// The PostgreSQL ceiling: hand-written Npgsql code on the store's own table shape, with no store semantics.
using System.Collections.Concurrent;
using System.Text.Json;
using EventStore.Functional.Codec;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Functional.Benchmarks;

/// <summary>
/// The same rows into a table made by the store's own migration (same columns, json payload, indexes): one INSERT per
/// transaction for one event, one multi-row INSERT (unnest of arrays) per batch, stream positions from a counter (no
/// lock, no version check, no idempotency lookup); reads are one SELECT deserialised with System.Text.Json. The data
/// source auto-prepares statements, the best the driver does.
/// </summary>
public sealed class RawNpgsqlTarget(NpgsqlDataSource dataSource, string schema) : IBenchTarget
{
    private readonly ConcurrentDictionary<Guid, long> _positions = new();

    private readonly string _insert = $"""
        INSERT INTO "{schema}".events (event_id, aggregate_id, aggregate_type, stream_position, event_type, tenant_id, occurred_at, stored_at, payload)
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::uuid[], $7::timestamptz[], $8::timestamptz[], $9::json[])
        """;

    private readonly string _insertOne = $"""
        INSERT INTO "{schema}".events (event_id, aggregate_id, aggregate_type, stream_position, event_type, tenant_id, occurred_at, stored_at, payload)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    public async Task AppendAsync(Guid stream, IReadOnlyList<DomainEvent> events, bool newStream)
    {
        ArgumentNullException.ThrowIfNull(events);
        var n = events.Count;
        var first = _positions.AddOrUpdate(stream, n, (_, p) => p + n) - n;
        var now = Time.Normalize(DateTimeOffset.UtcNow);
        var stamped = events.Select((e, i) => e with { AggregateId = stream, AggregateType = BenchEvents.AggregateType, AggregateVersion = first + i + 1 }).ToArray();
        await using var cmd = dataSource.CreateCommand(n == 1 ? _insertOne : _insert);
        if (n == 1)
        {
            var e = stamped[0];
            foreach (var value in new object?[] { e.EventId, stream, BenchEvents.AggregateType, first + 1, e.EventType, e.TenantId, Time.Normalize(e.OccurredAt), now })
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            cmd.Parameters.Add(new NpgsqlParameter { Value = EventCodec.Encode(e), NpgsqlDbType = NpgsqlDbType.Json });
        }
        else
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = stamped.Select(e => e.EventId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(stream, n).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(BenchEvents.AggregateType, n).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = stamped.Select(e => e.AggregateVersion).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = stamped.Select(e => e.EventType).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = stamped.Select(e => e.TenantId).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = stamped.Select(e => Time.Normalize(e.OccurredAt)).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(now, n).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = stamped.Select(EventCodec.Encode).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json });
        }

        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async Task<long> ReadStreamAsync(Guid stream)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT payload FROM \"{schema}\".events WHERE aggregate_id = $1 AND aggregate_type = $2 ORDER BY stream_position");
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        cmd.Parameters.Add(new NpgsqlParameter { Value = BenchEvents.AggregateType });
        await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
        var events = new List<DomainEvent>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            events.Add(JsonSerializer.Deserialize<BenchEvent>(reader.GetFieldValue<byte[]>(0), EventCodec.Options)!);
        }

        return events.Count;
    }

    public async Task<long> ReadAllAsync()
    {
        long n = 0;
        await using var cmd = dataSource.CreateCommand($"SELECT global_position, event_type, payload FROM \"{schema}\".events ORDER BY global_position");
        await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var e = JsonSerializer.Deserialize<BenchEvent>(reader.GetFieldValue<byte[]>(2), EventCodec.Options);
            n += e is not null && reader.GetInt64(0) > 0 ? 1 : 0;
        }

        return n;
    }

    public async Task<bool> ExistsAsync(Guid eventId)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM \"{schema}\".events WHERE event_id = $1)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = eventId });
        return (bool)(await cmd.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
