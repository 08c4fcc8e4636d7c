using OmniSqlite;

namespace OmniSqlite.WebApi.Domain;

// Hand-written SQL as [Query] methods on the generated repositories: the generator writes the code, the analyzers
// check the SQL, its parameters and its result columns against the entities when the project builds (docs/queries.md).

public sealed partial class CampaignRepository
{
    /// <summary>A one-column change in one statement (no read-modify-write of the whole row): the updated row, or null.</summary>
    [Query("UPDATE campaigns SET status = $status WHERE id = $id RETURNING *")]
    public partial Task<Campaign?> SetStatusAsync(long id, CampaignStatus status, CancellationToken cancellationToken = default);

    /// <summary>How many campaigns a client has, without loading them (idx_campaigns_client_id).</summary>
    [Query("SELECT count(*) FROM campaigns WHERE client_id = $clientId")]
    public partial Task<long> CountByClientAsync(long clientId, CancellationToken cancellationToken = default);
}

public sealed partial class ContentRepository
{
    /// <summary>How many contents a campaign has, without loading them (idx_contents_campaign_id).</summary>
    [Query("SELECT count(*) FROM contents WHERE campaign_id = $campaignId")]
    public partial Task<long> CountByCampaignAsync(long campaignId, CancellationToken cancellationToken = default);
}
