using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace OmniSqlite.Tests.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on a free
/// loopback port, stopped and deleted when the test process exits. One cluster per test process (started on first
/// use); each test takes its own database from <see cref="CreateDatabase"/>. Under root the server runs as
/// <c>nobody</c> through setpriv, because PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<PostgresCluster> s_shared = new(() => new PostgresCluster(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static int s_databases;

    private readonly string _root = "";
    private readonly string? _bin;
    private readonly bool _asNobody;

    /// <summary>The process-wide cluster, started on first use.</summary>
    public static PostgresCluster Shared => s_shared.Value;

    /// <summary>Why PostgreSQL is not available here (null when it runs).</summary>
    public string? SkipReason { get; }

    public int Port { get; }

    /// <summary>The superuser's connection string for the <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=30;Command Timeout=300";

    private PostgresCluster()
    {
        _bin = FindBinaries();
        if (_bin is null)
        {
            SkipReason = "PostgreSQL is not installed (no initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin); `apt-get install postgresql` (.ci/run does it).";
            return;
        }
        _asNobody = Environment.UserName == "root";
        DeleteStoppedClusters();
        _root = Directory.CreateTempSubdirectory("omnisqlite-pg-").FullName;
        Port = FreePort();
        try
        {
            if (_asNobody) Run("chown", "65534:65534", _root);
            var data = Path.Combine(_root, "data");
            Run(Tool("initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
            Run(Tool("pg_ctl"), "-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o",
                $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c shared_buffers=32MB",
                "start");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            var log = Path.Combine(_root, "server.log");
            SkipReason = "PostgreSQL could not start: " + e.Message + (File.Exists(log) ? "\n" + File.ReadAllText(log) : "");
            Stop();
        }
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public string CreateDatabase(string prefix = "t")
    {
        if (SkipReason is not null) throw new InvalidOperationException(SkipReason);
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref s_databases)}".ToLowerInvariant();
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    private void Stop()
    {
        if (_bin is null || _root.Length == 0) return;
        var data = Path.Combine(_root, "data");
        if (Directory.Exists(data))
        {
            try { Run(Tool("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"); } catch (InvalidOperationException) { }
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    // The test host may be ended before ProcessExit finishes deleting; a cluster whose server has stopped (no
    // postmaster.pid) is left over from such a run.
    private static void DeleteStoppedClusters()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "omnisqlite-pg-*"))
        {
            if (File.Exists(Path.Combine(dir, "data", "postmaster.pid"))) continue;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private string Tool(string name) => Path.Combine(_bin!, name);

    /// <summary>Runs a PostgreSQL tool (as nobody under root); throws with its output when it fails.</summary>
    private void Run(string file, params string[] args)
    {
        var asNobody = _asNobody && file != "chown";
        var info = new ProcessStartInfo(asNobody ? "setpriv" : file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        if (asNobody)
        {
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", file }) info.ArgumentList.Add(a);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["LC_ALL"] = "C";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} timed out");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {process.ExitCode}: {stdout.Result}{stderr.Result}");
    }

    private static string? FindBinaries()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return Path.GetDirectoryName(ResolveLink(Path.Combine(dir, "pg_ctl")));
        }
        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian)) return null;
        return Directory.GetDirectories(debian)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    // pg_ctl finds postgres next to itself; a symlink in /usr/local/bin must resolve to the real folder.
    private static string ResolveLink(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that needs the throwaway PostgreSQL cluster; skipped, with the reason, only when it cannot start at all.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresCluster.Shared.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>The theory form of <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresCluster.Shared.SkipReason is { } reason) Skip = reason;
    }
}
