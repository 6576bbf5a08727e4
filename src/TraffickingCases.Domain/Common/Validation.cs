namespace TraffickingCases.Domain.Common;

/// <summary>One thing wrong with what a person entered, named by the property it concerns.</summary>
public sealed record ValidationError(string Field, string Message);

/// <summary>Thrown when a change would leave a record in a state a caseworker would call wrong.</summary>
public sealed class DomainValidationException : Exception
{
    public DomainValidationException(IReadOnlyList<ValidationError> errors)
        : base(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
    {
        Errors = errors;
    }

    public DomainValidationException(string field, string message)
        : this([new ValidationError(field, message)])
    {
    }

    public IReadOnlyList<ValidationError> Errors { get; }
}

/// <summary>Collects every error in a change so the person sees them all at once.</summary>
internal sealed class Validator
{
    private readonly List<ValidationError> _errors = [];

    public bool HasErrorFor(string field) => _errors.Exists(e => e.Field == field);

    public void Require(bool condition, string field, string message)
    {
        if (!condition && !HasErrorFor(field))
        {
            _errors.Add(new ValidationError(field, message));
        }
    }

    public void MaxLength(string? value, int max, string field, string what) =>
        Require(value is null || value.Length <= max, field, $"{what} must be {max} characters or fewer");

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new DomainValidationException(_errors.ToList());
        }
    }
}
