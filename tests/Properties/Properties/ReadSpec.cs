// Generated ReadOptions, with the tenant and aggregate type given as indexes into the pool's fixed lists.
namespace EventStore.Functional.Tests.Properties;

/// <summary>A generated <see cref="ReadOptions"/>; <paramref name="Tenant"/> and <paramref name="AggregateType"/> index <see cref="Pool"/>'s lists.</summary>
public sealed record ReadSpec(ReadDirection Direction, long FromPosition, int? Limit, Moment? From, Moment? To, int? Tenant, int? AggregateType)
{
    /// <summary>No filter, forward, unlimited.</summary>
    public static ReadSpec Everything { get; } = new(ReadDirection.Forward, 0, null, null, null, null, null);

    /// <summary>The options, with <paramref name="fromPosition"/> in the store's coordinates.</summary>
    public ReadOptions ToOptions(long fromPosition) => new()
    {
        Direction = Direction,
        FromPosition = fromPosition,
        Limit = Limit,
        FromTimestamp = From?.Value,
        ToTimestamp = To?.Value,
        TenantId = Tenant is int t ? Pool.Tenants[t] : null,
        AggregateType = AggregateType is int a ? Pool.AggregateTypes[a] : null,
    };

    /// <summary>The options in the model's coordinates.</summary>
    public ReadOptions ToOptions() => ToOptions(FromPosition);

    public override string ToString()
    {
        var parts = new List<string>();
        if (Direction == ReadDirection.Backward) parts.Add("backward");
        if (FromPosition != 0) parts.Add($"after {FromPosition}");
        if (Limit is int l) parts.Add($"limit {l}");
        if (From is Moment f) parts.Add($"from {f}");
        if (To is Moment t) parts.Add($"to {t}");
        if (Tenant is int n) parts.Add($"tenant {n}");
        if (AggregateType is int a) parts.Add($"type {Pool.AggregateTypes[a]}");
        return parts.Count == 0 ? "{}" : $"{{{string.Join(", ", parts)}}}";
    }
}
