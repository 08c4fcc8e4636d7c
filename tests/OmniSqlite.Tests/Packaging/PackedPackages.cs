using System.Diagnostics;
using System.Xml.Linq;

namespace OmniSqlite.Tests.Packaging;

/// <summary>
/// Packs OmniSqlite, OmniSqlite.Hosting and OmniSqlite.Cli once (Release, a unique prerelease version) into a
/// temporary local feed; the package tests build consumers from that feed, never through ProjectReference.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    public static readonly string[] Ids = { "OmniSqlite", "OmniSqlite.Hosting", "OmniSqlite.Cli", "OmniSqlite.PostgreSql" };

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("omnisqlite-pack-");

    public PackedPackages()
    {
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        Feed = Path.Combine(_work.FullName, "feed");
        foreach (var id in Ids)
        {
            var pack = Dotnet(Root, "pack", $"src/{id}/{id}.csproj", "-c", "Release", "-o", Feed, "-p:Version=" + Version);
            if (pack.Exit != 0) throw new InvalidOperationException($"dotnet pack {id} failed:\n{pack.Output}");
        }
    }

    public string Version { get; }
    public string Feed { get; }

    public string Nupkg(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>The repository root (the folder holding OmniSqlite.Analyzers.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A property declared in the root Directory.Build.props (the one place package metadata is declared).</summary>
    public static string BuildProperty(string name)
        => XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants(name).Single().Value;

    /// <summary>A fresh consumer folder whose nuget.config puts the local feed first.</summary>
    public string NewConsumer(string name)
    {
        var dir = Path.Combine(_work.FullName, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        return dir;
    }

    public static (int Exit, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        // The test host's MSBuild variables must not leak into the child build.
        foreach (var name in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            info.Environment.Remove(name);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8))) { process.Kill(entireProcessTree: true); return (-1, "timed out: dotnet " + string.Join(' ', args)); }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OmniSqlite.Analyzers.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>Every test that needs the packed packages shares one pack (packing is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackagesCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "packed packages";
}
