// The default event ids: RFC 9562 layout (version, variant, v7 timestamp), time order, uniqueness across threads and refills.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Core;

public sealed class RandomIdsTests
{
    private const int PerBuffer = 256; // ids per 4 KiB refill of a thread's buffer

    [Fact]
    public void Version_7_ids_carry_the_unix_milliseconds_version_7_and_the_rfc_variant()
    {
        var instants = new[] { 0L, 1, 255, 256, 1_000, 1_764_547_200_123, (1L << 40) + 7, (1L << 47) + 12_345 }
            .Concat(Enumerable.Range(0, 200).Select(i => 1_700_000_000_000L + (i * 987_654_321L)));
        foreach (var ms in instants)
        {
            var id = RandomIds.NewVersion7(DateTimeOffset.FromUnixTimeMilliseconds(ms));
            Assert.Equal(7, id.Version);
            Assert.Equal(0b10, id.Variant >> 2); // RFC 9562's variant: binary 10 in the top bits
            Assert.Equal(ms, UnixMilliseconds(id));
        }
    }

    [Fact]
    public void Version_7_ids_read_as_the_runtimes_own_do_for_the_same_millisecond()
    {
        foreach (var ms in new[] { 0L, 1_764_547_200_123, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() })
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            var ours = RandomIds.NewVersion7(at).ToString();
            var runtimes = Guid.CreateVersion7(at).ToString();

            Assert.Equal(runtimes[..15], ours[..15]); // the timestamp's 12 hex digits, the dash, the version digit 7
            Assert.Contains(ours[19], "89ab");
        }
    }

    [Fact]
    public void A_time_before_1970_is_refused_as_the_runtime_refuses_it()
    {
        var before = DateTimeOffset.FromUnixTimeMilliseconds(-1);

        Assert.Throws<ArgumentOutOfRangeException>(() => Guid.CreateVersion7(before));
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => RandomIds.NewVersion7(before));
        Assert.Equal("now", refused.ParamName);
    }

    [Fact]
    public void Version_7_ids_of_later_milliseconds_sort_after_earlier_ones_as_text_and_as_bytes()
    {
        var ids = Enumerable.Range(0, 3 * PerBuffer)
            .Select(i => RandomIds.NewVersion7(DateTimeOffset.FromUnixTimeMilliseconds(1_764_547_200_000L + (i * 37L))))
            .ToList();

        Assert.Equal(ids, ids.OrderBy(id => id.ToString(), StringComparer.Ordinal));
        Assert.Equal(ids, ids.OrderBy(id => Convert.ToHexString(id.ToByteArray(bigEndian: true)), StringComparer.Ordinal));
    }

    [Fact]
    public void Version_4_ids_are_version_4_with_the_rfc_variant()
    {
        foreach (var id in Enumerable.Range(0, 3 * PerBuffer).Select(_ => RandomIds.NewVersion4()))
        {
            Assert.Equal(4, id.Version);
            Assert.Equal(0b10, id.Variant >> 2);
        }
    }

    [Fact]
    public async Task Ids_made_on_many_threads_across_many_refills_are_all_distinct()
    {
        const int perThread = 20 * PerBuffer;
        var made = await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
            Enumerable.Range(0, perThread).Select(i => i % 2 == t % 2 ? RandomIds.NewVersion7() : RandomIds.NewVersion4()).ToArray())));

        var all = made.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void Every_random_bit_varies_so_no_part_of_the_buffer_is_reused_or_left_unfilled()
    {
        // 2,000 ids span several refills; a bit that never changes would mean bytes copied from a stale or empty buffer.
        var ids = Enumerable.Range(0, 2_000).Select(_ => RandomIds.NewVersion4().ToByteArray(bigEndian: true)).ToList();
        for (var bit = 0; bit < 128; bit++)
        {
            var fixedBit = (bit >= 48 && bit < 52) || bit is 64 or 65; // the version nibble and the variant
            var ones = ids.Count(b => (b[bit / 8] & (0x80 >> (bit % 8))) != 0);
            if (fixedBit)
            {
                Assert.True(ones == 0 || ones == ids.Count, $"bit {bit} is fixed by the RFC");
            }
            else
            {
                Assert.InRange(ones, 800, 1_200); // p = 1/2 over 2,000 draws: outside this by chance about once in 10^19
            }
        }
    }

    [Fact]
    public void A_new_event_gets_a_version_7_event_id_of_now_and_a_version_4_correlation_id()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var first = new TaskCreated { Title = "a" };
        var second = new TaskCreated { Title = "a" };
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal(7, first.EventId.Version);
        Assert.InRange(UnixMilliseconds(first.EventId), before, after);
        Assert.Equal(4, first.CorrelationId.Version);
        Assert.NotEqual(first.EventId, second.EventId);
        Assert.NotEqual(first.CorrelationId, second.CorrelationId);
    }

    private static long UnixMilliseconds(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        return bytes[..6].Aggregate(0L, (ms, b) => (ms << 8) | b);
    }
}
