#nullable enable
using OmniSqlite;

namespace OmniSqlite.PostgreSql.Tests.Repositories;

/// <summary>[Query] methods of one repository: the SQLite statements, and their PostgreSQL forms (rewritten, or the override).</summary>
public sealed partial class CampaignRepository
{
    [Query("SELECT * FROM pg_campaigns WHERE client_id = $clientId ORDER BY id")]
    public partial List<Campaign> ForClient(long clientId);

    [Query("SELECT count(*) FROM pg_campaigns WHERE status = $status")]
    public partial int CountWithStatus(string status);

    [Query("SELECT title FROM pg_campaigns WHERE slug = :slug")]
    public partial string? TitleBySlug(string slug);

    [Query("SELECT id FROM pg_campaigns WHERE id IN $ids ORDER BY id")]
    public partial List<long> Existing(IEnumerable<long> ids);

    [Query("UPDATE pg_campaigns SET status = $status WHERE id IN $ids")]
    public partial int SetStatus(IReadOnlyList<long> ids, string status);

    [Query("SELECT id, title FROM pg_campaigns WHERE client_id = @clientId ORDER BY id")]
    public partial Task<List<(long Id, string Title)>> TitlesAsync(long clientId, CancellationToken cancellationToken);

    [Query("SELECT ifnull(slug, 'none') FROM pg_campaigns WHERE id = $id",
        PostgreSql = "SELECT coalesce(slug, 'none') FROM pg_campaigns WHERE id = @id")]
    public partial string SlugOrNone(long id);

    [Query("SELECT sum(id) AS total, avg(id) AS mean FROM pg_campaigns")]
    public partial Totals Sums();
}

public sealed record Totals(long? Total, double? Mean);
