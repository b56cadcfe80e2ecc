// `export` (the feed as JSON lines on stdout) and `import` (JSON lines from stdin, idempotently), both in bounded memory.
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

    public static async Task<int> ExportAsync(Invocation inv, CancellationToken ct)
    {
        var from = inv.Number("--from") ?? 0;
        await using var opened = await StoreChoice.From(inv).OpenAsync(Format.RawRegistry(), write: false, ct: ct);
        var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        await using (stdout)
        {
            var w = new Utf8JsonWriter(stdout);
            await using (w)
            {
                // The feed is read lazily page by page; each line is flushed into the buffered stream as it is written.
                await foreach (var e in opened.Store.ReadAllAsync(new ReadOptions { FromPosition = from }, ct))
                {
                    EventLine.Write(w, e);
                    w.Flush();
                    w.Reset();
                    stdout.Write(NewLine);
                }
            }
        }

        return 0;
    }

    public static async Task<int> ImportAsync(Invocation inv, CancellationToken ct)
    {
        if (!Console.IsInputRedirected)
        {
            throw new UsageException("import reads JSON lines from standard input, which is a terminal.", "redirect a file: eventstore import < events.jsonl");
        }

        var registry = Format.RawRegistry();
        var clock = new ReplayClock();
        await using var opened = await StoreChoice.From(inv).OpenAsync(registry, write: true, clock, ct);
        var stats = new ImportStats();
        var importer = new Importer(opened.Store, clock, stats);
        using var input = OpenInput(out var totalBytes);
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

                await importer.AddAsync(EventLine.Parse(line, lineNumber, registry), ct);
                stats.Read++;
                progress?.Tick();
            }

            await importer.FlushAsync(ct);
        }
        finally
        {
            progress?.Tick(final: true);
        }

        await Console.Error.WriteLineAsync($"Imported {Format.Number(stats.Read)} events: {Format.Number(stats.Written)} written, {Format.Number(stats.AlreadyStored)} already stored.");
        return 0;
    }

    // Standard input as a stream; its remaining length when it is a regular file (for the progress bar).
    private static Stream OpenInput(out long? totalBytes)
    {
        totalBytes = null;
        if (OperatingSystem.IsWindows())
        {
            return Console.OpenStandardInput(1 << 16);
        }

        var stream = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1 << 16);
        if (stream.CanSeek)
        {
            totalBytes = stream.Length - stream.Position;
        }

        return stream;
    }
}
