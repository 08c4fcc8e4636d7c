using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.WebApi.Data;

/// <summary>
/// The rule that makes a failed request write nothing: every write runs in one BEGIN IMMEDIATE transaction that commits only when
/// the handler answers 2xx; any other answer or exception rolls it back. The connection is the request's (a scoped
/// <see cref="SqliteConnection"/> from <c>AddOmniSqlite</c>, disposed with the request).
/// </summary>
public static class DatabaseRequests
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;

    /// <summary>Runs a read on the request's connection; a busy database answers 503.</summary>
    public static async Task<IResult> ReadAsync(this SqliteConnection connection, Func<SqliteConnection, Task<IResult>> read)
    {
        try
        {
            return await read(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            return Busy(e);
        }
    }

    /// <summary>Runs a write in one write transaction; commits only a 2xx answer.</summary>
    public static async Task<IResult> WriteAsync(this SqliteConnection connection, Func<SqliteConnection, SqliteTransaction, Task<IResult>> write)
    {
        try
        {
            using var transaction = await connection.BeginWriteTransactionAsync();
            var result = await write(connection, transaction);
            if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 }) transaction.Commit();
            return result; // disposing an uncommitted transaction rolls it back
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The change conflicts with existing data.",
                detail: e.Message.Replace("SQLite Error 19: ", "", StringComparison.Ordinal).Trim('\'', '.', ' ') + ". Nothing was written.");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            return Busy(e);
        }
    }

    private static ProblemHttpResult Busy(SqliteException e) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "The database is busy; retry the request.",
        detail: e.Message);
}
