using Microsoft.Data.Sqlite;
using OmniSqlite.Tests.Generated;
using OmniSqlite.Tests.Profiles;

namespace OmniSqlite.Tests.Telemetry;

/// <summary>An ActivityListener and a MeterListener see one span and one duration per generated repository call.</summary>
public sealed class RepositoryTelemetryTests
{
    [Fact]
    public async Task Each_repository_call_makes_one_span_and_one_measurement_with_the_database_attributes()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString());
        OmniSqliteSchema.EnsureCreated(connection);
        using var capture = new TelemetryCapture(connection.DataSource);
        using var repository = new AuditEntryRepository(connection);

        repository.Insert(new AuditEntry { Number = 1, Actor = "ann" });
        Assert.NotNull(repository.GetById(1));
        Assert.NotNull(await repository.GetByIdAsync(1));
        Assert.True(repository.Update(new AuditEntry { Number = 1, Actor = "bob" }));
        Assert.Single(repository.FindByActor("bob"));
        Assert.Equal(1, repository.Count());
        Assert.True(repository.Delete(1));

        var expected = new[] { "INSERT", "SELECT", "SELECT", "UPDATE", "SELECT", "SELECT", "DELETE" };
        var spans = capture.Spans.ToList();
        Assert.Equal(expected.Length, spans.Count);
        var durations = capture.Measurements.Where(m => m.Instrument == "db.client.operation.duration").ToList();
        Assert.Equal(expected.Length, durations.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal("sqlite", spans[i].GetTagItem("db.system.name"));
            Assert.Equal(expected[i], spans[i].GetTagItem("db.operation.name"));
            Assert.Equal("audit_entry", spans[i].GetTagItem("db.collection.name"));
            Assert.Equal(expected[i] + " audit_entry", spans[i].DisplayName);
            var text = (string)spans[i].GetTagItem("db.query.text")!;
            Assert.Contains("\"audit_entry\"", text);
            Assert.DoesNotContain("ann", text); // parameters, never values
            Assert.DoesNotContain("bob", text);
            Assert.Equal(expected[i], durations[i].Tags["db.operation.name"]);
            Assert.Equal("audit_entry", durations[i].Tags["db.collection.name"]);
        }
        Assert.Contains("@p", (string)spans[0].GetTagItem("db.query.text")!);
    }

    [Fact]
    public async Task InsertMany_makes_one_span_per_call_not_one_per_row()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString());
        OmniSqliteSchema.EnsureCreated(connection);
        using var capture = new TelemetryCapture(connection.DataSource);
        using var repository = new AuditEntryRepository(connection);

        Assert.Equal(25, repository.InsertMany(Enumerable.Range(0, 25).Select(i => new AuditEntry { Actor = "a" + i }).ToList()));
        Assert.Equal(10, await repository.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new AuditEntry { Actor = "b" + i })));

        var spans = capture.Spans.ToList();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal("INSERT", s.GetTagItem("db.operation.name")));
        Assert.Equal(2, capture.Measurements.Count(m => m.Instrument == "db.client.operation.duration"));
    }

    [Fact]
    public void A_failed_call_marks_its_span_with_the_sqlite_error()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString());
        OmniSqliteSchema.EnsureCreated(connection);
        using var repository = new AuditEntryRepository(connection);
        repository.Insert(new AuditEntry { Number = 7, Actor = "ann" });
        using var capture = new TelemetryCapture(connection.DataSource);

        Assert.Throws<SqliteException>(() => repository.Insert(new AuditEntry { Number = 7, Actor = "again" }));

        var span = Assert.Single(capture.Spans);
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, span.Status);
        Assert.Equal("SQLITE_19", span.GetTagItem("error.type"));
    }
}
