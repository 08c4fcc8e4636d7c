using OmniSqlite.WebApi.Data;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Endpoints;

public sealed record AudioGenerationRequest(string? TaskId, string? Voice);

public sealed record AudioGenerationUpdate(GenerationState? State, double? DurationSeconds);

internal static class AudioGenerationEndpoints
{
    public static void MapAudioGenerations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/contents/{contentId:long}/audio-generations", (long contentId, AudioGenerationRequest request, IUnitOfWork db) =>
        {
            var validation = new Validation().Required("taskId", request.TaskId, 100).Optional("voice", request.Voice, 50);
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                var contents = repositories.Contents;
                if (await contents.GetByIdAsync(contentId) is null) return ClientEndpoints.NotFound("content", contentId);
                var generations = repositories.AudioGenerations;
                var generation = new AudioGeneration
                {
                    Id = Guid.NewGuid(),
                    ContentId = contentId,
                    TaskId = request.TaskId!.Trim(),
                    State = GenerationState.Queued,
                    Voice = string.IsNullOrWhiteSpace(request.Voice) ? "alloy" : request.Voice.Trim(),
                    RequestedAt = DateTimeOffset.UtcNow,
                };
                await generations.InsertAsync(generation); // a duplicate task id fails ux_audio_generations_task_id: 409, nothing written
                return TypedResults.Created($"/audio-generations/{generation.Id}", generation);
            });
        }).WithTags("Audio generations");

        app.MapGet("/contents/{contentId:long}/audio-generations", (long contentId, IUnitOfWork db) => db.ReadAsync(async repositories =>
        {
            var contents = repositories.Contents;
            if (await contents.GetByIdAsync(contentId) is null) return ClientEndpoints.NotFound("content", contentId);
            var generations = repositories.AudioGenerations;
            return TypedResults.Ok(await generations.FindByContentIdAsync(contentId)); // idx_audio_generations_content_id
        })).WithTags("Audio generations");

        var group = app.MapGroup("/audio-generations").WithTags("Audio generations");

        // The provider calls back with its task id: GET /audio-generations?taskId=...
        group.MapGet("/", (string? taskId, IUnitOfWork db) =>
        {
            if (string.IsNullOrWhiteSpace(taskId))
            {
                var validation = new Validation();
                validation.Add("taskId", "Give the provider's task id: /audio-generations?taskId=...");
                return Task.FromResult(validation.Problem());
            }
            return db.ReadAsync(async repositories =>
            {
                var generations = repositories.AudioGenerations;
                var found = await generations.FindByTaskIdAsync(taskId);
                return found.Count > 0 ? TypedResults.Ok(found[0]) : ClientEndpoints.NotFound("audio generation", taskId);
            });
        });

        group.MapGet("/{id:guid}", (Guid id, IUnitOfWork db) => db.ReadAsync(async repositories =>
        {
            var generations = repositories.AudioGenerations;
            return await generations.GetByIdAsync(id) is { } generation ? TypedResults.Ok(generation) : ClientEndpoints.NotFound("audio generation", id);
        }));

        group.MapPut("/{id:guid}", (Guid id, AudioGenerationUpdate request, IUnitOfWork db) =>
        {
            var validation = new Validation()
                .Check(request.State is { } s && Enum.IsDefined(s), "state", "'state' is required: Queued, Running, Done or Failed.")
                .Check(request.DurationSeconds is null or >= 0 and <= 86_400, "durationSeconds", "'durationSeconds' must be between 0 and 86400.");
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                var generations = repositories.AudioGenerations;
                if (await generations.GetByIdAsync(id) is not { } generation) return ClientEndpoints.NotFound("audio generation", id);
                generation.State = request.State!.Value;
                generation.DurationSeconds = request.DurationSeconds ?? generation.DurationSeconds;
                generation.CompletedAt = generation.State is GenerationState.Done or GenerationState.Failed ? DateTimeOffset.UtcNow : null;
                await generations.UpdateAsync(generation);
                return TypedResults.Ok(generation);
            });
        });
    }
}
