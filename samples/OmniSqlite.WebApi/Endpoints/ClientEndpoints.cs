using System.Net.Mail;
using OmniSqlite.WebApi.Data;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Endpoints;

public sealed record ClientRequest(string? Name, string? Email);

internal static class ClientEndpoints
{
    public static void MapClients(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/clients").WithTags("Clients");

        group.MapPost("/", (ClientRequest request, IUnitOfWork db) =>
        {
            var validation = Validate(request);
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                var clients = repositories.Clients;
                var client = new Client { Name = request.Name!.Trim(), Email = request.Email!.Trim(), CreatedAt = DateTime.UtcNow };
                await clients.InsertAsync(client);
                return TypedResults.Created($"/clients/{client.Id}", client);
            });
        });

        // A repository straight from DI (IClientRepository, scoped: the engine's repository on the request's connection, disposed with the request).
        group.MapGet("/{id:long}", async (long id, IClientRepository clients) =>
            await clients.GetByIdAsync(id) is { } client ? TypedResults.Ok(client) : NotFound("client", id));

        group.MapGet("/{id:long}/campaigns", (long id, IUnitOfWork db) => db.ReadAsync(async repositories =>
        {
            var clients = repositories.Clients;
            if (await clients.GetByIdAsync(id) is null) return NotFound("client", id);
            var campaigns = repositories.Campaigns;
            var list = await campaigns.FindByClientIdAsync(id); // idx_campaigns_client_id
            return TypedResults.Ok(list);
        }));

        group.MapPut("/{id:long}", (long id, ClientRequest request, IUnitOfWork db) =>
        {
            var validation = Validate(request);
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async repositories =>
            {
                var clients = repositories.Clients;
                if (await clients.GetByIdAsync(id) is not { } client) return NotFound("client", id);
                client.Name = request.Name!.Trim();
                client.Email = request.Email!.Trim();
                await clients.UpdateAsync(client);
                return TypedResults.Ok(client);
            });
        });

        group.MapDelete("/{id:long}", (long id, IUnitOfWork db) => db.WriteAsync(async repositories =>
        {
            var campaigns = repositories.Campaigns;
            var owned = await campaigns.CountByClientAsync(id);
            if (owned > 0)
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The client still has campaigns.",
                    detail: $"Client {id} has {owned} campaign(s); delete them first. Nothing was deleted.");
            var clients = repositories.Clients;
            return await clients.DeleteAsync(id) ? TypedResults.NoContent() : NotFound("client", id);
        }));
    }

    private static Validation Validate(ClientRequest request)
    {
        var validation = new Validation().Required("name", request.Name).Required("email", request.Email);
        if (!string.IsNullOrWhiteSpace(request.Email) && !MailAddress.TryCreate(request.Email.Trim(), out _))
            validation.Add("email", $"'{request.Email}' is not an e-mail address.");
        return validation;
    }

    internal static IResult NotFound(string what, object id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: $"No such {what}.", detail: $"There is no {what} with id {id}.");
}
