// The open-addressing tables of the shared indexes: their entries, the hash spreading, growth and probing.
namespace EventStore.Functional.Memory.Internal;

/// <content>The id and stream tables: open addressing with linear probing, power-of-two sizes, 8-byte entries.</content>
internal sealed partial class SharedIndex
{
    // MurmurHash3's finaliser: tables use the low bits, so every bit of the hash code must reach them (a Guid's hash
    // code is an XOR of its four ints, and ids that differ only in their last bytes differ only in its high bits).
    private static int Spread(int hash)
    {
        var h = (uint)hash;
        h ^= h >> 16;
        h *= 0x85ebca6bu;
        h ^= h >> 13;
        h *= 0xc2b2ae35u;
        h ^= h >> 16;
        return (int)(h & int.MaxValue);
    }

    // A copy of an open-addressing table with twice the capacity (the old one stays valid for readers that hold it).
    private static T[] Grown<T>(T[] table, Func<T, int> hashOf)
        where T : struct, ITableEntry
    {
        var grown = new T[table.Length * 2];
        foreach (var entry in table)
        {
            if (entry.Occupied)
            {
                grown[FreeIndex(grown, hashOf(entry))] = entry;
            }
        }

        return grown;
    }

    private static int FreeIndex<T>(T[] table, int hash)
        where T : struct, ITableEntry
    {
        var mask = table.Length - 1;
        var i = hash & mask;
        while (table[i].Occupied)
        {
            i = (i + 1) & mask;
        }

        return i;
    }

    private interface ITableEntry
    {
        bool Occupied { get; }
    }

    /// <summary>
    /// An entry of the id table: the global position of an event (0: empty; an int like the slots' index) and its id's
    /// spread hash; the id itself is the slot's event's. 8 bytes, not 20: growing the table copies and rehashes less.
    /// </summary>
    private struct IdEntry : ITableEntry
    {
        public int Position;
        public int Hash;

        public readonly bool Occupied => Position != 0;
    }

    /// <summary>
    /// An entry of the stream table: the stream's last global position (0: empty; an int like the slots' index) and its
    /// spread hash; the stream's number and key are its last slot's. 8 bytes: one per stream, and every append of the
    /// benchmarks' shape starts a stream.
    /// </summary>
    private struct StreamEntry : ITableEntry
    {
        public int Last;
        public int Hash;

        public readonly bool Occupied => Last != 0;
    }
}
