// Which store the demo may write: its own file (recreated), or a store that holds no events; never anybody else's.
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Cli.Commands;

namespace EventStore.Functional.Cli.Demo;

/// <summary>
/// The demo's store rule: no command deletes or writes into a store the user did not name for that purpose. Without a
/// store option the demo runs on <see cref="DefaultFile"/>; a store is the demo's own when every event in it carries
/// <see cref="Marker"/> (the demo wrote them all), and only a SQLite file of its own is deleted and recreated. A store
/// with no events (or none at all) is used as it is; any other store is refused.
/// </summary>
public static class DemoStore
{
    /// <summary>The file the demo uses when no store option is given (kept afterwards, so it can be inspected).</summary>
    public const string DefaultFile = "tutorial.db";

    /// <summary>The metadata key and value on every event the demo writes.</summary>
    public const string MarkerKey = "eventstore.demo";

    /// <summary>The metadata every demo event carries.</summary>
    public static IReadOnlyDictionary<string, string> Marker { get; } = new Dictionary<string, string> { [MarkerKey] = "tutorial" };

    /// <summary>Makes <paramref name="choice"/> ready for the demo, or refuses it.</summary>
    /// <exception cref="CliFailure">The store holds events the demo did not write, or is not an event store.</exception>
    internal static async Task PrepareAsync(StoreChoice choice, CancellationToken ct)
    {
        if (choice.Kind == StoreKind.Memory || (choice.Kind == StoreKind.Sqlite && !File.Exists(choice.Target) && !Directory.Exists(choice.Target)))
        {
            return;
        }

        if (choice.Kind == StoreKind.Sqlite && new FileInfo(choice.Target) is { Exists: true, Length: 0 })
        {
            return; // an empty file: SQLite's empty database
        }

        var (events, own) = await CountAsync(choice, ct);
        if (events == 0)
        {
            return;
        }

        if (own && choice.Kind == StoreKind.Sqlite)
        {
            // Only the demo's events are in it: start again from an empty file.
            foreach (var file in new[] { choice.Target, $"{choice.Target}-wal", $"{choice.Target}-shm" })
            {
                File.Delete(file);
            }

            return;
        }

        var where = choice.Kind == StoreKind.Sqlite ? $"'{choice.Target}'" : choice.Describe();
        throw new CliFailure(
            own ? $"the demo runs on an empty store, and {where} holds {Format.Count(events, "event")} of an earlier demo run." : $"the demo refuses {where}: it holds {Format.Count(events, "event")} that the demo did not write.",
            choice.Kind == StoreKind.Sqlite
                ? $"run 'eventstore demo' alone (it uses ./{DefaultFile}), or pass --db of a new file."
                : "pass --schema of a new schema (the demo never writes into a schema that holds events).");
    }

    // How many events the store holds, and whether the demo wrote all of them (reading stops at the first it did not).
    private static async Task<(long Events, bool Own)> CountAsync(StoreChoice choice, CancellationToken ct)
    {
        OpenedStore opened;
        try
        {
            opened = await choice.OpenAsync(Format.RawRegistry(), StoreAccess.Read, ct: ct);
        }
        catch (MissingStoreFailure)
        {
            return (0, true); // a schema without tables: init creates them
        }

        await using (opened)
        {
            var events = opened.Store is IEventStoreInspector inspector
                ? (await inspector.GetStatisticsAsync(ct)).Events
                : await opened.Store.GetGlobalPositionAsync(ct);
            await foreach (var e in opened.Store.ReadAllAsync(ct: ct))
            {
                if (!e.Event.Metadata.TryGetValue(MarkerKey, out var value) || value != Marker[MarkerKey])
                {
                    return (Math.Max(events, 1), false);
                }
            }

            return (events, true);
        }
    }
}
