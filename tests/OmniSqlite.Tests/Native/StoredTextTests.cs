using System.Text;
using Microsoft.Data.Sqlite;
using OmniSqlite.Native;
using OmniSqlite.Schema;

namespace OmniSqlite.Tests.Native;

/// <summary>
/// The native path binds and reads DateTime and DateTimeOffset as UTF-8 bytes (no string): the bytes must be exactly
/// StoredValues' text, and reading must give what StoredValues gives, Kind included; other forms fall back to StoredValues.
/// </summary>
public sealed class StoredTextTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    public static TheoryData<DateTime> DateTimes() => new()
    {
        DateTime.MinValue,
        DateTime.MaxValue,
        new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1),
        new DateTime(2026, 12, 1, 5, 0, 0, DateTimeKind.Unspecified),
        new DateTime(2026, 12, 1, 5, 6, 7, DateTimeKind.Utc).AddTicks(1_234_567),
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Local).AddTicks(9_999_999),
        new DateTime(999, 9, 9, 9, 9, 9, DateTimeKind.Unspecified).AddTicks(10),
    };

    [Theory]
    [MemberData(nameof(DateTimes))]
    public void A_DateTime_is_written_as_StoredValues_text_and_read_back_as_StoredValues_reads_it(DateTime value)
    {
        Span<byte> bytes = stackalloc byte[28];
        var text = StoredValues.DateTimeText(value);
        Assert.Equal(text, Encoding.UTF8.GetString(bytes.Slice(0, StoredText.WriteDateTime(value, bytes))));

        Assert.True(StoredText.TryReadDateTime(Encoding.UTF8.GetBytes(text), out var read));
        var expected = StoredValues.DateTimeFromText(text);
        Assert.Equal(expected, read);
        Assert.Equal(expected.Kind, read.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(330)]
    [InlineData(-720)]
    public void A_DateTimeOffset_is_written_as_its_UTC_instant_and_read_back_at_offset_zero(int offsetMinutes)
    {
        var value = new DateTimeOffset(2026, 12, 1, 5, 6, 7, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(7);
        Span<byte> bytes = stackalloc byte[28];
        var text = StoredValues.DateTimeOffsetText(value);
        Assert.Equal(text, Encoding.UTF8.GetString(bytes.Slice(0, StoredText.WriteDateTimeOffset(value, bytes))));
        Assert.True(StoredText.TryReadDateTimeOffset(Encoding.UTF8.GetBytes(text), out var read));
        Assert.Equal(StoredValues.DateTimeOffsetFromText(text), read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Theory]
    [InlineData("2026-12-01 05:00:00")]                 // Microsoft.Data.Sqlite's trimmed form
    [InlineData("2026-12-01T05:00:00.0000000")]         // ISO 'T'
    [InlineData("2026-02-30 05:00:00.0000000")]         // no such day
    [InlineData("2026-12-01 24:00:00.0000000")]
    [InlineData("2026-12-01 05:00:00.000000x")]
    [InlineData("2026-12-01 05:00:00.0000000+02:00")]
    [InlineData("")]
    public void Any_other_text_is_left_to_StoredValues(string text)
    {
        Assert.False(StoredText.TryReadDateTime(Encoding.UTF8.GetBytes(text), out _));
        Assert.False(StoredText.TryReadDateTimeOffset(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void The_statement_reads_every_form_as_StoredValues_does_and_binds_the_same_bytes()
    {
        using var connection = _db.Open();
        var value = new DateTime(2026, 12, 1, 5, 6, 7, DateTimeKind.Utc).AddTicks(42);
        var offset = new DateTimeOffset(2026, 12, 1, 5, 6, 7, TimeSpan.FromHours(2));
        using (var statement = NativeStatement.Rent(connection, null, new NativeSql("SELECT @d, hex(@d), @o, '2026-12-01 05:00:00', '2026-12-01 05:00:00+02:00'", "@d", "@o"), default))
        {
            statement.Bind(0, value);
            statement.Bind(1, offset);
            Assert.True(statement.Step());
            Assert.Equal(Convert.ToHexString(Encoding.UTF8.GetBytes(StoredValues.DateTimeText(value))), statement.GetString(1));
            Assert.Equal(value, statement.GetStoredDateTime(0));
            Assert.Equal(DateTimeKind.Utc, statement.GetStoredDateTime(0).Kind);
            Assert.Equal(offset, statement.GetStoredDateTimeOffset(2));
            Assert.Equal(StoredValues.DateTimeFromText("2026-12-01 05:00:00"), statement.GetStoredDateTime(3));
            Assert.Equal(StoredValues.DateTimeOffsetFromText("2026-12-01 05:00:00+02:00"), statement.GetStoredDateTimeOffset(4));
        }
        using (var statement = NativeStatement.Rent(connection, null, new NativeSql("SELECT NULL, 'not a date'"), default))
        {
            Assert.True(statement.Step());
            Assert.Throws<InvalidOperationException>(() => statement.GetStoredDateTime(0));
            Assert.Throws<FormatException>(() => statement.GetStoredDateTime(1));
        }
    }

    [Fact]
    public void Text_binds_as_UTF_8_whatever_its_length_and_a_Guid_as_upper_case_text()
    {
        using var connection = _db.Open();
        var guid = Guid.NewGuid();
        var longText = new string('é', 1000) + "🙂";
        using var statement = NativeStatement.Rent(connection, null, new NativeSql("SELECT @a, @b, @c, typeof(@c), @g", "@a", "@b", "@c", "@g"), default);
        statement.Bind(0, "short ü");
        statement.Bind(1, longText);
        statement.Bind(2, "");
        statement.Bind(3, guid);
        Assert.True(statement.Step());
        Assert.Equal("short ü", statement.GetString(0));
        Assert.Equal(longText, statement.GetString(1));
        Assert.Equal("", statement.GetString(2));
        Assert.Equal("text", statement.GetString(3));
        Assert.Equal(guid.ToString().ToUpperInvariant(), statement.GetString(4));
        Assert.Equal(guid, statement.GetGuid(4));
    }
}
