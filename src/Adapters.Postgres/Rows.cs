// The columns of decided events as parameter arrays (one element per event), as the INSERT statements unnest them.
using EventStore.Functional.Append;
using EventStore.Functional.Codec;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Functional.Postgres;

/// <summary>The per-event columns of an INSERT, in event order; the payload is the codec's JSON text, with the store's registry's options.</summary>
internal readonly record struct Rows(Guid[] Ids, string[] Types, Guid?[] Tenants, DateTimeOffset[] Occurred, string[] Payloads)
{
    /// <summary>The rows of one decided write.</summary>
    public static Rows Of(AppendDecision.Write write, EventRegistry registry) => Of(write.Events, write.Events.Count, registry);

    /// <summary>The rows of <paramref name="count"/> stamped events.</summary>
    public static Rows Of(IEnumerable<DomainEvent> events, int count, EventRegistry registry)
    {
        var rows = new Rows(new Guid[count], new string[count], new Guid?[count], new DateTimeOffset[count], new string[count]);
        var i = 0;
        foreach (var e in events)
        {
            (rows.Ids[i], rows.Types[i], rows.Tenants[i], rows.Occurred[i], rows.Payloads[i]) = (e.EventId, e.EventType, e.TenantId, e.OccurredAt, EventCodec.EncodeForAppend(e, registry));
            i++;
        }

        return rows;
    }

    /// <summary>The payloads as a <c>json[]</c> parameter.</summary>
    public NpgsqlParameter PayloadParameter() => new() { Value = Payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json };
}
