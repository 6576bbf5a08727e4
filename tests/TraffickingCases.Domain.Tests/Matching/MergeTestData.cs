using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Tests.Matching;

/// <summary>
/// Builders for the merge tests: two records of one child, registered at <see cref="TestData.Now"/>, merged an
/// hour later and the merge undone an hour after that, by one manager.
/// </summary>
internal static class MergeTestData
{
    public const string ManagerId = "manager-1";

    public const string ManagerName = "Alex Manager";

    public const string Reason = "Same photograph, same social worker and the same date of birth";

    public static readonly DateTimeOffset MergedAt = TestData.Now.AddHours(1);

    public static readonly DateTimeOffset UndoneAt = TestData.Now.AddHours(2);

    public static readonly Guid OtherOrganisationId = Guid.Parse("0197a000-0000-7000-8000-000000000002");

    /// <summary>A record with the default details (born 1 March 2010), changed as the test needs.</summary>
    public static Child NewRecord(string reference, string givenNames, string familyName, Func<ChildDetails, ChildDetails>? change = null,
        Guid? organisationId = null)
    {
        var details = TestData.ChildDetails() with { GivenNames = givenNames, FamilyName = familyName };
        return Child.Register(reference, change is null ? details : change(details), organisationId ?? TestData.OrganisationId,
            "caseworker-1", TestData.Now);
    }

    /// <summary>The record that stays: TC-000001, Amir Haddad.</summary>
    public static Child Survivor(Func<ChildDetails, ChildDetails>? change = null) => NewRecord("TC-000001", "Amir", "Haddad", change);

    /// <summary>The record that goes: TC-000002, Ameer Hadad.</summary>
    public static Child Duplicate(Func<ChildDetails, ChildDetails>? change = null, Guid? organisationId = null) =>
        NewRecord("TC-000002", "Ameer", "Hadad", change, organisationId);

    public static ChildMerge Merge(Child survivor, Child merged, IReadOnlyCollection<Flag>? survivorFlags = null,
        IReadOnlyCollection<Flag>? mergedFlags = null, string reason = Reason, DateTimeOffset? at = null) =>
        ChildMerger.Merge(survivor, merged, survivorFlags ?? [], mergedFlags ?? [], reason, ManagerId, ManagerName, at ?? MergedAt);

    public static IReadOnlyList<Flag> Undo(ChildMerge merge, Child survivor, Child merged, IReadOnlyCollection<Flag>? survivorFlags = null,
        string reason = "Different children: the dates of birth were confused", DateTimeOffset? at = null) =>
        ChildMerger.Undo(merge, survivor, merged, survivorFlags ?? [], reason, ManagerId, ManagerName, at ?? UndoneAt);

    /// <summary>An open flag raised by a rule on the child.</summary>
    public static Flag RuleFlag(Child child, string code, string key = "occurrence-1") =>
        Flag.Raise(child.Id, new Finding(code, Severity.Medium, $"{code} holds", key), TestData.Now);

    /// <summary>The findings of every rule on the child, judged at the given moment.</summary>
    public static IReadOnlyList<Finding> Findings(Child child, DateTimeOffset at) =>
        RuleSet.Evaluate(new RuleContext(child, false, at, new RuleThresholds()));

    /// <summary>Why a rule's flag on the child no longer holds at the given moment, as the rules service asks it.</summary>
    public static Func<Flag, string> EndReason(Child child, DateTimeOffset at) =>
        flag => RuleSet.EndReason(new RuleContext(child, false, at, new RuleThresholds()), flag.RuleCode, flag.OccurrenceKey);
}
