using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OmniSqlite.Analyzers.Tests.Fuzz;

/// <summary>One fuzzed compilation input: what made it (for the report) and the source text.</summary>
public sealed record FuzzInput(int Iteration, string Kind, string Source);

/// <summary>
/// Makes fuzz inputs from a seeded <see cref="Random"/>: seed sources (entities and SQL sites) truncated, with tokens
/// deleted, swapped or duplicated; random and mutated SQL placed in every kind of SQL site; random entities.
/// Same seed, same inputs.
/// </summary>
public sealed class FuzzInputs(int seed)
{
    private readonly Random _random = new(seed);

    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Microsoft.Data.Sqlite;\nusing OmniSqlite;\n";

    private const string Entities = """
        namespace Fuzz
        {
            [Table("clients")]
            public sealed class Client
            {
                [PrimaryKey, AutoIncrement] public long Id { get; set; }
                public string Name { get; set; } = "";
                [Unique] public string Email { get; set; } = "";
                public DateTime CreatedAt { get; set; }
            }

            public enum CampaignStatus { Draft = 0, Active = 1 }

            [Table("campaigns")]
            [Index(nameof(Status), nameof(CreatedAt))]
            public sealed class Campaign
            {
                [PrimaryKey, AutoIncrement] public long Id { get; set; }
                [Indexed] public long ClientId { get; set; }
                public CampaignStatus Status { get; set; }
                [Column("created_at")] public DateTime CreatedAt { get; set; }
                [Unique] public string? Slug { get; set; }
                [Ignore] public string? Label { get; set; }
            }

            public sealed record Content
            {
                [PrimaryKey] public long Id { get; init; }
                [Indexed] public long CampaignId { get; init; }
                public required string Title { get; init; }
                public byte[]? Audio { get; init; }
            }
        }
        """;

    private const string SqlSites = """
        namespace Fuzz
        {
            public static class Queries
            {
                public static long Run(SqliteConnection connection, string name, int id)
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
                    command.ExecuteNonQuery();
                    command.CommandText = "SELECT id, name FROM clients WHERE email = $email ORDER BY created_at";
                    command.ExecuteReader().Dispose();
                    using var other = new SqliteCommand("SELECT c.id FROM campaigns c JOIN clients k ON k.id = c.client_id WHERE c.status = 1 AND (c.slug = 'x' OR c.id > 3)", connection);
                    other.CommandText = "SELECT * FROM campaigns WHERE lower(slug) = 'a' OR created_at > '2020' LIMIT 10";
                    other.CommandText = $"SELECT * FROM clients WHERE name = '{name}'";
                    other.CommandText = "DELETE FROM contents WHERE campaign_id = " + id + " AND title LIKE '%x'";
                    return (long)(other.ExecuteScalar() ?? 0L);
                }

                public static void Open() => new SqliteConnection("Data Source=//server/share/app.db").Open();
            }
        }
        """;

    // [Query] methods of every placement and shape, so truncation and token edits reach the query pipeline too.
    private const string QueryMethods = """
        namespace Fuzz
        {
            public sealed record ClientRow(long Id, string Name);

            public static partial class ClientQueries
            {
                [Query("SELECT id, name FROM clients WHERE email = $email")]
                public static partial ClientRow? ByEmail(SqliteConnection connection, string email);

                [Query("SELECT * FROM campaigns WHERE id IN $ids ORDER BY id")]
                public static partial List<Campaign> ByIds(SqliteConnection connection, IEnumerable<long> ids, SqliteTransaction? transaction = null);

                [Query("SELECT count(*) FROM campaigns WHERE status = @status")]
                public static partial System.Threading.Tasks.Task<long> CountAsync(SqliteConnection connection, CampaignStatus status, System.Threading.CancellationToken cancellationToken);

                [Query("UPDATE campaigns SET slug = :slug WHERE id = :id")]
                public static partial int SetSlug(SqliteConnection connection, long id, string? slug);

                [Query("SELECT c.id, k.name FROM campaigns c JOIN clients k ON k.id = c.client_id WHERE c.status = $status LIMIT $take")]
                public static partial IAsyncEnumerable<(long Id, string Name)> Stream(SqliteConnection connection, CampaignStatus status, int take);
            }

            public sealed partial class CampaignRepository
            {
                [Query("SELECT * FROM campaigns WHERE client_id = $clientId ORDER BY created_at DESC")]
                public partial List<Campaign> ForClient(long clientId);
            }
        }
        """;

