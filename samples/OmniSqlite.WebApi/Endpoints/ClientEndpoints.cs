using System.Net.Mail;
using Microsoft.Data.Sqlite;
using OmniSqlite.WebApi.Data;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Endpoints;

public sealed record ClientRequest(string? Name, string? Email);

internal static class ClientEndpoints
{
    public static void MapClients(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/clients").WithTags("Clients");

        group.MapPost("/", (ClientRequest request, SqliteConnection db) =>
        {
            var validation = Validate(request);
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async (connection, transaction) =>
            {
                using var clients = new ClientRepository(connection, transaction);
                var client = new Client { Name = request.Name!.Trim(), Email = request.Email!.Trim(), CreatedAt = DateTime.UtcNow };
                await clients.InsertAsync(client);
                return TypedResults.Created($"/clients/{client.Id}", client);
            });
        });

        // A repository straight from DI (services.AddScoped<ClientRepository>()): the request's connection, disposed with the request.
        group.MapGet("/{id:long}", async (long id, ClientRepository clients) =>
            await clients.GetByIdAsync(id) is { } client ? TypedResults.Ok(client) : NotFound("client", id));

        group.MapGet("/{id:long}/campaigns", (long id, SqliteConnection db) => db.ReadAsync(async connection =>
        {
            using var clients = new ClientRepository(connection);
            if (await clients.GetByIdAsync(id) is null) return NotFound("client", id);
            using var campaigns = new CampaignRepository(connection);
            var list = await campaigns.FindByClientIdAsync(id); // idx_campaigns_client_id
            return TypedResults.Ok(list);
        }));

        group.MapPut("/{id:long}", (long id, ClientRequest request, SqliteConnection db) =>
        {
            var validation = Validate(request);
            if (!validation.IsValid) return Task.FromResult(validation.Problem());
            return db.WriteAsync(async (connection, transaction) =>
            {
                using var clients = new ClientRepository(connection, transaction);
                if (await clients.GetByIdAsync(id) is not { } client) return NotFound("client", id);
                client.Name = request.Name!.Trim();
                client.Email = request.Email!.Trim();
                await clients.UpdateAsync(client);
                return TypedResults.Ok(client);
            });
        });

        group.MapDelete("/{id:long}", (long id, SqliteConnection db) => db.WriteAsync(async (connection, transaction) =>
        {
            using var campaigns = new CampaignRepository(connection, transaction);
            var owned = await campaigns.CountByClientAsync(id);
            if (owned > 0)
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The client still has campaigns.",
                    detail: $"Client {id} has {owned} campaign(s); delete them first. Nothing was deleted.");
            using var clients = new ClientRepository(connection, transaction);
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
