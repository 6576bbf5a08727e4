namespace TraffickingCases.Domain.Matching;

/// <summary>A candidate pair whose truth is known: the same child recorded twice, or two different children.</summary>
public sealed record LabelledPair(PersonRecord Query, PersonRecord Candidate, int SharedNameCount, bool SameChild);

/// <summary>
/// Estimates the Fellegi–Sunter weights directly from labelled candidate pairs (supervised, not EM): for each
/// comparison level, m is the share of same-child pairs at that level and u the share of different-children
/// pairs, with add-one smoothing, and the weight is log₂(m/u). The prior is log₂ of the odds of a same-child
/// pair among the candidate pairs. Which direction of a pair counts depends on the weights (the better-scoring
/// one is kept), so the fit is repeated a few rounds from the starting weights.
/// </summary>
public static class MatchWeightFit
{
    /// <summary>Weights are kept within ±<see cref="MaximumWeight"/> so a level seen only a few times cannot dominate.</summary>
    public const double MaximumWeight = 12;

    /// <summary>How much less a looser level of agreement must weigh than the level above it.</summary>
    public const double MinimumStep = 0.1;

    public static MatchWeights Fit(IReadOnlyList<LabelledPair> pairs, MatchWeights start, int rounds = 3)
    {
        var same = pairs.Count(p => p.SameChild);
        var different = pairs.Count - same;
        if (same == 0 || different == 0)
        {
            throw new ArgumentException("Fitting needs both same-child and different-children pairs.", nameof(pairs));
        }

        var weights = start.Copy();
        var properties = typeof(MatchWeights).GetProperties().ToDictionary(p => p.Name, StringComparer.Ordinal);
        for (var round = 0; round < rounds; round++)
        {
            var matcher = new Matcher(weights);
            var m = new Dictionary<string, int>(StringComparer.Ordinal);
            var u = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var pair in pairs)
            {
                var counts = pair.SameChild ? m : u;
                foreach (var field in matcher.Compare(pair.Query, pair.Candidate, pair.SharedNameCount).Fields)
                {
                    if (field.Setting is { } setting)
                    {
                        counts[setting] = counts.GetValueOrDefault(setting) + 1;
                    }
                }
            }

            var fitted = weights.Copy();
            foreach (var group in MatchWeights.LevelGroups)
            {
                var mTotal = group.Sum(l => m.GetValueOrDefault(l)) + group.Count;
                var uTotal = group.Sum(l => u.GetValueOrDefault(l)) + group.Count;
                double? previous = null;
                foreach (var level in group)
                {
                    // A level never seen between records of the same child (a different gender, say) keeps its starting
                    // weight: the pairs say nothing about how often it happens, only that the data never made it happen.
                    var weight = m.GetValueOrDefault(level) == 0
                        ? (double)properties[level].GetValue(start)!
                        : Math.Clamp(Math.Log2((m.GetValueOrDefault(level) + 1.0) / mTotal / ((u.GetValueOrDefault(level) + 1.0) / uTotal)), -MaximumWeight, MaximumWeight);

                    // Levels are listed from the closest agreement down; a looser agreement never counts for more
                    // than a closer one (twins share exact dates of birth, so exact dates alone would fit below day/month swaps).
                    if (previous is { } closer && weight > closer - MinimumStep)
                    {
                        weight = closer - MinimumStep;
                    }

                    weight = Math.Round(weight, 2);
                    properties[level].SetValue(fitted, weight);
                    previous = weight;
                }
            }

            fitted.Prior = Math.Round(Math.Log2((double)same / different), 2);
            weights = fitted;
        }

        return weights;
    }

    /// <summary>The fitted weights as configuration lines (Matching__FamilyExact=5.1 …), to review or paste into settings.</summary>
    public static IEnumerable<string> AsSettings(MatchWeights weights) =>
        MatchWeights.LevelGroups.SelectMany(g => g).Prepend(nameof(MatchWeights.Prior))
            .Select(name => $"Matching__{name}={Convert.ToString(typeof(MatchWeights).GetProperty(name)!.GetValue(weights), System.Globalization.CultureInfo.InvariantCulture)}");
}
