// The packed packages the install tests use: the folder CI packed into ($EVENTSTORE_PACKAGES), or a fresh pack of the repository.
using System.Xml.Linq;

namespace EventStore.Functional.Tests.Packaging;

/// <summary>
/// A local folder feed holding this repository's packages at the version of <c>Directory.Build.props</c>, and a scratch
/// directory (with its own NuGet package cache) for the projects and tools installed from it. When
/// <c>EVENTSTORE_PACKAGES</c> names a folder (<c>.ci/run</c> packs into <c>artifacts/packages</c> and sets it) the packages
/// must already be there; otherwise the fixture runs <see cref="PackCommand"/> into a temporary folder itself, so a plain
/// <c>dotnet test</c> needs nothing beforehand.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    /// <summary>The variable naming a folder that already holds the packed packages.</summary>
    public const string FolderVariable = "EVENTSTORE_PACKAGES";

    /// <summary>The solution filter listing every packable project.</summary>
    public const string PackagesFilter = "EventStore.Functional.Packages.slnf";

    /// <summary>The .NET tool's package id.</summary>
    public const string ToolId = "EventStore.Functional.Cli";

    /// <summary>The package ids of SPEC §8 (without Hosting, which does not exist yet), the tool last.</summary>
    public static readonly IReadOnlyList<string> Ids = ["EventStore.Functional", "EventStore.Functional.Sqlite", "EventStore.Functional.Postgres", ToolId];

    /// <summary>The repository root.</summary>
    public string Root { get; } = FindRoot();

    /// <summary>The one version every package has, from <c>Directory.Build.props</c>.</summary>
    public string Version { get; }

    /// <summary>A scratch directory outside the repository (so none of its Directory.Build.props or global.json apply), removed afterwards.</summary>
    public string Work { get; } = Directory.CreateTempSubdirectory("eventstore-packaging-").FullName;

    /// <summary>The folder feed.</summary>
    public string Folder { get; private set; } = "";

    /// <summary>
    /// The NuGet package cache of every install, empty at the start: a package of this version cached by an earlier run
    /// (or an older build) is never used instead of the one just packed.
    /// </summary>
    public string PackageCache => Path.Combine(Work, "nuget-packages");

    /// <summary>The environment of every install: the isolated package cache.</summary>
    public IReadOnlyDictionary<string, string?> InstallEnvironment => new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackageCache };

    /// <summary>The command that packs every package into <paramref name="folder"/>, as the messages show it.</summary>
    public static string PackCommand(string folder) => $"dotnet pack {PackagesFilter} -o {folder}";

    /// <summary>Creates the fixture for the version in <c>Directory.Build.props</c>.</summary>
    public PackageFeed()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        string Property(string name) => props.Descendants(name).Single().Value.Trim();
        Version = $"{Property("VersionPrefix")}-{Property("VersionSuffix")}";
    }

    /// <summary>The path of package <paramref name="id"/>'s .nupkg (or, with <paramref name="extension"/> snupkg, its symbols).</summary>
    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Folder, $"{id}.{Version}.{extension}");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(FolderVariable);
        if (string.IsNullOrWhiteSpace(given))
        {
            Folder = Path.Combine(Work, "feed");
            (await DotnetRun.RunAsync(Root, ["pack", PackagesFilter, "-o", Folder, "-nodeReuse:false"])).AssertSucceeded();
        }
        else
        {
            Folder = Path.GetFullPath(given, Root);
        }

        var missing = Ids.SelectMany(id => new[] { PackagePath(id), PackagePath(id, "snupkg") }).Where(p => !File.Exists(p)).Select(Path.GetFileName).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{Folder} lacks {string.Join(", ", missing)}. Run `{PackCommand(given ?? "artifacts/packages")}` first" +
                (given is null ? "." : $" (as .ci/run does), or unset {FolderVariable} to let the tests pack into a temporary folder themselves."));
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        return Task.CompletedTask;
    }

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
