#nullable enable
using Npgsql;
using OmniSqlite;

namespace OmniSqlite.PostgreSql.Tests.Repositories;

/// <summary>Static [Query] methods on an NpgsqlConnection: the SQLite static form's shapes, the rewrite and the override.</summary>
public static partial class PgQueries
{
    [Query("SELECT * FROM pg_campaigns WHERE client_id = $clientId ORDER BY id")]
    public static partial List<Campaign> ForClient(NpgsqlConnection connection, long clientId);

    [Query("SELECT id, title FROM pg_campaigns WHERE client_id = $clientId ORDER BY id")]
    public static partial IReadOnlyList<(long Id, string Title)> Titles(NpgsqlConnection connection, long clientId);

    [Query("SELECT title FROM pg_campaigns WHERE slug = :slug")]
    public static partial string? TitleBySlug(NpgsqlConnection connection, string slug);

    [Query("SELECT count(*) FROM pg_campaigns WHERE client_id = $clientId")]
    public static partial long CountFor(NpgsqlConnection connection, long clientId);

    [Query("SELECT id, title, status FROM pg_campaigns WHERE id = $id")]
    public static partial CampaignRow One(NpgsqlConnection connection, long id);

    [Query("SELECT id FROM pg_campaigns WHERE id IN $ids ORDER BY id")]
    public static partial List<long> Existing(NpgsqlConnection connection, IEnumerable<long> ids);

    [Query("SELECT id FROM pg_campaigns WHERE id NOT IN $ids AND client_id = $clientId ORDER BY id")]
    public static partial List<long> Others(NpgsqlConnection connection, long[] ids, long clientId);

    [Query("UPDATE pg_campaigns SET status = $status WHERE id IN $ids")]
    public static partial int SetStatus(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<long> ids, string status);

    [Query("SELECT ifnull(slug, 'none') FROM pg_campaigns WHERE id = $id",
        PostgreSql = "SELECT coalesce(slug, 'none') FROM pg_campaigns WHERE id = @id")]
    public static partial string SlugOrNone(NpgsqlConnection connection, long id);

    [Query("SELECT id, title FROM pg_campaigns WHERE client_id = @clientId ORDER BY id")]
    public static partial Task<List<CampaignRow>> RowsAsync(NpgsqlConnection connection, long clientId, CancellationToken cancellationToken);

    [Query("SELECT id FROM pg_campaigns WHERE client_id = $clientId ORDER BY id")]
    public static partial IAsyncEnumerable<long> StreamIds(NpgsqlConnection connection, long clientId, CancellationToken cancellationToken = default);

    [Query("SELECT title FROM pg_campaigns WHERE id = $id")]
    public static partial ValueTask<string?> TitleAsync(NpgsqlConnection connection, long id, CancellationToken cancellationToken = default);
}

public sealed record CampaignRow(long Id, string Title)
{
    public string Status { get; init; } = "";
}
