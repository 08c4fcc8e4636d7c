#nullable enable
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Queries;

public enum CampaignStatus { Draft = 0, Active = 1, Paused = 2 }

[Table("clients")]
public sealed class Client
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    public string Name { get; set; } = "";
    [Indexed] public string Country { get; set; } = "";
}

[Table("campaigns")]
public sealed class Campaign
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    [Indexed] public long ClientId { get; set; }
    public string Title { get; set; } = "";
    public CampaignStatus Status { get; set; }
    [Indexed] public DateTime CreatedAt { get; set; }
    public decimal? Budget { get; set; }
}

/// <summary>A JOIN's row: a positional record, mapped by name (client_name via AS).</summary>
public sealed record CampaignWithClient(long Id, string Title, string ClientName);

public sealed record StatusCount(CampaignStatus Status, long Count);

/// <summary>A class with settable members and a nullable one.</summary>
public sealed class CampaignSummary
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public decimal? Budget { get; set; }
}

public readonly record struct IdAndTitle(long Id, string Title);

/// <summary>The six everyday queries of issue 12, each an attribute and a signature.</summary>
public static partial class EverydayQueries
{
    [Query("SELECT c.id, c.title, cl.name AS client_name FROM campaigns c JOIN clients cl ON cl.id = c.client_id WHERE cl.country = $country ORDER BY c.id")]
    public static partial List<CampaignWithClient> CampaignsInCountry(SqliteConnection connection, string country);

    [Query("SELECT * FROM campaigns ORDER BY created_at DESC LIMIT $take OFFSET $skip")]
    public static partial List<Campaign> Page(SqliteConnection connection, int skip, int take);

    [Query("SELECT status, count(*) AS count FROM campaigns GROUP BY status ORDER BY status")]
    public static partial List<StatusCount> CountByStatus(SqliteConnection connection);

    [Query("SELECT * FROM campaigns WHERE title LIKE $pattern ORDER BY id")]
    public static partial List<Campaign> Search(SqliteConnection connection, string pattern);

    [Query("SELECT * FROM campaigns WHERE id IN $ids ORDER BY id")]
    public static partial List<Campaign> ByIds(SqliteConnection connection, IEnumerable<long> ids);

    [Query("UPDATE campaigns SET status = $status WHERE id = $id")]
    public static partial int SetStatus(SqliteConnection connection, long id, CampaignStatus status, SqliteTransaction? transaction = null);
}

/// <summary>Every return shape, static (connection first) and async with a CancellationToken.</summary>
public static partial class ShapeQueries
{
    [Query("SELECT id, title FROM campaigns WHERE client_id = $clientId ORDER BY id")]
    public static partial IReadOnlyList<IdAndTitle> ReadOnly(SqliteConnection connection, long clientId);

    [Query("SELECT id, title, budget FROM campaigns WHERE id = $id")]
    public static partial CampaignSummary? Find(SqliteConnection connection, long id);

    [Query("SELECT id, title, budget FROM campaigns WHERE id = $id")]
    public static partial CampaignSummary Get(SqliteConnection connection, long id);

    [Query("SELECT id, title FROM campaigns WHERE id = $id")]
    public static partial IdAndTitle? FindStruct(SqliteConnection connection, long id);

    [Query("SELECT count(*) FROM campaigns")]
    public static partial long Count(SqliteConnection connection);

    [Query("SELECT count(*) FROM campaigns WHERE status = $status")]
    public static partial int CountWithStatus(SqliteConnection connection, CampaignStatus status);

    [Query("SELECT EXISTS (SELECT 1 FROM campaigns WHERE title = $title)")]
    public static partial bool Exists(SqliteConnection connection, string title);

    [Query("SELECT title FROM campaigns WHERE id = $id")]
    public static partial string? TitleOf(SqliteConnection connection, long id);

    [Query("SELECT max(created_at) FROM campaigns")]
    public static partial DateTime? Newest(SqliteConnection connection);

    [Query("SELECT budget FROM campaigns WHERE id = $id")]
    public static partial decimal? BudgetOf(SqliteConnection connection, long id);

    [Query("SELECT id, title FROM campaigns ORDER BY id")]
    public static partial List<(long Id, string Title)> Tuples(SqliteConnection connection);

    [Query("SELECT title FROM campaigns ORDER BY id")]
    public static partial List<string> Titles(SqliteConnection connection);

    [Query("SELECT * FROM campaigns WHERE client_id = @clientId ORDER BY id")]
    public static partial IAsyncEnumerable<Campaign> Stream(SqliteConnection connection, long clientId, CancellationToken cancellationToken);

    [Query("SELECT * FROM campaigns WHERE client_id = :clientId ORDER BY id")]
    public static partial Task<List<Campaign>> ListAsync(SqliteConnection connection, long clientId, CancellationToken cancellationToken);

    [Query("SELECT count(*) FROM campaigns")]
    public static partial ValueTask<long> CountAsync(SqliteConnection connection, CancellationToken cancellationToken = default);

    [Query("SELECT id, title, budget FROM campaigns WHERE id = $id")]
    public static partial Task<CampaignSummary?> FindAsync(SqliteConnection connection, long id, CancellationToken cancellationToken);

    [Query("DELETE FROM campaigns WHERE id = $id")]
    public static partial Task<int> DeleteAsync(SqliteConnection connection, long id, CancellationToken cancellationToken);

    [Query("UPDATE campaigns SET budget = $budget WHERE id = $id RETURNING id, budget")]
    public static partial (long Id, decimal? Budget) SetBudget(SqliteConnection connection, long id, decimal? budget);

    [Query("INSERT INTO clients (name, country) VALUES ($name, $country) RETURNING id")]
    public static partial long AddClient(this SqliteConnection connection, string name, string country);

    [Query("DELETE FROM campaigns")]
    public static partial void DeleteAll(SqliteConnection connection, SqliteTransaction? transaction);

    [Query("SELECT id FROM campaigns WHERE title IN ($titles) ORDER BY id")]
    public static partial List<long> IdsByTitle(SqliteConnection connection, string[] titles);

    [Query("SELECT id FROM campaigns WHERE status IN $statuses ORDER BY id")]
    public static partial List<long> IdsByStatus(SqliteConnection connection, List<CampaignStatus> statuses);

    [Query("SELECT c.* FROM campaigns AS c JOIN clients cl ON cl.id = c.client_id WHERE cl.name = $name ORDER BY c.id")]
    public static partial List<Campaign> OfClient(SqliteConnection connection, string name);
}

/// <summary>Instance [Query] methods on the generated repository: its connection and its Transaction.</summary>
public sealed partial class CampaignRepository
{
    [Query("SELECT * FROM campaigns WHERE client_id = $clientId ORDER BY created_at")]
    public partial List<Campaign> ForClient(long clientId);

    [Query("UPDATE campaigns SET title = $title WHERE id = $id")]
    public partial int Rename(long id, string title);
}
