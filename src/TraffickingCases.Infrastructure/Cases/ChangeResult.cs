using TraffickingCases.Domain.Common;

namespace TraffickingCases.Infrastructure.Cases;

/// <summary>
/// How a change to children ended. Callers map each case to a page or an exit code; nothing is thrown for
/// an outcome a person can cause (a record that is not theirs, a value the domain refuses, a change someone
/// else made first).
/// </summary>
public abstract record ChangeResult<T>
{
    private ChangeResult()
    {
    }

    /// <summary>Committed. <paramref name="Changes"/> is what the change did to flags, as the after-commit hook saw it.</summary>
    public sealed record Saved(T Value, ChildrenChanged Changes) : ChangeResult<T>;

    /// <summary>The child or record is not in the caller's organisation (or does not exist): nothing was written.</summary>
    public sealed record NotFound : ChangeResult<T>;

    /// <summary>The domain refused the change: every error, by field. Nothing was written.</summary>
    public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : ChangeResult<T>;

    /// <summary>Someone else changed what the person saw since they opened it. <paramref name="Current"/> is the record as it is now.</summary>
    public sealed record Conflict(Domain.Children.Child? Current) : ChangeResult<T>;

    /// <summary>The caller chose not to write (a dry run, or a file with errors); <paramref name="Value"/> says why.</summary>
    public sealed record NotWritten(T Value) : ChangeResult<T>;
}

/// <summary>What a batch's work returns to <see cref="ChildChanges.ChangeManyAsync{T}"/>.</summary>
public static class ChangeResult
{
    /// <summary>Write what the work did: the rules, matching, commit and hooks follow.</summary>
    public static ChangeResult<T> Commit<T>(T value) => new ChangeResult<T>.Saved(value, ChildrenChanged.Nothing);

    /// <summary>Write nothing (a dry run, or a file with errors).</summary>
    public static ChangeResult<T> Skip<T>(T value) => new ChangeResult<T>.NotWritten(value);
}
