// The identity of a stream (aggregate id + type), its string form, and their validation.
using System.Buffers;

namespace EventStore.Functional;

/// <summary>A stream: the pair (aggregate id, aggregate type), written <c>"{aggregateId:D}:{aggregateType}"</c>.</summary>
public readonly record struct StreamKey
{
    // The characters of an aggregate type: ^[A-Za-z0-9_.-]{1,255}$ checked without a regex (this runs on every append and read).
    private static readonly SearchValues<char> AggregateTypeChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private const int GuidLength = 36; // "D" format: 32 hex digits and 4 hyphens

    private StreamKey(Guid aggregateId, string aggregateType)
    {
        AggregateId = aggregateId;
        AggregateType = aggregateType;
    }

    /// <summary>The aggregate id (never empty).</summary>
    public Guid AggregateId { get; }

    /// <summary>The aggregate type (matches <c>^[A-Za-z0-9_.-]{1,255}$</c>).</summary>
    public string AggregateType { get; }

    /// <summary>The stream id string, formatted on each access (a caller that needs it often keeps it).</summary>
    /// <remarks>Not kept in the key: the in-memory store finds streams by id and type, and an append to a stream that
    /// exists needs no new string.</remarks>
    public string Id => Format(AggregateId, AggregateType);

    /// <summary>Validates and creates a key.</summary>
    /// <exception cref="ArgumentException">The id is empty or the type is invalid.</exception>
    public static StreamKey Create(Guid aggregateId, string aggregateType, string aggregateIdParam = "aggregateId", string aggregateTypeParam = "aggregateType")
    {
        if (aggregateId == Guid.Empty)
        {
            throw new ArgumentException("The aggregate id must not be Guid.Empty.", aggregateIdParam);
        }

        ValidateAggregateType(aggregateType, aggregateTypeParam);
        return new StreamKey(aggregateId, aggregateType);
    }

    /// <summary>Checks an aggregate type against <c>^[A-Za-z0-9_.-]{1,255}$</c>.</summary>
    /// <exception cref="ArgumentException">It does not match (the message quotes it).</exception>
    public static string ValidateAggregateType(string? aggregateType, string paramName = "aggregateType")
    {
        if (aggregateType is null)
        {
            throw new ArgumentNullException(paramName, "The aggregate type must not be null.");
        }

        if (!IsAggregateType(aggregateType))
        {
            throw new ArgumentException($"Invalid aggregate type '{aggregateType}': it must be 1 to 255 characters of A-Z, a-z, 0-9, '_', '.' or '-'.", paramName);
        }

        return aggregateType;
    }

    /// <summary>Parses <c>"{aggregateId}:{aggregateType}"</c>.</summary>
    /// <exception cref="ArgumentException">The string is not a valid stream id (the message quotes it).</exception>
    public static StreamKey Parse(string? streamId, string paramName = "streamId")
    {
        ArgumentNullException.ThrowIfNull(streamId, paramName);
        // Exactly 36 characters before the colon: Guid parsing alone would also accept surrounding white space.
        var colon = streamId.IndexOf(':', StringComparison.Ordinal);
        if (colon != GuidLength || !Guid.TryParseExact(streamId.AsSpan(0, colon), "D", out var id) || id == Guid.Empty || !IsAggregateType(streamId.AsSpan(colon + 1)))
        {
            throw new ArgumentException($"Malformed stream id '{streamId}': expected '{{aggregateId:D}}:{{aggregateType}}', e.g. '6f1c2b1e-0000-0000-0000-000000000000:Task'.", paramName);
        }

        return new StreamKey(id, streamId[(colon + 1)..]);
    }

    /// <summary>Formats a stream id: the lowercase GUID, a colon, the type.</summary>
    public static string Format(Guid aggregateId, string aggregateType) => $"{aggregateId:D}:{aggregateType}";

    /// <inheritdoc />
    public override string ToString() => Id;

    private static bool IsAggregateType(ReadOnlySpan<char> s) => s.Length is >= 1 and <= 255 && !s.ContainsAnyExcept(AggregateTypeChars);
}
