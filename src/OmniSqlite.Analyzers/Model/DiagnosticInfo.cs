using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OmniSqlite.Analyzers.Model
{
    /// <summary>A location as plain data (file, span, line span), so it can live in a cached model.</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(Location? location)
        {
            if (location is null || location.SourceTree is null) return null;
            return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }
    }

    /// <summary>A diagnostic as plain data: the descriptor's id, where, and the message arguments.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> MessageArgs)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] args)
            => new DiagnosticInfo(descriptor.Id, LocationInfo.From(location), args.ToEquatableArray());

        public Diagnostic ToDiagnostic()
        {
            var descriptor = Diagnostics.Descriptors.ById(Id);
            object[] args = new object[MessageArgs.Length];
            for (int i = 0; i < args.Length; i++) args[i] = MessageArgs[i];
            return Diagnostic.Create(descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, args);
        }
    }
}
