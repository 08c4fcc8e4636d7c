using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Cli
{
    /// <summary>The <c>omnisqlite</c> command line: backup, list, prune, restore, verify and info.</summary>
    public static class CliApp
    {
        /// <summary>Parses and runs a command; returns one of <see cref="ExitCodes"/>.</summary>
        public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive = false, CancellationToken cancellationToken = default)
        {
            var context = new Context(output, error, interactive);
            RootCommand root = BuildCommands(context);
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (System.CommandLine.Parsing.ParseError parseError in parsed.Errors)
                {
                    await error.WriteLineAsync("error: " + parseError.Message).ConfigureAwait(false);
                }

                await error.WriteLineAsync("Run 'omnisqlite --help' for usage.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            try
            {
                return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return context.Fail(ex);
            }
        }

        private sealed class Context
        {
            public Context(TextWriter output, TextWriter error, bool interactive)
            {
                Output = output;
                Error = error;
                Interactive = interactive;
            }

            public TextWriter Output { get; }
            public TextWriter Error { get; }
            public bool Interactive { get; }

            public ConsoleProgress Progress(bool quiet) => new ConsoleProgress(Error, Interactive && !quiet);

            public int Fail(Exception ex)
            {
                int code = ex switch
                {
                    OperationCanceledException => ExitCodes.Cancelled,
                    BackupVerificationException => ExitCodes.VerificationFailed,
                    BackupException => ExitCodes.Refused,
                    FileNotFoundException or DirectoryNotFoundException => ExitCodes.NotFound,
                    InvalidOperationException => ExitCodes.Refused,
                    ArgumentException => ExitCodes.Usage,
                    _ => ExitCodes.Failure,
                };
                string message = ex is ArgumentException { ParamName: not null } argument ? argument.Message.Replace($" (Parameter '{argument.ParamName}')", "") : ex.Message;
                Error.WriteLine(code == ExitCodes.Cancelled ? "cancelled: nothing partial was published." : "error: " + message);
                return code;
            }
        }

        private static RootCommand BuildCommands(Context context)
        {
            var root = new RootCommand("OmniSqlite: consistent, compressed, verified SQLite backups, with retention and safe restore. Exit codes: 0 ok, 1 failure, 2 usage, 3 verification failed, 4 not found, 5 refused, 130 cancelled.");
            root.Add(BackupCommand(context));
            root.Add(ListCommand(context));
            root.Add(PruneCommand(context));
            root.Add(RestoreCommand(context));
            root.Add(VerifyCommand(context));
            root.Add(InfoCommand(context));
            return root;
        }

        private static Argument<string> DatabaseArgument(string description) => new("db") { Description = description };

        private static Option<string> DirectoryOption(bool required) => new("--dir", "-d")
        {
            Description = "The backup directory.",
            Required = required,
        };

        private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text." };

        private static Option<bool> QuietOption() => new("--quiet", "-q") { Description = "No progress display." };

        private static Option<int?> KeepOption() => new("--keep") { Description = "Retention: keep the newest N backups of the database (N >= 1; the newest is never deleted)." };

        private static Option<string?> MaxAgeOption() => new("--max-age") { Description = "Retention: delete backups older than this: 30d, 12h, 90m or a TimeSpan (7.00:00:00). The newest backup is always kept." };

        private static Command BackupCommand(Context context)
        {
            var db = DatabaseArgument("The database file (or a Microsoft.Data.Sqlite connection string) to back up.");
            var dir = DirectoryOption(required: true);
            var method = new Option<string>("--method", "-m") { Description = "online (SQLite online backup API, default) or vacuum (VACUUM INTO, compacted).", DefaultValueFactory = _ => "online" };
            method.AcceptOnlyFromAmong("online", "vacuum");
            var noCompress = new Option<bool>("--no-compress") { Description = "Write a plain .db file instead of .db.gz." };
            var noVerify = new Option<bool>("--no-verify") { Description = "Skip PRAGMA integrity_check on the copy." };
            var pattern = new Option<string?>("--pattern") { Description = "File name pattern; default {database}-{timestamp}." };
            var keep = KeepOption();
            var maxAge = MaxAgeOption();
            var quiet = QuietOption();
            var json = JsonOption();
            var command = new Command("backup", "Take a consistent, verified, gzip-compressed backup of a database; then apply --keep/--max-age.")
            {
                db, dir, method, noCompress, noVerify, pattern, keep, maxAge, quiet, json,
            };
            command.SetAction(async (result, ct) =>
            {
                var options = new BackupOptions
                {
                    Directory = result.GetValue(dir)!,
                    Method = result.GetValue(method) == "vacuum" ? BackupMethod.VacuumInto : BackupMethod.OnlineBackup,
                    Compress = !result.GetValue(noCompress),
                    Verify = !result.GetValue(noVerify),
                    Keep = result.GetValue(keep),
                    MaxAge = ParseAge(result.GetValue(maxAge)),
                };
                string? customPattern = result.GetValue(pattern);
                if (customPattern != null)
                {
                    options.FileNamePattern = customPattern;
                }

                var backups = new SqliteBackups(options);
                ConsoleProgress progress = context.Progress(result.GetValue(quiet));
                BackupResult backup;
                try
                {
                    backup = await backups.CreateAsync(result.GetValue(db)!, progress, ct).ConfigureAwait(false);
                }
                finally
                {
                    progress.Finish();
                }

                if (result.GetValue(json))
                {
                    WriteJson(context.Output, w =>
                    {
                        w.WriteStartObject();
                        WriteBackup(w, backup.Backup);
                        w.WriteNumber("durationMs", (long)backup.Duration.TotalMilliseconds);
                        w.WriteStartArray("pruned");
                        foreach (BackupInfo p in backup.Pruned)
                        {
                            w.WriteStringValue(p.Path);
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Output.WriteLine(backup.Path);
                    context.Output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0} -> {1}, {2} pages, {3}, {4:0.00} s",
                        ConsoleProgress.Size(backup.DatabaseBytes), ConsoleProgress.Size(backup.FileBytes), backup.Pages,
                        backup.Verified ? "integrity_check ok" : "not verified", backup.Duration.TotalSeconds));
                    foreach (BackupInfo p in backup.Pruned)
                    {
                        context.Output.WriteLine("  pruned " + p.Path);
                    }
                }

                return ExitCodes.Success;
            });
            return command;
        }

        private static Command ListCommand(Context context)
        {
            var db = DatabaseArgument("The database (its path or just its name) whose backups to list.");
            var dir = DirectoryOption(required: true);
            var json = JsonOption();
            var command = new Command("list", "List the completed backups of a database, newest first.") { db, dir, json };
            command.SetAction(result =>
            {
                string directory = result.GetValue(dir)!;
                if (!Directory.Exists(directory))
                {
                    throw new DirectoryNotFoundException($"The backup directory '{Path.GetFullPath(directory)}' does not exist.");
                }

                var backups = new SqliteBackups(new BackupOptions { Directory = directory });
                IReadOnlyList<BackupInfo> list = backups.List(SqliteBackups.GetDatabaseName(result.GetValue(db)!));
                if (result.GetValue(json))
                {
                    WriteJson(context.Output, w =>
                    {
                        w.WriteStartArray();
                        foreach (BackupInfo b in list)
                        {
                            w.WriteStartObject();
                            WriteBackup(w, b);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    });
                }
                else
                {
                    foreach (BackupInfo b in list)
                    {
                        context.Output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-dd HH:mm:ss}Z  {1,10}  {2,-8} {3}  {4}",
                            b.CreatedUtc, ConsoleProgress.Size(b.FileBytes), b.Verified ? "verified" : "-", b.Method == BackupMethod.VacuumInto ? "vacuum" : "online", b.Path));
                    }
                }

                return ExitCodes.Success;
            });
            return command;
        }

        private static Command PruneCommand(Context context)
        {
            var db = DatabaseArgument("The database (its path or just its name) whose backups to prune.");
            var dir = DirectoryOption(required: true);
            var keep = KeepOption();
            var maxAge = MaxAgeOption();
            var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Print what would be deleted; delete nothing." };
            var command = new Command("prune", "Delete old backups by --keep and/or --max-age; the newest backup is never deleted.") { db, dir, keep, maxAge, dryRun };
            command.SetAction(result =>
            {
                int? keepValue = result.GetValue(keep);
                TimeSpan? age = ParseAge(result.GetValue(maxAge));
                if (keepValue is null && age is null)
                {
                    throw new ArgumentException("prune needs --keep and/or --max-age.");
                }

                var backups = new SqliteBackups(new BackupOptions { Directory = result.GetValue(dir)!, Keep = keepValue, MaxAge = age });
                string name = SqliteBackups.GetDatabaseName(result.GetValue(db)!);
                bool dry = result.GetValue(dryRun);
                IReadOnlyList<BackupInfo> doomed = dry ? backups.PlanPrune(name) : backups.Prune(name);
                foreach (BackupInfo b in doomed)
                {
                    context.Output.WriteLine((dry ? "would delete " : "deleted ") + b.Path);
                }

                context.Output.WriteLine($"{doomed.Count} {(dry ? "would be" : "were")} deleted, {backups.List(name).Count - (dry ? doomed.Count : 0)} kept.");
                return ExitCodes.Success;
            });
            return command;
        }

        private static Command RestoreCommand(Context context)
        {
            var db = DatabaseArgument("The database file to restore (replaced atomically; its -wal and -shm are removed).");
            var from = new Option<string?>("--from", "-f") { Description = "The backup file to restore (.db.gz or .db)." };
            var dir = DirectoryOption(required: false);
            dir.Description = "Restore the newest verified backup of the database from this directory (instead of --from).";
            var force = new Option<bool>("--force") { Description = "Replace the database when it exists." };
            var keepReplaced = new Option<bool>("--keep-replaced") { Description = "Keep the replaced database as <db>.pre-restore-<timestamp>." };
            var quiet = QuietOption();
            var command = new Command("restore", "Check a backup and swap it into place. Stop the application first: a database in use is refused.") { db, from, dir, force, keepReplaced, quiet };
            command.SetAction(async (result, ct) =>
            {
                string target = result.GetValue(db)!;
                string? file = result.GetValue(from);
                string? directory = result.GetValue(dir);
                if ((file is null) == (directory is null))
                {
                    throw new ArgumentException("restore needs exactly one of --from <backup file> or --dir <backup directory>.");
                }

                var backups = new SqliteBackups(new BackupOptions { Directory = directory ?? Path.GetDirectoryName(Path.GetFullPath(file!))! });
                if (file is null)
                {
                    BackupInfo newest = backups.List(SqliteBackups.GetDatabaseName(target)).FirstOrDefault(b => b.Verified)
                        ?? throw new FileNotFoundException($"There is no verified backup of '{SqliteBackups.GetDatabaseName(target)}' in '{Path.GetFullPath(directory!)}'.");
                    file = newest.Path;
                }

                ConsoleProgress progress = context.Progress(result.GetValue(quiet));
                RestoreResult restored;
                try
                {
                    restored = await backups.RestoreAsync(file, target, new RestoreOptions { Overwrite = result.GetValue(force), KeepReplacedCopy = result.GetValue(keepReplaced) }, progress, ct).ConfigureAwait(false);
                }
                finally
                {
                    progress.Finish();
                }

                context.Output.WriteLine($"restored {restored.BackupPath} -> {restored.TargetPath} ({restored.Pages} pages, integrity_check ok)");
                if (restored.ReplacedCopyPath != null)
                {
                    context.Output.WriteLine("  previous database kept as " + restored.ReplacedCopyPath);
                }

                return ExitCodes.Success;
            });
            return command;
        }

        private static Command VerifyCommand(Context context)
        {
            var path = new Argument<string>("path") { Description = "A backup file or database file to check; with --dir, the database whose backups to check." };
            var dir = DirectoryOption(required: false);
            dir.Description = "Check the newest backup of <path>'s database in this directory.";
            var all = new Option<bool>("--all") { Description = "With --dir: check every backup, not only the newest." };
            var quiet = QuietOption();
            var command = new Command("verify", "Check that backups (or a database) are complete and pass PRAGMA integrity_check. Exit code 3 when any is not.") { path, dir, all, quiet };
            command.SetAction(async (result, ct) =>
            {
                string target = result.GetValue(path)!;
                string? directory = result.GetValue(dir);
                var checks = new List<Func<IProgress<BackupProgress>, Task<BackupVerificationResult>>>();
                var backups = new SqliteBackups(new BackupOptions { Directory = directory ?? Path.GetDirectoryName(Path.GetFullPath(target))! });
                if (directory is null)
                {
                    checks.Add(p => backups.VerifyAsync(target, p, ct));
                }
                else
                {
                    IReadOnlyList<BackupInfo> list = backups.List(SqliteBackups.GetDatabaseName(target));
                    if (list.Count == 0)
                    {
                        throw new FileNotFoundException($"There is no backup of '{SqliteBackups.GetDatabaseName(target)}' in '{Path.GetFullPath(directory)}'.");
                    }

                    foreach (BackupInfo backup in result.GetValue(all) ? list : list.Take(1))
                    {
                        checks.Add(p => backups.VerifyAsync(backup, p, ct));
                    }
                }

                int failed = 0;
                foreach (var check in checks)
                {
                    ConsoleProgress progress = context.Progress(result.GetValue(quiet));
                    BackupVerificationResult verification;
                    try
                    {
                        verification = await check(progress).ConfigureAwait(false);
                    }
                    finally
                    {
                        progress.Finish();
                    }

                    if (verification.IsValid)
                    {
                        context.Output.WriteLine($"ok       {verification.Path} ({verification.Pages} pages)");
                    }
                    else
                    {
                        failed++;
                        context.Output.WriteLine($"FAILED   {verification.Path}: {verification.Problem}");
                    }
                }

                return failed == 0 ? ExitCodes.Success : ExitCodes.VerificationFailed;
            });
            return command;
        }

        private static Command InfoCommand(Context context)
        {
            var db = DatabaseArgument("The database file to describe (opened read-only).");
            var json = JsonOption();
            var command = new Command("info", "Print a database's basic facts: sizes, page counts, journal mode and other PRAGMA values.") { db, json };
            command.SetAction(result =>
            {
                string path = result.GetValue(db)!;
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"The database '{Path.GetFullPath(path)}' does not exist.", path);
                }

                var facts = new List<KeyValuePair<string, object>>();
                using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
                {
                    connection.Open();
                    facts.Add(new("path", Path.GetFullPath(path)));
                    facts.Add(new("file_bytes", new FileInfo(path).Length));
                    facts.Add(new("wal_bytes", File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0L));
                    facts.Add(new("sqlite_version", Query(connection, "SELECT sqlite_version();")));
                    foreach (string pragma in new[] { "page_size", "page_count", "freelist_count", "journal_mode", "auto_vacuum", "encoding", "user_version", "application_id" })
                    {
                        facts.Add(new(pragma, Query(connection, $"PRAGMA {pragma};")));
                    }

                    facts.Add(new("tables", Query(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';")));
                    facts.Add(new("indexes", Query(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'index';")));
                }

                if (result.GetValue(json))
                {
                    WriteJson(context.Output, w =>
                    {
                        w.WriteStartObject();
                        foreach (var fact in facts)
                        {
                            if (fact.Value is long number)
                            {
                                w.WriteNumber(fact.Key, number);
                            }
                            else
                            {
                                w.WriteString(fact.Key, Convert.ToString(fact.Value, CultureInfo.InvariantCulture));
                            }
                        }

                        w.WriteEndObject();
                    });
                }
                else
                {
                    foreach (var fact in facts)
                    {
                        context.Output.WriteLine($"{fact.Key,-16} {Convert.ToString(fact.Value, CultureInfo.InvariantCulture)}");
                    }
                }

                return ExitCodes.Success;
            });
            return command;
        }

        private static object Query(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            object? value = command.ExecuteScalar();
            return value is long l ? l : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }

        /// <summary>Parses 30d, 12h, 90m, 45s or a TimeSpan (7.00:00:00); null stays null.</summary>
        internal static TimeSpan? ParseAge(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            string t = text.Trim();
            char unit = char.ToLowerInvariant(t[t.Length - 1]);
            if ("dhms".IndexOf(unit) >= 0 && double.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount > 0)
            {
                return unit switch
                {
                    'd' => TimeSpan.FromDays(amount),
                    'h' => TimeSpan.FromHours(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromSeconds(amount),
                };
            }

            if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out TimeSpan span) && span > TimeSpan.Zero)
            {
                return span;
            }

            throw new ArgumentException($"--max-age '{text}' is not a duration; use 30d, 12h, 90m, 45s or 7.00:00:00.");
        }

        private static void WriteBackup(Utf8JsonWriter w, BackupInfo b)
        {
            w.WriteString("path", b.Path);
            w.WriteString("database", b.Database);
            w.WriteString("createdUtc", b.CreatedUtc.ToString("o", CultureInfo.InvariantCulture));
            w.WriteNumber("sequence", b.Sequence);
            w.WriteString("method", b.Method.ToString());
            w.WriteBoolean("compressed", b.Compressed);
            w.WriteNumber("databaseBytes", b.DatabaseBytes);
            w.WriteNumber("fileBytes", b.FileBytes);
            w.WriteNumber("pages", b.Pages);
            w.WriteBoolean("verified", b.Verified);
            w.WriteString("sha256", b.Sha256);
        }

        private static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                write(writer);
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }
}
