// The codec's string escaper: the configured encoder, except that a lone UTF-16 surrogate is an error, not a silent U+FFFD.
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventStore.Functional.Codec;

/// <summary>
/// Wraps the encoder of a registry's options (<see cref="JavaScriptEncoder.Default"/> when none is set) and delegates
/// everything to it, except that it refuses a string holding a lone UTF-16 surrogate, which every built-in encoder
/// replaces with U+FFFD: the payload would silently differ from the event. The refusal is a <see cref="JsonException"/>,
/// so the serializer adds the JSON path of the offending string.
/// </summary>
/// <remarks>
/// The writer calls <see cref="Encode(ReadOnlySpan{char}, Span{char}, out int, out int, bool)"/> only for a string that
/// has a character to escape (a lone surrogate always is one), from that character on, so the check scans only such
/// strings; every other call is passed straight to the wrapped encoder.
/// </remarks>
internal sealed class StrictJsonEncoder(JavaScriptEncoder inner) : JavaScriptEncoder
{
    /// <inheritdoc />
    public override int MaxOutputCharactersPerInputCharacter => inner.MaxOutputCharactersPerInputCharacter;

    /// <inheritdoc />
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => inner.FindFirstCharacterToEncode(text, textLength);

    /// <inheritdoc />
    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) => inner.FindFirstCharacterToEncodeUtf8(utf8Text);

    /// <inheritdoc />
    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    /// <inheritdoc />
    public override bool WillEncode(int unicodeScalar) => inner.WillEncode(unicodeScalar);

    /// <inheritdoc />
    public override OperationStatus EncodeUtf8(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true) =>
        inner.EncodeUtf8(utf8Source, utf8Destination, out bytesConsumed, out bytesWritten, isFinalBlock);

    /// <inheritdoc />
    /// <exception cref="JsonException"><paramref name="source"/> holds a lone surrogate.</exception>
    public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock = true)
    {
        if (LoneSurrogate(source) is { } lone)
        {
            throw new UnstorableValueException("string", $"holds a lone UTF-16 surrogate (U+{(int)lone:X4}), which JSON text cannot carry: it would be read back as U+FFFD");
        }

        return inner.Encode(source, destination, out charsConsumed, out charsWritten, isFinalBlock);
    }

    // The first surrogate that is not half of a high-low pair, if any.
    private static char? LoneSurrogate(ReadOnlySpan<char> s)
    {
        for (var at = s.IndexOfAnyInRange('\uD800', '\uDFFF'); at >= 0;)
        {
            if (!char.IsHighSurrogate(s[at]) || at + 1 >= s.Length || !char.IsLowSurrogate(s[at + 1]))
            {
                return s[at];
            }

            var next = s[(at + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            at = next < 0 ? -1 : at + 2 + next;
        }

        return null;
    }
}
