// Entry point of the `eventstore` command: today the tutorial demo on the selected store.
using EventStore.Functional.Cli.Demo;
using EventStore.Functional.Memory;

const string Usage = "usage: eventstore [demo] [--memory]";
var rest = args.Where(a => a is not ("demo" or "--memory")).ToList();
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    Console.WriteLine("  demo       run the tutorial walkthrough (the default)");
    Console.WriteLine("  --memory   use the in-memory store");
    return 0;
}

if (rest.Count > 0)
{
    Console.Error.WriteLine($"eventstore: unknown argument '{rest[0]}'.\n{Usage}");
    return 2;
}

await using var store = new InMemoryEventStore(TutorialDemo.Registry);
await store.InitializeAsync();
await TutorialDemo.RunAsync(store, Console.Out);
return 0;
