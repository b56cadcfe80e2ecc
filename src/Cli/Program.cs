// Entry point of the `eventstore` command: the tutorial demo on a SQLite file (default ./events.db) or in memory.
using EventStore.Functional.Cli;
using EventStore.Functional.Cli.Demo;

const string Usage = "usage: eventstore [demo] [--db PATH | --memory]";
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    Console.WriteLine("  demo        run the tutorial walkthrough (the default)");
    Console.WriteLine($"  --db PATH   use the SQLite file PATH (default: a fresh {StoreChoice.DefaultDatabase} each run)");
    Console.WriteLine("  --memory    use the in-memory store");
    return 0;
}

if (StoreChoice.Parse(args) is not { } choice)
{
    Console.Error.WriteLine($"eventstore: {StoreChoice.Error(args)}\n{Usage}");
    return 2;
}

await using var store = await choice.OpenAsync(TutorialDemo.Registry);
await TutorialDemo.RunAsync(store, Console.Out);
return 0;
