using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Generated;

/// <summary>
/// Issue 13: [References] becomes REFERENCES in the DDL with an index by construction and a FindBy, and deleting a
/// parent follows OnDelete (Cascade, SetNull, Restrict) on a real file under the production profile (foreign_keys=ON).
/// </summary>
public sealed class ForeignKeyTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;
    private readonly TeamRepository _teams;
    private readonly TicketRepository _tickets;

    public ForeignKeyTests()
    {
        _connection = _db.Open();
        _connection.ApplyProfile(SqliteProfile.Production);
        OmniSqliteSchema.EnsureCreated(_connection);
        _teams = new TeamRepository(_connection);
        _tickets = new TicketRepository(_connection);
    }

    public void Dispose()
    {
        _tickets.Dispose();
        _teams.Dispose();
        _connection.Dispose();
        _db.Dispose();
    }

    private List<(string From, string Table, string To, string OnUpdate, string OnDelete)> ForeignKeyList()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT \"from\", \"table\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('fk_tickets') ORDER BY \"from\"";
        var list = new List<(string, string, string, string, string)>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) list.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        return list;
    }

    private string Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    [Fact]
    public void The_ddl_declares_each_foreign_key_with_its_actions_and_the_description_lists_them()
    {
        Assert.Equal(new[]
        {
            ("owner_team_id", "fk_teams", "id", "NO ACTION", "RESTRICT"),
            ("parent_ticket_id", "fk_tickets", "id", "CASCADE", "CASCADE"),
            ("reviewer_team_id", "fk_teams", "id", "NO ACTION", "SET NULL"),
            ("team_id", "fk_teams", "id", "NO ACTION", "CASCADE"),
        }, ForeignKeyList());
        Assert.Contains("\"team_id\" INTEGER NOT NULL REFERENCES \"fk_teams\" (\"id\") ON DELETE CASCADE", TicketSchema.CreateTable);
        var keys = TicketSchema.Definition.ForeignKeys.Select(k => k.ToString()).ToList();
        Assert.Contains("team_id REFERENCES fk_teams (id) ON DELETE CASCADE ON UPDATE NO ACTION", keys);
        Assert.Equal(4, keys.Count);
        Assert.Empty(TeamSchema.Definition.ForeignKeys);
    }

    [Fact]
    public void Every_foreign_key_column_is_led_by_an_index_and_the_parent_delete_uses_it()
    {
        // owner_team_id is served by the declared [Index(OwnerTeamId, Title)]: no second index for it.
        Assert.Equal(new[] { "idx_fk_tickets_owner_team_id_title", "idx_fk_tickets_parent_ticket_id", "idx_fk_tickets_reviewer_team_id", "idx_fk_tickets_team_id" },
            TicketSchema.Definition.Indexes.Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray());
        Assert.Equal("idx_fk_tickets_team_id", Scalar("SELECT name FROM pragma_index_list('fk_tickets') WHERE name = 'idx_fk_tickets_team_id'"));
        using var command = _connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT 1 FROM fk_tickets WHERE team_id = 1";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Contains("USING COVERING INDEX idx_fk_tickets_team_id", reader.GetString(3));
    }

    [Fact]
    public void OnDelete_Cascade_deletes_the_children_and_FindBy_finds_them_before()
    {
        var team = new Team { Name = "a" };
        _teams.Insert(team);
        var other = new Team { Name = "b" };
        _teams.Insert(other);
        for (int i = 0; i < 5; i++) _tickets.Insert(new Ticket { Title = "t" + i, TeamId = i < 3 ? team.Id : other.Id });
        Assert.Equal(3, _tickets.FindByTeamId(team.Id).Count);

        Assert.True(_teams.Delete(team.Id));
        Assert.Empty(_tickets.FindByTeamId(team.Id));
        Assert.Equal(2, _tickets.Count());
        Assert.Equal("", Scalar("SELECT group_concat(\"table\") FROM pragma_foreign_key_check"));
    }

    [Fact]
    public void OnDelete_SetNull_clears_the_member_and_keeps_the_row()
    {
        var home = new Team { Name = "home" };
        var reviewer = new Team { Name = "reviewer" };
        _teams.Insert(home);
        _teams.Insert(reviewer);
        var ticket = new Ticket { Title = "x", TeamId = home.Id, ReviewerTeamId = reviewer.Id };
        _tickets.Insert(ticket);

        Assert.True(_teams.Delete(reviewer.Id));
        var back = _tickets.GetById(ticket.Id)!;
        Assert.Null(back.ReviewerTeamId);
        Assert.Equal(home.Id, back.TeamId);
    }

    [Fact]
    public void OnDelete_Restrict_refuses_the_delete_and_changes_nothing()
    {
        var home = new Team { Name = "home" };
        var owner = new Team { Name = "owner" };
        _teams.Insert(home);
        _teams.Insert(owner);
        _tickets.Insert(new Ticket { Title = "x", TeamId = home.Id, OwnerTeamId = owner.Id });

        var e = Assert.Throws<SqliteException>(() => _teams.Delete(owner.Id));
        Assert.Contains("FOREIGN KEY constraint failed", e.Message);
        Assert.Equal(2, _teams.Count());
        Assert.Equal(owner.Id, _tickets.FindByOwnerTeamId(owner.Id).Single().OwnerTeamId);
    }

    [Fact]
    public void A_child_pointing_at_no_parent_is_refused_and_a_self_reference_cascades()
    {
        var e = Assert.Throws<SqliteException>(() => _tickets.Insert(new Ticket { Title = "orphan", TeamId = 12345 }));
        Assert.Contains("FOREIGN KEY constraint failed", e.Message);
        Assert.Equal(0, _tickets.Count());

        var team = new Team { Name = "a" };
        _teams.Insert(team);
        var root = new Ticket { Title = "root", TeamId = team.Id };
        _tickets.Insert(root);
        _tickets.Insert(new Ticket { Title = "child", TeamId = team.Id, ParentTicketId = root.Id });
        Assert.Single(_tickets.FindByParentTicketId(root.Id));
        Assert.True(_tickets.Delete(root.Id));
        Assert.Equal(0, _tickets.Count());
    }
}
