using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Generated;

/// <summary>Issue 13: [Json] members round-trip as JSON TEXT through the source-generated context; [Converter] members through ToStored/FromStored.</summary>
public sealed class JsonAndConverterTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;
    private readonly DocumentRepository _documents;

    public JsonAndConverterTests()
    {
        _connection = _db.Open();
        OmniSqliteSchema.EnsureCreated(_connection);
        _documents = new DocumentRepository(_connection);
    }

    public void Dispose()
    {
        _documents.Dispose();
        _connection.Dispose();
        _db.Dispose();
    }

    private string Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    [Fact]
    public void Json_members_round_trip_and_are_json_text_that_SQL_can_read()
    {
        var doc = new Document
        {
            Home = new Address("Zürich \"old town\"", 8001, new List<string> { "Line 1", "😀" }),
            Work = null,
            Counts = new Dictionary<string, int> { ["a"] = 1, ["b"] = -2 },
            Price = new Cents(1999),
            Link = new Uri("https://example.com/a?b=c"),
        };
        _documents.Insert(doc);
        var back = _documents.GetById(doc.Id)!;
        Assert.Equal(doc.Home.City, back.Home.City);
        Assert.Equal(doc.Home.Zip, back.Home.Zip);
        Assert.Equal(doc.Home.Lines, back.Home.Lines);
        Assert.Null(back.Work);
        Assert.Equal(doc.Counts, back.Counts);
        Assert.Equal("8001", Scalar("SELECT json_extract(home, '$.Zip') FROM documents"));
        Assert.Equal("null", Scalar("SELECT coalesce(work, 'null') FROM documents"));
        Assert.Equal("TEXT", Scalar("SELECT type FROM pragma_table_info('documents') WHERE name = 'home'"));
    }

    [Fact]
    public void Converter_members_store_their_stored_type_and_FindBy_and_ORDER_BY_use_it()
    {
        foreach (var cents in new long[] { 500, -20, 1999, 500 })
            _documents.Insert(new Document { Price = new Cents(cents), Discount = cents > 0 ? new Cents(cents / 10) : null, Link = cents == 500 ? null : new Uri("/rel/" + cents, UriKind.Relative) });
        Assert.Equal(2, _documents.FindByPrice(new Cents(500)).Count);
        Assert.Equal("INTEGER", Scalar("SELECT type FROM pragma_table_info('documents') WHERE name = 'price'"));
        Assert.Equal("-20,500,500,1999", Scalar("SELECT group_concat(price) FROM (SELECT price FROM documents ORDER BY price)"));
        Assert.Equal("2979", Scalar("SELECT sum(price) FROM documents"));
        var all = _documents.GetAll().OrderBy(d => d.Id).ToList();
        Assert.Equal(new Cents?[] { new Cents(50), null, new Cents(199), new Cents(50) }, all.Select(d => d.Discount).ToArray());
        Assert.Null(all[0].Link);
        Assert.Equal("/rel/-20", all[1].Link!.OriginalString);
    }
}
