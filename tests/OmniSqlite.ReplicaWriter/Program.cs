using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;
using OmniSqlite;

// omnisqlite-replica-writer <db> <replica dir> <ship interval ms> [--wait] [--keep-wal]
// One thread commits transfers (two rows each: +x and -x, note = commit time in ticks); the main thread ships on the replicator's
// own schedule (WaitForNextShipAsync, as SqliteReplicator.RunAsync does) and prints "shipped <transfers committed before the ship began>" after each ship,
// so the test knows a lower bound of what the replica holds at any moment without timing.
// --wait: start (runtime loaded) and wait for a line on stdin before touching the database, so the test can start the next
// writer while the current one runs and a kill costs no process start-up.
string database = args[0];
string replica = args[1];
var interval = TimeSpan.FromMilliseconds(int.Parse(args[2], CultureInfo.InvariantCulture));
if (args.Length > 3 && args[3] == "--wait")
{
    // Warm up (JIT) the paths a run takes on a scratch database, while the test still works with the writer before this one.
    string scratch = Path.Combine(Path.GetTempPath(), "omnisqlite-replica-writer-" + Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(scratch);
    try
    {
        string warm = Path.Combine(scratch, "warm.db");
        using (var connection = Open(warm))
        {
            Execute(connection, "PRAGMA journal_mode = WAL; CREATE TABLE ledger (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, amount INTEGER NOT NULL, note TEXT NOT NULL);");
            Execute(connection, "INSERT INTO ledger (account, amount, note) VALUES (1, 1, 'x'), (2, -1, 'x');");
            using var warmReplicator = new SqliteReplicator(new ReplicationOptions { Database = warm, Directory = Path.Combine(scratch, "replica") });
            warmReplicator.Ship();
            Execute(connection, "INSERT INTO ledger (account, amount, note) VALUES (1, 1, 'x'), (2, -1, 'x');");
            warmReplicator.Ship();
        }

        SqliteConnection.ClearAllPools();
    }
    finally
    {
        Directory.Delete(scratch, recursive: true);
    }

    Console.Out.WriteLine("ready");
    Console.Out.Flush();
    if (Console.In.ReadLine() is null)
    {
        return;
    }
}

// --keep-wal: this connection stays open until the kill, so the WAL the last run left is not checkpointed and deleted when the
// setup connections close: the replicator resumes the same generation by finding its last shipped frame in that WAL. Without
// it the WAL is gone and a new generation (a snapshot) starts: the test alternates the two.
var setup = Open(database);
Execute(setup, "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, amount INTEGER NOT NULL, note TEXT NOT NULL);");
if (!args.Contains("--keep-wal"))
{
    setup.Dispose();
}

long committed;
using (var count = Open(database))
using (var command = count.CreateCommand())
{
    command.CommandText = "SELECT count(*) / 2 FROM ledger;";
    committed = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
}

var writer = new Thread(() =>
{
    using var connection = Open(database);
    var random = new Random();
    while (true)
    {
        using (var tx = connection.BeginTransaction(deferred: false))
        using (var insert = connection.CreateCommand())
        {
            long seed = committed + 1;
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO ledger (account, amount, note) VALUES ($a, $x, $n), ($b, -$x, $n);";
            insert.Parameters.AddWithValue("$a", seed % 17);
            insert.Parameters.AddWithValue("$b", (seed + 5) % 17);
            insert.Parameters.AddWithValue("$x", 1 + (seed * 7919 % 1000));
            insert.Parameters.AddWithValue("$n", DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture) + new string('x', random.Next(0, 400)));
            insert.ExecuteNonQuery();
            tx.Commit();
        }

        Interlocked.Increment(ref committed);
        Thread.Sleep(random.Next(0, 3));
    }
})
{ IsBackground = true };
writer.Start();

// 200: WAL restarts (the replicator's checkpoints) every few hundred milliseconds, so kills land in them too; the RPO measurement
// at the default interval sets OMNISQLITE_REPLICA_CHECKPOINT_FRAMES=1000 (the default) so the schedule is the default one.
int checkpointFrames = int.TryParse(Environment.GetEnvironmentVariable("OMNISQLITE_REPLICA_CHECKPOINT_FRAMES"), out int frames) ? frames : 200;
using var replicator = new SqliteReplicator(new ReplicationOptions { Database = database, Directory = replica, ShipInterval = interval, CheckpointFrames = checkpointFrames });
while (true)
{
    long before = Interlocked.Read(ref committed);
    ReplicaShipResult result = replicator.Ship();
    Console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "shipped {0} {1} gen={2} frames={3} ckpt={4} at={5:O}", before, result.NewGenerationReason is null ? "" : "new-generation",
        result.Generation, result.Frames, result.Checkpointed, DateTime.UtcNow));
    Console.Out.Flush();
    replicator.WaitForNextShipAsync().GetAwaiter().GetResult();
}

static SqliteConnection Open(string path)
{
    var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
    connection.Open();
    Execute(connection, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;");
    return connection;
}

static void Execute(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
