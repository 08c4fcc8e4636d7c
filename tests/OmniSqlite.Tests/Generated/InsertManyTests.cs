using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Generated;

/// <summary>
/// InsertMany walks lists and arrays by index (no boxed enumerator) and any other sequence with foreach; both
/// paths insert everything in one transaction and set the keys read back from the RETURNING row.
/// </summary>
public sealed class InsertManyTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;

    public InsertManyTests()
    {
        _connection = _db.Open();
        OmniSqliteSchema.EnsureCreated(_connection);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
    }

    private static IEnumerable<AuditEntry> Lazy(int count, int explicitKeyEvery = 0)
    {
        for (var i = 0; i < count; i++)
            yield return new AuditEntry { Number = explicitKeyEvery > 0 && i % explicitKeyEvery == 0 ? 100_000 + i : 0, Actor = "actor" + (i % 3) };
    }

    [Fact]
    public void A_lazy_sequence_is_inserted_whole_with_keys_mixed_explicit_and_generated()
    {
        var repo = new AuditEntryRepository(_connection);
        var materialized = new List<AuditEntry>();
        var inserted = repo.InsertMany(Lazy(300, explicitKeyEvery: 50).Select(e => { materialized.Add(e); return e; }));

        Assert.Equal(300, inserted);
        Assert.Equal(300, repo.Count());
        Assert.Equal(300, materialized.Select(e => e.Number).Distinct().Count());
        Assert.All(materialized, e => Assert.NotEqual(0, e.Number));
        Assert.Equal(100_050, materialized[50].Number);
        Assert.Equal(100, repo.FindByActor("actor1").Count);
        Assert.Null(repo.Transaction);
    }

    [Fact]
    public async Task A_lazy_sequence_is_inserted_whole_async()
    {
        var repo = new AuditEntryRepository(_connection);
        var items = new List<AuditEntry>();
        Assert.Equal(120, await repo.InsertManyAsync(Lazy(120).Select(e => { items.Add(e); return e; })));
        Assert.Equal(120, await repo.CountAsync());
        Assert.Equal(Enumerable.Range(1, 120), items.Select(e => e.Number).OrderBy(n => n));
    }

    [Fact]
    public void An_array_and_a_list_take_the_indexed_path_and_return_their_keys()
    {
        var repo = new AuditEntryRepository(_connection);
        var array = Lazy(40).ToArray();
        Assert.Equal(40, repo.InsertMany(array));
        Assert.Equal(Enumerable.Range(1, 40), array.Select(e => e.Number));
        var list = Lazy(10).ToList();
        Assert.Equal(10, repo.InsertMany(list));
        Assert.Equal(Enumerable.Range(41, 10), list.Select(e => e.Number));
    }

    [Fact]
    public void A_failure_in_the_middle_of_a_lazy_sequence_rolls_back_every_row()
    {
        var repo = new AuditEntryRepository(_connection);
        repo.Insert(new AuditEntry { Number = 7, Actor = "first" });
        IEnumerable<AuditEntry> WithDuplicate()
        {
            foreach (var e in Lazy(20)) yield return e;
            yield return new AuditEntry { Number = 7, Actor = "duplicate" };
            foreach (var e in Lazy(5)) yield return e;
        }

        var error = Assert.Throws<SqliteException>(() => repo.InsertMany(WithDuplicate()));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(1, repo.Count());
        Assert.Null(repo.Transaction);
    }
}
