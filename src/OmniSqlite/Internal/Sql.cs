using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Internal
{
    internal static class Sql
    {
        public static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        public static long ScalarLong(SqliteConnection connection, string sql)
        {
            var value = Scalar(connection, sql);
            return value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        public static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        public static async Task<long> ScalarLongAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public static void RequireOpen(SqliteConnection connection, string operation)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            if (connection.State != System.Data.ConnectionState.Open)
                throw new InvalidOperationException($"{operation} needs an open connection: call connection.Open() (or SqliteProfile.Production.Open(...)) first.");
        }

        public static string Text(object? value) => value switch
        {
            null => "(none)",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
