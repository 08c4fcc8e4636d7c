using System.Diagnostics;

namespace OmniSqlite.Tests.Packaging;

/// <summary>
/// The web API sample's compose file is checked by a real Compose implementation (`docker compose`, `docker-compose`
/// or `podman-compose`; .ci/run installs Debian's docker-compose when none is there): it validates, the database
/// lives on a named volume at an absolute path, and a misspelt key is rejected (so the check can fail).
/// scripts/container-scenario.sh runs the image itself.
/// </summary>
public sealed class ComposeFileTests : IDisposable
{
    private static readonly string SampleFolder = Path.Combine(PackedPackages.Root, "samples", "OmniSqlite.WebApi");
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("omnisqlite-compose-");

    public void Dispose() => _temp.Delete(recursive: true);

    [ComposeFact]
    public void The_sample_compose_file_validates_and_keeps_the_database_on_a_named_volume()
    {
        var (exitCode, output) = Compose(Path.Combine(SampleFolder, "compose.yaml"), "config");
        Assert.True(exitCode == 0, "compose config failed:\n" + output);
        Assert.Contains("omnisqlite-data:/data", output);
        Assert.Contains("OMNISQLITE_DB: /data/omnisqlite.db", output);
        Assert.Matches(@"(?m)^volumes:\s*$", output);
        Assert.Matches(@"(?m)^\s+omnisqlite-data:", output);
    }

    [ComposeFact]
    public void A_misspelt_key_is_rejected()
    {
        string text = File.ReadAllText(Path.Combine(SampleFolder, "compose.yaml"))
            .Replace("context: ../..", "context: " + PackedPackages.Root)
            .Replace("    volumes:\n", "    volumse:\n");
        string broken = Path.Combine(_temp.FullName, "compose.yaml");
        File.WriteAllText(broken, text);

        var (exitCode, output) = Compose(broken, "config");
        Assert.True(exitCode != 0, "a compose file with 'volumse' validated:\n" + output);
        Assert.Contains("volumse", output);
    }

    private static (int ExitCode, string Output) Compose(string file, string verb)
    {
        var (command, prefix) = FindCompose();
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in prefix) info.ArgumentList.Add(a);
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(file);
        info.ArgumentList.Add(verb);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static (string Command, string[] Prefix) FindCompose()
        => Implementation.Value ?? throw new InvalidOperationException("no Compose implementation found: install one (apt-get install docker-compose), as .ci/run does");

    /// <summary>The first Compose implementation that runs here, or null (looked for once per test run).</summary>
    internal static readonly Lazy<(string Command, string[] Prefix)?> Implementation = new(() =>
        Runs("docker", "compose", "version") ? ("docker", ["compose"])
        : Runs("docker-compose", "version") ? ("docker-compose", [])
        : Runs("podman-compose", "version") ? ("podman-compose", [])
        : null);

    private static bool Runs(string command, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>
/// A fact that needs a Compose implementation: reported as skipped, with how to get one, on a machine without any (a
/// developer's fresh clone). .ci/run installs Debian's docker-compose first, so CI always runs it.
/// </summary>
public sealed class ComposeFactAttribute : FactAttribute
{
    public ComposeFactAttribute()
    {
        if (ComposeFileTests.Implementation.Value is null)
            Skip = "needs a Compose implementation (docker compose, docker-compose or podman-compose): apt-get install docker-compose, as .ci/run does";
    }
}
