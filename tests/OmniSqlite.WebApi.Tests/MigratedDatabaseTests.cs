using System.Net;
using System.Text.Json;
using Npgsql;
using OmniSqlite.PostgreSql.Migration;
using OmniSqlite.Tests.Postgres;
using Xunit.Abstractions;

namespace OmniSqlite.WebApi.Tests;

/// <summary>
/// The way out, end to end: the sample's seeded SQLite database moved with <c>migrate-to-postgres</c>'s engine
/// (<see cref="SqliteToPostgres"/>), then served by the same API on PostgreSQL through the generated PostgreSQL repositories.
/// Each GET answers the same body on both engines (timestamps to PostgreSQL's microsecond).
/// </summary>
public sealed class MigratedDatabaseTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task The_migrated_sample_database_answers_the_same_through_the_API_on_PostgreSQL()
    {
        using var sqlite = new ApiFactory(settings: new() { ["Database:Seed:Clients"] = "20" });
        using var sqliteClient = sqlite.CreateClient();   // schema and demo rows: 20 clients, 200 campaigns, 400 contents and generations
        using var postgres = new ApiFactory(engine: Engine.PostgreSql);

        // The Guid key is a 16-byte BLOB in SQLite: from the file alone the migration would make it bytea, which the generated
        // repository (uuid) cannot read. The entities' own PostgreSQL types settle it.
        var options = new MigrationOptions().UseEntityTypes(Domain.OmniSqliteSchema.PostgreSqlTables);
        var result = await SqliteToPostgres.MigrateAsync(sqlite.DatabasePath, postgres.PostgresConnectionString!, options);
        Assert.True(result.IsVerified, string.Join(", ", result.Mismatches.Select(m => m.Name)));
        output.WriteLine($"migrated in {result.Elapsed.TotalSeconds:0.00} s: " + string.Join(", ", result.Tables.Select(t => $"{t.Name} {t.PostgresRows}")));
        foreach (var note in result.Notes) output.WriteLine("note: " + note);
        var differing = TypesThatDifferFromEnsureCreated(postgres.PostgresConnectionString!, result);
        foreach (var (column, migrated, generated) in differing)
            output.WriteLine($"type: {column} migrated as {migrated}, EnsureCreated would make {generated}");
        // What is left differs only in width: every INTEGER becomes bigint, DECIMAL(18,n) numeric(19,n) (the values fit both).
        Assert.All(differing, d => Assert.True(d.Migrated == "bigint" && d.Generated is "integer" or "smallint" || d.Migrated.StartsWith("numeric(", StringComparison.Ordinal) && d.Generated.StartsWith("numeric(", StringComparison.Ordinal), $"{d.Column}: {d.Migrated} vs {d.Generated}"));

        using var postgresClient = postgres.CreateClient();   // EnsureCreated at start finds every table: nothing changes
        var generation = await (await postgresClient.GetAsync("/audio-generations?taskId=seed-task-7")).Expect(HttpStatusCode.OK);
        string[] urls =
        [
            "/clients/3", "/clients/3/campaigns", "/campaigns/25", "/campaigns/25/contents", "/contents/49",
            "/contents/49/audio-generations", "/audio-generations?taskId=seed-task-7", $"/audio-generations/{generation.Str("id")}",
        ];
        foreach (var url in urls)
        {
            var expected = await (await sqliteClient.GetAsync(url)).Expect(HttpStatusCode.OK);
            var actual = await (await postgresClient.GetAsync(url)).Expect(HttpStatusCode.OK);
            AssertSame(expected, actual, url);
            if (url == "/campaigns/25") output.WriteLine($"createdAt: SQLite {expected.Str("createdAt")}, PostgreSQL {actual.Str("createdAt")}");
        }

        // Writes go on where the copied ids stop (the migration moved the identity sequences past them).
        var created = await (await postgresClient.PostJson("/clients", new { name = "After", email = "after@example.com" })).Expect(HttpStatusCode.Created);
        Assert.Equal(21, created.Id());
        await (await postgresClient.PostJson("/clients", new { name = "Again", email = "client1@example.com" })).ExpectProblem(HttpStatusCode.Conflict);
    }

    /// <summary>Equal JSON, except that timestamps (members ending in "At") may differ by PostgreSQL's rounding to the microsecond.</summary>
    private static void AssertSame(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected} vs {actual}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                foreach (var property in expected.EnumerateObject())
                {
                    var other = actual.GetProperty(property.Name);
                    if (property.Name.EndsWith("At", StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        var difference = DateTimeOffset.Parse(property.Value.GetString()!) - DateTimeOffset.Parse(other.GetString()!);
                        Assert.True(difference.Duration() < TimeSpan.FromMicroseconds(1), $"{path}.{property.Name}: {property.Value} vs {other}");
                    }
                    else AssertSame(property.Value, other, $"{path}.{property.Name}");
                }
                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                foreach (var (e, a, i) in expected.EnumerateArray().Zip(actual.EnumerateArray()).Select((p, i) => (p.First, p.Second, i)))
                    AssertSame(e, a, $"{path}[{i}]");
                break;
            default:
                Assert.True(expected.GetRawText() == actual.GetRawText(), $"{path}: {expected.GetRawText()} vs {actual.GetRawText()}");
                break;
        }
    }

    /// <summary>Columns whose migrated type is not the one the generated PostgreSQL DDL declares (for the findings; not an assertion).</summary>
    private static List<(string Column, string Migrated, string Generated)> TypesThatDifferFromEnsureCreated(string connectionString, MigrationResult result)
    {
        var generated = new Dictionary<string, string>();
        var scratch = new NpgsqlConnectionStringBuilder(PostgresCluster.Shared.CreateDatabase("ddl")) { Pooling = false }.ConnectionString;
        using (var connection = new NpgsqlConnection(scratch))
        {
            connection.Open();
            Domain.OmniSqliteSchema.EnsureCreated(connection);
            foreach (var (column, type) in ColumnTypes(connection)) generated[column] = type;
        }
        using var migrated = new NpgsqlConnection(connectionString);
        migrated.Open();
        return ColumnTypes(migrated)
            .Where(c => generated.TryGetValue(c.Column, out var g) && g != c.Type)
            .Select(c => (c.Column, c.Type, generated[c.Column]))
            .ToList();
    }

    private static List<(string Column, string Type)> ColumnTypes(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(
            "SELECT table_name || '.' || column_name, format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attidentity <> '' THEN ' identity' ELSE '' END " +
            "FROM information_schema.columns c JOIN pg_attribute a ON a.attrelid = to_regclass(quote_ident(c.table_name)) AND a.attname = c.column_name " +
            "WHERE c.table_schema = 'public' ORDER BY 1", connection);
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string)>();
        while (reader.Read()) columns.Add((reader.GetString(0), reader.GetString(1)));
        return columns;
    }
}
