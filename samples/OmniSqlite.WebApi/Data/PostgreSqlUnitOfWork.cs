using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Data;

/// <summary>
/// PostgreSQL: the same rule as <see cref="DatabaseRequests"/> on the request's <see cref="NpgsqlConnection"/> (scoped, from
/// <c>AddOmniSqlitePostgreSql</c>): a write is one transaction (READ COMMITTED) that commits only a 2xx answer; a constraint
/// violation is 409 worded as SQLite words it; a deadlock, a serialization failure or a transient network error is 503.
/// </summary>
public sealed class PostgreSqlUnitOfWork(NpgsqlConnection connection) : IUnitOfWork
{
    public string Engine => DatabaseOptions.PostgreSql;

    public async Task<IResult> ReadAsync(Func<Repositories, Task<IResult>> read)
    {
        try
        {
            using var repositories = On(null);
            return await read(repositories);
        }
        catch (NpgsqlException e) when (IsBusy(e))
        {
            return Busy(e);
        }
    }

    public async Task<IResult> WriteAsync(Func<Repositories, Task<IResult>> write)
    {
        try
        {
            await using var transaction = await connection.BeginTransactionAsync();
            using var repositories = On(transaction);
            var result = await write(repositories);
            if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 }) await transaction.CommitAsync();
            return result; // disposing an uncommitted transaction rolls it back
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("23", StringComparison.Ordinal)) // class 23: integrity constraint violation
        {
            // The transaction is rolled back by now; the columns of the violated unique index make SQLite's wording.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The change conflicts with existing data.",
                detail: await DescribeAsync(e) + ". Nothing was written.");
        }
        catch (NpgsqlException e) when (IsBusy(e))
        {
            return Busy(e);
        }
    }

    private Repositories On(NpgsqlTransaction? transaction) => new(
        () => new ClientPostgreSqlRepository(connection, transaction), () => new CampaignPostgreSqlRepository(connection, transaction),
        () => new ContentPostgreSqlRepository(connection, transaction), () => new AudioGenerationPostgreSqlRepository(connection, transaction));

    private async Task<string> DescribeAsync(PostgresException e)
    {
        if (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName is { } index && e.TableName is { } table)
        {
            await using var command = new NpgsqlCommand(
                "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
                "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) " +
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum " +
                "WHERE c.relname = $1 AND c.relnamespace = to_regnamespace($2) ORDER BY k.n", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = index });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.SchemaName ?? "public" });
            var columns = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) columns.Add(table + "." + reader.GetString(0));
            }
            if (columns.Count > 0) return "UNIQUE constraint failed: " + string.Join(", ", columns);
        }
        return e.SqlState switch
        {
            PostgresErrorCodes.ForeignKeyViolation => "FOREIGN KEY constraint failed (" + e.ConstraintName + ")",
            PostgresErrorCodes.NotNullViolation => "NOT NULL constraint failed: " + e.TableName + "." + e.ColumnName,
            _ => e.MessageText + (e.ConstraintName is { } name ? " (" + name + ")" : ""),
        };
    }

    private static bool IsBusy(NpgsqlException e) =>
        e.IsTransient || e is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable };

    private static ProblemHttpResult Busy(NpgsqlException e) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "The database is busy; retry the request.",
        detail: e.Message);
}
