// Entry point of the `eventstore` command: parses with System.CommandLine, runs the command, and turns every failure into one line and a hint.
using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using EventStore.Functional;
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Cli.Commands;

using var cts = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

var parse = CommandTable.Root().Parse(args);
var command = parse.CommandResult.Command is RootCommand ? "" : $" {parse.CommandResult.Command.Name}";
if (parse.Action is ParseErrorAction)
{
    return Fail(2, parse.Errors[0].Message, $"see 'eventstore{command} --help'.");
}

try
{
    // Our own handlers: exceptions reach the catches below, and Ctrl+C cancels the token instead of ending the process.
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cts.Token);
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
    return Fail(1, ex.Message, Hints.For(ex, command.TrimStart()));
}
catch (ArgumentException ex)
{
    return Fail(2, ex.Message, $"see 'eventstore{command} --help'.");
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
