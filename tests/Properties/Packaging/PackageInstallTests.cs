// The packed packages are publishable and usable: metadata, symbols and docs; the README quick start runs from them; the tool installs and runs.
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EventStore.Functional.Tests.Docs;

namespace EventStore.Functional.Tests.Packaging;

[Collection(PackagingCollection.Name)]
public sealed partial class PackageInstallTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    private static readonly string[] Libraries = ["EventStore.Functional", "EventStore.Functional.Sqlite", "EventStore.Functional.Postgres"];

    [Fact]
    public void Every_project_under_src_is_packed_and_no_other_project_is_packable()
    {
        var filter = JsonDocument.Parse(File.ReadAllText(Path.Combine(feed.Root, PackageFeed.PackagesFilter)));
        var listed = filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray().Select(p => p.GetString()!.Replace('\\', '/')).Order(StringComparer.Ordinal);
        var source = Directory.GetFiles(Path.Combine(feed.Root, "src"), "*.csproj", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(feed.Root, p).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(source, listed);

        foreach (var project in Directory.GetFiles(feed.Root, "*.csproj", SearchOption.AllDirectories).Where(p => !Path.GetRelativePath(feed.Root, p).StartsWith("src", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("<IsPackable>true", File.ReadAllText(project), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Each_package_has_its_id_the_one_version_a_description_authors_tags_the_MIT_licence_the_readme_and_a_git_repository()
    {
        foreach (var id in PackageFeed.Ids)
        {
            using var package = ZipFile.OpenRead(feed.PackagePath(id));
            var nuspec = Nuspec(package, id);
            string Field(string name) => nuspec.Descendants().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

            Assert.Equal(id, Field("id"));
            Assert.Equal(feed.Version, Field("version"));
            Assert.True(Field("description").Length > 40 && Field("description") != "Package Description", $"{id}: description '{Field("description")}'");
            Assert.True(Field("authors").Length > 0 && Field("authors") != id, $"{id}: authors '{Field("authors")}'");
            Assert.NotEmpty(Field("tags"));
            var license = nuspec.Descendants().Single(e => e.Name.LocalName == "license");
            Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
            Assert.Equal("README.md", Field("readme"));
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.NotNull(package.GetEntry("LICENSE"));
            Assert.Equal("git", (string?)nuspec.Descendants().Single(e => e.Name.LocalName == "repository").Attribute("type"));
        }
    }

    [Fact]
    public void Each_library_assembly_ships_with_its_xml_docs_and_its_symbols_in_the_snupkg_and_the_main_package_holds_core_and_memory()
    {
        foreach (var id in Libraries)
        {
            using var package = ZipFile.OpenRead(feed.PackagePath(id));
            using var symbols = ZipFile.OpenRead(feed.PackagePath(id, "snupkg"));
            var assemblies = package.Entries.Where(e => e.FullName.StartsWith("lib/net10.0/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)).Select(e => e.FullName[..^4]).ToList();
            Assert.NotEmpty(assemblies);
            foreach (var assembly in assemblies)
            {
                Assert.True(package.GetEntry(assembly + ".xml") is not null, $"{id} lacks {assembly}.xml");
                Assert.True(symbols.GetEntry(assembly + ".pdb") is not null, $"{id}'s .snupkg lacks {assembly}.pdb");
            }

            Assert.DoesNotContain(package.Entries, e => e.Name.EndsWith(".pdb", StringComparison.Ordinal));
        }

        using var main = ZipFile.OpenRead(feed.PackagePath("EventStore.Functional"));
        Assert.NotNull(main.GetEntry("lib/net10.0/EventStore.Functional.dll"));
        Assert.NotNull(main.GetEntry("lib/net10.0/EventStore.Functional.Memory.dll"));
    }

    [Fact]
    public async Task The_readme_quick_start_runs_in_a_fresh_console_project_that_adds_the_packages_from_the_folder_feed()
    {
        var app = Directory.CreateDirectory(Path.Combine(feed.Work, "QuickStart")).FullName;
        (await DotnetRun.RunAsync(app, ["new", "console", "--no-restore"], feed.InstallEnvironment)).AssertSucceeded();
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), NugetConfig(feed.Folder));
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), QuickStart(feed.Root));
        await File.WriteAllTextAsync(Path.Combine(app, "Backends.cs"), """
            // Compiles against the SQLite and PostgreSQL packages, so their assemblies and dependencies must resolve.
            internal static class Backends
            {
                public static readonly Type[] Stores = [typeof(EventStore.Functional.Sqlite.SqliteEventStore), typeof(EventStore.Functional.Postgres.PostgresEventStore), typeof(Npgsql.NpgsqlDataSource)];
            }
            """);
        foreach (var id in Libraries.Reverse())
        {
            string[] restore = id == Libraries[0] ? [] : ["--no-restore"];
            (await DotnetRun.RunAsync(app, ["add", "package", id, "--version", feed.Version, .. restore], feed.InstallEnvironment)).AssertSucceeded();
        }

        var run = (await DotnetRun.RunAsync(app, ["run"], feed.InstallEnvironment)).AssertSucceeded();

        Assert.Matches(QuickStartLine(), run.Output);
        foreach (var id in Libraries)
        {
            var metadata = Path.Combine(feed.PackageCache, id.ToLowerInvariant(), feed.Version, ".nupkg.metadata");
            var from = JsonDocument.Parse(await File.ReadAllTextAsync(metadata)).RootElement.GetProperty("source").GetString();
            Assert.Equal(Path.TrimEndingDirectorySeparator(feed.Folder), Path.TrimEndingDirectorySeparator(from!));
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app, "bin"), "*e_sqlite3*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_cli_installs_from_the_folder_feed_as_a_dotnet_tool_and_eventstore_version_prints_the_version()
    {
        var tools = Path.Combine(feed.Work, "tools");

        (await DotnetRun.RunAsync(feed.Work, ["tool", "install", "--tool-path", tools, "--add-source", feed.Folder, PackageFeed.ToolId, "--version", feed.Version], feed.InstallEnvironment)).AssertSucceeded();
        var version = (await DotnetRun.RunAsync(feed.Work, ["--version"], file: Path.Combine(tools, "eventstore"))).AssertSucceeded();

        Assert.Matches($@"^{Regex.Escape(feed.Version)}(\+[0-9a-f]+)?$", version.Output.Trim());
    }

    /// <summary>The C# block under README.md's "## Quick start" heading, verbatim.</summary>
    private static string QuickStart(string root)
    {
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var heading = Array.IndexOf(readme.Split('\n'), "## Quick start") + 1;
        Assert.True(heading > 0, "README.md has no '## Quick start' heading");
        var block = CodeBlock.Parse("README.md", readme).FirstOrDefault(b => b.FenceLine > heading);
        Assert.True(block is { IsCSharp: true }, "README.md's first code block under '## Quick start' is not C#");
        return block.Code + "\n";
    }

    // Only the folder feed may provide this repository's packages; their dependencies come from nuget.org.
    private static string NugetConfig(string folder) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{folder}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="local">
              <package pattern="EventStore.Functional" />
              <package pattern="EventStore.Functional.*" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;

    private static XElement Nuspec(ZipArchive package, string id)
    {
        var entry = package.GetEntry(id + ".nuspec");
        Assert.True(entry is not null, $"{id}: no {id}.nuspec in the package");
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    [GeneratedRegex(@"(?m)^1: [0-9a-f-]{36}:Task TaskCreated$")]
    private static partial Regex QuickStartLine();
}
