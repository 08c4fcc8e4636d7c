using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace OmniSqlite.Tests.Backups;

/// <summary>Runs the real <c>omnisqlite</c> CLI (OmniSqlite.Cli.dll, copied beside the tests) in a separate process, optionally as another user.</summary>
public static class ChildProcess
{
    public const int NobodyUid = 65534;

    public static string Dotnet
    {
        get
        {
            string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            // <dotnet root>/shared/Microsoft.NETCore.App/<version>/
            string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
            string candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(candidate) ? candidate : "dotnet";
        }
    }

    /// <summary>
    /// The CLI as built in its own output folder (bin/&lt;configuration&gt;/&lt;tfm&gt;), where its deps.json finds every
    /// dependency; the copy beside the tests lacks the packages that the test's newer framework provides.
    /// </summary>
    public static string CliDll
    {
        get
        {
            // AppContext.BaseDirectory is <repo>/tests/OmniSqlite.Tests/bin/<configuration>/<tfm>/
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = testBin.Parent!.Name;
            string repository = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            string cliBin = Path.Combine(repository, "src", "OmniSqlite.Cli", "bin", configuration);
            string? built = Directory.Exists(cliBin)
                ? Directory.GetFiles(cliBin, "OmniSqlite.Cli.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                : null;
            return built ?? throw new FileNotFoundException($"OmniSqlite.Cli.dll is not built under {cliBin}; build the solution first.");
        }
    }

    /// <summary>Starts <c>omnisqlite args...</c>; with <paramref name="asUid"/>, through setpriv as that user (needs root).</summary>
    public static Process StartCli(IEnumerable<string> args, int? asUid = null)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (asUid is int uid)
        {
            info.FileName = "setpriv";
            foreach (string a in new[] { $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--", Dotnet })
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["HOME"] = Path.GetTempPath();
        }
        else
        {
            info.FileName = Dotnet;
        }

        info.ArgumentList.Add(CliDll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the CLI");
    }

    /// <summary>Runs the CLI to the end (at most two minutes) and returns exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Output, string Error)> RunCli(IEnumerable<string> args, int? asUid = null)
    {
        using Process process = StartCli(args, asUid);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>A fact that needs root (chown to another uid, setpriv); reported as skipped, with the reason, for anyone else.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || geteuid() != 0)
        {
            Skip = "needs root on Linux (changes file owners and runs the CLI as another user)";
        }
    }

    [DllImport("libc")]
    private static extern uint geteuid();
}
