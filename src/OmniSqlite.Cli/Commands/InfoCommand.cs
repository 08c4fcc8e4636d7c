using System.CommandLine;
using System.IO;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Cli.Commands
{
    /// <summary><c>omnisqlite info &lt;db&gt;</c>: what <see cref="DatabaseInfoExtensions.GetDatabaseInfo"/> reports, as text or JSON.</summary>
    internal static class InfoCommand
    {
        public static Command Create(CliContext context)
        {
            var db = CommonOptions.Database("The database file to describe (opened read-only).");
            var json = CommonOptions.Json();
            var command = new Command("info", "Print a database's facts: journal mode, synchronous, page and file sizes, tables and indexes, SQLite version.") { db, json };
            command.SetAction(result =>
            {
                string path = result.GetValue(db)!;
                DatabaseFile.RequireExisting(path);
                DatabaseInfo info;
                using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
                {
                    connection.Open();
                    info = connection.GetDatabaseInfo();
                }

                if (!result.GetValue(json))
                {
                    context.Output.WriteLine(info.ToString());
                    return ExitCodes.Success;
                }

                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("dataSource", info.DataSource);
                    w.WriteString("sqliteVersion", info.SqliteVersion);
                    w.WriteString("journalMode", info.JournalMode);
                    w.WriteString("synchronous", info.Synchronous.ToString());
                    w.WriteNumber("cacheSize", info.CacheSize);
                    w.WriteNumber("pageSize", info.PageSize);
                    w.WriteNumber("pageCount", info.PageCount);
                    w.WriteNumber("freelistCount", info.FreelistCount);
                    w.WriteNumber("databaseSize", info.DatabaseSize);
                    w.WriteNumber("freeBytes", info.FreeBytes);
                    w.WriteString("autoVacuum", info.AutoVacuum.ToString());
                    w.WriteNumber("tableCount", info.TableCount);
                    w.WriteNumber("indexCount", info.IndexCount);
                    Json.WriteNullable(w, "databaseFileSize", info.DatabaseFileSize);
                    Json.WriteNullable(w, "walFileSize", info.WalFileSize);
                    Json.WriteNullable(w, "shmFileSize", info.ShmFileSize);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            });
            return command;
        }
    }
}
