using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using OmniSqlite.Schema;

namespace OmniSqlite.Tests.Generated;

/// <summary>
/// A file written the way the first versions did (plain Microsoft.Data.Sqlite parameters into TEXT columns), migrated by
/// the generated OmniSqliteSchema.Migrate and read back through the generated repository.
/// </summary>
public sealed class LegacyFormatMigrationTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    // The first wave's DDL: every one of these TEXT, as the generator declared them then.
    private const string FirstWaveTable = """
        CREATE TABLE "legacy_values" ("id" INTEGER PRIMARY KEY NOT NULL, "when" TEXT NOT NULL, "n_when" TEXT, "at" TEXT NOT NULL, "n_at" TEXT,
            "span" TEXT NOT NULL, "n_span" TEXT, "price" TEXT NOT NULL, "n_price" TEXT, "uuid" BLOB NOT NULL, "day" TEXT NOT NULL, "clock" TEXT NOT NULL)
        """;

    private static readonly LegacyValues[] Rows = BuildRows();

    private static LegacyValues[] BuildRows()
    {
        var local = new DateTime(2026, 3, 29, 1, 30, 15, DateTimeKind.Local).AddTicks(1234567);
        return new[]
        {
            new LegacyValues { Id = 1, When = new DateTime(2026, 12, 1, 5, 0, 0, DateTimeKind.Utc), At = new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero),
                Span = TimeSpan.Zero, Price = 0m, Uuid = Guid.NewGuid(), Day = new DateOnly(2026, 12, 1), Clock = new TimeOnly(5, 0) },
            new LegacyValues { Id = 2, When = local, NWhen = new DateTime(2026, 1, 2, 3, 4, 5).AddTicks(5), At = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(5)),
                NAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(-8)).AddTicks(1),
                Span = TimeSpan.FromTicks(-1), NSpan = new TimeSpan(1, 2, 3, 4, 500), Price = -0.01m, NPrice = 12.5m, Uuid = Guid.NewGuid(), Day = DateOnly.MinValue, Clock = TimeOnly.MaxValue },
            new LegacyValues { Id = 3, When = DateTime.MaxValue, NWhen = DateTime.MinValue, At = DateTimeOffset.MaxValue, NAt = DateTimeOffset.MinValue,
                Span = TimeSpan.MaxValue, NSpan = TimeSpan.MinValue, Price = 92233720368547758.07m, NPrice = -922337203685477.5808m,
                Uuid = Guid.Empty, Day = DateOnly.MaxValue, Clock = TimeOnly.MinValue },
            new LegacyValues { Id = 4, When = new DateTime(2026, 12, 1, 5, 0, 0).AddTicks(1), At = new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.FromHours(14)),
                Span = TimeSpan.FromDays(-3.5), Price = -92233720368547758.08m, NPrice = 0.0001m, Uuid = Guid.NewGuid(), Day = new DateOnly(2000, 2, 29), Clock = new TimeOnly(23, 59, 59, 999) },
        };
    }

    /// <summary>Writes the rows as the first wave's repositories did: every value straight into a Microsoft.Data.Sqlite parameter.</summary>
    private static void WriteFirstWave(SqliteConnection c, IEnumerable<LegacyValues> rows, params (long Id, string Column, object Value)[] overrides)
    {
        using var command = c.CreateCommand();
        command.CommandText = FirstWaveTable;
        command.ExecuteNonQuery();
        command.CommandText = "INSERT INTO legacy_values VALUES ($id, $when, $n_when, $at, $n_at, $span, $n_span, $price, $n_price, $uuid, $day, $clock)";
        foreach (var r in rows)
        {
            command.Parameters.Clear();
            void Add(string name, object? value) => command.Parameters.AddWithValue("$" + name, overrides.FirstOrDefault(o => o.Id == r.Id && o.Column == name).Value ?? value ?? DBNull.Value);
            Add("id", r.Id); Add("when", r.When); Add("n_when", r.NWhen); Add("at", r.At); Add("n_at", r.NAt); Add("span", r.Span); Add("n_span", r.NSpan);
            Add("price", r.Price); Add("n_price", r.NPrice); Add("uuid", r.Uuid); Add("day", r.Day); Add("clock", r.Clock);
            command.ExecuteNonQuery();
        }
    }

    private static List<string> Column(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? "NULL" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        return values;
    }

    [Fact]
    public void Migrate_converts_every_older_format_exactly_and_the_repository_reads_the_same_values()
    {
        using var c = _db.Open();
        WriteFirstWave(c, Rows);
        // What the first wave left: text everywhere, with offsets, trimmed fractions and "c" spans.
        Assert.Equal("2026-12-01 10:00:00+05:00", Column(c, "SELECT at FROM legacy_values WHERE id = 2").Single());
        Assert.Equal("text", Column(c, "SELECT typeof(price) FROM legacy_values WHERE id = 3").Single());

        var plan = OmniSqliteSchema.Plan(c);
        var text = plan.ToString();
        Assert.Contains("legacy_values.at is declared TEXT in the database and TEXT_UTC in the entity: converted to a DateTimeOffset", text);
        Assert.Contains("legacy_values.price is declared TEXT in the database and DECIMAL(18,2) in the entity", text);
        Assert.Contains("legacy_values.span is declared TEXT in the database and INTEGER in the entity", text);
        Assert.Contains("legacy_values.when has 1 row(s) in an older format (it stores a DateTime", text);
        Assert.Contains(plan.Changes, ch => ch.Kind == SchemaChangeKind.ColumnFormatOutdated && ch.Column == "n_when");
        Assert.DoesNotContain("would not convert", text);
        var refused = Assert.Throws<SchemaMigrationException>(() => OmniSqliteSchema.EnsureCreated(c));
        Assert.Contains("legacy_values.at", refused.Message);
        Assert.DoesNotContain("legacy_values.when", refused.Message); // older DateTime text alone reads back right: left to Migrate

        OmniSqliteSchema.Migrate(c);

        var back = new LegacyValuesRepository(c).GetAll().OrderBy(r => r.Id).ToList();
        Assert.Equal(Rows.Length, back.Count);
        foreach (var (want, got) in Rows.Zip(back))
        {
            // Microsoft.Data.Sqlite wrote no Kind: the clock reading is kept and comes back Unspecified, as it always did.
            Assert.Equal(want.When.Ticks, got.When.Ticks);
            Assert.Equal(DateTimeKind.Unspecified, got.When.Kind);
            Assert.Equal(want.NWhen?.Ticks, got.NWhen?.Ticks);
            Assert.Equal(want.At, got.At); // the same instant
            Assert.Equal(TimeSpan.Zero, got.At.Offset);
            Assert.Equal(want.NAt, got.NAt);
            Assert.Equal(want.Span, got.Span);
            Assert.Equal(want.NSpan, got.NSpan);
            Assert.Equal(want.Price, got.Price);
            Assert.Equal(want.NPrice, got.NPrice);
            Assert.Equal(want.Uuid, got.Uuid);
            Assert.Equal(want.Day, got.Day);
            Assert.Equal(want.Clock, got.Clock);
        }

        // Now stored as the repository writes them: SQL compares and sorts like C#.
        Assert.Equal(new[] { "integer" }, Column(c, "SELECT DISTINCT typeof(price) FROM legacy_values"));
        Assert.Equal("9223372036854775807", Column(c, "SELECT price FROM legacy_values WHERE id = 3").Single());
        Assert.Equal(Rows.OrderBy(r => r.At).Select(r => r.Id.ToString(CultureInfo.InvariantCulture)), Column(c, "SELECT id FROM legacy_values ORDER BY at, id"));
        Assert.Equal(Rows.OrderBy(r => r.Span).Select(r => r.Id.ToString(CultureInfo.InvariantCulture)), Column(c, "SELECT id FROM legacy_values ORDER BY span"));
        Assert.Equal(Rows.OrderBy(r => r.Price).Select(r => r.Id.ToString(CultureInfo.InvariantCulture)), Column(c, "SELECT id FROM legacy_values ORDER BY price"));
        var fresh = Rows[1];
        new LegacyValuesRepository(c).Insert(new LegacyValues { Id = 5, When = DateTime.SpecifyKind(fresh.When, DateTimeKind.Unspecified), At = fresh.At, Span = fresh.Span, Price = fresh.Price, Uuid = fresh.Uuid, Day = fresh.Day, Clock = fresh.Clock });
        Assert.Equal(new[] { "2,5" }, Column(c, "SELECT group_concat(id) FROM legacy_values WHERE \"when\" = (SELECT \"when\" FROM legacy_values WHERE id = 5) AND at = (SELECT at FROM legacy_values WHERE id = 5) AND span = (SELECT span FROM legacy_values WHERE id = 5) AND price = (SELECT price FROM legacy_values WHERE id = 5)"));
        Assert.True(OmniSqliteSchema.Plan(c).Changes.All(ch => ch.Table != "legacy_values"), OmniSqliteSchema.Plan(c).ToString());
    }

    [Fact]
    public void EnsureCreated_leaves_older_DateTime_text_and_a_later_Migrate_converts_it()
    {
        using var c = _db.Open();
        using (var old = c.CreateCommand())
        {
            old.CommandText = "CREATE TABLE events (id BLOB PRIMARY KEY NOT NULL, stream TEXT NOT NULL, sequence INTEGER NOT NULL, at TEXT NOT NULL, payload TEXT);" +
                              "INSERT INTO events VALUES (x'00112233445566778899aabbccddeeff', 's', 1, '2024-01-02 03:04:05', NULL);";
            old.ExecuteNonQuery();
        }
        Assert.Contains(OmniSqliteSchema.Plan(c).Changes, ch => ch.Kind == SchemaChangeKind.ColumnFormatOutdated && ch.Column == "at" && ch.IsSafe);
        Assert.DoesNotContain("events.at", OmniSqliteSchema.EnsureCreated(c).ToString());
        Assert.True(OmniSqliteSchema.EnsureCreated(c).IsEmpty); // recorded: one read
        Assert.Equal("2024-01-02 03:04:05", Column(c, "SELECT at FROM events").Single());

        OmniSqliteSchema.Migrate(c);
        Assert.Equal("2024-01-02 03:04:05.0000000", Column(c, "SELECT at FROM events").Single());
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), new EventRepository(c).GetAll().Single().At);
        Assert.True(OmniSqliteSchema.Plan(c).IsUpToDate, OmniSqliteSchema.Plan(c).ToString());
    }

    [Theory]
    [InlineData("when", "yesterday", "legacy_values.when would not convert to a DateTime")]
    [InlineData("n_at", "2026-13-01 00:00:00+00:00", "legacy_values.n_at would not convert to a DateTimeOffset")]
    [InlineData("span", "99:99:99", "legacy_values.span would not convert to a TimeSpan")]
    [InlineData("price", "1.005", "legacy_values.price would not convert to a decimal at scale 2")]
    [InlineData("price", "92233720368547758.08", "legacy_values.price would not convert to a decimal at scale 2")]
    [InlineData("n_price", "1e400", "legacy_values.n_price would not convert to a decimal at scale 4")]
    public void A_value_that_cannot_convert_is_refused_naming_the_row_and_the_file_stays_byte_identical(string column, string value, string message)
    {
        using (var c = _db.Open()) WriteFirstWave(c, Rows, (4, column, value));
        SqliteConnection.ClearAllPools();
        var before = FileHash();
        using (var c = _db.Open())
        {
            var error = Assert.Throws<SchemaMigrationException>(() => OmniSqliteSchema.Migrate(c));
            Assert.Contains("1 row(s) of " + message, error.Message);
            Assert.Contains("e.g. id 4: '" + value + "'", error.Message);
            Assert.Contains(error.Changes, ch => ch.Table == "legacy_values" && ch.Column == column);
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, FileHash());
    }

    private string FileHash() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(_db.Path)));
}
