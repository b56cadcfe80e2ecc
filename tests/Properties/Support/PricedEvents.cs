// An event whose data needs the registry's own JSON options: a money type only a custom converter can write and read.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventStore.Functional.Tests.Support;

/// <summary>An amount and currency with no public properties: without <see cref="MoneyJsonConverter"/> it is written as <c>{}</c>.</summary>
public readonly struct Money : IEquatable<Money>
{
    private readonly decimal _amount;
    private readonly string _currency;

    public Money(decimal amount, string currency) => (_amount, _currency) = (amount, currency);

    public static Money Parse(string text)
    {
        var parts = text.Split(' ');
        return new Money(decimal.Parse(parts[0], CultureInfo.InvariantCulture), parts[1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_amount} {_currency}");

    public bool Equals(Money other) => _amount == other._amount && _currency == other._currency;

    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_amount, _currency);

    public static bool operator ==(Money left, Money right) => left.Equals(right);

    public static bool operator !=(Money left, Money right) => !left.Equals(right);
}

/// <summary>Writes a <see cref="Money"/> as one string, <c>"12.50 EUR"</c>.</summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Money.Parse(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

[EventType("ItemPriced")]
public sealed record ItemPriced : DomainEvent
{
    public string ItemName { get; init; } = "";

    public Money Price { get; init; }
}

public static class PricedEvents
{
    public const string ItemType = "Item";

    /// <summary>A registry of <see cref="ItemPriced"/> whose codec writes money with <see cref="MoneyJsonConverter"/> and names in snake_case.</summary>
    public static EventRegistry Registry() => new EventRegistry().Register<ItemPriced>().ConfigureJson(o =>
    {
        o.Converters.Add(new MoneyJsonConverter());
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    });
}
