using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>OSQL120-OSQL125 (foreign keys, stored formats): each hit with its location, and the near misses that stay silent.</summary>
public sealed class StorageAndForeignKeyDiagnosticTests
{
    private const string Parent = "[Table(\"clients\")] public class Client { public long Id { get; set; } [Column(Scale = 2)] public decimal Credit { get; set; } } ";

    private static (Diagnostic Diagnostic, string LocatedText) Single(string declarations, bool generated)
    {
        var source = "using OmniSqlite; namespace N { " + declarations + " }";
        var result = GeneratorHarness.Run(source);
        Assert.Null(result.Run.Results.Single().Exception);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        var hints = result.Run.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Equal(generated, hints.Any(h => h.Contains("Order")));
        if (generated) Assert.Empty(result.CompileErrorsAndWarnings);
        return (diagnostic, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    private static GeneratorHarness.Result Clean(string declarations)
    {
        var result = GeneratorHarness.Run("using OmniSqlite; namespace N { " + declarations + " }");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrorsAndWarnings);
        return result;
    }

    [Fact]
    public void OSQL120_references_a_type_that_is_not_an_entity()
    {
        var (d, text) = Single("public class NotAnEntity { public long Key { get; set; } } [Table] public class Order { public long Id { get; set; } [References(typeof(NotAnEntity))] public long Other { get; set; } }", generated: false);
        Assert.Equal("OSQL120", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Other", text);
        Assert.Contains("typeof(NotAnEntity)", d.GetMessage());
    }

    [Fact]
    public void OSQL121_member_type_differs_from_the_parent_key()
    {
        var (d, text) = Single(Parent + "[Table] public class Order { public long Id { get; set; } [References(typeof(Client))] public string ClientId { get; set; } = \"\"; }", generated: false);
        Assert.Equal("OSQL121", d.Id);
        Assert.Equal("ClientId", text);
        Assert.Contains("'Order.ClientId' is string but references 'Client.Id', which is long", d.GetMessage());
    }

    [Fact]
    public void OSQL121_near_miss_int_and_nullable_members_store_like_a_long_key()
    {
        var result = Clean(Parent + "[Table] public class Order { public long Id { get; set; } [References(typeof(Client))] public int ClientId { get; set; } [References(typeof(Client), OnDelete = ForeignKeyAction.SetNull)] public long? BackupClientId { get; set; } }");
        var ddl = result.Source("Order.Schema.g.cs");
        Assert.Contains("\"\"client_id\"\" INTEGER NOT NULL REFERENCES \"\"clients\"\" (\"\"id\"\")", ddl);
        Assert.Contains("REFERENCES \"\"clients\"\" (\"\"id\"\") ON DELETE SET NULL", ddl);
        Assert.Contains("public global::System.Collections.Generic.List<global::N.Order> FindByClientId(", result.Source("Order.Repository.g.cs"));
    }

    [Theory]
    [InlineData("OnDelete")]
    [InlineData("OnUpdate")]
    public void OSQL122_SetNull_on_a_member_that_cannot_be_null(string action)
    {
        var (d, text) = Single(Parent + "[Table] public class Order { public long Id { get; set; } [References(typeof(Client), " + action + " = ForeignKeyAction.SetNull)] public long ClientId { get; set; } }", generated: false);
        Assert.Equal("OSQL122", d.Id);
        Assert.Equal("ClientId", text);
        Assert.Contains(action + " = ForeignKeyAction.SetNull", d.GetMessage());
    }

    [Fact]
    public void OSQL123_decimal_without_a_scale_warns_and_still_generates()
    {
        var (d, text) = Single("[Table] public class Order { public long Id { get; set; } public decimal Total { get; set; } }", generated: true);
        Assert.Equal("OSQL123", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
        Assert.Equal("Total", text);
        Assert.Contains("[Column(Scale = n)]", d.GetMessage());
    }

    [Fact]
    public void OSQL123_near_miss_a_decimal_with_a_scale_is_a_scaled_integer()
    {
        var result = Clean("[Table] public class Order { public long Id { get; set; } [Column(\"total\", Scale = 2)] public decimal Total { get; set; } [Column(Scale = 0)] public decimal? Units { get; set; } }");
        var ddl = result.Source("Order.Schema.g.cs");
        Assert.Contains("\"\"total\"\" DECIMAL(18,2) NOT NULL", ddl);
        Assert.Contains("\"\"units\"\" DECIMAL(18,0)", ddl);
        Assert.Contains("StoredValues.ScaledDecimal(entity.Total, 2, \"Order.Total\")", result.Source("Order.Repository.g.cs"));
    }

    [Fact]
    public void OSQL124_ulong_and_ulong_enums_warn()
    {
        var (d, text) = Single("[Table] public class Order { public long Id { get; set; } public ulong Hash { get; set; } }", generated: true);
        Assert.Equal("OSQL124", d.Id);
        Assert.Equal("Hash", text);
        (d, text) = Single("public enum Big : ulong { A } [Table] public class Order { public long Id { get; set; } public Big? Size { get; set; } }", generated: true);
        Assert.Equal("OSQL124", d.Id);
        Assert.Equal("Size", text);
        Clean("public enum Small : uint { A } [Table] public class Order { public long Id { get; set; } public uint Hash { get; set; } public Small Size { get; set; } }");
    }

    [Theory]
    [InlineData("[Column(Scale = 19)] public decimal Total { get; set; }", "Scale must be 0 to 18")]
    [InlineData("[Column(Scale = -2)] public decimal Total { get; set; }", "Scale must be 0 to 18")]
    [InlineData("[Column(Scale = 2)] public double Total { get; set; }", "only applies to a decimal")]
    public void OSQL125_invalid_scale(string member, string why)
    {
        var (d, text) = Single("[Table] public class Order { public long Id { get; set; } " + member + " }", generated: false);
        Assert.Equal("OSQL125", d.Id);
        Assert.Equal("Total", text);
        Assert.Contains(why, d.GetMessage());
    }

    [Fact]
    public void A_foreign_key_already_led_by_an_index_gets_no_second_one_and_the_manifest_carries_it()
    {
        var result = Clean(Parent + "[Table, Index(nameof(ClientId), nameof(Id))] public class Order { public long Id { get; set; } [References(typeof(Client), OnDelete = ForeignKeyAction.Cascade)] public long ClientId { get; set; } }");
        var schema = result.Source("Order.Schema.g.cs");
        Assert.DoesNotContain("idx_order_client_id\"", schema);
        Assert.Contains("idx_order_client_id_id", schema);
        Assert.Contains("ForeignKeyDefinition(@\"client_id\", @\"clients\", @\"id\", @\"CASCADE\", @\"NO ACTION\")", schema);
        var manifest = result.Run.Results.Single().GeneratedSources.Single(s => s.HintName.Contains("Manifest", StringComparison.OrdinalIgnoreCase)).SourceText.ToString();
        Assert.Contains("REFERENCES \"\"clients\"\" (\"\"id\"\") ON DELETE CASCADE", manifest);
        var model = OmniSqlite.Analyzers.Model.SchemaModel.FromSql("CREATE TABLE \"order\" (\"id\" INTEGER PRIMARY KEY, \"client_id\" INTEGER NOT NULL REFERENCES \"clients\" (\"id\") ON DELETE CASCADE)");
        Assert.Equal("clients", Assert.Single(model.FindTable("order")!.ForeignKeys).ParentTable);
    }
}

/// <summary>OSQL127 ([Json] without a context) and OSQL128 ([Converter] without its methods), and the code they generate when right.</summary>
public sealed class JsonAndConverterDiagnosticTests
{
    private const string Usings = "using System.Collections.Generic; using System.Text.Json.Serialization; using OmniSqlite; namespace N { ";

    private static (Diagnostic Diagnostic, string LocatedText) Single(string declarations)
    {
        var source = Usings + declarations + " }";
        var result = GeneratorHarness.Run(source);
        Assert.Null(result.Run.Results.Single().Exception);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.DoesNotContain(result.Run.Results.Single().GeneratedSources, s => s.HintName.Contains("Order.Repository"));
        return (diagnostic, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void OSQL127_json_member_without_a_context_says_what_to_add()
    {
        var (d, text) = Single("[Table] public class Order { public long Id { get; set; } [OmniSqlite.Json] public List<string> Tags { get; set; } = new(); }");
        Assert.Equal("OSQL127", d.Id);
        Assert.Equal("Tags", text);
        Assert.Contains("add [JsonSerializable(typeof(List<string>))] to a 'partial class AppJsonContext : JsonSerializerContext'", d.GetMessage());
        Assert.Contains("no JsonSerializerContext of this project lists it", d.GetMessage());
    }

    [Fact]
    // System.Text.Json.Serialization has an abstract JsonAttribute too: with both usings, [Json] is ambiguous (CS0104) and is written [OmniSqlite.Json].
    public void OSQL127_a_named_context_that_does_not_list_the_type()
    {
        var (d, _) = Single("[JsonSerializable(typeof(int))] internal partial class Ctx : JsonSerializerContext { } [Table] public class Order { public long Id { get; set; } [OmniSqlite.Json(typeof(Ctx))] public List<string> Tags { get; set; } = new(); }");
        Assert.Equal("OSQL127", d.Id);
        Assert.True(d.GetMessage().Contains("'Ctx' has no [JsonSerializable] for it"), d.GetMessage());
    }

    [Fact]
    public void OSQL127_near_miss_the_context_is_found_and_the_code_uses_its_metadata()
    {
        var result = GeneratorHarness.Run(Usings + "[JsonSerializable(typeof(List<string>))] internal partial class Ctx : JsonSerializerContext { } [Table] public class Order { public long Id { get; set; } [OmniSqlite.Json] public List<string>? Tags { get; set; } } }");
        Assert.Empty(result.GeneratorDiagnostics);
        var repository = result.Source("Order.Repository.g.cs");
        Assert.Contains("global::System.Text.Json.JsonSerializer.Serialize(entity.Tags, (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<global::System.Collections.Generic.List<string>>)global::N.Ctx.Default.GetTypeInfo(typeof(global::System.Collections.Generic.List<string>))!)", repository);
        Assert.Contains("global::System.Text.Json.JsonSerializer.Deserialize(reader.GetString(1)", repository);
    }

    [Theory]
    [InlineData("public static class Conv { public static long ToStored(Money v) => v.Cents; }", "no accessible static FromStored method taking a long and returning a Money")]
    [InlineData("public static class Conv { public static Money FromStored(long v) => new(v); }", "no accessible static ToStored method taking a Money")]
    [InlineData("public static class Conv { public static System.Uri ToStored(Money v) => null!; public static Money FromStored(System.Uri v) => default; }", "ToStored returns Uri, which OmniSqlite does not store")]
    [InlineData("public class Conv { public long ToStored(Money v) => v.Cents; public Money FromStored(long v) => new(v); }", "no accessible static ToStored method")]
    public void OSQL128_converter_without_its_methods(string converter, string why)
    {
        var (d, text) = Single("public readonly record struct Money(long Cents); " + converter + " [Table] public class Order { public long Id { get; set; } [Converter(typeof(Conv))] public Money Price { get; set; } }");
        Assert.Equal("OSQL128", d.Id);
        Assert.Equal("Price", text);
        Assert.Contains(why, d.GetMessage());
        Assert.Contains("declare 'public static S ToStored(Money value)' and 'public static Money FromStored(S value)' in Conv", d.GetMessage());
    }

    [Fact]
    public void OSQL128_near_miss_a_converter_generates_code_that_compiles_without_warnings()
    {
        var result = GeneratorHarness.RunChecked(Usings + "public readonly record struct Money(long Cents); public static class Conv { public static long ToStored(Money v) => v.Cents; public static Money FromStored(long v) => new(v); } "
            + "[Table] public class Order { public long Id { get; set; } [Converter(typeof(Conv)), Indexed] public Money Price { get; set; } [Converter(typeof(Conv))] public Money? Discount { get; set; } } }");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrorsAndWarnings);
        var repository = result.Source("Order.Repository.g.cs");
        Assert.Contains("global::N.Conv.FromStored(reader.GetInt64(", repository);
        Assert.Contains("FindByPrice(global::N.Money price)", repository);
        Assert.Contains("\"\"price\"\" INTEGER NOT NULL", result.Source("Order.Schema.g.cs"));
    }
}
