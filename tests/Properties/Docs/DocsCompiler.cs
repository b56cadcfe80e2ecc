// Compiles a Markdown page's C# blocks with Roslyn against the library, as a reader's console project would.
using System.Collections.Immutable;
using System.Reflection;
using EventStore.Functional.Memory;
using EventStore.Functional.Postgres;
using EventStore.Functional.Sqlite;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EventStore.Functional.Tests.Docs;

/// <summary>
/// The convention (README.md, "Code in these docs"): every C# block of a page is one whole <c>.cs</c> file of a console
/// project that references the library (src/Core and the three adapters) with the SDK's implicit usings and nullable
/// reference types on. A block with top-level statements is that project's <c>Program.cs</c> (statements first, then
/// any types it declares) and is compiled with the page's blocks that declare only types — nothing else, so every
/// name it uses is declared in it or in such a block. A block fenced <c>```csharp file=PATH</c> is a verbatim copy of a
/// repository file (checked, not compiled again); a program that imports its namespace compiles against the assembly
/// the file is built into instead of the page's types. Warnings count as failures. Code that is not a whole file (a
/// signature listing, an excerpt) goes in a block of another language, such as <c>text</c>.
/// </summary>
public static class DocsCompiler
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    // What `dotnet new console` gives a Program.cs (ImplicitUsings=enable).
    private static readonly SyntaxTree ImplicitUsings = CSharpSyntaxTree.ParseText(
        """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """,
        Parse,
        path: "ImplicitUsings.g.cs");

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LibraryReferences);

    // Where the repository files that a page may copy are built: the library, and the CLI (src/Cli) the tests reference.
    private static readonly Assembly[] BuiltAssemblies =
        [typeof(DomainEvent).Assembly, typeof(InMemoryEventStore).Assembly, typeof(SqliteEventStore).Assembly, typeof(PostgresEventStore).Assembly, typeof(global::EventStore.Functional.Cli.Demo.TutorialDemo).Assembly];

    /// <summary>
    /// Compiles the C# blocks of one page and returns one line per error or warning, naming the page, the Markdown line
    /// and the compiler's message (empty when everything compiles).
    /// </summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<CodeBlock> blocks)
    {
        var trees = ParseAll(blocks);
        var problems = new List<string>();

        // The page's type-only blocks once, as a library, so an error in one is reported once. Copies of repository files
        // (file=PATH) are not compiled again: the build compiles the files, and the copies are checked verbatim.
        var types = trees.Where(t => !IsProgram(t.Tree) && t.Block.CopyOf is null).ToList();
        problems.AddRange(Report(Compile("Types", OutputKind.DynamicallyLinkedLibrary, types.Select(t => t.Tree)), types));
        foreach (var program in trees.Where(t => IsProgram(t.Tree)))
        {
            problems.AddRange(Report(CompileProgram(program.Tree, trees), [program]));
        }

        return problems;
    }

    /// <summary>Compiles one program block (with the type-only blocks it is compiled with) into an assembly, or fails with its errors.</summary>
    public static byte[] Emit(CodeBlock program, IReadOnlyList<CodeBlock> blocks)
    {
        var trees = ParseAll(blocks);
        var tree = trees.Single(t => t.Block == program).Tree;
        using var image = new MemoryStream();
        var result = CompileProgram(tree, trees).Emit(image);
        Assert.True(result.Success, $"{program.Where} does not compile:\n{string.Join('\n', Check(blocks))}");
        return image.ToArray();
    }

    private static List<(CodeBlock Block, SyntaxTree Tree)> ParseAll(IReadOnlyList<CodeBlock> blocks) =>
        [.. blocks.Where(b => b.IsCSharp).Select(b => (b, CSharpSyntaxTree.ParseText(b.Code, Parse, path: b.File)))];

    // A program compiles with the page's own type-only blocks; one that imports the namespace of a page's copy of a
    // repository file (file=PATH) compiles against the assembly the file is built into instead, as a project
    // referencing that one would.
    private static CSharpCompilation CompileProgram(SyntaxTree program, List<(CodeBlock Block, SyntaxTree Tree)> trees)
    {
        var imports = program.GetCompilationUnitRoot().Usings.Where(u => u.Name is not null).Select(u => u.Name!.ToString()).ToHashSet(StringComparer.Ordinal);
        var copied = trees.Where(t => t.Block.CopyOf is not null)
            .SelectMany(t => t.Tree.GetCompilationUnitRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            .Select(type => (Namespace: type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString(), Type: type.Identifier.Text))
            .Where(t => t.Namespace is not null && imports.Contains(t.Namespace))
            .ToList();
        if (copied.Count == 0)
        {
            return Compile("Program", OutputKind.ConsoleApplication, trees.Where(t => !IsProgram(t.Tree) && t.Block.CopyOf is null).Select(t => t.Tree).Prepend(program));
        }

        var built = copied.Select(t => BuiltAssemblies.Select(a => a.GetType($"{t.Namespace}.{t.Type}")).FirstOrDefault(type => type is not null)
                ?? throw new InvalidOperationException($"{t.Namespace}.{t.Type} is in no assembly the tests reference."))
            .Select(type => type.Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
        return Compile("Program", OutputKind.ConsoleApplication, [program]).AddReferences(built);
    }

    /// <summary>Whether a block is a <c>Program.cs</c> (it has top-level statements).</summary>
    public static bool IsProgram(CodeBlock block) => IsProgram(CSharpSyntaxTree.ParseText(block.Code, Parse));

    private static bool IsProgram(SyntaxTree tree) => tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();

    private static CSharpCompilation Compile(string name, OutputKind kind, IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create(
            name,
            trees.Append(ImplicitUsings),
            References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

    private static IEnumerable<string> Report(CSharpCompilation compilation, IReadOnlyList<(CodeBlock Block, SyntaxTree Tree)> blocks) =>
        from d in compilation.GetDiagnostics()
        where d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning
        let block = blocks.FirstOrDefault(b => b.Tree == d.Location.SourceTree).Block
        where block is not null
        let line = block.FenceLine + 1 + d.Location.GetLineSpan().StartLinePosition.Line
        select $"{block.File}:{line} (block at line {block.FenceLine}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    // The runtime's assemblies, and the library's with everything they reference — not the test framework's.
    private static ImmutableArray<MetadataReference> LibraryReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase);
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = platform.Values.Where(p => Path.GetDirectoryName(p) == runtime).ToHashSet();

        var pending = new Stack<Assembly>([typeof(DomainEvent).Assembly, typeof(InMemoryEventStore).Assembly, typeof(SqliteEventStore).Assembly, typeof(PostgresEventStore).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            if (!paths.Add(assembly.Location))
            {
                continue;
            }

            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (platform.TryGetValue(name.Name!, out var path) && !paths.Contains(path))
                {
                    pending.Push(Assembly.Load(name));
                }
            }
        }

        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
