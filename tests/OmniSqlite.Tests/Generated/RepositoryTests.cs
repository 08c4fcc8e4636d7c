using Microsoft.Data.Sqlite;
using OmniSqlite.Tests.Generated;

namespace OmniSqlite.Tests.Generated;

/// <summary>The generated repositories, run against real database files.</summary>
public sealed class RepositoryTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;

    public RepositoryTests()
    {
        _connection = _db.Open();
        OmniSqliteSchema.EnsureCreated(_connection);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
    }

    private static AllTypes Sample(int seed) => new()
    {
        Flag = true, U8 = 200, I8 = -100, I16 = short.MinValue, U16 = ushort.MaxValue, I32 = int.MinValue + seed, U32 = uint.MaxValue,
        I64 = long.MinValue, U64 = ulong.MaxValue, F32 = 3.25f, F64 = Math.PI, Money = 79228162514264.337593543950335m,
        Text = "héllo \"quoted\" ' 😀", Bytes = new byte[] { 0, 1, 2, 255 }, Uuid = Guid.NewGuid(),
        When = new DateTime(2024, 2, 29, 23, 59, 58, 123, DateTimeKind.Unspecified).AddTicks(4567),
        WhenOffset = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(5.5)),
        Day = new DateOnly(1999, 12, 31), Clock = new TimeOnly(13, 14, 15, 16), Span = TimeSpan.FromMilliseconds(-123456789),
        Color = Color.Blue, Huge = Huge.Max,
        NFlag = false, NU8 = 7, NI32 = 42, NI64 = -42, NU64 = 18446744073709551000UL, NF64 = -0.5, NMoney = -1.01m, NText = "x", NBytes = new byte[] { 9 },
        NUuid = Guid.NewGuid(), NWhen = new DateTime(2000, 1, 1), NWhenOffset = DateTimeOffset.UnixEpoch, NDay = DateOnly.MinValue,
        NClock = TimeOnly.MaxValue, NSpan = TimeSpan.Zero, NColor = Color.Green,
    };

    private static void AssertSame(AllTypes expected, AllTypes actual)
    {
        foreach (var property in typeof(AllTypes).GetProperties())
        {
            var e = property.GetValue(expected);
            var a = property.GetValue(actual);
            if (e is byte[] eb) Assert.Equal(eb, (byte[]?)a);
            else Assert.True(Equals(e, a), $"{property.Name}: expected {e}, got {a}");
        }
    }

    [Fact]
    public void Every_type_round_trips_with_values()
    {
        var repo = new AllTypesRepository(_connection);
        var entity = Sample(1);
        var id = repo.Insert(entity);
        Assert.True(id > 0);
        Assert.Equal(id, entity.Id);
        AssertSame(entity, repo.GetById(id)!);
    }

    [Fact]
    public void Every_nullable_type_round_trips_null()
    {
        var repo = new AllTypesRepository(_connection);
        var entity = new AllTypes { Text = "", Bytes = Array.Empty<byte>() };
        repo.Insert(entity);
        var back = repo.GetById(entity.Id)!;
        AssertSame(entity, back);
        Assert.Null(back.NText);
        Assert.Null(back.NI32);
        Assert.Null(back.NColor);
    }

    [Fact]
    public void Columns_are_stored_with_the_declared_affinity_and_nullability()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name, type, \"notnull\", pk FROM pragma_table_info('all_types')";
        var columns = new Dictionary<string, (string Type, bool NotNull, bool Pk)>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) columns[reader.GetString(0)] = (reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3));
        Assert.Equal(("INTEGER", false, true), columns["id"]);
        Assert.Equal(("TEXT", true, false), columns["text"]);
        Assert.Equal(("TEXT", false, false), columns["n_text"]);
        Assert.Equal(("REAL", true, false), columns["f64"]);
        Assert.Equal(("BLOB", true, false), columns["uuid"]);
        Assert.Equal(("INTEGER", false, false), columns["n_color"]);
        Assert.Equal(("TEXT_UTC", true, false), columns["when_offset"]);
    }

    [Fact]
    public async Task Crud_sync_and_async_with_generated_keys()
    {
        var repo = new AllTypesRepository(_connection);
        var a = Sample(1);
        var b = Sample(2);
        await repo.InsertAsync(a);
        repo.Insert(b);
        Assert.Equal(2, repo.Count());
        Assert.Equal(2, await repo.CountAsync());

        a.Text = "changed";
        Assert.True(repo.Update(a));
        Assert.Equal("changed", (await repo.GetByIdAsync(a.Id))!.Text);
        b.NText = null;
        Assert.True(await repo.UpdateAsync(b));
        Assert.Null(repo.GetById(b.Id)!.NText);

        Assert.True(repo.Delete(a.Id));
        Assert.False(repo.Delete(a.Id));
        Assert.True(await repo.DeleteAsync(b.Id));
        Assert.Null(repo.GetById(b.Id));
        Assert.Equal(0, repo.Count());
        Assert.False(repo.Update(a));
    }

    [Fact]
    public void Upsert_inserts_then_updates()
    {
        var repo = new AllTypesRepository(_connection);
        var entity = Sample(3);
        repo.Upsert(entity);
        Assert.True(entity.Id > 0);
        entity.I32 = 12345;
        repo.Upsert(entity);
        Assert.Equal(1, repo.Count());
        Assert.Equal(12345, repo.GetById(entity.Id)!.I32);

        var settings = new SettingRepository(_connection);
        settings.Upsert(new Setting("theme", "dark", 1));
        settings.Upsert(new Setting("theme", "light", 2));
        Assert.Equal(new Setting("theme", "light", 2), settings.GetById("theme"));
        Assert.Equal(1, settings.Count());
    }

    [Fact]
    public void Explicit_key_is_kept_and_a_duplicate_key_is_refused()
    {
        var repo = new AllTypesRepository(_connection);
        var entity = Sample(4);
        entity.Id = 1000;
        Assert.Equal(1000, repo.Insert(entity));
        var again = Sample(5);
        again.Id = 1000;
        var error = Assert.Throws<SqliteException>(() => repo.Insert(again));
        Assert.Contains("UNIQUE", error.Message);
        Assert.Equal(1, repo.Count());
    }

    [Fact]
    public void InsertMany_uses_one_transaction_and_rolls_back_everything_on_failure()
    {
        var repo = new AllTypesRepository(_connection);
        var items = Enumerable.Range(0, 500).Select(Sample).ToList();
        Assert.Equal(500, repo.InsertMany(items));
        Assert.Equal(500, repo.Count());
        Assert.All(items, i => Assert.True(i.Id > 0));
        Assert.Equal(500, items.Select(i => i.Id).Distinct().Count());

        var bad = Enumerable.Range(0, 10).Select(Sample).ToList();
        bad[7].Id = items[0].Id; // duplicate key on the 8th row
        Assert.Throws<SqliteException>(() => repo.InsertMany(bad));
        Assert.Equal(500, repo.Count());
        Assert.Null(repo.Transaction);
    }

    [Fact]
    public async Task InsertManyAsync_inserts_all()
    {
        var repo = new EventRepository(_connection);
        var events = Enumerable.Range(0, 50).Select(i => new Event { Id = Guid.NewGuid(), Stream = "s" + (i % 5), Sequence = i, At = DateTime.UnixEpoch.AddDays(i) }).ToList();
        Assert.Equal(50, await repo.InsertManyAsync(events));
        Assert.Equal(50, await repo.CountAsync());
        Assert.Equal(10, (await repo.FindByStreamAsync("s3")).Count);
        var one = repo.FindByStreamAndSequence("s3", 13);
        Assert.Equal(events[13], one.Single(), EventComparer.Instance);
    }

    [Fact]
    public void Works_inside_a_callers_transaction_and_rolls_back_with_it()
    {
        var repo = new AuditEntryRepository(_connection);
        using (var transaction = _connection.BeginWriteTransaction())
        {
            repo.Transaction = transaction;
            repo.Insert(new AuditEntry { Number = 1, Actor = "ann" });
            repo.InsertMany(new[] { new AuditEntry { Number = 2, Actor = "bob" }, new AuditEntry { Number = 3, Actor = "ann" } });
            Assert.Equal(3, repo.Count());
            transaction.Rollback();
        }
        repo.Transaction = null;
        Assert.Equal(0, repo.Count());

        using (var transaction = _connection.BeginWriteTransaction())
        {
            var inTx = new AuditEntryRepository(_connection, transaction);
            inTx.Insert(new AuditEntry { Number = 4, Actor = "cy" });
            transaction.Commit();
        }
        Assert.Equal("cy", repo.GetById(4)!.Actor);
        Assert.Single(repo.FindByActor("cy"));
    }

    [Fact]
    public void Reserved_words_work_as_table_and_column_names()
    {
        var orders = new OrderRepository(_connection);
        orders.Insert(new Order { Id = 1, Group = "a", Select = 5, From = null, Where = "here" });
        orders.Insert(new Order { Id = 2, Group = "b", Select = 6, From = "there", Where = "x" });
        Assert.Equal("order", OrderSchema.TableName);
        Assert.Equal(5, orders.FindByGroup("a").Single().Select);
        Assert.Equal("there", orders.GetById(2)!.From);
        Assert.Equal(2, orders.GetAll().Count);
    }

    [Fact]
    public void Constructor_bound_records_round_trip()
    {
        var settings = new SettingRepository(_connection);
        settings.Insert(new Setting("a", "1", 1));
        Assert.Equal(new Setting("a", "1", 1), settings.GetById("a"));
        Assert.Null(settings.GetById("missing"));
    }

    [Fact]
    public void FindBy_queries_are_served_by_an_index()
    {
        foreach (var sql in new[] { "SELECT * FROM \"order\" WHERE \"group\" = 'a'", "SELECT * FROM events WHERE stream = 'a' AND sequence = 1", "SELECT * FROM events WHERE at = 1" })
        {
            using var command = _connection.CreateCommand();
#pragma warning disable OSQL014 // sql is one of the constant statements above
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
#pragma warning restore OSQL014
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            var detail = reader.GetString(3);
            Assert.StartsWith("SEARCH", detail);
        }
    }

    [Fact]
    public void Repository_survives_pooled_connections_being_reopened()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = true }.ToString();
        for (var round = 0; round < 3; round++)
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var repo = new AuditEntryRepository(connection);
            repo.Insert(new AuditEntry { Number = 100 + round, Actor = "pool" });
            Assert.Equal(round + 1, repo.FindByActor("pool").Count);
        }
    }

    private sealed class EventComparer : IEqualityComparer<Event>
    {
        public static readonly EventComparer Instance = new();
        public bool Equals(Event? x, Event? y) => x!.Id == y!.Id && x.Stream == y.Stream && x.Sequence == y.Sequence && x.At == y.At && x.Payload == y.Payload;
        public int GetHashCode(Event obj) => obj.Id.GetHashCode();
    }
}
