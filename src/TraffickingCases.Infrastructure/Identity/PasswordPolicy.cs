using Microsoft.AspNetCore.Identity;

namespace TraffickingCases.Infrastructure.Identity;

/// <summary>
/// Refuses passwords that are common or guessable, whatever their length: zxcvbn's estimate (its frequency lists of common
/// passwords, names, words and keyboard patterns) must reach <see cref="MinimumScore"/>, and the password must not contain
/// the user's name or email address. Length (12) is Identity's own rule; no composition rules (NCSC, NIST SP 800-63B).
/// Every host that creates users (the web app and the command line) registers it.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<AppUser>
{
    /// <summary>zxcvbn's 0–4 score; 3 is "safely unguessable: moderate protection from an offline attack" (about 10^10 guesses).</summary>
    public const int MinimumScore = 3;

    public const string TooGuessable =
        "Choose a password that is harder to guess: it is too common or too easy to work out. Avoid common words, names, dates and keyboard patterns; three or four unrelated words make a good password";

    public const string ContainsIdentity = "The password must not contain your name or email address";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(Check(user, password ?? string.Empty) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = problem.Code, Description = problem.Message })
            : IdentityResult.Success);

    /// <summary>What is wrong with the password for this user, or null when it may be used.</summary>
    public static (string Code, string Message)? Check(AppUser user, string password)
    {
        var personal = PersonalWords(user).ToList();
        if (personal.Any(word => password.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            return ("PasswordContainsIdentity", ContainsIdentity);
        }

        return Zxcvbn.Zxcvbn.MatchPassword(password, personal).Score < MinimumScore ? ("PasswordTooGuessable", TooGuessable) : null;
    }

    /// <summary>
    /// The user's email address and the parts of its local part and of their name of four or more letters (shorter ones, such as "Dan", are inside too many ordinary words); not the
    /// domain, which is the organisation's and shared by everyone there.
    /// </summary>
    private static IEnumerable<string> PersonalWords(AppUser user)
    {
        var addresses = new[] { user.Email, user.UserName }.OfType<string>().Where(t => t.Length > 0).ToList();
        // A display name may be the address itself (tc create-user without --name): its domain is not personal either.
        var texts = addresses.Append(user.DisplayName).Select(t => t.Split('@')[0]).Where(t => t.Length > 0);
        foreach (var address in addresses)
        {
            yield return address;
        }

        foreach (var text in texts)
        {
            yield return text;
            foreach (var part in text.Split([' ', '.', '-', '_', '+', '\''], StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Length >= 4)
                {
                    yield return part;
                }
            }
        }
    }
}
