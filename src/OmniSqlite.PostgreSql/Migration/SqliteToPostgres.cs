using System;
using System.Collections.Generic;
using System.Data;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>
    /// Moves a SQLite database into PostgreSQL with proof: the schema built from the file itself, each table copied with
    /// binary COPY in one transaction, identity sequences set, then row counts and checksums compared on both sides.
    /// Resumable per table through <c>_omnisqlite_migration</c> in the target. docs/postgresql-migration.md.
    /// </summary>
    public static class SqliteToPostgres
    {
        /// <summary>The state table in the target: one row per finished table (rows, checksum, done).</summary>
        public const string StateTable = "_omnisqlite_migration";

        /// <summary>
        /// Migrates <paramref name="sqlitePath"/> into the database of <paramref name="npgsqlConnectionString"/>, then verifies
        /// it. A mismatch does not throw: see <see cref="MigrationResult.IsVerified"/> and <see cref="MigrationResult.Mismatches"/>.
        /// </summary>
        /// <exception cref="PostgresMigrationException">The source cannot be read, the target cannot be reached or is not empty, values cannot be converted, or PostgreSQL refused a copy.</exception>
        public static async Task<MigrationResult> MigrateAsync(string sqlitePath, string npgsqlConnectionString, MigrationOptions? options = null,
            IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(sqlitePath);
            ArgumentNullException.ThrowIfNull(npgsqlConnectionString);
            options ??= new MigrationOptions();
            options.Validate();
            var clock = Stopwatch.StartNew();
            var notes = new List<string>();
            NpgsqlConnectionStringBuilder target = ParseConnectionString(npgsqlConnectionString);

            Report(progress, MigrationStage.Planning, null, 0, 0, 0, 0, TimeSpan.Zero);
            using SqliteConnection sqlite = OpenSource(sqlitePath, options);
            // One read transaction for the whole run: every table is copied and checksummed from the same snapshot.
            using SqliteTransaction snapshot = sqlite.BeginTransaction(deferred: true);
            List<TablePlan> plans = Plan(sqlite, sqlitePath, options, notes);

            await using NpgsqlConnection pg = await OpenTargetAsync(target, cancellationToken).ConfigureAwait(false);
            var results = plans.Select(p => new TableMigrationResult(p.Name, p.Source.Columns.Select((c, i) => new ColumnMigration(c.Name, c.DeclaredType, p.Types[i].Sql)).ToList())).ToList();
            Dictionary<string, string> checksums = new(StringComparer.Ordinal);
            if (!options.VerifyOnly)
            {
                Report(progress, MigrationStage.Creating, null, 0, plans.Count, 0, 0, clock.Elapsed);
                HashSet<string> done = await PrepareTargetAsync(pg, plans, options, target, notes, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < plans.Count; i++)
                {
                    if (done.Contains(plans[i].Name))
                    {
                        continue;
                    }

                    await CopyTableAsync(sqlite, pg, plans[i], results[i], i + 1, plans.Count, options, progress, cancellationToken).ConfigureAwait(false);
                    checksums[plans[i].Name] = results[i].SqliteChecksum;
                }

                await CreateIndexesAndForeignKeysAsync(pg, plans, notes, progress, cancellationToken).ConfigureAwait(false);
            }

            for (int i = 0; i < plans.Count; i++)
            {
                await VerifyTableAsync(sqlite, pg, plans[i], results[i], checksums, i + 1, plans.Count, progress, cancellationToken).ConfigureAwait(false);
            }

            await MarkMismatchesUnfinishedAsync(pg, results, cancellationToken).ConfigureAwait(false);

            snapshot.Commit();
            Report(progress, MigrationStage.Completed, null, plans.Count, plans.Count, 0, 0, clock.Elapsed);
            return new MigrationResult(results, notes, clock.Elapsed);
        }

        private static void Report(IProgress<MigrationProgress>? progress, MigrationStage stage, string? table, int number, int count, long rows, long total, TimeSpan elapsed)
            => progress?.Report(new MigrationProgress(stage, table, number, count, rows, total, elapsed));

        private static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString);
                if (string.IsNullOrEmpty(builder.Host))
                {
                    throw new ArgumentException("it names no Host");
                }

                return builder;
            }
            catch (ArgumentException ex)
            {
                throw new PostgresMigrationException(MigrationFailure.InvalidConnectionString,
                    $"The PostgreSQL connection string is not valid: {ex.Message}. Typical form: \"Host=db.example.com;Port=5432;Username=app;Password=...;Database=app\". Nothing was changed.", ex);
            }
        }

        private static SqliteConnection OpenSource(string path, MigrationOptions options)
        {
            string full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new PostgresMigrationException(MigrationFailure.SourceUnreadable,
                    Directory.Exists(full) ? $"The SQLite database '{full}' is a directory; give the database file inside it." : $"The SQLite database '{full}' does not exist.");
            }

            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
                DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.SqliteBusyTimeout.TotalSeconds)),
            };
            var connection = new SqliteConnection(builder.ToString());
            try
            {
                connection.Open();
                // Reading the schema proves it is a database; corruption in a table shows in the planning scan, which reads
                // every row before anything is written (PRAGMA quick_check would also walk every index, for minutes on a big file).
                using var check = connection.CreateCommand();
                check.CommandText = "SELECT count(*) FROM sqlite_schema";
                check.ExecuteScalar();
                return connection;
            }
            catch (SqliteException ex)
            {
                connection.Dispose();
                string why = ex.SqliteErrorCode switch
                {
                    5 or 6 => "it is locked by another process (a write or an exclusive lock); stop the writer, or migrate from a backup (omnisqlite backup)",
                    26 => "it is not a SQLite database (the header does not match)",
                    11 => "it is corrupt; restore a good backup (omnisqlite restore) and migrate that",
                    _ => ex.Message,
                };
                throw new PostgresMigrationException(MigrationFailure.SourceUnreadable, $"Cannot read the SQLite database '{full}': {why}. Nothing was changed.", ex);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        private static List<TablePlan> Plan(SqliteConnection sqlite, string path, MigrationOptions options, List<string> notes)
        {
            List<SourceTable> tables;
            bool omni;
            // The entities' types (UseEntityTypes) for the columns the file has; a hand-chosen ColumnTypes entry wins.
            var overrides = new Dictionary<string, string>(options.EntityTypes, StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, string> chosen in options.ColumnTypes)
            {
                overrides[chosen.Key] = chosen.Value;
            }
            try
            {
                omni = SourceSchema.IsOmniSqliteDatabase(sqlite);
                tables = SourceSchema.Read(sqlite, overrides, notes);
            }
            catch (SqliteException ex)
            {
                string why = ex.SqliteErrorCode switch
                {
                    5 or 6 => "it is locked by another process; stop the writer, or migrate from a backup (omnisqlite backup)",
                    11 => "it is corrupt (" + ex.Message + "); restore a good backup (omnisqlite restore) and migrate that",
                    _ => ex.Message,
                };
                throw new PostgresMigrationException(MigrationFailure.SourceUnreadable, $"Cannot read the SQLite database '{Path.GetFullPath(path)}': {why}. Nothing was changed.", ex);
            }

            foreach (string key in options.ColumnTypes.Keys)
            {
                int dot = key.IndexOf('.', StringComparison.Ordinal);
                bool found = dot > 0 && tables.Any(t => string.Equals(t.Name, key.Substring(0, dot), StringComparison.OrdinalIgnoreCase)
                    && t.Columns.Any(c => string.Equals(c.Name, key.Substring(dot + 1), StringComparison.OrdinalIgnoreCase)));
                if (!found)
                {
                    throw new ArgumentException($"--column-type {key}: there is no such table.column in the SQLite database; write it as table.column (for example campaigns.created_at=timestamptz).", nameof(options));
                }
            }

            var problems = new List<string>();
            var plans = tables.Select(t => new TablePlan(t, t.Columns.Select(c => TypeMapping.Choose(t, c, omni, overrides, problems, notes)).ToList())).ToList();
            if (problems.Count > 0)
            {
                throw new PostgresMigrationException(MigrationFailure.UnsupportedData,
                    "Some values cannot be converted to their column's PostgreSQL type (nothing was changed):\n  " + string.Join("\n  ", problems));
            }

            return plans;
        }

        private static async Task<NpgsqlConnection> OpenTargetAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
        {
            var connection = new NpgsqlConnection(target.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw new PostgresMigrationException(MigrationFailure.TargetUnreachable,
                    $"Cannot connect to PostgreSQL at {target.Host}:{target.Port}, database '{target.Database ?? target.Username}': {ex.Message}. Check Host, Port, Username, Password and Database (the database must exist: CREATE DATABASE). Nothing was changed.", ex);
            }
        }

        private static NpgsqlCommand Command(NpgsqlConnection pg, string sql, NpgsqlTransaction? transaction = null)
            => new(sql, pg, transaction) { CommandTimeout = 0 };

        /// <summary>Applies the <see cref="ExistingTarget"/> choice, creates the state table and the tables; returns the tables an earlier run finished.</summary>
        private static async Task<HashSet<string>> PrepareTargetAsync(NpgsqlConnection pg, List<TablePlan> plans, MigrationOptions options, NpgsqlConnectionStringBuilder target, List<string> notes, CancellationToken cancellationToken)
        {
            var existing = new List<string>();
            await using (var command = Command(pg, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    existing.Add(reader.GetString(0));
                }
            }

            bool hasState = existing.Contains(StateTable, StringComparer.Ordinal);
            string database = target.Database ?? target.Username ?? "";
            if (existing.Count > 0 && options.ExistingTarget == ExistingTarget.Refuse)
            {
                throw new PostgresMigrationException(MigrationFailure.TargetNotEmpty,
                    $"The PostgreSQL database '{database}' is not empty (tables: {string.Join(", ", existing.Take(10))}{(existing.Count > 10 ? ", ..." : "")}). "
                    + (hasState ? "An earlier migrate-to-postgres run left its state there: use --resume to finish it, " : "Use ")
                    + "--drop-existing to drop the tables this migration creates and start over, or give an empty database. Nothing was changed.");
            }

            if (existing.Count > 0 && options.ExistingTarget == ExistingTarget.Resume && !hasState)
            {
                throw new PostgresMigrationException(MigrationFailure.TargetNotEmpty,
                    $"--resume: the PostgreSQL database '{database}' has tables ({string.Join(", ", existing.Take(10))}) but no {StateTable} table, so no earlier migrate-to-postgres run to resume. Use --drop-existing to start over, or give an empty database. Nothing was changed.");
            }

            await using var transaction = await pg.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (options.ExistingTarget == ExistingTarget.DropExisting)
            {
                foreach (string table in plans.Select(p => p.Name).Append(StateTable).Where(t => existing.Contains(t, StringComparer.Ordinal)))
                {
                    await using var drop = Command(pg, "DROP TABLE " + PostgreSqlNames.Quote(table) + " CASCADE", transaction);
                    await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await using (var create = Command(pg, "CREATE TABLE IF NOT EXISTS " + PostgreSqlNames.Quote(StateTable)
                + " (table_name text PRIMARY KEY, rows bigint NOT NULL, checksum text NOT NULL, done boolean NOT NULL, finished_at timestamptz NOT NULL DEFAULT now())", transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (TablePlan plan in plans)
            {
                await using var create = Command(pg, TargetSchema.CreateTable(plan, notes), transaction);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var done = new HashSet<string>(StringComparer.Ordinal);
            await using (var read = Command(pg, "SELECT table_name FROM " + PostgreSqlNames.Quote(StateTable) + " WHERE done", transaction))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    done.Add(reader.GetString(0));
                }
            }

            // Tables to copy again are emptied first; a foreign key from an earlier run's last step would refuse that.
            if (plans.Any(p => !done.Contains(p.Name)))
            {
                await using var drop = Command(pg, "SELECT c.conname, c.conrelid::regclass::text FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY(@tables::regclass[])", transaction);
                drop.Parameters.AddWithValue("tables", plans.Select(p => p.QuotedName).ToArray());
                var constraints = new List<(string Name, string Table)>();
                await using (var reader = await drop.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        constraints.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }

                foreach (var (name, table) in constraints)
                {
                    await using var alter = Command(pg, "ALTER TABLE " + table + " DROP CONSTRAINT " + PostgreSqlNames.Quote(name), transaction);
                    await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return done;
        }

        /// <summary>The SQLite rows of a table, converted; calls <paramref name="row"/> with each row's values (null for NULL).</summary>
        private static async Task ReadSourceAsync(SqliteConnection sqlite, TablePlan plan, TableMigrationResult result, Func<object?[], ValueTask> row, CancellationToken cancellationToken)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = "SELECT " + string.Join(", ", plan.Source.Columns.Select(c => SourceSchema.Quote(c.Name))) + " FROM " + SourceSchema.Quote(plan.Name);
            using var reader = command.ExecuteReader();
            var values = new object?[plan.Types.Count];
            long truncated = 0, number = 0;
            while (reader.Read())
            {
                number++;
                for (int i = 0; i < values.Length; i++)
                {
                    object raw = reader.GetValue(i);
                    if (raw is DBNull)
                    {
                        values[i] = null;
                        continue;
                    }

                    try
                    {
                        values[i] = ValueConversion.Convert(plan.Types[i], raw, ref truncated);
                    }
                    catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
                    {
                        string shown = Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                        throw new PostgresMigrationException(MigrationFailure.UnsupportedData,
                            $"{plan.Name}.{plan.Source.Columns[i].Name}, row {number}: the value '{(shown.Length > 60 ? shown.Substring(0, 60) + "..." : shown)}' cannot be converted to {plan.Types[i].Sql} ({ex.Message}); "
                            + $"choose another type with --column-type {plan.Name}.{plan.Source.Columns[i].Name}=text. The table's copy was rolled back.", ex);
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                await row(values).ConfigureAwait(false);
            }

            result.TruncatedValues = truncated;
        }

        private static async Task CopyTableAsync(SqliteConnection sqlite, NpgsqlConnection pg, TablePlan plan, TableMigrationResult result, int number, int count,
            MigrationOptions options, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            long total = plan.Source.RowCount;
            Report(progress, MigrationStage.Copying, plan.Name, number, count, 0, total, TimeSpan.Zero);
            var checksum = new RowChecksum();
            string copySql = "COPY " + plan.QuotedName + " (" + plan.ColumnList + ") FROM STDIN (FORMAT BINARY)";
            await using var transaction = await pg.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using (var truncate = Command(pg, "TRUNCATE " + plan.QuotedName, transaction))
                {
                    await truncate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                NpgsqlBinaryImporter? importer = null;
                long inBatch = 0;
                try
                {
                    await ReadSourceAsync(sqlite, plan, result, async values =>
                    {
                        importer ??= await pg.BeginBinaryImportAsync(copySql, cancellationToken).ConfigureAwait(false);
                        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                        for (int i = 0; i < values.Length; i++)
                        {
                            if (values[i] is not { } value)
                            {
                                await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                                checksum.AddNull();
                                continue;
                            }

                            await WriteAsync(importer, plan.Types[i], value, cancellationToken).ConfigureAwait(false);
                            checksum.Add(plan.Types[i].Kind, value);
                        }

                        checksum.EndRow();
                        if (++inBatch == options.BatchSize)
                        {
                            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                            await importer.DisposeAsync().ConfigureAwait(false);
                            importer = null;
                            inBatch = 0;
                            Report(progress, MigrationStage.Copying, plan.Name, number, count, checksum.Rows, total, clock.Elapsed);
                        }
                    }, cancellationToken).ConfigureAwait(false);
                    if (importer != null)
                    {
                        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    if (importer != null)
                    {
                        await importer.DisposeAsync().ConfigureAwait(false);
                    }
                }

                if (plan.Source.RowidAlias is { } identity)
                {
                    string key = PostgreSqlNames.Quote(identity.Name);
                    await using var setval = Command(pg, $"SELECT setval(pg_get_serial_sequence(@table, @column), greatest(coalesce(max({key}), 0), @seq, 1), greatest(coalesce(max({key}), 0), @seq) > 0) FROM {plan.QuotedName}", transaction);
                    setval.Parameters.AddWithValue("table", plan.QuotedName);
                    setval.Parameters.AddWithValue("column", identity.Name);
                    setval.Parameters.AddWithValue("seq", plan.Source.Sequence ?? 0L);
                    await setval.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var state = Command(pg, "INSERT INTO " + PostgreSqlNames.Quote(StateTable) + " (table_name, rows, checksum, done) VALUES (@t, @r, @c, true) "
                    + "ON CONFLICT (table_name) DO UPDATE SET rows = excluded.rows, checksum = excluded.checksum, done = true, finished_at = now()", transaction))
                {
                    state.Parameters.AddWithValue("t", plan.Name);
                    state.Parameters.AddWithValue("r", checksum.Rows);
                    state.Parameters.AddWithValue("c", checksum.Value);
                    await state.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                throw new PostgresMigrationException(MigrationFailure.CopyFailed,
                    $"PostgreSQL refused the copy of table '{plan.Name}': {ex.MessageText}{(ex.Detail is { Length: > 0 } d ? " (" + d + ")" : "")}. That table's copy was rolled back; tables finished before it stay (re-run with --resume once fixed).", ex);
            }

            result.Copied = true;
            result.SqliteRows = checksum.Rows;
            result.SqliteChecksum = checksum.Value;
            result.CopyTime = clock.Elapsed;
            Report(progress, MigrationStage.Copying, plan.Name, number, count, checksum.Rows, total, clock.Elapsed);
        }

        private static Task WriteAsync(NpgsqlBinaryImporter importer, PostgresType type, object value, CancellationToken cancellationToken) => type.Kind switch
        {
            ColumnKind.Bigint => importer.WriteAsync((long)value, type.DbType, cancellationToken),
            ColumnKind.Boolean => importer.WriteAsync((bool)value, type.DbType, cancellationToken),
            ColumnKind.Double => importer.WriteAsync((double)value, type.DbType, cancellationToken),
            ColumnKind.Numeric => importer.WriteAsync((decimal)value, type.DbType, cancellationToken),
            ColumnKind.Bytea => importer.WriteAsync((byte[])value, type.DbType, cancellationToken),
            ColumnKind.Timestamptz or ColumnKind.Timestamp => importer.WriteAsync((DateTime)value, type.DbType, cancellationToken),
            ColumnKind.Date => importer.WriteAsync((DateOnly)value, type.DbType, cancellationToken),
            ColumnKind.Uuid => importer.WriteAsync((Guid)value, type.DbType, cancellationToken),
            ColumnKind.Interval => importer.WriteAsync((TimeSpan)value, type.DbType, cancellationToken),
            _ => importer.WriteAsync((string)value, type.DbType, cancellationToken),
        };

        private static async Task CreateIndexesAndForeignKeysAsync(NpgsqlConnection pg, List<TablePlan> plans, List<string> notes, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
        {
            var byName = plans.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            var statements = new List<(string Table, string Name, string Sql, bool ForeignKey)>();
            foreach (TablePlan plan in plans)
            {
                statements.AddRange(TargetSchema.Indexes(plan, notes).Select(s => (plan.Name, s.Name, s.Sql, false)));
            }

            foreach (TablePlan plan in plans)
            {
                statements.AddRange(TargetSchema.ForeignKeys(plan, byName, notes).Select(s => (plan.Name, s.Name, s.Sql, true)));
            }

            await using var transaction = await pg.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            int number = 0;
            foreach (var (table, name, sql, foreignKey) in statements)
            {
                Report(progress, MigrationStage.Indexing, table, ++number, statements.Count, 0, 0, TimeSpan.Zero);
                if (foreignKey)
                {
                    await using var exists = Command(pg, "SELECT count(*) FROM pg_constraint WHERE conname = @n AND conrelid = @t::regclass", transaction);
                    exists.Parameters.AddWithValue("n", name);
                    exists.Parameters.AddWithValue("t", PostgreSqlNames.Quote(table));
                    if ((long)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0)
                    {
                        continue;
                    }
                }

                // A savepoint per statement: a partial index's SQLite-only WHERE, or data SQLite never checked against a
                // foreign key, costs that one statement (noted), not the others.
                await transaction.SaveAsync("step", cancellationToken).ConfigureAwait(false);
                try
                {
                    await using var command = Command(pg, sql, transaction);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.ReleaseAsync("step", cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException ex)
                {
                    await transaction.RollbackAsync("step", cancellationToken).ConfigureAwait(false);
                    notes.Add(foreignKey
                        ? $"{table}: foreign key {name} not created: {ex.MessageText} (SQLite did not enforce it; PRAGMA foreign_key_check lists the rows)."
                        : $"{table}: index {name} not created: {ex.MessageText}.");
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        private static async Task VerifyTableAsync(SqliteConnection sqlite, NpgsqlConnection pg, TablePlan plan, TableMigrationResult result, Dictionary<string, string> copied,
            int number, int count, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            Report(progress, MigrationStage.Verifying, plan.Name, number, count, 0, plan.Source.RowCount, TimeSpan.Zero);
            if (!copied.ContainsKey(plan.Name))
            {
                var source = new RowChecksum();
                await ReadSourceAsync(sqlite, plan, result, values =>
                {
                    for (int i = 0; i < values.Length; i++)
                    {
                        if (values[i] is { } v)
                        {
                            source.Add(plan.Types[i].Kind, v);
                        }
                        else
                        {
                            source.AddNull();
                        }
                    }

                    source.EndRow();
                    return ValueTask.CompletedTask;
                }, cancellationToken).ConfigureAwait(false);
                result.SqliteRows = source.Rows;
                result.SqliteChecksum = source.Value;
            }

            var target = new RowChecksum();
            try
            {
                await using var command = Command(pg, "SELECT " + plan.ColumnList + " FROM " + plan.QuotedName);
                await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    for (int i = 0; i < plan.Types.Count; i++)
                    {
                        if (await reader.IsDBNullAsync(i, cancellationToken).ConfigureAwait(false))
                        {
                            target.AddNull();
                            continue;
                        }

                        ColumnKind kind = plan.Types[i].Kind;
                        target.Add(kind, await ReadAsync(reader, i, kind, cancellationToken).ConfigureAwait(false));
                    }

                    target.EndRow();
                }

                result.PostgresRows = target.Rows;
                result.PostgresChecksum = target.Value;
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn)
            {
                result.PostgresRows = -1;
                result.PostgresChecksum = "missing: " + ex.MessageText;
            }

            Report(progress, MigrationStage.Verifying, plan.Name, number, count, target.Rows, plan.Source.RowCount, clock.Elapsed);
        }

        private static async Task<object> ReadAsync(NpgsqlDataReader reader, int i, ColumnKind kind, CancellationToken cancellationToken) => kind switch
        {
            ColumnKind.Bigint => await reader.GetFieldValueAsync<long>(i, cancellationToken).ConfigureAwait(false),
            ColumnKind.Boolean => await reader.GetFieldValueAsync<bool>(i, cancellationToken).ConfigureAwait(false),
            ColumnKind.Double => await reader.GetFieldValueAsync<double>(i, cancellationToken).ConfigureAwait(false),
            ColumnKind.Numeric => await reader.GetFieldValueAsync<decimal>(i, cancellationToken).ConfigureAwait(false),
            ColumnKind.Bytea => await reader.GetFieldValueAsync<byte[]>(i, cancellationToken).ConfigureAwait(false),
            ColumnKind.Timestamptz or ColumnKind.Timestamp => await reader.GetFieldValueAsync<DateTime>(i, cancellationToken).ConfigureAwait(false),
            ColumnKind.Date => await reader.GetFieldValueAsync<DateOnly>(i, cancellationToken).ConfigureAwait(false),
            ColumnKind.Uuid => await reader.GetFieldValueAsync<Guid>(i, cancellationToken).ConfigureAwait(false),
            ColumnKind.Interval => await reader.GetFieldValueAsync<TimeSpan>(i, cancellationToken).ConfigureAwait(false),
            _ => await reader.GetFieldValueAsync<string>(i, cancellationToken).ConfigureAwait(false),
        };

        /// <summary>A table that failed verification (also with VerifyOnly) is marked not done, so <c>--resume</c> copies it again.</summary>
        private static async Task MarkMismatchesUnfinishedAsync(NpgsqlConnection pg, List<TableMigrationResult> results, CancellationToken cancellationToken)
        {
            string[] mismatched = results.Where(r => !r.IsVerified).Select(r => r.Name).ToArray();
            if (mismatched.Length == 0)
            {
                return;
            }

            await using (var exists = Command(pg, "SELECT to_regclass(@t) IS NOT NULL"))
            {
                exists.Parameters.AddWithValue("t", PostgreSqlNames.Quote(StateTable));
                if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    return;
                }
            }

            await using var command = Command(pg, "UPDATE " + PostgreSqlNames.Quote(StateTable) + " SET done = false WHERE table_name = ANY(@t)");
            command.Parameters.AddWithValue("t", mismatched);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
