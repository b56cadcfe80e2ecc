// Entry point of the `eventstore` command: picks the command, runs it, and turns every failure into one line and a hint.
using System.Runtime.InteropServices;
using EventStore.Functional;
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Cli.Commands;

using var cts = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

if (args is ["--help" or "-h" or "help"])
{
    Console.WriteLine(CommandTable.Overview());
    return 0;
}

var named = args.Length > 0 && !args[0].StartsWith('-');
var command = named ? CommandTable.All.FirstOrDefault(c => c.Name == args[0]) : CommandTable.All[0];
if (command is null)
{
    return Fail(2, $"unknown command '{args[0]}'.", $"commands: {string.Join(", ", CommandTable.All.Select(c => c.Name))}; see 'eventstore --help'.");
}

var rest = named ? args[1..] : args;
if (rest.Contains("--help") || rest.Contains("-h"))
{
    Console.WriteLine(command.Help());
    return 0;
}

try
{
    return await command.Run(command.Parse(rest), cts.Token);
}
catch (UsageException ex)
{
    return Fail(2, ex.Message, ex.Hint);
}
catch (CliFailure ex)
{
    return Fail(1, ex.Message, ex.Hint);
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    return Fail(130, "interrupted.", "nothing half-written: every append is atomic (re-run an import to complete it).");
}
catch (EventStoreException ex)
{
    return Fail(1, ex.Message, ex is EventStoreUnavailableException ? "check the store options (--db, --postgres, --schema); 'eventstore init' creates a missing schema." : "see 'eventstore --help'.");
}
catch (ArgumentException ex)
{
    return Fail(2, ex.Message, $"see 'eventstore {command.Name} --help'.");
}
catch (IOException ex)
{
    return Fail(1, ex.Message, "check the file paths and permissions.");
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cts.Cancel();
}

static int Fail(int code, string message, string hint)
{
    Console.Error.WriteLine($"eventstore: {message.ReplaceLineEndings(" ")}");
    Console.Error.WriteLine($"hint: {hint}");
    return code;
}
