// Diagnostic converter: writes a double or float, but throws at a NaN or infinity, so the serializer names its path.
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventStore.Functional.Codec;

/// <summary>
/// Used only to find where an event the writer refused holds a non-finite number (see <see cref="PayloadRules"/>): the
/// bytes it writes are discarded, so a finite value is written through <see cref="double"/> whatever its type.
/// </summary>
/// <typeparam name="T"><see cref="double"/> or <see cref="float"/>.</typeparam>
internal sealed class FiniteNumberConverter<T> : JsonConverter<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private const string Hint = "JSON numbers cannot express it (to store NaN and infinities as the strings \"NaN\", \"Infinity\" and "
        + "\"-Infinity\", set NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals with EventRegistry.ConfigureJson)";

    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => T.CreateChecked(reader.GetDouble());

    /// <inheritdoc />
    /// <exception cref="UnstorableValueException"><paramref name="value"/> is NaN or infinite.</exception>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!T.IsFinite(value))
        {
            throw new UnstorableValueException("number", $"is {value.ToString(null, CultureInfo.InvariantCulture)}: {Hint}");
        }

        writer.WriteNumberValue(double.CreateChecked(value));
    }
}