    private static readonly string[] SqlWords =
    [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "JOIN", "LEFT", "INNER", "CROSS", "ON", "USING", "GROUP", "BY", "ORDER",
        "HAVING", "LIMIT", "OFFSET", "UNION", "ALL", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "WITH", "RECURSIVE",
        "AS", "IN", "IS", "NULL", "LIKE", "GLOB", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "EXISTS", "DISTINCT",
        "CREATE", "TABLE", "INDEX", "UNIQUE", "PRAGMA", "journal_mode", "synchronous", "OFF", "WAL", "MEMORY", "COLLATE", "NOCASE",
        "clients", "campaigns", "contents", "c", "k", "id", "name", "email", "client_id", "status", "created_at", "slug", "title",
        "campaign_id", "lower", "upper", "coalesce", "count", "*", "=", "==", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "||",
        "(", ")", ",", ".", ";", "?", "?1", "$p", ":p", "@p", "'text'", "''", "'it''s'", "42", "-0.0", "1e308", "x'00ff'",
        "\"quoted\"", "[bracketed]", "`tick`", "--comment\n", "/* c */", "/*", "'", "\"", "\\", "\n", "\t", "\u00e9", "\uD800",
    ];

    /// <summary>The next input; the kinds rotate so that every bounded run covers each of them.</summary>
    public FuzzInput Next(int iteration)
    {
        return (iteration % 6) switch
        {
            0 => new FuzzInput(iteration, "truncated", Truncate(Seed())),
            1 => new FuzzInput(iteration, "token-deleted", MutateTokens(Seed(), deletes: 1 + _random.Next(4))),
            2 => new FuzzInput(iteration, "token-swapped", MutateTokens(Seed(), swaps: 1 + _random.Next(4))),
            3 => new FuzzInput(iteration, "random-sql", WithSql(RandomSql())),
            4 => new FuzzInput(iteration, "mutated-sql", WithSql(MutateText(RandomSql()))),
            _ => new FuzzInput(iteration, "random-entity", Usings + RandomEntities()),
        };
    }

    private string Seed() => Usings + (_random.Next(4) switch
    {
        0 => Entities,
        1 => SqlSites,
        2 => Entities + "\n" + QueryMethods,
        _ => Entities + "\n" + SqlSites,
    });

    private string Truncate(string text) => text.Substring(0, _random.Next(text.Length + 1));

    private string MutateTokens(string text, int deletes = 0, int swaps = 0)
    {
        List<SyntaxToken> tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        var pieces = tokens.Select(t => (t.SpanStart, t.Span.Length, Text: t.Text)).ToArray();
        var replaced = new Dictionary<int, string>();
        for (int i = 0; i < deletes; i++)
        {
            replaced[_random.Next(pieces.Length)] = "";
        }

        for (int i = 0; i < swaps; i++)
        {
            int a = _random.Next(pieces.Length);
            int b = _random.Next(pieces.Length);
            replaced[a] = pieces[b].Text;
            replaced[b] = pieces[a].Text;
        }

        var sb = new StringBuilder(text);
        foreach (var (index, value) in replaced.OrderByDescending(r => pieces[r.Key].SpanStart))
        {
            sb.Remove(pieces[index].SpanStart, pieces[index].Length).Insert(pieces[index].SpanStart, value);
        }

        return sb.ToString();
    }

    /// <summary>Mostly well-formed SELECTs over the seed schema with nesting, AND/OR chains and joins; sometimes word salad.</summary>
    private string RandomSql()
    {
        if (_random.Next(5) == 0)
        {
            return string.Join(" ", Enumerable.Range(0, 1 + _random.Next(40)).Select(_ => SqlWords[_random.Next(SqlWords.Length)]));
        }

        string[] tables = ["clients", "campaigns", "contents", "nope"];
        string[] columns = ["id", "name", "email", "client_id", "status", "created_at", "slug", "title", "campaign_id", "missing"];
        var sb = new StringBuilder("SELECT ");
        sb.Append(_random.Next(3) == 0 ? "*" : string.Join(", ", Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => columns[_random.Next(columns.Length)])));
        sb.Append(" FROM ").Append(tables[_random.Next(tables.Length)]).Append(" t");
        if (_random.Next(3) == 0)
        {
            sb.Append(" JOIN ").Append(tables[_random.Next(tables.Length)]).Append(" u ON u.").Append(columns[_random.Next(columns.Length)])
              .Append(" = t.").Append(columns[_random.Next(columns.Length)]);
        }

        sb.Append(" WHERE ");
        int depth = _random.Next(4) == 0 ? _random.Next(300) : _random.Next(4);
        sb.Append('(', depth);
        int terms = _random.Next(4) == 0 ? 1 + _random.Next(400) : 1 + _random.Next(5);
        for (int i = 0; i < terms; i++)
        {
            if (i > 0)
            {
                sb.Append(_random.Next(2) == 0 ? " AND " : " OR ");
            }

            string column = (_random.Next(2) == 0 ? "t." : "") + columns[_random.Next(columns.Length)];
            sb.Append(_random.Next(6) switch
            {
                0 => $"lower({column}) = 'x'",
                1 => $"{column} LIKE '%{i}'",
                2 => $"{column} IN (1, 2, {i})",
                3 => $"{column} BETWEEN ? AND ?",
                4 => $"+{column} > {i}",
                _ => $"{column} = ${"p" + i}",
            });
        }

