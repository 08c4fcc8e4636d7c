using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OmniSqlite.Tests.Packaging;

/// <summary>
/// What `dotnet pack` puts in each package: metadata from Directory.Build.props (repository, commit, MIT license,
/// readme), a readme whose links work on a package page, the analyzers where NuGet loads them, SourceLink and a
/// deterministic build in the assemblies, and nothing from the tests.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class PackageContentsTests
{
    private readonly PackedPackages _packages;

    public PackageContentsTests(PackedPackages packages) => _packages = packages;

    public static TheoryData<string> Ids => new(PackedPackages.Ids);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Nuspec_carries_repository_commit_license_and_readme(string id)
    {
        using var zip = ZipFile.OpenRead(_packages.Nupkg(id));
        XElement metadata = Nuspec(zip).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        string repositoryUrl = PackedPackages.BuildProperty("RepositoryUrl");
        XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal(repositoryUrl, (string?)repository.Attribute("url"));
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");   // SourceLink read the commit
        Assert.Equal("MIT", Value("license"));
        Assert.Equal(repositoryUrl, Value("projectUrl"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")), "no description");
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("README.md", zip.Entries.Select(e => e.FullName));
        Assert.True(File.Exists(Path.Combine(PackedPackages.Root, "LICENSE")), "LICENSE file missing at the repository root");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Readme_is_the_packages_own_and_every_link_is_absolute(string id)
    {
        using var zip = ZipFile.OpenRead(_packages.Nupkg(id));
        string readme = Read(zip, "README.md");
        Assert.StartsWith("# " + id + "\n", readme.Replace("\r\n", "\n"));
        var links = Regex.Matches(readme, @"\]\(([^)\s]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith("https://", link));
    }

    [Fact]
    public void Analyzers_and_code_fixes_ship_under_analyzers_dotnet_cs_only()
    {
        using var zip = ZipFile.OpenRead(_packages.Nupkg("OmniSqlite"));
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/netstandard2.0/OmniSqlite.dll", entries);
        Assert.Contains("lib/net8.0/OmniSqlite.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/OmniSqlite.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/OmniSqlite.CodeFixes.dll", entries);
        Assert.Contains("build/OmniSqlite.targets", entries);            // appsettings*.json as AdditionalFiles
        Assert.Contains("buildTransitive/OmniSqlite.targets", entries);
        Assert.Contains("buildTransitive/OmniSqlite.InfoRulesAsWarnings.globalconfig", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Analyzers", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("CodeFixes", StringComparison.Ordinal));
    }

    [Fact]
    public void The_tool_package_is_a_dotnet_tool_named_omnisqlite()
    {
        using var zip = ZipFile.OpenRead(_packages.Nupkg("OmniSqlite.Cli"));
        Assert.Contains("tools/net8.0/any/OmniSqlite.Cli.dll", zip.Entries.Select(e => e.FullName));
        Assert.Contains("Name=\"omnisqlite\"", Read(zip, "tools/net8.0/any/DotnetToolSettings.xml"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void No_test_assemblies_or_test_dependencies_are_packed(string id)
    {
        using var zip = ZipFile.OpenRead(_packages.Nupkg(id));
        foreach (var entry in zip.Entries.Select(e => e.FullName))
        {
            Assert.DoesNotMatch(@"(?i)(\.Tests?\.dll|xunit|testhost|Microsoft\.TestPlatform|Microsoft\.VisualStudio\.TestPlatform|Benchmark)", entry);
        }

        string dependencies = Nuspec(zip).ToString();
        Assert.DoesNotContain("xunit", dependencies, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Microsoft.NET.Test.Sdk", dependencies, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("OmniSqlite", "lib/net8.0/OmniSqlite.dll")]
    [InlineData("OmniSqlite", "lib/netstandard2.0/OmniSqlite.dll")]
    [InlineData("OmniSqlite", "analyzers/dotnet/cs/OmniSqlite.Analyzers.dll")]
    [InlineData("OmniSqlite.Hosting", "lib/net8.0/OmniSqlite.Hosting.dll")]
    [InlineData("OmniSqlite.Cli", "tools/net8.0/any/OmniSqlite.Cli.dll")]
    public void Assemblies_are_deterministic_and_carry_SourceLink_to_the_repository(string id, string assembly)
    {
        using var zip = ZipFile.OpenRead(_packages.Nupkg(id));
        using var buffer = new MemoryStream();
        using (var stream = zip.GetEntry(assembly)!.Open()) stream.CopyTo(buffer);
        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var debug = pe.ReadDebugDirectory();
        Assert.Contains(debug, e => e.Type == DebugDirectoryEntryType.Reproducible);   // Deterministic=true
        var embedded = debug.Single(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var pdbProvider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded);
        MetadataReader pdb = pdbProvider.GetMetadataReader();

        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        string? sourceLink = null;
        foreach (var handle in pdb.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var info = pdb.GetCustomDebugInformation(handle);
            if (pdb.GetGuid(info.Kind) == sourceLinkKind) sourceLink = Encoding.UTF8.GetString(pdb.GetBlobBytes(info.Value));
        }

        Assert.NotNull(sourceLink);
        // GitHub's SourceLink maps the repository to its raw-content host: https://raw.githubusercontent.com/<owner>/<repo>/<commit>/*
        string ownerAndRepo = new Uri(PackedPackages.BuildProperty("RepositoryUrl")).AbsolutePath.Trim('/');
        Assert.Contains(ownerAndRepo + "/", sourceLink);
    }

    private static XDocument Nuspec(ZipArchive zip)
        => XDocument.Parse(Read(zip, zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).FullName));

    private static string Read(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }
}
