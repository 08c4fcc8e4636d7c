using Microsoft.Data.Sqlite;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Data;

/// <summary>SQLite: the rules of <see cref="DatabaseRequests"/> (BEGIN IMMEDIATE, 409 on a constraint, 503 when busy) on the request's connection.</summary>
public sealed class SqliteUnitOfWork(SqliteConnection connection) : IUnitOfWork
{
    public string Engine => DatabaseOptions.Sqlite;

    public Task<IResult> ReadAsync(Func<Repositories, Task<IResult>> read) => connection.ReadAsync(async c =>
    {
        using var repositories = On(c, null);
        return await read(repositories);
    });

    public Task<IResult> WriteAsync(Func<Repositories, Task<IResult>> write) => connection.WriteAsync(async (c, transaction) =>
    {
        using var repositories = On(c, transaction);
        return await write(repositories);
    });

    private static Repositories On(SqliteConnection c, SqliteTransaction? transaction) => new(
        () => new ClientRepository(c, transaction), () => new CampaignRepository(c, transaction),
        () => new ContentRepository(c, transaction), () => new AudioGenerationRepository(c, transaction));
}
