// `demo`, `init` and `append`: the commands that create or write a store.
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Cli.Demo;

namespace EventStore.Functional.Cli.Commands;

/// <summary>The writing commands.</summary>
internal static class WriteCommands
{
    public static async Task<int> DemoAsync(Invocation inv, CancellationToken ct)
    {
        var choice = StoreChoice.From(inv);
        if (choice.Kind == StoreKind.Sqlite && !inv.Has("--db"))
        {
            // The default demo file is recreated on every run, so the walkthrough starts from an empty store.
            foreach (var file in new[] { choice.Target, $"{choice.Target}-wal", $"{choice.Target}-shm" })
            {
                File.Delete(file);
            }
        }

        await using var opened = await choice.OpenAsync(TutorialDemo.Registry, write: true, ct: ct);
        await TutorialDemo.RunAsync(opened.Store, Console.Out, ct);
        return 0;
    }

    public static async Task<int> InitAsync(Invocation inv, CancellationToken ct)
    {
        var choice = StoreChoice.From(inv);
        await using var opened = await choice.OpenAsync(Format.RawRegistry(), write: true, ct: ct);
        await Console.Out.WriteLineAsync($"Initialised {choice.Describe()} (global position {await opened.Store.GetGlobalPositionAsync(ct)}).");
        return 0;
    }

    public static async Task<int> AppendAsync(Invocation inv, CancellationToken ct)
    {
        var streamId = inv.Arguments[0];
        StreamKey stream;
        try
        {
            stream = StreamKey.Parse(streamId);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"malformed stream id '{streamId}'.", $"a stream id is '{{aggregateId}}:{{aggregateType}}', e.g. {Guid.NewGuid()}:Task.");
        }

        var type = inv.Text("--type") is { Length: > 0 } t ? t : throw new UsageException("append needs --type EVENT_TYPE.", "e.g. --type TaskCreated.");
        var data = inv.Text("--data") ?? throw new UsageException("append needs --data JSON.", "e.g. --data '{\"title\":\"Write docs\"}'.");
        RawEvent e;
        try
        {
            e = RawEvent.FromJson(type, data) with { AggregateId = stream.AggregateId, AggregateType = stream.AggregateType };
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"invalid --data: {ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal).ReplaceLineEndings(" ")}", "--data takes a JSON object, e.g. '{\"title\":\"Write docs\"}' (quote it for your shell).");
        }

        var expected = inv.Number("--expected") is { } n ? ExpectedVersion.Exact(n) : ExpectedVersion.Any;
        await using var opened = await StoreChoice.From(inv).OpenAsync(Format.RawRegistry(), write: true, ct: ct);
        try
        {
            var result = await opened.Store.AppendEventsAsync(stream.AggregateId, stream.AggregateType, [e], expected, ct);
            await Console.Out.WriteLineAsync($"Appended {e.EventId} to {stream.Id}: version {result.NewVersion}, global position {result.GlobalPosition}.");
            return 0;
        }
        catch (OptimisticLockException ex)
        {
            throw new CliFailure($"conflict: {stream.Id} is at version {ex.ActualVersion}, not {ex.ExpectedVersion}; nothing was written.", $"read the stream ('eventstore read {stream.Id}') and retry with --expected {ex.ActualVersion}.");
        }
    }
}
