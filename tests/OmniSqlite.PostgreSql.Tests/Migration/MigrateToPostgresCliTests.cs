using System.Text.Json;
using Npgsql;
using OmniSqlite.Cli;
using OmniSqlite.Tests;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Migration;

/// <summary>
/// <c>omnisqlite migrate-to-postgres</c> through the real CLI (CliApp.RunAsync, as tests/OmniSqlite.Tests/Cli runs it):
/// verified output and JSON, exit code 3 naming a table changed in the target, 5 for a non-empty target, 2 for a bad
/// connection string or contradicting options, 4 for a missing file.
/// </summary>
public sealed class MigrateToPostgresCliTests : IDisposable
{
    private readonly TempDatabase _db = new("cli.db");

    public void Dispose() => _db.Dispose();

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private void CreateSource()
    {
        using var c = _db.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, pinned BOOLEAN NOT NULL DEFAULT 0, created_at DATETIME);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
            INSERT INTO notes (id, body, pinned, created_at) SELECT i, 'note ' || i, i % 5 = 0, '2026-01-01 10:00:00' FROM n;
            CREATE TABLE owners (id TEXT PRIMARY KEY, guid GUID);
            INSERT INTO owners (id, guid) VALUES ('ada', NULL), ('bob', '5f0e3f8e-3c4b-4a52-9a7e-0d1f2e3a4b5c');
            """;
        cmd.ExecuteNonQuery();
    }

    [PostgresFact]
    public async Task Migrates_verifies_and_reports_a_table_changed_afterwards_with_exit_code_3()
    {
        CreateSource();
        string target = PostgresCluster.Shared.CreateDatabase("cli");
        var run = await Run("migrate-to-postgres", _db.Path, target, "--batch-size", "500");
        Assert.True(run.Code == ExitCodes.Success, run.Error + run.Output);
        Assert.Contains("ok        notes: 1,200 rows, copied in", run.Output);
        Assert.Contains("verified: 2 tables, 1,202 rows, every count and checksum equal", run.Output);

        var again = await Run("migrate-to-postgres", _db.Path, target);
        Assert.Equal(ExitCodes.Refused, again.Code);
        Assert.Contains("--resume", again.Error);

        await using (var pg = new NpgsqlConnection(target))
        {
            await pg.OpenAsync();
            await using var change = new NpgsqlCommand("INSERT INTO notes (body) VALUES ('added in PostgreSQL')", pg);
            await change.ExecuteNonQueryAsync();
        }

        var verify = await Run("migrate-to-postgres", _db.Path, target, "--verify-only", "--json");
        Assert.Equal(ExitCodes.VerificationFailed, verify.Code);
        using (var json = JsonDocument.Parse(verify.Output))
        {
            Assert.False(json.RootElement.GetProperty("verified").GetBoolean());
            JsonElement notes = json.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "notes");
            Assert.False(notes.GetProperty("verified").GetBoolean());
            Assert.Equal(1200, notes.GetProperty("sqliteRows").GetInt64());
            Assert.Equal(1201, notes.GetProperty("postgresRows").GetInt64());
            Assert.Equal("boolean", notes.GetProperty("columns")[2].GetProperty("postgresType").GetString());
        }

        var text = await Run("migrate-to-postgres", _db.Path, target, "--verify-only");
        Assert.Equal(ExitCodes.VerificationFailed, text.Code);
        Assert.Contains("MISMATCH  notes: SQLite 1,200 rows, PostgreSQL 1,201 rows", text.Output);
        Assert.Contains("verification FAILED for notes", text.Output);

        // --resume copies the mismatched table again and proves it.
        var resumed = await Run("migrate-to-postgres", _db.Path, target, "--resume");
        Assert.True(resumed.Code == ExitCodes.Success, resumed.Error + resumed.Output);
        Assert.Contains("ok        owners: 2 rows, kept (finished before)", resumed.Output);
    }

    [PostgresFact]
    public async Task Wrong_inputs_get_their_own_exit_codes_and_change_nothing()
    {
        CreateSource();
        string target = PostgresCluster.Shared.CreateDatabase("cli");
        var badString = await Run("migrate-to-postgres", _db.Path, "Hots=nowhere");
        Assert.Equal(ExitCodes.Usage, badString.Code);
        Assert.Contains("The PostgreSQL connection string is not valid", badString.Error);

        var both = await Run("migrate-to-postgres", _db.Path, target, "--resume", "--drop-existing");
        Assert.Equal(ExitCodes.Usage, both.Code);

        var badType = await Run("migrate-to-postgres", _db.Path, target, "--column-type", "notes.body=varchar");
        Assert.Equal(ExitCodes.Usage, badType.Code);
        Assert.Contains("'varchar' is not a type the migration converts to", badType.Error);

        var missing = await Run("migrate-to-postgres", Path.Combine(_db.Directory, "missing.db"), target);
        Assert.Equal(ExitCodes.NotFound, missing.Code);

        var unreachable = await Run("migrate-to-postgres", _db.Path, "Host=127.0.0.1;Port=1;Username=postgres;Timeout=3");
        Assert.Equal(ExitCodes.Failure, unreachable.Code);
        Assert.Contains("Cannot connect to PostgreSQL at 127.0.0.1:1", unreachable.Error);

        await using var pg = new NpgsqlConnection(target);
        await pg.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", pg);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }
}
