using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TraffickingCases.Cli;

/// <summary>
/// Typed options and arguments, so the command line refuses a bad value with a message naming the option and the allowed
/// values before a verb runs. Closed sets are matched without regard to case, in the spellings the docs and import files use.
/// </summary>
internal static class Typed
{
    public const string DateForm = "YYYY-MM-DD";

    /// <summary>An option taking one of a closed set of values, e.g. <c>--type local_authority|police|…</c>.</summary>
    public static Option<T> Choice<T>(string name, string description, IReadOnlyList<(string Spelling, T Value)> values)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = string.Join('|', values.Select(v => v.Spelling)),
            CustomParser = result => Pick(name, result, values),
        };
        option.CompletionSources.Add(values.Select(v => v.Spelling).ToArray());
        return option;
    }

    /// <summary>An argument taking one of a closed set of values, e.g. <c>DATASET</c>.</summary>
    public static Argument<T> ChoiceArgument<T>(string name, string description, IReadOnlyList<(string Spelling, T Value)> values)
    {
        var argument = new Argument<T>(name)
        {
            Description = $"{description} One of {string.Join(", ", values.Select(v => v.Spelling))}.",
            HelpName = name,
            CustomParser = result => Pick(name, result, values),
        };
        argument.CompletionSources.Add(values.Select(v => v.Spelling).ToArray());
        return argument;
    }

    /// <summary>The names of an enum in lower case, e.g. <c>open</c>, <c>acknowledged</c>.</summary>
    public static IReadOnlyList<(string Spelling, T Value)> Lower<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (v.ToString().ToLowerInvariant(), v)).ToList();

    /// <summary>An optional UK date in the form YYYY-MM-DD.</summary>
    public static Option<DateOnly?> Date(string name, string description) => new(name)
    {
        Description = $"{description}, {DateForm}.",
        HelpName = DateForm,
        CustomParser = result => ParseDate(name, result),
    };

    /// <summary>A required UK date in the form YYYY-MM-DD.</summary>
    public static Option<DateOnly> RequiredDate(string name, string description) => new(name)
    {
        Description = $"{description}, {DateForm}.",
        HelpName = DateForm,
        Required = true,
        CustomParser = result => ParseDate(name, result) ?? default,
    };

    /// <summary>Refuses a number below <paramref name="minimum"/>.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}");
            }
        });
        return option;
    }

    /// <summary>Refuses a number outside <paramref name="minimum"/>–<paramref name="maximum"/>.</summary>
    public static Option<double> Between(this Option<double> option, double minimum, double maximum)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (value < minimum || value > maximum || double.IsNaN(value))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {minimum} and {maximum}"));
            }
        });
        return option;
    }

    /// <summary>Refuses a path where no file exists.</summary>
    public static Argument<FileInfo> ExistingFile(this Argument<FileInfo> argument)
    {
        argument.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo>() is { Exists: false } file)
            {
                result.AddError($"no file at {file.FullName}");
            }
        });
        return argument;
    }

    private static T? Pick<T>(string name, ArgumentResult result, IReadOnlyList<(string Spelling, T Value)> values)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value.Trim() : string.Empty;
        foreach (var (spelling, value) in values)
        {
            if (string.Equals(spelling, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        result.AddError($"{name}: '{text}' is not one of {string.Join(", ", values.Select(v => v.Spelling))}");
        return default;
    }

    private static DateOnly? ParseDate(string name, ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value.Trim() : string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"{name}: '{text}' is not a date in the form {DateForm}");
        return null;
    }
}
