using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using OmniSqlite;

namespace OmniSqlite.Sample.Domain
{
    /// <summary>A JOIN's row, mapped by name (client_name via AS).</summary>
    public sealed record CampaignLine(long Id, string Name, string ClientName, CampaignStatus Status);

    /// <summary>Hand-written SQL as [Query] methods: the generator implements them, the analyzers check them (docs/queries.md).</summary>
    public static partial class SampleQueries
    {
        [Query("SELECT c.id, c.name, cl.name AS client_name, c.status FROM campaigns c JOIN clients cl ON cl.id = c.client_id WHERE c.client_id = $clientId ORDER BY c.id LIMIT $take")]
        public static partial List<CampaignLine> CampaignsOfClient(SqliteConnection connection, long clientId, int take);

        [Query("SELECT status, count(*) AS count FROM campaigns GROUP BY status ORDER BY status")]
        public static partial List<(CampaignStatus Status, long Count)> CountByStatus(SqliteConnection connection);

        [Query("SELECT * FROM campaigns WHERE id IN $ids ORDER BY id")]
        public static partial List<Campaign> ByIds(SqliteConnection connection, IEnumerable<long> ids);
    }

    public sealed partial class CampaignRepository
    {
        /// <summary>A one-column change: one UPDATE, no read-modify-write of the whole row.</summary>
        [Query("UPDATE campaigns SET status = $status WHERE id = $id")]
        public partial int SetStatus(long id, CampaignStatus status);
    }
}
