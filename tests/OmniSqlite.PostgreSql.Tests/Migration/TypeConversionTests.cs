using Microsoft.Data.Sqlite;
using Npgsql;
using OmniSqlite.PostgreSql.Migration;
using OmniSqlite.Tests;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Migration;

/// <summary>
/// Every type the migration converts, with nulls and extremes, read back from PostgreSQL through Npgsql and compared with
/// the values written independently here (not through the migration's own conversion code), plus the types PostgreSQL declares.
/// </summary>
public sealed class TypeConversionTests : IDisposable
{
    private readonly TempDatabase _db = new("kinds.db");

    public void Dispose() => _db.Dispose();

    private static readonly byte[] Large = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 31 + 7)).ToArray();
    private static readonly Guid Id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");

    private void CreateSource()
    {
        using var c = _db.Open();
        using var cmd = c.CreateCommand();
        // _omnisqlite_schema marks a database made by OmniSqlite's EnsureCreated: DECIMAL(18,n) then holds scaled integers.
        cmd.CommandText = """
            CREATE TABLE _omnisqlite_schema (id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT NOT NULL);
            CREATE TABLE kinds (
              id INTEGER PRIMARY KEY, i INTEGER, b BOOLEAN, r REAL, t TEXT, bl BLOB, money DECIMAL(18,2), n NUMERIC(12,4),
              ts DATETIME, tu TEXT_UTC, created TEXT, dt DATE, g GUID, gb BLOB, j JSON, exact TEXT, span INTEGER, anything);
            INSERT INTO kinds (id, i, b, r, t, bl, money, n, ts, tu, created, dt, g, gb, j, exact, span, anything) VALUES (1, -9223372036854775808, 0, -1.7976931348623157e308, '', x'', -9223372036854775808, 12345678.1234,
              '0001-01-01 00:00:00', '0001-01-01 00:00:00.0000000Z', '2026-01-02 03:04:05.1234560Z', '0001-01-01', '00112233-4455-6677-8899-aabbccddeeff',
              $guid, '{"a": [1, 2.50]}', '79228162514264337593543950335', -9223372036854775808, 42);
            INSERT INTO kinds (id) VALUES (2);
            INSERT INTO kinds (id, i, b, r, t, bl, money, n, ts, tu, created, dt, g, gb, j, exact, span, anything) VALUES (3, 9223372036854775807, 1, 4.9e-324, 'héllo wörld 日本語 🎉 "quoted" \', $large, 9223372036854775807, 0.5,
              '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.9999999Z', '2026-01-02 03:04:05.0000010Z', '9999-12-31', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
              $guid, '[]', '-0.0000000000000000000000000001', 9223372036854775800, 2.5);
            INSERT INTO kinds (id, i, b, r, t, bl, money, n, ts, tu, created, dt, g, gb, j, exact, span, anything) VALUES (4, 0, 0, 0.0, 'x', x'00ff', 150, 7, '2024-02-29T12:34:56.1234567+02:00', '2024-02-29 10:34:56.5000000Z',
              '2026-01-02 03:04:05.0000000Z', '2024-02-29', '00000000-0000-0000-0000-000000000000', $guid, 'null', '1.50', -10, NULL);
            """;
        cmd.Parameters.AddWithValue("$guid", Id.ToByteArray());
        cmd.Parameters.AddWithValue("$large", Large);
        cmd.ExecuteNonQuery();
    }

    [PostgresFact]
    public async Task Every_supported_type_with_nulls_and_extremes_reads_back_from_PostgreSQL_as_written()
    {
        CreateSource();
        string target = PostgresCluster.Shared.CreateDatabase("types");
        var options = new MigrationOptions();
        options.ColumnTypes["kinds.gb"] = "uuid";
        options.ColumnTypes["kinds.exact"] = "numeric";
        options.ColumnTypes["kinds.span"] = "interval";
        MigrationResult result = await SqliteToPostgres.MigrateAsync(_db.Path, target, options);
        Assert.True(result.IsVerified, string.Join("\n", result.Mismatches.Select(m => $"{m.Name}: {m.SqliteRows}/{m.PostgresRows} {m.SqliteChecksum} {m.PostgresChecksum}")));
        TableMigrationResult kinds = Assert.Single(result.Tables);
        Assert.Equal(4, kinds.SqliteRows);
        // 9999-12-31 23:59:59.9999999Z, 12:34:56.1234567 and long.MinValue ticks lose their 7th fraction digit.
        Assert.Equal(3, kinds.TruncatedValues);

        await using var pg = new NpgsqlConnection(target);
        await pg.OpenAsync();
        var declared = new Dictionary<string, string>();
        await using (var types = new NpgsqlCommand("SELECT column_name, data_type, coalesce(numeric_precision::text || ',' || numeric_scale::text, '') FROM information_schema.columns WHERE table_name = 'kinds'", pg))
        await using (var reader = await types.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) declared[reader.GetString(0)] = reader.GetString(1) + (reader.GetString(2) is { Length: > 0 } ps ? $"({ps})" : "");
        }

        Assert.Equal("bigint(64,0)", declared["id"]);
        Assert.Equal("bigint(64,0)", declared["i"]);
        Assert.Equal("boolean", declared["b"]);
        Assert.Equal("double precision", declared["r"]);
        Assert.Equal("text", declared["t"]);
        Assert.Equal("bytea", declared["bl"]);
        Assert.Equal("numeric(19,2)", declared["money"]);
        Assert.Equal("numeric(12,4)", declared["n"]);
        Assert.Equal("timestamp with time zone", declared["ts"]);
        Assert.Equal("timestamp with time zone", declared["tu"]);
        Assert.Equal("timestamp with time zone", declared["created"]);
        Assert.Equal("date", declared["dt"]);
        Assert.Equal("uuid", declared["g"]);
        Assert.Equal("uuid", declared["gb"]);
        Assert.Equal("json", declared["j"]);
        Assert.Equal("numeric", declared["exact"]);
        Assert.Equal("interval", declared["span"]);
        Assert.Equal("double precision", declared["anything"]);
        Assert.DoesNotContain(result.Tables, t => t.Name == "_omnisqlite_schema");

        var rows = new Dictionary<long, object?[]>();
        await using (var select = new NpgsqlCommand("SELECT id, i, b, r, t, bl, money, n, ts, tu, created, dt, g, gb, j, exact, span, anything FROM kinds", pg))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var values = new object?[reader.FieldCount];
                for (int i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows[reader.GetInt64(0)] = values;
            }
        }

        Assert.Equal(new object?[]
        {
            1L, long.MinValue, false, -1.7976931348623157e308, "", Array.Empty<byte>(), -92233720368547758.08m, 12345678.1234m,
            DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
            new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234560), new DateOnly(1, 1, 1), Id, Id, "{\"a\": [1, 2.50]}",
            79228162514264337593543950335m, TimeSpan.FromTicks(long.MinValue + 8), 42.0,
        }, rows[1]);
        Assert.Equal(new object?[] { 2L }.Concat(Enumerable.Repeat<object?>(null, 17)), rows[2]);
        Assert.Equal(new object?[]
        {
            3L, long.MaxValue, true, 4.9e-324, "héllo wörld 日本語 🎉 \"quoted\" \\", Large, 92233720368547758.07m, 0.5m,
            new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9999990), new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9999990),
            new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(10), new DateOnly(9999, 12, 31), Guid.Parse("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"), Id, "[]",
            -0.0000000000000000000000000001m, TimeSpan.FromTicks(9223372036854775800), 2.5,
        }, rows[3]);
        Assert.Equal(new object?[]
        {
            4L, 0L, false, 0.0, "x", new byte[] { 0, 255 }, 1.50m, 7m, new DateTime(2024, 2, 29, 10, 34, 56, DateTimeKind.Utc).AddTicks(1234560),
            new DateTime(2024, 2, 29, 10, 34, 56, 500, DateTimeKind.Utc), new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), new DateOnly(2024, 2, 29),
            Guid.Empty, Id, "null", 1.50m, TimeSpan.FromTicks(-10), null,
        }, rows[4]);

        // The identity continues after the highest id, as SQLite's rowid would.
        await using var insert = new NpgsqlCommand("INSERT INTO kinds (t) VALUES ('next') RETURNING id", pg);
        Assert.Equal(5L, await insert.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task The_entities_types_make_a_Guid_blob_uuid_and_TimeSpan_ticks_interval_and_a_chosen_numeric_keeps_the_stored_scale()
    {
        CreateSource();
        string target = PostgresCluster.Shared.CreateDatabase("types");
        // What OmniSqliteSchema.PostgreSqlTables holds for these columns (plus one the file does not have: skipped).
        var entities = new[]
        {
            new PostgreSqlTableDefinition("kinds", "CREATE TABLE unused ()", Array.Empty<string>(), new[]
            {
                new PostgreSqlColumnDefinition("id", "\"id\" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", false),
                new PostgreSqlColumnDefinition("gb", "\"gb\" uuid", false),
                new PostgreSqlColumnDefinition("span", "\"span\" interval", false),
                new PostgreSqlColumnDefinition("t", "\"t\" text NOT NULL DEFAULT ''", false),
                new PostgreSqlColumnDefinition("added_later", "\"added_later\" boolean NOT NULL DEFAULT FALSE", false),
            }),
        };
        var options = new MigrationOptions().UseEntityTypes(entities);
        options.ColumnTypes["kinds.exact"] = "numeric";
        // DECIMAL(18,2) in an OmniSqlite database holds value x 100: a hand-chosen numeric must still divide (150 -> 1.50).
        options.ColumnTypes["kinds.money"] = "numeric(38,2)";
        MigrationResult result = await SqliteToPostgres.MigrateAsync(_db.Path, target, options);
        Assert.True(result.IsVerified, string.Join("\n", result.Mismatches.Select(m => m.Name)));

        await using var pg = new NpgsqlConnection(target);
        await pg.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT gb, span, money, pg_typeof(gb)::text, pg_typeof(span)::text, pg_typeof(money)::text FROM kinds WHERE id = 4", pg);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Id, reader.GetGuid(0));
        Assert.Equal(TimeSpan.FromTicks(-10), reader.GetTimeSpan(1));
        Assert.Equal(1.50m, reader.GetDecimal(2));
        Assert.Equal(("uuid", "interval", "numeric"), (reader.GetString(3), reader.GetString(4), reader.GetString(5)));
    }

    [PostgresFact]
    public async Task Values_a_type_cannot_hold_are_named_before_anything_is_written()
    {
        using (var c = _db.Open())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE flags (id INTEGER PRIMARY KEY, on_off BOOLEAN, n INTEGER); INSERT INTO flags (id, on_off, n) VALUES (1, 2, 'seven'), (2, 1, 3);";
            cmd.ExecuteNonQuery();
        }

        string target = PostgresCluster.Shared.CreateDatabase("types");
        var error = await Assert.ThrowsAsync<PostgresMigrationException>(() => SqliteToPostgres.MigrateAsync(_db.Path, target));
        Assert.Equal(MigrationFailure.UnsupportedData, error.Reason);
        Assert.Contains("flags.on_off (BOOLEAN -> boolean): 1 values are not 0 or 1", error.Message);
        Assert.Contains("flags.n (INTEGER -> bigint): 1 values are not integers", error.Message);
        Assert.Contains("--column-type flags.n=<type>", error.Message);
        Assert.Contains("nothing was changed", error.Message);
        await using var pg = new NpgsqlConnection(target);
        await pg.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", pg);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }
}
