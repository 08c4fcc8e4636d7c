using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Data;

/// <summary>
/// The request's database on either engine (scoped; <c>Database:Engine</c> picks the implementation): reads, and writes that
/// commit only when the handler answers 2xx, with the generated repositories behind their interfaces.
/// SQLite: <see cref="SqliteUnitOfWork"/> (BEGIN IMMEDIATE with the write-lock retries); PostgreSQL: <see cref="PostgreSqlUnitOfWork"/>.
/// Both answer the same: 409 for a constraint violation (named as SQLite names it: <c>UNIQUE constraint failed: clients.email</c>),
/// 503 when the database stays busy, and nothing written on any answer but 2xx.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>"sqlite" or "postgresql".</summary>
    string Engine { get; }

    /// <summary>Runs a read on the request's connection.</summary>
    Task<IResult> ReadAsync(Func<Repositories, Task<IResult>> read);

    /// <summary>Runs a write in one transaction; commits only a 2xx answer.</summary>
    Task<IResult> WriteAsync(Func<Repositories, Task<IResult>> write);
}

/// <summary>The repositories of one read or write, on the request's connection (and the write's transaction); each made on first use.</summary>
public sealed class Repositories(
    Func<IClientRepository> clients, Func<ICampaignRepository> campaigns, Func<IContentRepository> contents, Func<IAudioGenerationRepository> generations) : IDisposable
{
    private IClientRepository? _clients;
    private ICampaignRepository? _campaigns;
    private IContentRepository? _contents;
    private IAudioGenerationRepository? _generations;

    public IClientRepository Clients => _clients ??= clients();
    public ICampaignRepository Campaigns => _campaigns ??= campaigns();
    public IContentRepository Contents => _contents ??= contents();
    public IAudioGenerationRepository AudioGenerations => _generations ??= generations();

    public void Dispose()
    {
        _clients?.Dispose();
        _campaigns?.Dispose();
        _contents?.Dispose();
        _generations?.Dispose();
    }
}
