using System.Diagnostics;
using System.IO.Compression;

namespace OmniSqlite.Tests.Packaging;

/// <summary>
/// Packs the OmniSqlite package into a local folder, builds a separate consumer from that package (not a
/// ProjectReference) for net10.0 and net8.0 with warnings as errors and IsAotCompatible, runs it, and checks
/// that the generated repository worked.
/// </summary>
public sealed class PackageConsumerTests
{
    internal static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OmniSqlite.Analyzers.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    internal static (int Exit, string Output) Dotnet(string workingDirectory, params string[] args)
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

    [Fact]
    public void Consumer_built_from_the_package_runs_the_generated_repository()
    {
        var work = Directory.CreateTempSubdirectory("omnisqlite-pack-");
        try
        {
            var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
            var feed = Path.Combine(work.FullName, "feed");
            var pack = Dotnet(Root(), "pack", "src/OmniSqlite/OmniSqlite.csproj", "-c", "Release", "-o", feed, "-p:Version=" + version);
            Assert.True(pack.Exit == 0, pack.Output);

            var nupkg = Path.Combine(feed, $"OmniSqlite.{version}.nupkg");
            using (var zip = ZipFile.OpenRead(nupkg))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("lib/netstandard2.0/OmniSqlite.dll", entries);
                Assert.Contains("lib/net8.0/OmniSqlite.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/OmniSqlite.Analyzers.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/OmniSqlite.CodeFixes.dll", entries);
            }

            var consumer = Path.Combine(work.FullName, "consumer");
            Directory.CreateDirectory(consumer);
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFrameworks>net10.0;net8.0</TargetFrameworks>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <IsAotCompatible>true</IsAotCompatible>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="OmniSqlite" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using Microsoft.Data.Sqlite;
                using OmniSqlite;

                var path = Path.Combine(Path.GetTempPath(), "consumer-" + Guid.NewGuid().ToString("N") + ".db");
                using (var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
                {
                    connection.Open();
                    connection.ApplyProfile(SqliteProfile.Production);   // without it OSQL001 (shipped in the package) fails this build
                    Consumer.OmniSqliteSchema.EnsureCreated(connection);
                    var repo = new Consumer.NoteRepository(connection);
                    var id = repo.Insert(new Consumer.Note { Author = "ann", Text = "hello" });
                    repo.Insert(new Consumer.Note { Author = "ann", Text = "again" });
                    Console.WriteLine($"RESULT id={id} byAuthor={repo.FindByAuthor("ann").Count} text={repo.GetById(id)!.Text}");
                }
                File.Delete(path);

                namespace Consumer
                {
                    [Table("notes")]
                    public sealed class Note
                    {
                        [PrimaryKey, AutoIncrement] public long Id { get; set; }
                        [Indexed] public string Author { get; set; } = "";
                        public string Text { get; set; } = "";
                    }
                }
                """);

            var build = Dotnet(consumer, "build", "-c", "Release");
            Assert.True(build.Exit == 0, build.Output);
            Assert.Contains("0 Warning(s)", build.Output);
            Assert.True(File.Exists(Path.Combine(consumer, "bin", "Release", "net8.0", "Consumer.dll")), "net8.0 build missing");

            var run = Dotnet(consumer, "run", "-c", "Release", "-f", "net10.0", "--no-build");
            Assert.True(run.Exit == 0, run.Output);
            Assert.Contains("RESULT id=1 byAuthor=2 text=hello", run.Output);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
