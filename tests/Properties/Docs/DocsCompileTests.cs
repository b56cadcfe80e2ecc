// The C# in README.md and docs/ compiles against the library, copies of repository files match them, and in-memory programs run as shown.
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;

namespace EventStore.Functional.Tests.Docs;

public sealed partial class DocsCompileTests
{
    private static readonly string Root = FindRoot();

    /// <summary>README.md and every page of docs/, as paths relative to the repository root.</summary>
    public static TheoryData<string> Pages() => new(PageNames());

    private static IEnumerable<string> PageNames() =>
        Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal).Select(p => Path.GetRelativePath(Root, p)).Prepend("README.md");

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_csharp_block_of_the_page_compiles_against_the_library_without_warnings(string page)
    {
        var problems = DocsCompiler.Check(Blocks(page));

        Assert.True(problems.Count == 0, $"{problems.Count} compiler errors and warnings in the C# blocks of {page}:\n{string.Join('\n', problems)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_csharp_block_that_names_a_repository_file_is_that_file_verbatim(string page)
    {
        foreach (var block in Blocks(page).Where(b => b.CopyOf is not null))
        {
            var path = Path.Combine(Root, block.CopyOf!);
            Assert.True(File.Exists(path), $"{block.Where} is a copy of {block.CopyOf}, which does not exist.");
            var file = File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd('\n');
            Assert.True(file == block.Code, $"{block.Where} is not a verbatim copy of {block.CopyOf}: paste the file again.");
        }
    }

    [Fact]
    public void The_pages_csharp_blocks_are_found_the_readme_quick_start_and_every_tutorial_block()
    {
        Assert.Single(Blocks("README.md"), b => b.IsCSharp && b.Code.Contains("new InMemoryEventStore(registry)", StringComparison.Ordinal));
        Assert.True(Blocks("docs/tutorial.md").Count(b => b.IsCSharp) >= 30, "the tutorial's C# blocks were not all found");
    }

    [Fact]
    public void A_block_that_does_not_compile_is_reported_with_its_page_line_and_the_compiler_error()
    {
        var blocks = CodeBlock.Parse("docs/x.md", "# Title\n\n```csharp\nusing EventStore.Functional;\n\nvar s = new EventRegistry();\nConsole.WriteLine(store);\n```\n");

        var problem = Assert.Single(DocsCompiler.Check(blocks));

        Assert.StartsWith("docs/x.md:7 (block at line 3): error CS0103: The name 'store' does not exist", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_quick_start_runs_and_prints_the_event_it_appended_at_global_position_1()
    {
        var blocks = Blocks("README.md");
        var quickStart = Assert.Single(blocks, b => b.IsCSharp && b.Code.Contains("new InMemoryEventStore(registry)", StringComparison.Ordinal));

        Assert.Matches(QuickStartLine(), Run(quickStart, blocks));
    }

    /// <summary>The program blocks that need no file or server (no SQLite or PostgreSQL adapter), by page and fence line.</summary>
    public static TheoryData<string, int> InMemoryPrograms()
    {
        var programs = new TheoryData<string, int>();
        foreach (var page in PageNames())
        {
            foreach (var block in Blocks(page).Where(b => b.IsCSharp && DocsCompiler.IsProgram(b) && !b.Code.Contains(".Sqlite", StringComparison.Ordinal) && !b.Code.Contains(".Postgres", StringComparison.Ordinal)))
            {
                programs.Add(page, block.FenceLine);
            }
        }

        return programs;
    }

    [Theory]
    [MemberData(nameof(InMemoryPrograms))]
    public void An_in_memory_program_block_runs_to_the_end_and_prints_the_output_block_that_follows_it(string page, int fenceLine)
    {
        var blocks = Blocks(page);
        var index = blocks.ToList().FindIndex(b => b.FenceLine == fenceLine);

        var output = Run(blocks[index], blocks);

        var shown = blocks.ElementAtOrDefault(index + 1);
        if (shown is { Language: "text" } && shown.Attributes.ContainsKey("output"))
        {
            Assert.Equal(shown.Code, Uuid().Replace(output.ReplaceLineEndings("\n").TrimEnd('\n'), "[UUID]"));
        }
    }

    // Compiles a program block into a collectible context, runs its entry point and returns what it wrote to the console.
    private static string Run(CodeBlock program, IReadOnlyList<CodeBlock> blocks)
    {
        var context = new AssemblyLoadContext(program.Where, isCollectible: true);
        var entry = context.LoadFromStream(new MemoryStream(DocsCompiler.Emit(program, blocks))).EntryPoint!;
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            entry.Invoke(null, entry.GetParameters().Length == 0 ? [] : [Array.Empty<string>()]);
        }
        catch (TargetInvocationException ex)
        {
            Assert.Fail($"{program.Where} threw {ex.InnerException}");
        }
        finally
        {
            Console.SetOut(console);
            context.Unload();
        }

        return output.ToString();
    }

    [GeneratedRegex(@"(?m)^1: [0-9a-f-]{36}:Task TaskCreated$")]
    private static partial Regex QuickStartLine();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    private static IReadOnlyList<CodeBlock> Blocks(string page) =>
        CodeBlock.Parse(page.Replace('\\', '/'), File.ReadAllText(Path.Combine(Root, page)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventStore.Functional.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No EventStore.Functional.sln above {AppContext.BaseDirectory}.");
    }
}
