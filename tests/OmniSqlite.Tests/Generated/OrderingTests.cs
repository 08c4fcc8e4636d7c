using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Generated;

/// <summary>
/// Issue 13: for every supported type, SQL's ORDER BY, &lt;, = and &gt; on the stored column agree with C#'s comparison of
/// the values, on a real file. Each column gets values across offsets, kinds, negatives and scales (ties included); every
/// pair of rows is compared in SQL by a self-join and in C# by the type's comparer.
/// </summary>
public sealed class OrderingTests : IDisposable
{
    private const int Rows = 36;
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;
    private readonly OrderedValuesRepository _repository;
    private readonly List<OrderedValues> _rows = new();

    private static readonly DateTimeOffset[] Offsets =
    {
        new(2026, 12, 1, 7, 0, 0, TimeSpan.Zero),                    // 07:00 UTC
        new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(5)),           // 05:00 UTC, sorted before 07:00 UTC as text
        new(2026, 12, 1, 2, 0, 0, TimeSpan.FromHours(-3)),           // 05:00 UTC again, another offset
        new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero).AddTicks(1), // just after 05:00 UTC
        new(2026, 11, 30, 23, 59, 59, TimeSpan.FromHours(-14)),
        new(2026, 12, 2, 0, 0, 0, TimeSpan.FromHours(14)),
        new(1969, 12, 31, 23, 59, 59, 999, TimeSpan.FromMinutes(-90)),
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
        new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.FromMinutes(330)).AddTicks(5),
    };

    private static readonly decimal[] Money = { -922337203685477.5808m, -1000.5m, -10m, -9.9999m, -0.0001m, 0m, 0.0001m, 9m, 9.5m, 10m, 10.50m, 100m, 922337203685477.5807m };
    private static readonly decimal?[] Whole = { null, -9223372036854775808m, -10m, -9m, 0m, 9m, 10m, 100m, 9223372036854775807m };
    private static readonly TimeSpan[] Spans = { TimeSpan.MinValue, TimeSpan.FromDays(-3), TimeSpan.FromTicks(-1), TimeSpan.Zero, TimeSpan.FromTicks(1), TimeSpan.FromHours(23), TimeSpan.FromDays(1), TimeSpan.FromDays(10.5), TimeSpan.MaxValue };
    // Ordinal UTF-16 order equals SQLite's UTF-8 byte order for these; it differs only between U+E000-U+FFFF and astral
    // characters (docs/entities.md), so none of those pairs is here.
    private static readonly string[] Texts = { "", "a", "B", "b", "ab", "a b", "Z", "é", "e\u0301", "日本", "😀", "0", "10", "9" };
    private static readonly byte[][] Blobs = { Array.Empty<byte>(), new byte[] { 0 }, new byte[] { 0, 0 }, new byte[] { 1 }, new byte[] { 0xFF }, new byte[] { 0x7F, 0xFF }, new byte[] { 0x80 } };

    public OrderingTests()
    {
        _connection = _db.Open();
        OmniSqliteSchema.EnsureCreated(_connection);
        _repository = new OrderedValuesRepository(_connection);
        for (int i = 0; i < Rows; i++)
        {
            var at = Offsets[i % Offsets.Length];
            var utc = new DateTime(2026, 3, 29, 0, 0, 0, DateTimeKind.Utc).AddMinutes((i * 37 % 11 - 5) * 97).AddTicks(i % 3);
            var row = new OrderedValues
            {
                Id = i + 1,
                Flag = i % 3 == 0,
                U8 = (byte)(i * 53 % 256),
                I8 = (sbyte)(i * 53 % 256 - 128),
                I16 = (short)((i % 7 - 3) * 9000),
                U16 = (ushort)(i * 4099 % 65536),
                I32 = (i % 9 - 4) * 500_000_000,
                U32 = (uint)(i * 613_566_756u % uint.MaxValue),
                I64 = i % 5 == 0 ? long.MinValue + i : i % 5 == 1 ? long.MaxValue - i : (i - 18) * 1_000_000_000_000L,
                F32 = i % 6 == 0 ? float.NegativeInfinity : i % 6 == 1 ? float.PositiveInfinity : (i - 18) * 0.37f,
                F64 = i % 7 == 0 ? -0.0 : i % 7 == 1 ? double.MaxValue : i % 7 == 2 ? double.Epsilon : (i - 18) * 1e-3,
                Money = Money[i % Money.Length],
                Whole = Whole[i % Whole.Length],
                Text = Texts[i % Texts.Length],
                Bytes = Blobs[i % Blobs.Length],
                Color = (Color)(i % 3 + 1),
                UtcWhen = utc,
                LocalWhen = utc.ToLocalTime(),
                PlainWhen = DateTime.SpecifyKind(utc, DateTimeKind.Unspecified).AddYears(i % 4 * 1000 - 2000 > 0 ? 0 : 0),
                At = at,
                Day = DateOnly.FromDateTime(utc).AddDays(i * 977 % 400 - 200),
                Clock = TimeOnly.FromTimeSpan(TimeSpan.FromTicks(i * 9_876_543_210L % TimeSpan.TicksPerDay)),
                Span = Spans[i % Spans.Length],
                NSpan = i % 4 == 0 ? null : Spans[(i + 4) % Spans.Length],
            };
            _rows.Add(row);
        }
        _repository.InsertMany(_rows);
    }

    public void Dispose()
    {
        _repository.Dispose();
        _connection.Dispose();
        _db.Dispose();
    }

    private static readonly Comparer<byte[]> Lexicographic = Comparer<byte[]>.Create((a, b) =>
    {
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++) if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return a.Length.CompareTo(b.Length);
    });

    /// <summary>Every pair compared in SQL (&lt;, =, &gt;) matches C#, and ORDER BY gives C#'s stable order.</summary>
    private void AssertAgrees<T>(string column, Func<OrderedValues, T> value, IComparer<T>? comparer = null)
    {
        comparer ??= Comparer<T>.Default;
        var byId = _rows.ToDictionary(r => r.Id);
        using var command = _connection.CreateCommand();
        string c = "\"" + column + "\"";
        command.CommandText = $"SELECT a.id, b.id, a.{c} < b.{c}, a.{c} = b.{c}, a.{c} > b.{c} FROM ordered_values a, ordered_values b WHERE a.{c} IS NOT NULL AND b.{c} IS NOT NULL";
        int pairs = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var a = value(byId[reader.GetInt64(0)]);
                var b = value(byId[reader.GetInt64(1)]);
                int expected = Math.Sign(comparer.Compare(a, b));
                int actual = reader.GetInt64(2) == 1 ? -1 : reader.GetInt64(4) == 1 ? 1 : 0;
                Assert.True(reader.GetInt64(3) == (expected == 0 ? 1 : 0) && expected == actual,
                    $"{column}: C# compares {Show(a)} to {Show(b)} as {expected}, SQL as {actual}");
                pairs++;
            }
        }
        Assert.True(pairs >= Rows, column + ": pairs compared");

        command.CommandText = $"SELECT id FROM ordered_values WHERE {c} IS NOT NULL ORDER BY {c}, id";
        var sqlOrder = new List<long>();
        using (var reader = command.ExecuteReader()) while (reader.Read()) sqlOrder.Add(reader.GetInt64(0));
        var csOrder = _rows.Where(r => value(r) is not null).OrderBy(value, comparer).ThenBy(r => r.Id).Select(r => r.Id).ToList();
        Assert.Equal(csOrder, sqlOrder);
    }

    private static string Show(object? v) => v switch
    {
        null => "null",
        byte[] b => Convert.ToHexString(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    [Fact] public void Integers_bool_and_enum() { AssertAgrees("flag", r => r.Flag); AssertAgrees("u8", r => r.U8); AssertAgrees("i8", r => r.I8); AssertAgrees("i16", r => r.I16); AssertAgrees("u16", r => r.U16); AssertAgrees("i32", r => r.I32); AssertAgrees("u32", r => r.U32); AssertAgrees("i64", r => r.I64); AssertAgrees("color", r => r.Color); }

    [Fact] public void Floats_with_infinities_and_negative_zero() { AssertAgrees("f32", r => r.F32); AssertAgrees("f64", r => r.F64); }

    [Fact] public void Decimal_with_a_scale_across_signs_and_the_extremes() { AssertAgrees("money", r => r.Money); AssertAgrees("signed_money", r => r.Whole); }

    [Fact] public void Strings_ordinal_and_blobs_lexicographic() { AssertAgrees("text", r => r.Text, StringComparer.Ordinal); AssertAgrees("bytes", r => r.Bytes, Lexicographic); }

    [Fact]
    public void DateTime_of_each_kind()
    {
        AssertAgrees("utc_when", r => r.UtcWhen);
        AssertAgrees("local_when", r => r.LocalWhen.ToUniversalTime()); // stored as its instant
        AssertAgrees("plain_when", r => r.PlainWhen);
        AssertAgrees("day", r => r.Day);
        AssertAgrees("clock", r => r.Clock);
    }

    [Fact] public void DateTimeOffset_by_instant_across_offsets() => AssertAgrees("at", r => r.At);

    [Fact] public void TimeSpan_with_negatives_and_extremes() { AssertAgrees("span", r => r.Span); AssertAgrees("n_span", r => r.NSpan); }

    [Fact]
    public void Every_value_round_trips_and_DateTime_keeps_its_kind_as_documented()
    {
        var back = _repository.GetAll().ToDictionary(r => r.Id);
        foreach (var row in _rows)
        {
            var b = back[row.Id];
            Assert.Equal(row.Money, b.Money);
            Assert.Equal(row.Whole, b.Whole);
            Assert.Equal(row.At, b.At);                  // the same instant ...
            Assert.Equal(TimeSpan.Zero, b.At.Offset);    // ... at offset zero: the offset is not kept
            Assert.Equal(row.UtcWhen, b.UtcWhen);
            Assert.Equal(DateTimeKind.Utc, b.UtcWhen.Kind);
            Assert.Equal(row.LocalWhen.ToUniversalTime(), b.LocalWhen); // Local comes back as its UTC instant
            Assert.Equal(DateTimeKind.Utc, b.LocalWhen.Kind);
            Assert.Equal(row.PlainWhen, b.PlainWhen);
            Assert.Equal(DateTimeKind.Unspecified, b.PlainWhen.Kind);
            Assert.Equal(row.Span, b.Span);
            Assert.Equal(row.NSpan, b.NSpan);
            Assert.Equal(row.Day, b.Day);
            Assert.Equal(row.Clock, b.Clock);
            Assert.Equal(row.Bytes, b.Bytes);
            Assert.Equal(row.Text, b.Text);
        }
        Assert.Equal("10.5000", back[_rows.First(r => r.Money == 10.5m).Id].Money.ToString(CultureInfo.InvariantCulture)); // the declared scale
    }

    [Fact]
    public void FindBy_a_DateTimeOffset_finds_the_instant_written_with_another_offset()
    {
        var fiveUtc = new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);
        var expected = _rows.Where(r => r.At == fiveUtc).Select(r => r.Id).OrderBy(x => x).ToList();
        Assert.True(expected.Count >= 4); // written at +05:00 and at -03:00
        Assert.Equal(expected, _repository.FindByAt(fiveUtc).Select(r => r.Id).OrderBy(x => x).ToList());
        Assert.Equal(expected, _repository.FindByAt(fiveUtc.ToOffset(TimeSpan.FromHours(9.5))).Select(r => r.Id).OrderBy(x => x).ToList());
    }

    [Fact]
    public void Query_methods_bind_and_read_with_the_column_conversions_IN_lists_included()
    {
        var fiveUtc = new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);
        var expected = _rows.Where(r => r.At == fiveUtc).Select(r => r.Id).OrderBy(x => x).ToList();
        Assert.Equal(expected, OrderedValueQueries.IdsAt(_connection, new[] { fiveUtc.ToOffset(TimeSpan.FromHours(-7)) }));
        Assert.Equal(expected, OrderedValueQueries.IdsAtOne(_connection, fiveUtc.ToOffset(TimeSpan.FromHours(3))));
        var spans = new List<TimeSpan> { TimeSpan.FromTicks(-1), TimeSpan.MaxValue };
        Assert.Equal(_rows.Where(r => spans.Contains(r.Span)).Select(r => r.Id).OrderBy(x => x).ToList(), OrderedValueQueries.IdsWithSpan(_connection, spans));
        var row = _rows.First(r => r.Money == 10.5m);
        var values = OrderedValueQueries.Values(_connection, row.Id);
        Assert.Equal("10.5000", values.Money.ToString(CultureInfo.InvariantCulture)); // read with the column's scale
        Assert.Equal(row.At, values.At);
        Assert.Equal(row.UtcWhen, values.UtcWhen);
        Assert.Equal(DateTimeKind.Utc, values.UtcWhen.Kind);
        Assert.Equal(row.Span, values.Span);
    }

    [Fact]
    public void Decimal_sums_exactly_in_SQL_as_a_scaled_integer()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT sum(money) FROM ordered_values WHERE money BETWEEN -9999999999 AND 9999999999";
        long scaledSum = (long)command.ExecuteScalar()!;
        decimal expected = _rows.Where(r => Math.Abs(r.Money) < 1_000_000m).Sum(r => r.Money);
        Assert.Equal(expected, Schema.StoredValues.DecimalFromScaled(scaledSum, 4));
    }

    [Fact]
    public void A_decimal_with_more_places_than_its_scale_is_refused_naming_the_member_and_nothing_is_written()
    {
        var row = new OrderedValues { Id = 1000, Money = 1.23456m };
        var e = Assert.Throws<ArgumentException>(() => _repository.Insert(row));
        Assert.Contains("OrderedValues.Money = 1.23456 has more than 4 decimal places", e.Message);
        row.Money = 0m;
        row.Whole = 79228162514264337593543950335m;
        e = Assert.Throws<ArgumentException>(() => _repository.Insert(row));
        Assert.Contains("OrderedValues.Whole = 79228162514264337593543950335 does not fit its column", e.Message);
        Assert.Equal(Rows, _repository.Count());
    }
}

/// <summary>[Query] methods bind and read with the entity columns' conversions (OrderingTests.Query_methods_*).</summary>
public static partial class OrderedValueQueries
{
    [Query("SELECT id FROM ordered_values WHERE at IN $instants ORDER BY id")]
    public static partial List<long> IdsAt(SqliteConnection connection, DateTimeOffset[] instants);

    [Query("SELECT id FROM ordered_values WHERE at = $at ORDER BY id")]
    public static partial List<long> IdsAtOne(SqliteConnection connection, DateTimeOffset at);

    [Query("SELECT id FROM ordered_values WHERE span IN $spans ORDER BY id")]
    public static partial List<long> IdsWithSpan(SqliteConnection connection, List<TimeSpan> spans);

    [Query("SELECT money, at, utc_when, span FROM ordered_values WHERE id = $id")]
    public static partial (decimal Money, DateTimeOffset At, DateTime UtcWhen, TimeSpan Span) Values(SqliteConnection connection, long id);
}
