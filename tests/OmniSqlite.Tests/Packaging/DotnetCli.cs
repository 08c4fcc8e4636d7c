using System.Diagnostics;

namespace OmniSqlite.Tests.Packaging;

/// <summary>Runs the dotnet CLI for the packaging tests, and packs the OmniSqlite package once per test run.</summary>
internal static class DotnetCli
{
    /// <summary>The packaging tests run one after another: each packs from the same src/*/obj folders.</summary>
    public const string Collection = "Packaging";

    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OmniSqlite.Analyzers.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>
    /// The OmniSqlite package packed once for every packaging test (two packs at once would race on the same obj folder):
    /// a feed folder, removed when the test process exits, and the package's unique test version.
    /// </summary>
    public static readonly Lazy<(string Feed, string Version)> Package = new(() =>
    {
        var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        var feed = Directory.CreateTempSubdirectory("omnisqlite-feed-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(feed, recursive: true); } catch (IOException) { } };
        var pack = Run(Root(), "pack", "src/OmniSqlite/OmniSqlite.csproj", "-c", "Release", "-o", feed, "-p:Version=" + version);
        if (pack.Exit != 0) throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
        return (feed, version);
    });

    public static (int Exit, string Output) Run(string workingDirectory, params string[] args)
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

    /// <summary>A nuget.config that sees only <paramref name="feed"/> and nuget.org.</summary>
    public static void WriteNugetConfig(string directory, string feed) => File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """);
}
