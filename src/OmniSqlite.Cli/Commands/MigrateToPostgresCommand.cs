using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using OmniSqlite.PostgreSql.Migration;

namespace OmniSqlite.Cli.Commands
{
    /// <summary>
    /// <c>omnisqlite migrate-to-postgres &lt;db&gt; &lt;connection string&gt;</c>: <see cref="SqliteToPostgres.MigrateAsync"/> with a
    /// progress line. Exit codes: 0 verified, 3 a table's count or checksum differs (named), 5 target not empty, 2 bad
    /// options or connection string, 4 no such file, 1 any other failure (not a database, locked, unreachable, values that do not convert), 130 cancelled.
    /// </summary>
    internal static class MigrateToPostgresCommand
    {
        public static Command Create(CliContext context)
        {
            var db = CommonOptions.Database("The SQLite database file to move (opened read-only; one snapshot for the whole run).");
            var target = new Argument<string>("connection-string") { Description = "The Npgsql connection string of the target database, e.g. \"Host=db;Username=app;Password=...;Database=app\" (the database must exist)." };
            var resume = new Option<bool>("--resume") { Description = "Continue an earlier run: keep the tables it finished (verified again), copy the others again." };
            var dropExisting = new Option<bool>("--drop-existing") { Description = "Drop the tables this migration creates (and its _omnisqlite_migration state) first; other tables are left alone." };
            var verifyOnly = new Option<bool>("--verify-only") { Description = "Copy nothing: compare row counts and checksums of every table with the target." };
            var batchSize = new Option<int>("--batch-size") { Description = "Rows per binary COPY command (each table is still one transaction).", DefaultValueFactory = _ => 10_000 };
            var columnType = new Option<string[]>("--column-type")
            {
                Description = "table.column=type: the PostgreSQL type of a column, over what its declared type says (bigint, boolean, double precision, numeric, numeric(p,s), text, bytea, timestamptz, timestamp, date, uuid, interval, json). Repeatable.",
                AllowMultipleArgumentsPerToken = false,
            };
            var quiet = CommonOptions.Quiet();
            var json = CommonOptions.Json();
            var command = new Command("migrate-to-postgres", "Move a SQLite database into PostgreSQL: schema from the file, binary COPY per table, identity sequences, then row counts and checksums on both sides. Resumable. Exit code 3 names a table that differs.")
            {
                db, target, resume, dropExisting, verifyOnly, batchSize, columnType, quiet, json,
            };
            command.SetAction(async (result, cancellationToken) =>
            {
                string path = result.GetValue(db)!;
                try
                {
                    DatabaseFile.RequireExisting(path);
                }
                catch (CliException ex) when (ex.ExitCode == ExitCodes.VerificationFailed)
                {
                    // Exit code 3 means "a table differs" here.
                    throw new CliException(ExitCodes.Failure, ex.Message);
                }

                if (result.GetValue(resume) && result.GetValue(dropExisting))
                {
                    throw new CliException(ExitCodes.Usage, "--resume and --drop-existing contradict each other: --resume keeps an earlier run's tables, --drop-existing drops them. Choose one.");
                }

                var options = new MigrationOptions
                {
                    BatchSize = result.GetValue(batchSize),
                    VerifyOnly = result.GetValue(verifyOnly),
                    ExistingTarget = result.GetValue(resume) ? ExistingTarget.Resume : result.GetValue(dropExisting) ? ExistingTarget.DropExisting : ExistingTarget.Refuse,
                };
                foreach (string pair in result.GetValue(columnType) ?? Array.Empty<string>())
                {
                    int eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0 || eq == pair.Length - 1)
                    {
                        throw new CliException(ExitCodes.Usage, $"--column-type '{pair}' is not table.column=type (for example --column-type audio_generations.id=uuid).");
                    }

                    options.ColumnTypes[pair.Substring(0, eq).Trim()] = pair.Substring(eq + 1).Trim();
                }

                // DateTime.MinValue (OmniSqlite's default for new NOT NULL DateTime columns) stays 0001-01-01 rather than Npgsql's -infinity.
                AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);
                var progress = new MigrationProgressLine(context.Error, context.Interactive && !result.GetValue(quiet));
                MigrationResult migration;
                try
                {
                    migration = await SqliteToPostgres.MigrateAsync(path, result.GetValue(target)!, options, progress, cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresMigrationException ex)
                {
                    int code = ex.Reason switch
                    {
                        MigrationFailure.TargetNotEmpty => ExitCodes.Refused,
                        MigrationFailure.InvalidConnectionString => ExitCodes.Usage,
                        MigrationFailure.SourceUnreadable when ex.InnerException is null => ExitCodes.NotFound,
                        _ => ExitCodes.Failure,
                    };
                    throw new CliException(code, ex.Message);
                }
                finally
                {
                    progress.Finish();
                }

                if (result.GetValue(json))
                {
                    WriteJson(context, migration);
                }
                else
                {
                    WriteText(context, migration);
                }

                return migration.IsVerified ? ExitCodes.Success : ExitCodes.VerificationFailed;
            });
            return command;
        }

