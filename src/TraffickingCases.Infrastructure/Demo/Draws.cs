namespace TraffickingCases.Infrastructure.Demo;

/// <summary>The generator's ways of drawing from a seeded <see cref="Random"/>.</summary>
internal static class Draws
{
    public static bool Chance(this Random random, double p) => random.NextDouble() < p;

    public static T PickOne<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>One of the values, each as likely as its weight.</summary>
    public static T Pick<T>(this Random random, IReadOnlyList<(T Value, double Weight)> weights)
    {
        var roll = random.NextDouble() * weights.Sum(w => w.Weight);
        foreach (var (value, weight) in weights)
        {
            roll -= weight;
            if (roll < 0)
            {
                return value;
            }
        }

        return weights[^1].Value;
    }

    /// <summary>A whole number of days from a log-normal distribution with this median, clamped: most placements are months, a few years.</summary>
    public static int LogNormalDays(this Random random, double median, double sigma, int min, int max)
    {
        // Box–Muller: one standard normal draw from two uniform ones.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Clamp(Math.Round(median * Math.Exp(sigma * normal)), min, max);
    }

    /// <summary>Time to the next event of a process with this many events a year on average.</summary>
    public static TimeSpan Exponential(this Random random, double perYear) =>
        TimeSpan.FromDays(-Math.Log(1 - random.NextDouble()) * 365.25 / perYear);
}
