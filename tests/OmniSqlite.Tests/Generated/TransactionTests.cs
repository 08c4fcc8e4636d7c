using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Generated;

/// <summary>A repository never keeps a completed transaction (issue 19): after commit, rollback or dispose it runs in autocommit.</summary>
public sealed class TransactionTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;

    public TransactionTests()
    {
        _connection = _db.Open();
        OmniSqliteSchema.EnsureCreated(_connection);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
    }

    private long CountOrders() { using var c = _connection.CreateCommand(); c.CommandText = "SELECT count(*) FROM \"order\""; return (long)c.ExecuteScalar()!; }

    [Fact]
    public void Two_repositories_share_one_transaction_and_forget_it_after_commit()
    {
        using var orders = new OrderRepository(_connection);
        using var audit = new AuditEntryRepository(_connection);
        using (var tx = _connection.BeginTransaction())
        {
            orders.Transaction = tx;
            audit.Transaction = tx;
            orders.Insert(new Order { Id = 1, Group = "g" });
            audit.Insert(new AuditEntry { Number = 1, Actor = "a" });
            Assert.Same(tx, orders.Transaction);
            tx.Commit();
            Assert.Null(orders.Transaction);
            Assert.Null(audit.Transaction);
        }
        // Before the fix: "The transaction object is not associated with the same connection object".
        orders.Insert(new Order { Id = 2, Group = "g" });
        audit.Insert(new AuditEntry { Number = 2, Actor = "a" });
        Assert.Equal(2, orders.Count());
        Assert.Equal(2, audit.Count());
    }

    [Fact]
    public void Rolled_back_writes_of_both_repositories_are_gone_and_both_go_on_in_autocommit()
    {
        using var orders = new OrderRepository(_connection);
        using var audit = new AuditEntryRepository(_connection);
        var tx = _connection.BeginTransaction();
        orders.Transaction = tx;
        audit.Transaction = tx;
        orders.Insert(new Order { Id = 1, Group = "g" });
        audit.Insert(new AuditEntry { Number = 1, Actor = "a" });
        tx.Rollback();
        Assert.Null(orders.Transaction);
        Assert.Equal(0, orders.Count());
        Assert.Equal(0, audit.Count());
        tx.Dispose();
        orders.Insert(new Order { Id = 3, Group = "g" });
        Assert.Equal(1, CountOrders());
    }

    [Fact]
    public void A_disposed_transaction_passed_to_the_constructor_is_forgotten()
    {
        var tx = _connection.BeginTransaction();
        using var orders = new OrderRepository(_connection, tx);
        orders.Insert(new Order { Id = 1, Group = "g" });
        tx.Dispose(); // rolls back
        Assert.Null(orders.Transaction);
        orders.Insert(new Order { Id = 2, Group = "g" });
        Assert.Equal(1, orders.Count());
    }

    [Fact]
    public void InsertMany_inside_a_shared_transaction_uses_it_and_after_commit_owns_its_own()
    {
        using var orders = new OrderRepository(_connection);
        using (var tx = _connection.BeginTransaction())
        {
            orders.Transaction = tx;
            orders.InsertMany(new[] { new Order { Id = 1, Group = "a" }, new Order { Id = 2, Group = "b" } });
            tx.Commit();
        }
        Assert.Equal(2, orders.InsertMany(new[] { new Order { Id = 3, Group = "a" }, new Order { Id = 4, Group = "b" } }));
        Assert.Equal(4, CountOrders());
    }

    [Fact]
    public void A_completed_or_foreign_transaction_is_refused_when_set_saying_why()
    {
        using var orders = new OrderRepository(_connection);
        var tx = _connection.BeginTransaction();
        tx.Commit();
        var e = Assert.Throws<ArgumentException>(() => orders.Transaction = tx);
        Assert.Contains("already committed", e.Message);

        using var other = _db.Open();
        using var foreign = other.BeginTransaction();
        Assert.Throws<ArgumentException>(() => orders.Transaction = foreign);
        Assert.Null(orders.Transaction);
    }
}
