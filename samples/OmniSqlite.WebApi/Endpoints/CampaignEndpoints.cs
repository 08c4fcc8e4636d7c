using OmniSqlite.WebApi.Data;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Endpoints;

public sealed record CampaignRequest(long ClientId, string? Name, CampaignStatus? Status, decimal? Budget, string? Slug);

public sealed record CampaignStatusRequest(CampaignStatus? Status);

internal static class CampaignEndpoints
{
    public static void MapCampaigns(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/campaigns").WithTags("Campaigns");

        group.MapPost("/", (CampaignRequest request, IUnitOfWork db) =>
        {
            var validation = Validate(request, "");
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                if (await MissingClientAsync(repositories.Clients, request.ClientId, "clientId") is { } problem) return problem.Problem();
                var campaigns = repositories.Campaigns;
                var campaign = ToCampaign(request);
                await campaigns.InsertAsync(campaign);
                return TypedResults.Created($"/campaigns/{campaign.Id}", campaign);
            });
        });

        // All or nothing: one transaction for the whole batch, so a bad item (or a duplicate slug) leaves no rows behind.
        group.MapPost("/batch", (CampaignRequest[]? requests, IUnitOfWork db) =>
        {
            var validation = new Validation().Check(requests is { Length: > 0 and <= 1000 }, "items", "Send between 1 and 1000 campaigns.");
            for (var i = 0; validation.IsValid && i < requests!.Length; i++)
                Validate(requests[i], $"[{i}].", validation);
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                // Insert as we go; an unknown client half-way answers 400, and the unit of work rolls back the rows already inserted.
                var campaigns = repositories.Campaigns;
                var created = new List<Campaign>(requests!.Length);
                for (var i = 0; i < requests.Length; i++)
                {
                    if (await MissingClientAsync(repositories.Clients, requests[i].ClientId, $"[{i}].clientId") is { } problem) return problem.Problem();
                    var campaign = ToCampaign(requests[i]);
                    await campaigns.InsertAsync(campaign);
                    created.Add(campaign);
                }
                return TypedResults.Created("/campaigns", created);
            });
        });

        group.MapGet("/{id:long}", (long id, IUnitOfWork db) => db.ReadAsync(async repositories =>
        {
            var campaigns = repositories.Campaigns;
            return await campaigns.GetByIdAsync(id) is { } campaign ? TypedResults.Ok(campaign) : ClientEndpoints.NotFound("campaign", id);
        }));

        group.MapPut("/{id:long}", (long id, CampaignRequest request, IUnitOfWork db) =>
        {
            var validation = Validate(request, "");
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                var campaigns = repositories.Campaigns;
                if (await campaigns.GetByIdAsync(id) is not { } existing) return ClientEndpoints.NotFound("campaign", id);
                if (await MissingClientAsync(repositories.Clients, request.ClientId, "clientId") is { } problem) return problem.Problem();
                var campaign = ToCampaign(request);
                campaign.Id = id;
                campaign.CreatedAt = existing.CreatedAt;
                await campaigns.UpdateAsync(campaign);
                return TypedResults.Ok(campaign);
            });
        });

        group.MapPut("/{id:long}/status", (long id, CampaignStatusRequest request, IUnitOfWork db) =>
        {
            var validation = new Validation().Check(request.Status is { } s && Enum.IsDefined(s), "status", "'status' is required: Draft, Active, Paused or Finished.");
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                var campaigns = repositories.Campaigns;
                if (await campaigns.SetStatusAsync(id, request.Status!.Value) is not { } campaign) return ClientEndpoints.NotFound("campaign", id);
                return TypedResults.Ok(campaign);
            });
        });

        group.MapDelete("/{id:long}", (long id, IUnitOfWork db) => db.WriteAsync(async repositories =>
        {
            var contents = repositories.Contents;
            var owned = await contents.CountByCampaignAsync(id);
            if (owned > 0)
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The campaign still has contents.",
                    detail: $"Campaign {id} has {owned} content(s); delete them first. Nothing was deleted.");
            var campaigns = repositories.Campaigns;
            return await campaigns.DeleteAsync(id) ? TypedResults.NoContent() : ClientEndpoints.NotFound("campaign", id);
        }));
    }

    private static Validation Validate(CampaignRequest request, string prefix, Validation? validation = null)
    {
        validation ??= new Validation();
        validation.Check(request.ClientId > 0, prefix + "clientId", "'clientId' must name an existing client.")
            .Required(prefix + "name", request.Name)
            .Optional(prefix + "slug", request.Slug, 100)
            .Check(request.Status is null || Enum.IsDefined(request.Status.Value), prefix + "status", "'status' must be Draft, Active, Paused or Finished.")
            .Check(request.Budget is null or >= 0, prefix + "budget", "'budget' must not be negative.")
            .Check(request.Budget is not { } budget || budget == decimal.Round(budget, 2), prefix + "budget", "'budget' has at most 2 decimal places.");
        return validation;
    }

    private static async Task<Validation?> MissingClientAsync(IClientRepository clients, long clientId, string field)
    {
        if (await clients.GetByIdAsync(clientId) is not null) return null;
        var validation = new Validation();
        validation.Add(field, $"There is no client with id {clientId}.");
        return validation;
    }

    private static Campaign ToCampaign(CampaignRequest request) => new()
    {
        ClientId = request.ClientId,
        Name = request.Name!.Trim(),
        Status = request.Status ?? CampaignStatus.Draft,
        Budget = request.Budget ?? 0m,
        CreatedAt = DateTime.UtcNow,
        Slug = string.IsNullOrWhiteSpace(request.Slug) ? null : request.Slug.Trim(),
    };
}
