// The default ids of new events: RFC 9562 version 7 and version 4 GUIDs from the OS's CSPRNG, read 4 KiB at a time.
using System.Security.Cryptography;

namespace EventStore.Functional;

/// <summary>
/// New GUIDs for <see cref="DomainEvent"/>'s defaults, the same kinds as <see cref="Guid.CreateVersion7()"/> and
/// <see cref="Guid.NewGuid"/>, whose random bits come from the same cryptographic generator
/// (<see cref="RandomNumberGenerator"/>), but fetched for 256 ids at a time per thread instead of for each one.
/// </summary>
/// <remarks>
/// Every <c>new</c> event runs both defaults, and so does every event a store decodes (deserialising runs the
/// constructor before the payload sets the real ids). <see cref="Guid.NewGuid"/> asks the kernel for 16 bytes on each
/// call; that system call is a measurable share of an append, twice per event. From a per-thread buffer an id takes
/// tens of nanoseconds. Ids are as unpredictable as before; each buffered byte is used once. The one difference: a
/// process cloned from a VM snapshot shares the unused rest of each thread's buffer with the original, so the two may
/// repeat up to 255 ids per thread, where the kernel may have reseeded for the clone.
/// </remarks>
internal static class RandomIds
{
    private const int BufferBytes = 4096; // 256 ids per refill

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_next;

    /// <summary>A new version 7 GUID: the Unix time in milliseconds (big-endian, 48 bits), then 74 random bits.</summary>
    public static Guid NewVersion7() => NewVersion7(DateTimeOffset.UtcNow);

    /// <summary>A new version 7 GUID for <paramref name="now"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is before 1970-01-01 UTC (as for <see cref="Guid.CreateVersion7(DateTimeOffset)"/>).</exception>
    internal static Guid NewVersion7(DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(ms, nameof(now));
        Span<byte> bytes = stackalloc byte[16];
        TakeRandom(bytes);
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(ms >> (40 - (8 * i)));
        }

        return Stamped(bytes, version: 7);
    }

    /// <summary>A new version 4 (random) GUID: 122 random bits.</summary>
    public static Guid NewVersion4()
    {
        Span<byte> bytes = stackalloc byte[16];
        TakeRandom(bytes);
        return Stamped(bytes, version: 4);
    }

    // RFC 9562 in big-endian byte order: the version in the high nibble of byte 6, the variant (binary 10) in byte 8.
    private static Guid Stamped(Span<byte> bytes, int version)
    {
        bytes[6] = (byte)((version << 4) | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    // Copies the next unused random bytes of this thread's buffer, refilling it from the CSPRNG when it runs out.
    private static void TakeRandom(Span<byte> destination)
    {
        var buffer = t_buffer;
        if (buffer is null || t_next + destination.Length > BufferBytes)
        {
            buffer ??= new byte[BufferBytes];
            RandomNumberGenerator.Fill(buffer);
            t_buffer = buffer; // kept once filled: a first fill that throws leaves no zeroed buffer to hand out
            t_next = 0;
        }

        buffer.AsSpan(t_next, destination.Length).CopyTo(destination);
        t_next += destination.Length;
    }
}
