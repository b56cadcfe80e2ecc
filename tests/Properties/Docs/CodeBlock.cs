// The fenced code blocks of a Markdown file: language, info-string attributes, the line they start on and their text.
namespace EventStore.Functional.Tests.Docs;

/// <summary>
/// One fenced block of a Markdown file. <see cref="FenceLine"/> is the 1-based line of its opening fence, so the
/// block's first line of code is <c>FenceLine + 1</c>.
/// </summary>
public sealed record CodeBlock(string File, int FenceLine, string Language, IReadOnlyDictionary<string, string> Attributes, string Code)
{
    /// <summary>The fence languages that mark a block as C# (each is compiled; see <see cref="DocsCompiler"/>).</summary>
    public static readonly IReadOnlySet<string> CSharpLanguages = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "csharp", "cs", "c#" };

    /// <summary>Whether the block is C# and so must compile.</summary>
    public bool IsCSharp => CSharpLanguages.Contains(Language);

    /// <summary>The repository file this block says it is a copy of (<c>```csharp file=src/…</c>), if any.</summary>
    public string? CopyOf => Attributes.TryGetValue("file", out var path) ? path : null;

    /// <summary>Where the block is, for messages: <c>docs/tutorial.md:128</c>.</summary>
    public string Where => $"{File}:{FenceLine}";

    /// <summary>
    /// The fenced blocks of <paramref name="markdown"/> (backtick or tilde fences of three or more, indented at most three
    /// spaces; a block closes at the first fence of the same character at least as long, or at the end of the file).
    /// </summary>
    public static IReadOnlyList<CodeBlock> Parse(string file, string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!IsFence(lines[i], out var fence, out var info))
            {
                continue;
            }

            var start = i;
            var code = new List<string>();
            for (i++; i < lines.Length && !(IsFence(lines[i], out var closing, out var rest) && closing[0] == fence[0] && closing.Length >= fence.Length && rest.Length == 0); i++)
            {
                code.Add(lines[i]);
            }

            var words = info.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var attributes = words.Skip(1).Select(w => w.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal);
            blocks.Add(new CodeBlock(file, start + 1, words.FirstOrDefault() ?? "", attributes, string.Join('\n', code)));
        }

        return blocks;
    }

    private static bool IsFence(string line, out string fence, out string info)
    {
        var trimmed = line.TrimStart(' ');
        fence = "";
        info = "";
        if (line.Length - trimmed.Length > 3 || trimmed.Length < 3 || (trimmed[0] != '`' && trimmed[0] != '~'))
        {
            return false;
        }

        var length = trimmed.TakeWhile(c => c == trimmed[0]).Count();
        if (length < 3)
        {
            return false;
        }

        fence = trimmed[..length];
        info = trimmed[length..].Trim();
        return fence[0] != '`' || !info.Contains('`', StringComparison.Ordinal); // CommonMark: a backtick fence's info string has no backtick
    }
}
