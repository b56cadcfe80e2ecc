// `export` (the feed as JSON lines on stdout) and `import` (JSON lines from a file or stdin, idempotently), both in bounded memory.
using System.CommandLine;
using System.Text;
using System.Text.Json;
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Cli.Transfer;
using Microsoft.Win32.SafeHandles;

namespace EventStore.Functional.Cli.Commands;

/// <summary>The commands that move events between stores.</summary>
internal static class TransferCommands
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static Command Export()
    {
        var command = new Command("export", "Write the global feed as JSON lines to stdout, in global order: eventstore export > events.jsonl");
        var from = Options.Number("--from", "POSITION", "Only events after global position POSITION (exclusive).");
        command.Add(from);
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            await using var opened = await store.From(parse).OpenAsync(Format.RawRegistry(), StoreAccess.Read, ct: ct);
            var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            await using (stdout)
            {
                var w = new Utf8JsonWriter(stdout);
                await using (w)
                {
                    // The feed is read lazily page by page; each line is flushed into the buffered stream as it is written.
                    await foreach (var e in opened.Store.ReadAllAsync(new ReadOptions { FromPosition = parse.GetValue(from) ?? 0 }, ct))
                    {
                        EventLine.Write(w, e);
                        w.Flush();
                        w.Reset();
                        stdout.Write(NewLine);
                    }
                }
            }

            return 0;
        });
        return command;
    }

    public static Command Import()
    {
        var command = new Command("import", "Append JSON lines as 'export' writes them, from FILE or stdin (eventstore import events.jsonl, or < events.jsonl), keeping ids, streams, positions, times and order. Idempotent: a re-run completes an interrupted or failed copy without duplicates.");
        var file = new Argument<string?>("FILE") { Description = "The JSON lines file ('-' or none: standard input).", Arity = ArgumentArity.ZeroOrOne };
        var create = WriteCommands.CreateFlag();
        command.Add(file);
        command.Add(create);
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file) is { } p && p != "-" ? p : null;
            using var input = OpenInput(path, out var totalBytes);
            var registry = Format.RawRegistry();
            var clock = new ReplayClock();
            await using var opened = await store.From(parse).OpenAsync(registry, parse.GetValue(create) ? StoreAccess.Create : StoreAccess.Write, clock, ct);
            var stats = new ImportStats();
            var importer = new Importer(opened.Store, clock, stats);
            using var reader = new StreamReader(input, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            var progress = Progress.Enabled ? new Progress(stats, totalBytes, Console.Error) : null;
            long lineNumber = 0;
            try
            {
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    lineNumber++;
                    stats.BytesRead += Encoding.UTF8.GetByteCount(line) + 1;
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    ImportedEvent next;
                    try
                    {
                        next = EventLine.Parse(line, lineNumber, registry);
                    }
                    catch (InvalidDataException ex)
                    {
                        // Everything before the bad line is valid: store it, so the failure says exactly how far the copy got.
                        await Copying(importer.FlushAsync(ct), stats);
                        throw new CliFailure($"{ex.Message}; {Stopped(stats)}", $"fix line {lineNumber} and run the same import again: events already copied are skipped, the rest is appended.");
                    }

                    await Copying(importer.AddAsync(next, ct), stats);
                    stats.Read++;
                    progress?.Tick();
                }

                await Copying(importer.FlushAsync(ct), stats);
            }
            finally
            {
                progress?.Tick(final: true);
            }

            await Console.Error.WriteLineAsync($"Imported {Format.Number(stats.Read)} events: {Format.Number(stats.Written)} written, {Format.Number(stats.AlreadyStored)} already stored.");
            return 0;
        });
        return command;
    }

    // An append of the import that fails (a conflict, a duplicate, the store unavailable) says how far the copy got too.
    private static async Task Copying(Task append, ImportStats stats)
    {
        try
        {
            await append;
        }
        catch (Exception ex) when (ex is not (UsageException or OperationCanceledException))
        {
            var hint = ex switch
            {
                CliFailure failure => failure.Hint,
                EventStoreException store => Hints.For(store, "import"),
                _ => "fix the cause and run the same import again: events already copied are skipped.",
            };
            throw new CliFailure($"{ex.Message.ReplaceLineEndings(" ")}; {Stopped(stats)}", hint);
        }
    }

    private static string Stopped(ImportStats stats) => stats.LastLineStored == 0
        ? "import stopped before anything was stored"
        : $"import stopped after line {stats.LastLineStored}, the last line now in the target ({Format.Number(stats.Written)} events written, {Format.Number(stats.AlreadyStored)} already stored)";

    // The input as a stream: FILE, or standard input; its remaining length when it is a regular file (for the progress bar).
    private static Stream OpenInput(string? path, out long? totalBytes)
    {
        totalBytes = null;
        Stream stream;
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                throw new CliFailure(Directory.Exists(path) ? $"'{path}' is a directory, not a JSON lines file." : $"no file '{path}' to import.", "pass the path of a file written by 'eventstore export'.");
            }

            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        else if (!Console.IsInputRedirected)
        {
            throw new UsageException("import reads JSON lines from FILE or standard input, and neither was given (stdin is a terminal).", "eventstore import events.jsonl, or redirect a file: eventstore import < events.jsonl");
        }
        else if (OperatingSystem.IsWindows())
        {
            return Console.OpenStandardInput(1 << 16);
        }
        else
        {
            stream = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1 << 16);
        }

        if (stream.CanSeek)
        {
            totalBytes = stream.Length - stream.Position;
        }

        return stream;
    }
}
