using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Xunit;

namespace OmniSqlite.Tests.Profiles;

public sealed class WriteTransactionSoakTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Writers = 8;
    private const int Readers = 8;

    private static TimeSpan Duration =>
        int.TryParse(Environment.GetEnvironmentVariable("OMNISQLITE_SOAK_SECONDS"), out var s) && s > 0 ? TimeSpan.FromSeconds(s) : TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Eight_writers_and_eight_readers_on_one_file_lose_no_row_and_see_no_sqlite_exception()
    {
        using var folder = new ProfileTempFolder();
        var cs = folder.ConnectionString();
        using (var setup = SqliteProfile.Production.Open(cs))
        {
            Db.Exec(setup, "CREATE TABLE ledger(id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, seq INTEGER NOT NULL, UNIQUE(writer, seq))");
        }

        var committed = new long[Writers];
        var reads = new long[Readers];
        var errors = new ConcurrentQueue<Exception>();
        var stopwatch = new Stopwatch();
        var duration = Duration;
        // Dedicated threads (not the thread pool, which adds threads slowly on a small machine) released together.
        using var ready = new CountdownEvent(Writers + Readers);
        using var go = new ManualResetEventSlim();
        void Start() { ready.Signal(); go.Wait(); }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(() =>
        {
            Start();
            try
            {
                while (stopwatch.Elapsed < duration)
                {
                    // A fresh profile connection every 25 transactions, so pooled handles are exercised too.
                    using var connection = SqliteProfile.Production.Open(cs);
                    for (var i = 0; i < 25 && stopwatch.Elapsed < duration; i++)
                    {
                        using var transaction = connection.BeginWriteTransaction();
                        using var command = connection.CreateCommand();
                        command.Transaction = transaction;
                        // Read, then write: a deferred transaction would hit SQLITE_BUSY here under WAL.
                        command.CommandText = "SELECT coalesce(max(seq), 0) FROM ledger WHERE writer = $w";
                        command.Parameters.AddWithValue("$w", w);
                        var next = Convert.ToInt64(command.ExecuteScalar()) + 1;
                        command.CommandText = "INSERT INTO ledger(writer, seq) VALUES ($w, $s)";
                        command.Parameters.AddWithValue("$s", next);
                        command.ExecuteNonQuery();
                        transaction.Commit();
                        committed[w]++;
                    }
                }
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        var readers = Enumerable.Range(0, Readers).Select(r => Task.Factory.StartNew(() =>
        {
            Start();
            try
            {
                using var connection = SqliteProfile.Production.Open(cs);
                var random = new Random(r);
                while (stopwatch.Elapsed < duration)
                {
                    using var transaction = connection.BeginTransaction(deferred: true);
                    using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = "SELECT count(*) FROM ledger";
                    var count = Convert.ToInt64(command.ExecuteScalar());
                    command.CommandText = "SELECT writer FROM ledger WHERE id = $id";
                    command.Parameters.AddWithValue("$id", count == 0 ? 1 : random.NextInt64(1, count + 1));
                    command.ExecuteScalar();
                    command.Parameters.Clear();
                    // A read transaction sees one snapshot: the count cannot move under it.
                    command.CommandText = "SELECT count(*) FROM ledger";
                    Assert.Equal(count, Convert.ToInt64(command.ExecuteScalar()));
                    transaction.Commit();
                    reads[r]++;
                }
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        ready.Wait();
        stopwatch.Start();
        go.Set();
        await Task.WhenAll(writers.Concat(readers));

        Assert.True(errors.IsEmpty, "Exceptions reached the caller:\n" + string.Join("\n---\n", errors.Select(e => e.ToString())));
        using var check = SqliteProfile.Production.Open(cs);
        Assert.Equal(committed.Sum(), Db.Long(check, "SELECT count(*) FROM ledger"));
        for (var w = 0; w < Writers; w++)
        {
            Assert.True(committed[w] > 0, $"writer {w} committed nothing");
            // Every writer's rows are 1..n with no gap: no commit was lost or doubled.
            Assert.Equal(committed[w], Db.Long(check, $"SELECT count(*) FROM ledger WHERE writer = {w}"));
            Assert.Equal(committed[w], Db.Long(check, $"SELECT coalesce(max(seq), 0) FROM ledger WHERE writer = {w}"));
        }
        Assert.All(reads, n => Assert.True(n > 0));
        Assert.True(check.IntegrityCheck().IsOk);
        output.WriteLine($"{duration.TotalSeconds} s: {committed.Sum()} write transactions, {reads.Sum()} read transactions");
    }
}
