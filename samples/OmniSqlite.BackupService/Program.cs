// A generic-host worker that backs up its SQLite database on a cron schedule while another
// service keeps writing to it. Run it:   dotnet run --project samples/OmniSqlite.BackupService
// and watch data/backups fill up (every 10 seconds here; "0 3 * * *" is a typical production schedule).
using Microsoft.Data.Sqlite;
using OmniSqlite.BackupService;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);

string dataDirectory = Path.Combine(AppContext.BaseDirectory, "data");
Directory.CreateDirectory(dataDirectory);
string databasePath = Path.Combine(dataDirectory, "app.db");

builder.Services.AddOmniSqliteBackups(o =>
{
    // Defaults that appsettings.json (section "OmniSqliteBackups") may override.
    o.Database = databasePath;
    o.Backup.Directory = Path.Combine(dataDirectory, "backups");
    builder.Configuration.GetSection("OmniSqliteBackups").Bind(o);
});

builder.Services.AddSingleton(new LedgerDatabase(databasePath));
builder.Services.AddHostedService<LedgerWriter>();

IHost host = builder.Build();
host.Services.GetRequiredService<LedgerDatabase>().EnsureCreated();
await host.RunAsync();

namespace OmniSqlite.BackupService
{
    /// <summary>The application's database: a ledger whose rows always sum to zero.</summary>
    public sealed class LedgerDatabase(string path)
    {
        public SqliteConnection Open()
        {
            var connection = new SqliteConnection($"Data Source={path}");
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";
            pragmas.ExecuteNonQuery();
            return connection;
        }

        public void EnsureCreated()
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, amount INTEGER NOT NULL, at TEXT NOT NULL);";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Keeps writing transfers (two rows, one transaction) so that backups run under load.</summary>
    public sealed class LedgerWriter(LedgerDatabase database, ILogger<LedgerWriter> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using SqliteConnection connection = database.Open();
            var random = new Random();
            long transfers = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                using (SqliteTransaction tx = connection.BeginWriteTransaction())
                {
                    using var command = connection.CreateCommand();
                    command.Transaction = tx;
                    command.CommandText = "INSERT INTO ledger (account, amount, at) VALUES ($a, $x, $t), ($b, -$x, $t);";
                    command.Parameters.AddWithValue("$a", random.Next(100));
                    command.Parameters.AddWithValue("$b", random.Next(100));
                    command.Parameters.AddWithValue("$x", random.Next(1, 1000));
                    command.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O"));
                    command.ExecuteNonQuery();
                    tx.Commit();
                }

                if (++transfers % 500 == 0)
                {
                    logger.LogInformation("{Transfers} transfers written", transfers);
                }

                await Task.Delay(10, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
