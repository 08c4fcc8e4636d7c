using System;
using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OmniSqlite
{
    /// <summary>
    /// Called by generated repositories and [Query] methods, one call per method call:
    /// <code>using var operation = global::OmniSqlite.OperationTelemetry.Start(_connection, "SELECT", "campaigns", GetByIdSql);</code>
    /// Returns null (nothing allocated, nothing measured) when no <see cref="ActivityListener"/> listens to
    /// <c>OmniSqlite</c> and no <see cref="System.Diagnostics.Metrics.MeterListener"/> has enabled the duration histogram.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class OperationTelemetry
    {
        /// <summary>Starts the span and the duration measurement of one call; dispose the result when the call ends.</summary>
        /// <param name="connection">The connection the call runs on (its file becomes <c>db.namespace</c>).</param>
        /// <param name="operation"><c>db.operation.name</c>: the SQL verb, e.g. <c>SELECT</c>, <c>INSERT</c>.</param>
        /// <param name="collection"><c>db.collection.name</c>: the table; empty when the statement has none (a PRAGMA, a SELECT without FROM), and then the tag is left out.</param>
        /// <param name="queryText"><c>db.query.text</c>: the statement with parameters, never values.</param>
        public static OperationScope? Start(SqliteConnection? connection, string operation, string collection, string queryText)
        {
            var source = OmniSqliteTelemetry.ActivitySource;
            bool trace = source.HasListeners();
            bool measure = OmniSqliteTelemetry.OperationDuration.Enabled;
            if (!trace && !measure) return null;
            return OperationScope.Begin(trace ? source : null, measure, OmniSqliteTelemetry.Sqlite, connection?.DataSource, operation, collection, queryText);
        }

        /// <summary>
        /// The same span and measurement for another engine's generated code (the PostgreSQL repositories and [Query] methods):
        /// <paramref name="systemName"/> is <c>db.system.name</c> (<c>postgresql</c>), <paramref name="databaseNamespace"/> is <c>db.namespace</c> (the database name).
        /// </summary>
        public static OperationScope? Start(string systemName, string? databaseNamespace, string operation, string collection, string queryText)
        {
            var source = OmniSqliteTelemetry.ActivitySource;
            bool trace = source.HasListeners();
            bool measure = OmniSqliteTelemetry.OperationDuration.Enabled;
            if (!trace && !measure) return null;
            return OperationScope.Begin(trace ? source : null, measure, systemName, databaseNamespace, operation, collection, queryText);
        }

        /// <summary>For an exception filter: marks the call failed and returns false, so the exception goes on unchanged.
        /// <code>catch (global::System.Exception e) when (global::OmniSqlite.OperationTelemetry.Fail(operation, e)) { throw; }</code></summary>
        public static bool Fail(OperationScope? scope, Exception exception)
        {
            scope?.SetError(exception);
            return false;
        }
    }

    /// <summary>One generated repository or [Query] call being traced or measured. Made by <see cref="OperationTelemetry"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class OperationScope : IDisposable
    {
        private readonly Activity? _activity;
        private readonly long _started;
        private readonly string _operation;
        private readonly string _collection;
        private readonly string? _namespace;
        private readonly string _system;
        private string? _errorType;
        private bool _disposed;

        private OperationScope(Activity? activity, long started, string system, string operation, string collection, string? databaseNamespace)
        {
            _system = system;
            _activity = activity;
            _started = started;
            _operation = operation;
            _collection = collection;
            _namespace = databaseNamespace;
        }

        internal static OperationScope Begin(ActivitySource? source, bool measure, string system, string? databaseNamespace, string operation, string collection, string queryText)
        {
            Activity? activity = null;
            if (source is not null)
            {
                activity = source.StartActivity(collection.Length == 0 ? operation : operation + " " + collection, ActivityKind.Client);
                if (activity is not null && activity.IsAllDataRequested)
                {
                    activity.SetTag(OmniSqliteTelemetry.DbSystemName, system);
                    activity.SetTag(OmniSqliteTelemetry.DbOperationName, operation);
                    if (collection.Length != 0) activity.SetTag(OmniSqliteTelemetry.DbCollectionName, collection);
                    activity.SetTag(OmniSqliteTelemetry.DbQueryText, queryText);
                    if (!string.IsNullOrEmpty(databaseNamespace)) activity.SetTag(OmniSqliteTelemetry.DbNamespace, databaseNamespace);
                }
            }
            return new OperationScope(activity, measure ? Stopwatch.GetTimestamp() : 0, system, operation, collection, databaseNamespace);
        }

        internal void SetError(Exception exception)
        {
            _errorType = exception is SqliteException sqlite ? "SQLITE_" + sqlite.SqliteErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : exception.GetType().FullName;
            if (_activity is not null)
            {
                _activity.SetStatus(ActivityStatusCode.Error, exception.Message);
                _activity.SetTag(OmniSqliteTelemetry.ErrorType, _errorType);
            }
        }

        /// <summary>Ends the span and records the duration.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (_started != 0 && OmniSqliteTelemetry.OperationDuration.Enabled)
            {
                double seconds = (Stopwatch.GetTimestamp() - _started) / (double)Stopwatch.Frequency;
                var tags = new TagList
                {
                    { OmniSqliteTelemetry.DbSystemName, _system },
                    { OmniSqliteTelemetry.DbOperationName, _operation },
                };
                if (_collection.Length != 0) tags.Add(OmniSqliteTelemetry.DbCollectionName, _collection);
                if (!string.IsNullOrEmpty(_namespace)) tags.Add(OmniSqliteTelemetry.DbNamespace, _namespace);
                if (_errorType is not null) tags.Add(OmniSqliteTelemetry.ErrorType, _errorType);
                OmniSqliteTelemetry.OperationDuration.Record(seconds, tags);
            }
            _activity?.Dispose();
        }
    }
}
