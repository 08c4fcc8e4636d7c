using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Queries;

public sealed class OSQL028Tests
{
    private const string Products = """
        namespace Shop
        {
            [Table("products")] public sealed class Product
            {
                [PrimaryKey] public long Id { get; set; }
                [Column(Scale = 2)] public decimal Price { get; set; }
                [Column(Scale = 2)] public decimal Cost { get; set; }
                [Column(Scale = 3)] public decimal Weight { get; set; }
            }
        }

        """;

    [Fact]
    public Task One_decimal_parameter_compared_with_columns_of_two_scales_is_reported_at_its_second_use()
        => QueryRuleVerifier.VerifyAsync(Products + """
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM products WHERE price > $limit OR weight > {|OSQL028:$limit|}")] public static partial List<long> Over(SqliteConnection connection, decimal limit);
            } }
            """);

    [Fact]
    public Task Written_to_two_columns_of_two_scales_is_reported_too()
        => QueryRuleVerifier.VerifyAsync(Products + """
            namespace Shop { public static partial class Q {
                [Query("UPDATE products SET price = $value, weight = {|OSQL028:$value|} WHERE id = $id")] public static partial int Set(SqliteConnection connection, long id, decimal value);
            } }
            """);

    [Fact]
    public async Task The_message_names_both_columns_and_the_scale_that_wins()
    {
        var diagnostics = await QueryRuleVerifier.DiagnosticsAsync(Products + """
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM products WHERE weight BETWEEN $low AND 10 OR price > $low")] public static partial List<long> Over(SqliteConnection connection, decimal low);
            } }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("OSQL028", d.Id);
        Assert.Equal("Parameter 'low' of 'Over' is bound at Scale 3, the Scale of 'weight', but is also used with 'price' (Scale 2), which stores its values at another scale: use one parameter per column, or give the columns the same Scale", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task Near_miss_columns_of_the_same_scale_one_parameter_per_column_and_a_parameter_that_is_not_decimal()
        => QueryRuleVerifier.VerifyAsync(Products + """
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM products WHERE price > $limit OR cost > $limit")] public static partial List<long> SameScale(SqliteConnection connection, decimal limit);
                [Query("SELECT id FROM products WHERE price > $price OR weight > $weight")] public static partial List<long> OnePerColumn(SqliteConnection connection, decimal price, decimal weight);
                [Query("SELECT id FROM products WHERE price > $limit OR weight > $limit")] public static partial List<long> NotDecimal(SqliteConnection connection, long limit);
            } }
            """);
}