        private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        private static void WriteText(CliContext context, MigrationResult migration)
        {
            foreach (TableMigrationResult t in migration.Tables)
            {
                string copy = t.Copied ? $"copied in {t.CopyTime.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s ({N((long)t.RowsPerSecond)} rows/s)" : "kept (finished before)";
                context.Output.WriteLine(t.IsVerified
                    ? $"ok        {t.Name}: {N(t.PostgresRows)} rows, {copy}, checksum {t.PostgresChecksum.Substring(0, 16)}"
                    : $"MISMATCH  {t.Name}: SQLite {N(t.SqliteRows)} rows, PostgreSQL {(t.PostgresRows < 0 ? "no such table" : N(t.PostgresRows) + " rows")}"
                      + (t.PostgresRows == t.SqliteRows ? ", checksums differ (a value changed)" : ""));
            }

            foreach (string note in migration.Notes)
            {
                context.Output.WriteLine("note: " + note);
            }

            var mismatches = migration.Mismatches.Select(t => t.Name).ToList();
            context.Output.WriteLine(mismatches.Count == 0
                ? $"verified: {migration.Tables.Count} tables, {N(migration.Tables.Sum(t => t.PostgresRows))} rows, every count and checksum equal ({migration.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)"
                : $"verification FAILED for {string.Join(", ", mismatches)}: re-run with --resume to copy {(mismatches.Count == 1 ? "it" : "them")} again.");
        }

        private static void WriteJson(CliContext context, MigrationResult migration) => context.WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("verified", migration.IsVerified);
            w.WriteNumber("elapsedSeconds", Math.Round(migration.Elapsed.TotalSeconds, 3));
            w.WriteStartArray("tables");
            foreach (TableMigrationResult t in migration.Tables)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteBoolean("verified", t.IsVerified);
                w.WriteBoolean("copied", t.Copied);
                w.WriteNumber("sqliteRows", t.SqliteRows);
                w.WriteNumber("postgresRows", t.PostgresRows);
                w.WriteString("sqliteChecksum", t.SqliteChecksum);
                w.WriteString("postgresChecksum", t.PostgresChecksum);
                w.WriteNumber("copySeconds", Math.Round(t.CopyTime.TotalSeconds, 3));
                w.WriteNumber("rowsPerSecond", Math.Round(t.RowsPerSecond));
                w.WriteNumber("truncatedValues", t.TruncatedValues);
                w.WriteStartArray("columns");
                foreach (ColumnMigration c in t.Columns)
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Name);
                    w.WriteString("sqliteType", c.SqliteType);
                    w.WriteString("postgresType", c.PostgresType);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (string note in migration.Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

        /// <summary>"Copying  table 2 of 4  campaigns  20,000 / 50,000 rows  40,000 rows/s" on stderr, redrawn at most ten times a second.</summary>
        private sealed class MigrationProgressLine : IProgress<MigrationProgress>
        {
            private readonly TextWriter _writer;
            private readonly bool _enabled;
            private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
            private bool _drawn;

            public MigrationProgressLine(TextWriter writer, bool enabled)
            {
                _writer = writer;
                _enabled = enabled;
            }

            public void Report(MigrationProgress value)
            {
                bool last = value.TotalRows > 0 && value.Rows >= value.TotalRows;
                if (!_enabled || (!last && _sinceDraw.ElapsedMilliseconds < 100))
                {
                    return;
                }

                _sinceDraw.Restart();
                string table = value.Table is null ? "" : $"  table {value.TableNumber} of {value.TableCount}  {value.Table}";
                string rows = value.Stage is MigrationStage.Copying or MigrationStage.Verifying
                    ? $"  {N(value.Rows)} / {N(value.TotalRows)} rows  {N((long)value.RowsPerSecond)} rows/s"
                    : "";
                _writer.Write($"\r{value.Stage,-10}{table}{rows}".PadRight(100));
                _writer.Flush();
                _drawn = true;
            }

            public void Finish()
            {
                if (_drawn)
                {
                    _writer.WriteLine();
                    _drawn = false;
                }
            }
        }
    }
}
