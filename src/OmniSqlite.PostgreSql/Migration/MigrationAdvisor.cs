using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>Whether a threshold is crossed, or cannot be known from what was given.</summary>
    public enum ThresholdState
    {
        NotCrossed,
        Crossed,
        Unknown,
    }

    /// <summary>What is known beyond the file: figures only the application's owner has (analytics, deployment, metrics).</summary>
    public sealed class AdviceInputs
    {
        /// <summary>Monthly active users (threshold: more than 10,000).</summary>
        public long? MonthlyActiveUsers { get; set; }

        /// <summary>Users active at the same moment at peak (threshold: more than 100).</summary>
        public long? ConcurrentUsers { get; set; }

        /// <summary>Writes as a percentage of statements, 0-100 (threshold: more than 30).</summary>
        public double? WritePercent { get; set; }

        /// <summary>Application servers that need the database (threshold: more than one).</summary>
        public int? Servers { get; set; }

        /// <summary>The size above which the file is "big". Default 10 GB (10,000,000,000 bytes).</summary>
        public long SizeThreshold { get; set; } = 10_000_000_000;

        /// <summary>A log file holding OmniSqlite's slow-query log (event 5203 "Slow SQLite statement on ..."), read for complex queries and writes.</summary>
        public string? LogFile { get; set; }
    }

    /// <summary>One of the seed guide's thresholds: what was found and what to do.</summary>
    public sealed record ThresholdAdvice(string Id, string Threshold, ThresholdState State, string Finding, string Advice);

    /// <summary>The advice for one database: its facts and each threshold.</summary>
    public sealed class MigrationAdvice
    {
        internal MigrationAdvice(DatabaseInfo info, long walFrames, IReadOnlyList<ThresholdAdvice> thresholds)
        {
            Info = info;
            WalFrames = walFrames;
            Thresholds = thresholds;
        }

        public DatabaseInfo Info { get; }

        /// <summary>Frames in the -wal file not yet checkpointed into the database (0 without a WAL).</summary>
        public long WalFrames { get; }

        public IReadOnlyList<ThresholdAdvice> Thresholds { get; }

        public bool AnyCrossed => Thresholds.Any(t => t.State == ThresholdState.Crossed);
    }

    /// <summary>
    /// <c>omnisqlite advise</c>: which of the seed guide's reasons to leave SQLite apply (more than 10,000 monthly active
    /// users, more than 100 concurrent users, writes above 30% of statements, more than one server, more than 10 GB,
    /// complex queries), from the file, its WAL, the slow-query log when given, and figures the owner supplies.
    /// </summary>
    public static class MigrationAdvisor
    {
        private const string Move = "Move to PostgreSQL: omnisqlite migrate-to-postgres <db> <connection string> (docs/postgresql-migration.md), and switch the generated repositories with [assembly: OmniSqliteDialects(Dialect.Sqlite | Dialect.PostgreSql)].";

        private static readonly Regex SlowStatement = new(@"Slow SQLite statement on (?<db>.*?): (?<ms>[0-9.,]+) ms \(threshold [0-9.,]+ ms\): (?<sql>.*)$", RegexOptions.CultureInvariant);

        /// <summary>Reads the database (read-only) and the log, and weighs each threshold.</summary>
        public static async Task<MigrationAdvice> AdviseAsync(string sqlitePath, AdviceInputs? inputs = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(sqlitePath);
            inputs ??= new AdviceInputs();
            Validate(inputs);
            string full = Path.GetFullPath(sqlitePath);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"The SQLite database '{full}' does not exist.", full);
            }

            DatabaseInfo info;
            var schemaSql = new List<(string Name, string Type, string Sql)>();
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                info = await connection.GetDatabaseInfoAsync(cancellationToken).ConfigureAwait(false);
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT name, type, sql FROM sqlite_schema WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY name";
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    schemaSql.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }

            var slow = inputs.LogFile is { } log ? ReadSlowLog(log, cancellationToken) : null;
            long walFrames = info.WalFileSize is long wal && wal > 32 && info.PageSize > 0 ? (wal - 32) / (info.PageSize + 24) : 0;
            var thresholds = new List<ThresholdAdvice>
            {
                Users(inputs),
                Concurrency(inputs),
                Writes(inputs, slow),
                Servers(inputs, full),
                Size(inputs, info, walFrames),
                Queries(schemaSql, slow, inputs.LogFile),
            };
            return new MigrationAdvice(info, walFrames, thresholds);
        }

        private static void Validate(AdviceInputs inputs)
        {
            if (inputs.MonthlyActiveUsers < 0 || inputs.ConcurrentUsers < 0 || inputs.Servers < 0)
            {
                throw new ArgumentException("--mau, --concurrent-users and --servers cannot be negative.", nameof(inputs));
            }

            if (inputs.WritePercent is < 0 or > 100)
            {
                throw new ArgumentException($"--write-percent {inputs.WritePercent} is not a percentage; give 0 to 100.", nameof(inputs));
            }

            if (inputs.SizeThreshold <= 0)
            {
                throw new ArgumentException("--size-threshold must be more than zero (for example 10GB).", nameof(inputs));
            }

            if (inputs.LogFile is { } log && !File.Exists(log))
            {
                throw new FileNotFoundException($"The log file '{Path.GetFullPath(log)}' does not exist; give the file your logger writes OmniSqlite's slow-query log (event 5203) to.", log);
            }
        }

        private static string N(double n) => n.ToString("N0", CultureInfo.InvariantCulture);

        private static ThresholdAdvice Users(AdviceInputs inputs) => inputs.MonthlyActiveUsers is not { } mau
            ? new("mau", "more than 10,000 monthly active users", ThresholdState.Unknown,
                "Not measurable from the file: it holds no sessions or visits.", "Give --mau N from your analytics (unique users in the last 30 days).")
            : mau > 10_000
                ? new("mau", "more than 10,000 monthly active users", ThresholdState.Crossed, $"{N(mau)} monthly active users (given).", Move)
                : new("mau", "more than 10,000 monthly active users", ThresholdState.NotCrossed, $"{N(mau)} monthly active users (given).", "Nothing to do.");

        private static ThresholdAdvice Concurrency(AdviceInputs inputs) => inputs.ConcurrentUsers is not { } users
            ? new("concurrency", "more than 100 concurrent users", ThresholdState.Unknown,
                "Not measurable from the file.",
                "Give --concurrent-users N (peak users at one moment). While you measure: the omnisqlite.busy.retries metric counts waits for SQLite's one write lock (docs/telemetry.md).")
            : users > 100
                ? new("concurrency", "more than 100 concurrent users", ThresholdState.Crossed, $"{N(users)} concurrent users at peak (given).",
                    "SQLite has one writer at a time: keep write transactions short (BeginWriteTransaction) and watch omnisqlite.busy.retries; when writers queue, " + Move)
                : new("concurrency", "more than 100 concurrent users", ThresholdState.NotCrossed, $"{N(users)} concurrent users at peak (given).", "Nothing to do.");

        private static ThresholdAdvice Writes(AdviceInputs inputs, List<(double Ms, string Sql)>? slow)
        {
            const string title = "writes above 30% of statements";
            if (inputs.WritePercent is { } percent)
            {
                return percent > 30
                    ? new("writes", title, ThresholdState.Crossed, $"{percent.ToString("0.#", CultureInfo.InvariantCulture)}% of statements are writes (given).",
                        "SQLite serializes writes: batch them in transactions (InsertMany), keep WAL; when that is not enough, " + Move)
                    : new("writes", title, ThresholdState.NotCrossed, $"{percent.ToString("0.#", CultureInfo.InvariantCulture)}% of statements are writes (given).", "Nothing to do.");
            }

            string how = "Give --write-percent P, measured from the db.client.operation.duration metric's count by db.operation.name (docs/telemetry.md).";
            if (slow is { Count: > 0 })
            {
                int writes = slow.Count(s => IsWrite(s.Sql));
                return new("writes", title, ThresholdState.Unknown,
                    $"Not measurable from the file. Of the {N(slow.Count)} slow statements in the log, {N(writes)} ({(100.0 * writes / slow.Count).ToString("0", CultureInfo.InvariantCulture)}%) are writes; the log has only the slow ones.",
                    how);
            }

            return new("writes", title, ThresholdState.Unknown, "Not measurable from the file: SQLite keeps no statement counts.", how);
        }

        private static bool IsWrite(string sql)
        {
            string s = sql.TrimStart().ToUpperInvariant();
            return s.StartsWith("INSERT", StringComparison.Ordinal) || s.StartsWith("UPDATE", StringComparison.Ordinal) || s.StartsWith("DELETE", StringComparison.Ordinal)
                || s.StartsWith("REPLACE", StringComparison.Ordinal) || (s.StartsWith("WITH", StringComparison.Ordinal) && Regex.IsMatch(s, @"\b(INSERT|UPDATE|DELETE)\b"));
        }

        private static ThresholdAdvice Servers(AdviceInputs inputs, string path)
        {
            const string title = "more than one server";
            MountEntry? mount = null;
            try
            {
                mount = MountTable.ForCurrentSystem().FindMount(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            if (inputs.Servers is { } servers)
            {
                return servers > 1
                    ? new("servers", title, ThresholdState.Crossed, $"{N(servers)} servers (given).",
                        "A SQLite file belongs to one machine (never share it over NFS/SMB); replicas (omnisqlite replicate) serve reads elsewhere, but writes from several servers need a server database: " + Move)
                    : new("servers", title, ThresholdState.NotCrossed, "One server (given).", "Nothing to do.");
            }

            if (mount is { IsNetwork: true })
            {
                return new("servers", title, ThresholdState.Crossed, $"The file is on a network filesystem ({mount.FileSystemType} {mount.Source}): several machines can reach it, and SQLite's locking and WAL are not safe there.",
                    "Move the file to a local disk of the one server that writes it, or, when several servers must write, " + Move);
            }

            return new("servers", title, ThresholdState.Unknown,
                $"Not measurable from the file ({(mount is null ? "its filesystem is unknown" : "it is on a local " + mount.FileSystemType + " filesystem")}).",
                "Give --servers N: the application servers that need to write this database.");
        }

        private static ThresholdAdvice Size(AdviceInputs inputs, DatabaseInfo info, long walFrames)
        {
            long size = (info.DatabaseFileSize ?? info.DatabaseSize) + (info.WalFileSize ?? 0);
            string limit = Bytes(inputs.SizeThreshold);
            string wal = info.WalFileSize is long w
                ? $"; WAL {Bytes(w)} ({N(walFrames)} frames not yet checkpointed{(w > 64L * 1024 * 1024 ? ": checkpoints are not keeping up, look for a long-running reader or call Checkpoint(Truncate) in a quiet moment" : "")})"
                : "; no WAL file";
            string finding = $"{Bytes(size)} on disk (database {Bytes(info.DatabaseFileSize ?? info.DatabaseSize)}, {Bytes(info.FreeBytes)} of it free pages{wal}).";
            return size > inputs.SizeThreshold
                ? new("size", "more than " + limit, ThresholdState.Crossed, finding,
                    (info.FreeBytes > size / 5 ? "First give back the free pages (IncrementalVacuum, or VACUUM in a quiet moment); if it stays above, " : "Backups, restores and VACUUM grow with the file; ") + Move)
                : new("size", "more than " + limit, ThresholdState.NotCrossed, finding, "Nothing to do.");
        }

        private static ThresholdAdvice Queries(List<(string Name, string Type, string Sql)> schemaSql, List<(double Ms, string Sql)>? slow, string? logFile)
        {
            const string title = "complex queries";
            var complex = schemaSql.Where(s => Complexity(s.Sql) is not null).Select(s => $"{s.Type} {s.Name} ({Complexity(s.Sql)})").ToList();
            if (slow is not null)
            {
                complex.AddRange(slow.Where(s => Complexity(s.Sql) is not null).GroupBy(s => s.Sql).OrderByDescending(g => g.Max(s => s.Ms)).Take(5)
                    .Select(g => $"slow statement ({Complexity(g.Key)}, up to {g.Max(s => s.Ms).ToString("0", CultureInfo.InvariantCulture)} ms, {N(g.Count())}x): {(g.Key.Length > 120 ? g.Key.Substring(0, 120) + "..." : g.Key)}"));
            }

            if (complex.Count > 0)
            {
                return new("queries", title, ThresholdState.Crossed, string.Join("; ", complex) + ".",
                    "Check each with ExplainQueryPlan (an index for every filter and join: the OSQL analyzers say which); reporting over joins of many tables, window functions and recursive queries is where PostgreSQL's planner, parallel queries and materialized views help: " + Move);
            }

            if (slow is not null)
            {
                return new("queries", title, ThresholdState.NotCrossed,
                    $"No view or trigger with 3 or more joins, a window function or a recursive query; {N(slow.Count)} slow statements in the log, none of them complex.", "Nothing to do.");
            }

            return new("queries", title, ThresholdState.Unknown,
                "No view or trigger with 3 or more joins, a window function or a recursive query; the queries the application runs are not in the file.",
                $"Give --log <file> with OmniSqlite's slow-query log (WithSlowQueryLog or OmniSqlite:SlowQueryThreshold, event 5203; docs/logging.md){(logFile is null ? "" : "")}.");
        }

        /// <summary>What makes a statement complex (3 or more joins, a window function, a recursive query), or null.</summary>
        internal static string? Complexity(string sql)
        {
            string s = sql.ToUpperInvariant();
            int joins = Regex.Matches(s, @"\bJOIN\b").Count + Math.Max(0, Regex.Matches(s, @"\bFROM\s+[^()]*?,").Count);
            var why = new List<string>();
            if (joins >= 3)
            {
                why.Add($"{joins} joins");
            }

            if (Regex.IsMatch(s, @"\bOVER\s*\("))
            {
                why.Add("a window function");
            }

            if (Regex.IsMatch(s, @"\bWITH\s+RECURSIVE\b"))
            {
                why.Add("a recursive query");
            }

            return why.Count == 0 ? null : string.Join(", ", why);
        }

        private static List<(double Ms, string Sql)> ReadSlowLog(string path, CancellationToken cancellationToken)
        {
            var result = new List<(double, string)>();
            foreach (string line in File.ReadLines(path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Match m = SlowStatement.Match(line);
                if (m.Success && double.TryParse(m.Groups["ms"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
                {
                    result.Add((ms, m.Groups["sql"].Value.Trim()));
                }
            }

            return result;
        }

        /// <summary>Bytes in the decimal units the thresholds use (10 GB = 10^10 bytes).</summary>
        internal static string Bytes(long bytes)
        {
            string[] units = { "B", "KB", "MB", "GB", "TB" };
            double value = bytes;
            int unit = 0;
            while (value >= 1000 && unit < units.Length - 1)
            {
                value /= 1000;
                unit++;
            }

            return unit == 0 ? $"{bytes} B" : value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit];
        }

        /// <summary>"10GB", "500 MB", "1KB" or a byte count (decimal units); null when not a size.</summary>
        public static long? ParseSize(string text)
        {
            Match m = Regex.Match(text.Trim(), @"^(?<n>[0-9]+(\.[0-9]+)?)\s*(?<u>B|KB|MB|GB|TB)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            if (!m.Success || !double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n))
            {
                return null;
            }

            double factor = m.Groups["u"].Value.ToUpperInvariant() switch
            {
                "KB" => 1e3,
                "MB" => 1e6,
                "GB" => 1e9,
                "TB" => 1e12,
                _ => 1,
            };
            double bytes = n * factor;
            return bytes is >= 1 and < long.MaxValue ? (long)bytes : null;
        }
    }
}
