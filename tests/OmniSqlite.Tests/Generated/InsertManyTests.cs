using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Generated;

/// <summary>
/// InsertMany walks lists and arrays by index (no boxed enumerator), sending runs of new rows as one multi-row
/// INSERT (BatchRows at a time), and any other sequence with foreach; every path inserts everything in one
/// transaction and sets the keys read back from RETURNING, in the order of the input.
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

    [Fact]
    public void Batched_rows_get_the_keys_of_their_own_rows_in_input_order()
    {
        var repo = new AuditEntryRepository(_connection);
        var items = Enumerable.Range(0, 200).Select(i => new AuditEntry { Actor = "a" + i, Note = i % 2 == 0 ? null : "n" + i }).ToList();
        Assert.Equal(200, repo.InsertMany(items));
        Assert.Equal(Enumerable.Range(1, 200), items.Select(e => e.Number));
        foreach (var item in items)
        {
            var row = repo.GetById(item.Number);
            Assert.NotNull(row);
            Assert.Equal(item.Actor, row!.Actor);
            Assert.Equal(item.Note, row.Note);
        }
    }

    [Fact]
    public async Task Batched_rows_async_and_explicit_keys_between_runs_keep_their_order()
    {
        var repo = new AuditEntryRepository(_connection);
        var items = Enumerable.Range(0, 150).Select(i => new AuditEntry { Number = i == 70 ? 5_000 : 0, Actor = "b" + i }).ToList();
        Assert.Equal(150, await repo.InsertManyAsync(items));
        Assert.Equal(150, items.Select(e => e.Number).Distinct().Count());
        Assert.Equal(5_000, items[70].Number);
        foreach (var item in items) Assert.Equal(item.Actor, repo.GetById(item.Number)!.Actor);
        Assert.Equal(150, await repo.CountAsync());
    }

    [Fact]
    public void A_wide_entity_too_wide_to_batch_goes_row_by_row_with_the_right_keys()
    {
        var repo = new AllTypesRepository(_connection);
        var items = Enumerable.Range(0, 60).Select(i => new AllTypes { I32 = i, Text = "t" + i, Bytes = new byte[] { (byte)i } }).ToList();
        Assert.Equal(60, repo.InsertMany(items));
        foreach (var item in items) Assert.Equal(item.I32, repo.GetById(item.Id)!.I32);
    }

    [Fact]
    public void Keys_that_are_not_consecutive_stop_the_batch_with_a_clear_error_and_roll_back()
    {
        // A trigger that inserts into the same table interleaves its rows with the batch's.
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = "CREATE TRIGGER echo AFTER INSERT ON \"" + AuditEntrySchema.TableName + "\" WHEN NEW.actor <> 'echo' " +
                "BEGIN INSERT INTO \"" + AuditEntrySchema.TableName + "\" (actor) VALUES ('echo'); END";
            create.ExecuteNonQuery();
        }
        var repo = new AuditEntryRepository(_connection);
        var items = Enumerable.Range(0, 40).Select(i => new AuditEntry { Actor = "c" + i }).ToList();

        if (GeneratedPath.Native)
        {
            // The native path inserts row by row (no multi-row batch): each row gets its own key, the trigger's rows theirs.
            Assert.Equal(40, repo.InsertMany(items));
            Assert.Equal(80, repo.Count());
            foreach (var item in items) Assert.Equal(item.Actor, repo.GetById(item.Number)!.Actor);
            return;
        }
        var error = Assert.Throws<InvalidOperationException>(() => repo.InsertMany(items));
        Assert.Contains("not consecutive", error.Message);
        Assert.Contains(AuditEntrySchema.TableName, error.Message);
        Assert.Equal(0, repo.Count());
        Assert.Null(repo.Transaction);
    }

    [Fact]
    public void Rows_with_their_own_keys_are_batched_and_a_duplicate_in_a_batch_rolls_everything_back()
    {
        var repo = new EventRepository(_connection);
        var events = Enumerable.Range(0, 100).Select(i => new Event { Id = Guid.NewGuid(), Stream = "s" + (i % 4), Sequence = i, At = DateTime.UnixEpoch.AddMinutes(i), Payload = i % 3 == 0 ? null : "p" + i }).ToList();
        Assert.Equal(100, repo.InsertMany(events));
        foreach (var e in events)
        {
            var row = repo.GetById(e.Id)!;
            Assert.Equal((e.Stream, e.Sequence, e.At, e.Payload), (row.Stream, row.Sequence, row.At, row.Payload));
        }

        var more = Enumerable.Range(100, 40).Select(i => new Event { Id = Guid.NewGuid(), Stream = "t", Sequence = i, At = DateTime.UnixEpoch }).ToList();
        more[20] = new Event { Id = events[5].Id, Stream = "dup", Sequence = 999, At = DateTime.UnixEpoch };   // inside the first batch
        Assert.Throws<SqliteException>(() => repo.InsertMany(more));
        Assert.Equal(100, repo.Count());
        Assert.Null(repo.Transaction);
    }

    [Fact]
    public void A_row_a_trigger_ignores_has_no_key_and_InsertMany_rolls_back_every_row()
    {
        // RAISE(IGNORE) skips the row: there is no key to return (no RETURNING row; on the native path no change, so
        // sqlite3_last_insert_rowid would be stale), and the call says so instead of handing back another row's key.
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = "CREATE TRIGGER skip BEFORE INSERT ON \"" + AuditEntrySchema.TableName + "\" WHEN NEW.actor = 'skip' BEGIN SELECT RAISE(IGNORE); END";
            create.ExecuteNonQuery();
        }
        var repo = new AuditEntryRepository(_connection);
        repo.Insert(new AuditEntry { Actor = "kept" });

        var single = Assert.Throws<InvalidOperationException>(() => repo.Insert(new AuditEntry { Actor = "skip" }));
        Assert.Contains("returned no key", single.Message);
        var items = Enumerable.Range(0, 30).Select(i => new AuditEntry { Actor = i == 17 ? "skip" : "d" + i }).ToList();
        var many = Assert.Throws<InvalidOperationException>(() => repo.InsertMany(items));
        Assert.Contains("returned no key", many.Message);
        Assert.Equal(1, repo.Count());
        Assert.Null(repo.Transaction);
        // The statements are reusable afterwards.
        Assert.Equal(2, repo.InsertMany(new[] { new AuditEntry { Actor = "e1" }, new AuditEntry { Actor = "e2" } }));
        Assert.Equal(3, repo.Count());
    }
}
