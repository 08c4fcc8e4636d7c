using OmniSqlite.WebApi.Data;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Endpoints;

public sealed record ContentRequest(string? Title, string? Body);

internal static class ContentEndpoints
{
    public static void MapContents(this IEndpointRouteBuilder app)
    {
        app.MapPost("/campaigns/{campaignId:long}/contents", (long campaignId, ContentRequest request, IUnitOfWork db) =>
        {
            var validation = Validate(request);
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                var campaigns = repositories.Campaigns;
                if (await campaigns.GetByIdAsync(campaignId) is null) return ClientEndpoints.NotFound("campaign", campaignId);
                var contents = repositories.Contents;
                var content = ToContent(request, campaignId);
                await contents.InsertAsync(content);
                return TypedResults.Created($"/contents/{content.Id}", content);
            });
        }).WithTags("Contents");

        app.MapGet("/campaigns/{campaignId:long}/contents", (long campaignId, IUnitOfWork db) => db.ReadAsync(async repositories =>
        {
            var campaigns = repositories.Campaigns;
            if (await campaigns.GetByIdAsync(campaignId) is null) return ClientEndpoints.NotFound("campaign", campaignId);
            var contents = repositories.Contents;
            return TypedResults.Ok(await contents.FindByCampaignIdAsync(campaignId)); // idx_contents_campaign_id
        })).WithTags("Contents");

        var group = app.MapGroup("/contents").WithTags("Contents");

        group.MapGet("/{id:long}", (long id, IUnitOfWork db) => db.ReadAsync(async repositories =>
        {
            var contents = repositories.Contents;
            return await contents.GetByIdAsync(id) is { } content ? TypedResults.Ok(content) : ClientEndpoints.NotFound("content", id);
        }));

        group.MapPut("/{id:long}", (long id, ContentRequest request, IUnitOfWork db) =>
        {
            var validation = Validate(request);
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                var contents = repositories.Contents;
                if (await contents.GetByIdAsync(id) is not { } existing) return ClientEndpoints.NotFound("content", id);
                var content = ToContent(request, existing.CampaignId);
                content.Id = id;
                content.CreatedAt = existing.CreatedAt;
                await contents.UpdateAsync(content);
                return TypedResults.Ok(content);
            });
        });

        // A content and its audio generations go together, in one transaction.
        group.MapDelete("/{id:long}", (long id, IUnitOfWork db) => db.WriteAsync(async repositories =>
        {
            var contents = repositories.Contents;
            if (await contents.GetByIdAsync(id) is null) return ClientEndpoints.NotFound("content", id);
            var generations = repositories.AudioGenerations;
            foreach (var generation in await generations.FindByContentIdAsync(id))
                await generations.DeleteAsync(generation.Id);
            await contents.DeleteAsync(id);
            return TypedResults.NoContent();
        }));
    }

    private static Validation Validate(ContentRequest request) =>
        new Validation().Required("title", request.Title).Required("body", request.Body, 20_000);

    private static Content ToContent(ContentRequest request, long campaignId) => new()
    {
        CampaignId = campaignId,
        Title = request.Title!.Trim(),
        Body = request.Body!,
        WordCount = request.Body!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
        CreatedAt = DateTime.UtcNow,
    };
}
