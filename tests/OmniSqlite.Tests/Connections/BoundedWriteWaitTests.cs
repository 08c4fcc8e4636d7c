using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using OmniSqlite.Tests.Profiles;

namespace OmniSqlite.Tests.Connections;

public sealed class BoundedWriteWaitTests
{
    [Fact]
    public void A_held_write_lock_ends_the_wait_at_the_ceiling_with_a_clear_error_and_the_connection_as_it_was()
    {
        using var folder = new ProfileTempFolder();
        using var holder = SqliteProfile.Production.Open(folder.ConnectionString());
        Db.Exec(holder, "CREATE TABLE t(x)");
        using var held = holder.BeginWriteTransaction();
        Db.Exec(holder, "INSERT INTO t VALUES (1)");

        using var waiter = SqliteProfile.Production.Open(folder.ConnectionString());
        var defaultTimeout = waiter.DefaultTimeout;
        var ex = Assert.Throws<SqliteWriteTimeoutException>(() => waiter.BeginWriteTransaction(TimeSpan.FromMilliseconds(150)));
        Assert.Equal(5, ex.SqliteErrorCode); // SQLITE_BUSY: existing busy handling catches it
        Assert.True(ex.Attempts > 1, ex.Message);
        Assert.Contains("within 150 ms", ex.Message);
        Assert.Contains("WithWriteLockTimeout", ex.Message);
        Assert.Contains(folder.File(), ex.Message);
        // Nothing left behind: no transaction, busy_timeout and DefaultTimeout as before.
        Assert.Equal(1, SQLitePCL.raw.sqlite3_get_autocommit(waiter.Handle));
        Assert.Equal(5000, Db.Long(waiter, "PRAGMA busy_timeout"));
        Assert.Equal(defaultTimeout, waiter.DefaultTimeout);
    }

    [Fact]
    public void The_profile_sets_the_ceiling_and_a_connection_without_a_profile_keeps_its_busy_timeout()
    {
        using var folder = new ProfileTempFolder();
        var profile = SqliteProfile.Production.WithWriteLockTimeout(TimeSpan.FromMilliseconds(100));
        using var holder = profile.Open(folder.ConnectionString());
        using var held = holder.BeginWriteTransaction();

        using var waiter = profile.Open(folder.ConnectionString());
        var ex = Assert.Throws<SqliteWriteTimeoutException>(() => waiter.BeginWriteTransaction());
        Assert.Equal(TimeSpan.FromMilliseconds(100), ex.Timeout);

        using var plain = Db.OpenPlain(folder.ConnectionString("other.db"));
        Db.Exec(plain, "PRAGMA busy_timeout=1234");
        using (var tx = plain.BeginWriteTransaction()) tx.Commit();
        Assert.Equal(1234, Db.Long(plain, "PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task A_writer_that_finishes_during_the_wait_lets_the_waiter_in_and_retries_are_counted()
    {
        using var folder = new ProfileTempFolder();
        long retries = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "OmniSqlite" && instrument.Name == "omnisqlite.busy.retries") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref retries, value));
        listener.Start();

        using var holder = SqliteProfile.Production.Open(folder.ConnectionString());
        Db.Exec(holder, "CREATE TABLE t(x)");
        var held = holder.BeginWriteTransaction();
        var release = Task.Run(async () =>
        {
            await Task.Delay(100);
            Db.Exec(holder, "INSERT INTO t VALUES (1)");
            held.Commit();
            held.Dispose();
        });

        using var waiter = SqliteProfile.Production.Open(folder.ConnectionString());
        using (var tx = await waiter.BeginWriteTransactionAsync(TimeSpan.FromSeconds(30)))
        {
            Db.Exec(waiter, "INSERT INTO t VALUES (2)");
            tx.Commit();
        }
        await release;
        Assert.Equal(2, Db.Long(waiter, "SELECT COUNT(*) FROM t"));
        Assert.True(Interlocked.Read(ref retries) > 0);
    }

    [Fact]
    public void Bad_ceilings_are_refused_with_the_allowed_range()
    {
        using var connection = SqliteProfile.Production.Open("Data Source=:memory:");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => connection.BeginWriteTransaction(TimeSpan.Zero));
        Assert.Contains("more than zero", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteProfile.Production.WithWriteLockTimeout(TimeSpan.FromSeconds(-1)));
        Assert.Equal(1, SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle));
    }
}
