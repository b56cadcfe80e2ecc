// `completion SHELL`: a script that completes eventstore's commands and options through System.CommandLine's [suggest] directive.
using System.CommandLine;

namespace EventStore.Functional.Cli.Commands;

/// <summary>Prints a completion script for bash or zsh (source it from the shell's profile).</summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # eventstore completion for bash: add `source <(eventstore completion bash)` to ~/.bashrc
        _eventstore_complete() {
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _eventstore_complete eventstore
        """;

    private const string Zsh = """
        # eventstore completion for zsh: add `source <(eventstore completion zsh)` to ~/.zshrc
        _eventstore_complete() {
          local -a suggestions
          suggestions=("${(@f)$(${words[1]} "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
          compadd -a suggestions
        }
        compdef _eventstore_complete eventstore
        """;

    public static Command Build()
    {
        var command = new Command("completion", "Print a shell completion script: source <(eventstore completion bash)");
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        command.Add(shell);
        command.SetAction(parse =>
        {
            Console.Out.WriteLine(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return 0;
        });
        return command;
    }
}
