namespace OmniSqlite.WebApi.Endpoints;

/// <summary>Collects field errors and answers 400 with a validation problem-details body when there are any.</summary>
internal sealed class Validation
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"'{field}' is required.");
        else if (value.Length > maxLength) Add(field, $"'{field}' must be at most {maxLength} characters.");
        return this;
    }

    public Validation Optional(string field, string? value, int maxLength = 200)
    {
        if (value is not null && value.Length > maxLength) Add(field, $"'{field}' must be at most {maxLength} characters.");
        return this;
    }

    public Validation Check(bool ok, string field, string message)
    {
        if (!ok) Add(field, message);
        return this;
    }

    public void Add(string field, string message)
    {
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }

    public IResult Problem() => TypedResults.ValidationProblem(_errors, title: "The request is not valid. Nothing was written.");
}
