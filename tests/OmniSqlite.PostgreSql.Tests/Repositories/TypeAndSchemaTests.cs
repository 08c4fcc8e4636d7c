using Npgsql;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Repositories;

/// <summary>Every supported type through the PostgreSQL repository (nulls, extremes, UTC), and the DDL as PostgreSQL's catalog sees it.</summary>
public sealed class TypeAndSchemaTests
{
    private static AllTypes Extremes(bool max) => new()
    {
        Flag = max, U8 = max ? byte.MaxValue : byte.MinValue, I8 = max ? sbyte.MaxValue : sbyte.MinValue,
        I16 = max ? short.MaxValue : short.MinValue, U16 = max ? ushort.MaxValue : ushort.MinValue,
        I32 = max ? int.MaxValue : int.MinValue, U32 = max ? uint.MaxValue : uint.MinValue,
        I64 = max ? long.MaxValue : long.MinValue, U64 = max ? ulong.MaxValue : ulong.MinValue,
        F32 = max ? float.MaxValue : float.MinValue, F64 = max ? double.MaxValue : double.Epsilon,
        Money = max ? decimal.MaxValue : decimal.MinValue, Cents = max ? 123456789012.34m : -0.01m,
        Text = max ? "ünïcødé 🐘 'quoted' \"double\"" : "", Blob = max ? Enumerable.Range(0, 256).Select(i => (byte)i).ToArray() : Array.Empty<byte>(),
        Uuid = max ? Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff") : Guid.Empty,
        // timestamptz, time and interval keep microseconds; DateTime/DateOnly Min and Max are PostgreSQL's -infinity/infinity.
        When = max ? DateTime.MaxValue : DateTime.MinValue,
        At = max ? new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, 999, TimeSpan.Zero) : new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Day = max ? DateOnly.MaxValue : DateOnly.MinValue,
        Clock = max ? new TimeOnly(23, 59, 59, 999, 999) : TimeOnly.MinValue,
        Span = max ? TimeSpan.FromDays(3_650_000) + TimeSpan.FromMicroseconds(1) : -TimeSpan.FromDays(3_650_000),
        Stage = max ? Stage.Archived : Stage.Draft, Huge = max ? Huge.Top : Huge.Zero,
        Settings = new Settings(max ? "dark" : "", max ? int.MaxValue : 0, max ? new List<string> { "a", "b" } : new List<string>()),
    };

    private static AllTypes WithValues() => new()
    {
        Flag = true, FlagN = false, U8N = 7, I16N = -3, I32N = 42, I64N = -1L << 40, F64N = -2.5, MoneyN = 0.1m,
        Text = "t", TextN = "", BlobN = new byte[] { 0, 1 }, UuidN = Guid.NewGuid(),
        When = new DateTime(2026, 12, 2, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        WhenN = new DateTime(2026, 12, 2, 1, 2, 3, DateTimeKind.Local), // converted to UTC
        At = new DateTimeOffset(2026, 12, 2, 1, 2, 3, TimeSpan.FromHours(5.5)), AtN = DateTimeOffset.UnixEpoch,
        Day = new DateOnly(2026, 2, 28), DayN = new DateOnly(1999, 12, 31), Clock = new TimeOnly(12, 0), ClockN = new TimeOnly(0, 0, 1),
        Span = TimeSpan.FromHours(-1.5), SpanN = TimeSpan.FromMilliseconds(1), StageN = Stage.Live,
        Settings = new Settings("light", 1, new List<string> { "x" }), SettingsN = new Settings("n", 2, new List<string>()),
    };

    [PostgresFact]
    public void Every_type_round_trips_with_nulls_and_extremes()
    {
        using var db = new EngineDatabase(EngineDatabase.PostgreSql);
        using var repository = db.AllTypes();
        foreach (var row in new[] { Extremes(false), Extremes(true), WithValues() })
        {
            repository.Insert(row);
            var back = repository.GetById(row.Id)!;
            Assert.Equivalent(Normalized(row), Normalized(back), strict: true);
            Assert.Equal(row.Settings.Tags, back.Settings.Tags);
        }
        // Reads of timestamptz come back UTC; a Local DateTime was converted, not relabelled.
        var values = repository.GetAll().Last();
        Assert.Equal(DateTimeKind.Utc, values.When.Kind);
        Assert.Equal(new DateTime(2026, 12, 2, 1, 2, 3, DateTimeKind.Local).ToUniversalTime(), values.WhenN);
        Assert.Equal(TimeSpan.Zero, values.At.Offset);
    }

    /// <summary>What the engine keeps: DateTime compared as UTC ticks, DateTimeOffset as its instant.</summary>
    private static object Normalized(AllTypes t) => new
    {
        t.Flag, t.FlagN, t.U8, t.U8N, t.I8, t.I16, t.I16N, t.U16, t.I32, t.I32N, t.U32, t.I64, t.I64N, t.U64, t.F32, t.F64, t.F64N,
        t.Money, t.Cents, t.MoneyN, t.Text, t.TextN, t.Blob, t.BlobN, t.Uuid, t.UuidN,
        When = Utc(t.When), WhenN = t.WhenN is { } w ? Utc(w) : (long?)null, At = t.At.UtcTicks, AtN = t.AtN?.UtcTicks,
        t.Day, t.DayN, t.Clock, t.ClockN, t.Span, t.SpanN, t.Stage, t.StageN, t.Huge,
        Theme = t.Settings.Theme, t.Settings.Size, SettingsN = t.SettingsN?.Theme,
    };

    private static long Utc(DateTime d) => d.Kind == DateTimeKind.Local ? d.ToUniversalTime().Ticks : d.Ticks;

    [PostgresFact]
    public void EnsureCreated_twice_is_a_no_op_and_the_catalog_has_the_types_indexes_and_keys()
    {
        using var connection = new NpgsqlConnection(PostgresCluster.Shared.CreateDatabase());
        connection.Open();
        Assert.Equal(new[] { "all_types", "order", "pg_bare", "pg_clients", "pg_campaigns" }, OmniSqliteSchema.EnsureCreated(connection));
        Assert.Empty(OmniSqliteSchema.EnsureCreated(connection));

        var types = Rows(connection, "SELECT column_name, data_type || coalesce('(' || numeric_precision || ',' || numeric_scale || ')', ''), is_nullable, coalesce(is_identity, 'NO'), coalesce(column_default, '') FROM information_schema.columns WHERE table_name = 'pg_campaigns' ORDER BY ordinal_position");
        Assert.Equal(new[]
        {
            "id|bigint(64,0)|NO|YES|", "client_id|bigint(64,0)|NO|NO|", "title|text|NO|NO|", "status|text|NO|NO|'draft'::text",
            "slug|text|YES|NO|", "active|boolean|NO|NO|true", "created_at|timestamp with time zone|NO|NO|",
        }, types);
        var all = Rows(connection, "SELECT column_name || ':' || udt_name FROM information_schema.columns WHERE table_name = 'all_types' AND column_name IN ('u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'money', 'cents', 'blob', 'uuid', 'at', 'day', 'clock', 'span', 'stage', 'settings') ORDER BY column_name");
        Assert.Equal(new[] { "at:timestamptz", "blob:bytea", "cents:numeric", "clock:time", "day:date", "f32:float4", "f64:float8", "money:numeric", "settings:jsonb", "span:interval", "stage:int8", "u16:int4", "u32:int8", "u64:int8", "u8:int2", "uuid:uuid" }, all);
        Assert.Equal("2", Rows(connection, "SELECT numeric_scale FROM information_schema.columns WHERE table_name = 'all_types' AND column_name = 'cents'").Single());

        var indexes = Rows(connection, "SELECT indexname || ' ' || substring(indexdef from 'USING .*') FROM pg_indexes WHERE tablename = 'pg_campaigns' ORDER BY indexname");
        Assert.Equal(new[]
        {
            "idx_pg_campaigns_client_id USING btree (client_id)",
            "idx_pg_campaigns_status_created_at USING btree (status, created_at)", "pg_campaigns_pkey USING btree (id)", "ux_pg_campaigns_slug USING btree (slug)",
        }, indexes.Select(i => i.Replace("UNIQUE ", "")).ToArray());
        Assert.StartsWith("CREATE UNIQUE INDEX", Rows(connection, "SELECT indexdef FROM pg_indexes WHERE indexname = 'ux_pg_campaigns_slug'").Single());
        Assert.Equal("pg_clients|CASCADE|NO ACTION", Rows(connection, """
            SELECT ccu.table_name || '|' || rc.delete_rule || '|' || rc.update_rule FROM information_schema.referential_constraints rc
            JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.constraint_name
            """).Single());
    }

    private static string[] Rows(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows.ToArray();
    }
}