        sb.Append(')', depth);
        if (_random.Next(2) == 0)
        {
            sb.Append(" ORDER BY ").Append(columns[_random.Next(columns.Length)]);
        }

        return sb.ToString();
    }

    private string MutateText(string text)
    {
        var sb = new StringBuilder(text);
        for (int i = 0, n = 1 + _random.Next(6); i < n && sb.Length > 0; i++)
        {
            int at = _random.Next(sb.Length);
            switch (_random.Next(3))
            {
                case 0: sb.Remove(at, Math.Min(sb.Length - at, 1 + _random.Next(10))); break;
                case 1: sb.Insert(at, SqlWords[_random.Next(SqlWords.Length)]); break;
                default: sb.Length = at; break;
            }
        }

        return sb.ToString();
    }

    /// <summary>The SQL in one of the sites the analyzers look at: literal, verbatim, raw, interpolated, concatenated.</summary>
    private string WithSql(string sql)
    {
        string literal = "\"" + sql.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";
        string site = _random.Next(6) switch
        {
            0 => $"command.CommandText = {literal};",
            1 => $"using var c2 = new SqliteCommand({literal}, connection);",
            2 => $"command.CommandText = @\"{sql.Replace("\"", "\"\"")}\";",
            3 => $"command.CommandText = $\"{EscapeInterpolated(sql)} {{name}}\";",
            4 => $"command.CommandText = {literal} + name + {literal};",
            _ => $"const string Sql = {literal}; command.CommandText = Sql + Sql;",
        };
        if (_random.Next(4) == 0)
        {
            // The same SQL as a [Query] method's text.
            return Usings + Entities + $$"""

                namespace Fuzz
                {
                    public static partial class Site
                    {
                        [Query({{literal}})]
                        public static partial List<Campaign> Run(SqliteConnection connection, string name, long id);
                    }
                }
                """;
        }

        return Usings + Entities + $$"""

            namespace Fuzz
            {
                public static class Site
                {
                    public static void Run(SqliteConnection connection, string name)
                    {
                        using var command = connection.CreateCommand();
                        {{site}}
                        command.ExecuteNonQuery();
                    }
                }
            }
            """;
    }

    private static string EscapeInterpolated(string sql) =>
        sql.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r").Replace("{", "{{").Replace("}", "}}");

    /// <summary>Entities with odd but legal (and some illegal) names, attributes and member types.</summary>
    private string RandomEntities()
    {
        string[] names = ["Order", "@class", "Ünïcode", "_x", "dup", "DUP", "A_B", "a", "Item1", "@default", "Name"];
        string[] types = ["long", "int", "string", "string?", "byte[]", "DateTime", "DateTimeOffset", "decimal", "double", "bool", "Guid", "TimeSpan", "ulong", "int?", "object", "List<int>", "Fuzz.Kind"];
        string[] attributes = ["[PrimaryKey]", "[PrimaryKey, AutoIncrement]", "[Indexed]", "[Unique]", "[Ignore]", "[Column(\"x\")]", "[Column(\"a b\\nc\")]", "[Column(\"\")]", "[Indexed(Name = \"idx\")]", ""];
        var sb = new StringBuilder("namespace Fuzz\n{\n    public enum Kind : ulong { A = 0, B = ulong.MaxValue }\n");
        for (int e = 0, n = 1 + _random.Next(3); e < n; e++)
        {
            string table = _random.Next(3) == 0 ? $"[Table(\"{names[_random.Next(names.Length)].TrimStart('@')}\")]" : "";
            string index = _random.Next(3) == 0 ? $"[Index(\"{names[_random.Next(names.Length)].TrimStart('@')}\", \"Missing\")]" : "";
            string kind = _random.Next(4) switch { 0 => "sealed record", 1 => "partial class", 2 => "struct", _ => "sealed class" };
            sb.Append($"    {table}{index}\n    public {kind} E{e}{names[_random.Next(names.Length)].TrimStart('@')}\n    {{\n");
            var used = new HashSet<string>();
            for (int m = 0, members = _random.Next(7); m < members; m++)
            {
                string member = names[_random.Next(names.Length)];
                if (!used.Add(member.TrimStart('@')))
                {
                    continue;
                }

                string type = types[_random.Next(types.Length)];
                string init = type is "string" ? " = \"\";" : type is "byte[]" ? " = [];" : "";
                sb.Append($"        {attributes[_random.Next(attributes.Length)]} public {type} {member} {{ get; {(_random.Next(3) == 0 ? "init" : "set")}; }}{init}\n");
            }

            sb.Append("    }\n");
        }

        return sb.Append("}\n").ToString();
    }
}
