namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>Columns the store keeps that the domain does not: named once for the configurations and the queries that read them.</summary>
public static class ShadowProperties
{
    /// <summary>A child's lower-cased whole name, computed by the database, with a trigram index for "contains" searches.</summary>
    public const string SearchName = "SearchName";

    /// <summary>A flag's position in raising order, the queue's last key when many flags share a raised-at time.</summary>
    public const string FlagSequence = "Sequence";
}
