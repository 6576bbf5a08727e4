namespace TraffickingCases.Domain.Risk;

/// <summary>What a manager does with an open flag.</summary>
public enum FlagDecision
{
    /// <summary>Seen and being dealt with; the flag stays open. An acknowledged flag is left as it is.</summary>
    Acknowledge,

    /// <summary>Dealt with: the risk was acted on. Needs a reason.</summary>
    Resolve,

    /// <summary>Not a risk after all. Needs a reason.</summary>
    Dismiss,
}
