using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Matching;

/// <summary>
/// Merges two records of one child, and undoes a merge. The surviving record takes every referral, missing
/// episode, placement, support request, note, flag and name of the other, which becomes a redirect. The
/// merge is refused, with the reason, when the combined record would break a rule of the model (a referral
/// before the survivor's date of birth, two missing episodes at once). The caller re-runs the rules after.
/// </summary>
public static class ChildMerger
{
    public static ChildMerge Merge(
        Child survivor, Child merged, IReadOnlyCollection<Flag> survivorFlags, IReadOnlyCollection<Flag> mergedFlags,
        string reason, string userId, string userName, DateTimeOffset now)
    {
        var text = (reason ?? string.Empty).Trim();
        var v = new Validator();
        v.Require(text.Length > 0, "Reason", "Enter why these records are the same child");
        v.MaxLength(text, ChildMerge.MaxReasonLength, "Reason", "The reason");
        v.ThrowIfAny();
        v.Require(survivor.Id != merged.Id, "Survivor", "Choose two different records");
        v.Require(survivor.OrganisationId == merged.OrganisationId, "Survivor",
            "Records held by different organisations cannot be merged: record that they are the same child instead");
        v.Require(!survivor.IsMerged, "Survivor", $"{survivor.Reference} has already been merged into another record");
        v.Require(!merged.IsMerged, "Survivor", $"{merged.Reference} has already been merged into another record");
        v.ThrowIfAny();
        CheckCombinedRecord(survivor, merged, v);
        var addedNames = NamesToAdd(survivor, merged);
        v.Require(addedNames.TrueForAll(n => n.Length <= Child.MaxNameLength), "Survivor",
            $"{merged.Reference}'s whole name is longer than {Child.MaxNameLength} characters and cannot be kept as another name; shorten it before merging");
        v.Require(survivor.OtherNames.Count + addedNames.Count <= 50, "Survivor",
            $"Together the records have more than 50 other names; remove some from {merged.Reference} before merging");
        v.ThrowIfAny();

        var merge = ChildMerge.Record(survivor, merged, text, userId, userName, now);
        var recordIds = merged.Referrals.Select(r => r.Id)
            .Concat(merged.MissingEpisodes.Select(e => e.Id))
            .Concat(merged.Placements.Select(p => p.Id))
            .Concat(merged.SupportRequests.Select(s => s.Id))
            .Concat(merged.Notes.Select(n => n.Id))
            .ToHashSet();
        merge.MovedRecordIds.AddRange(recordIds);
        survivor.TakeRecords(merged, recordIds, now);
        survivor.AddOtherNames(addedNames);
        merge.AddedNames.AddRange(addedNames);
        merged.MarkMergedInto(survivor.Id, now);

        var samePair = $"Same child: {merged.Reference} merged into {survivor.Reference}";
        foreach (var flag in survivorFlags.Where(f => f.IsOpen && f.RuleCode == Flag.MatchCode && f.OccurrenceKey == merged.Id.ToString()))
        {
            flag.Resolve(userId, userName, samePair, now);
        }

        foreach (var flag in mergedFlags)
        {
            if (flag.IsOpen && flag.RuleCode == Flag.MatchCode && flag.OccurrenceKey == survivor.Id.ToString())
            {
                flag.Resolve(userId, userName, samePair, now);
            }
            else if (flag.IsOpen && !flag.IsOutsideRules
                && survivorFlags.Any(f => f.IsOpen && f.RuleCode == flag.RuleCode && f.OccurrenceKey == flag.OccurrenceKey))
            {
                // One open flag per record, rule and occurrence: the survivor's stays, and the rules re-run on everything. A flag
                // for another occurrence moves open, so a merge never closes the only flag for what is happening now.
                flag.Resolve(userId, userName, $"{merged.Reference} merged into {survivor.Reference}, which has its own open {flag.RuleCode} flag", now);
                merge.ClosedFlagIds.Add(flag.Id);
            }

            flag.MoveTo(survivor.Id, $"Moved from {merged.Reference} when it was merged into {survivor.Reference}", now);
            merge.MovedFlagIds.Add(flag.Id);
        }

        return merge;
    }

    /// <summary>
    /// Puts back everything the merge moved (records added to the survivor since stay with it), and raises
    /// RR-00 on both records so a manager decides the pair again. Returns the new flags.
    /// </summary>
    public static IReadOnlyList<Flag> Undo(
        ChildMerge merge, Child survivor, Child merged, IReadOnlyCollection<Flag> survivorFlags,
        string reason, string userId, string userName, DateTimeOffset now)
    {
        var text = (reason ?? string.Empty).Trim();
        var v = new Validator();
        v.Require(text.Length > 0, "Reason", "Enter why you are undoing the merge");
        v.MaxLength(text, ChildMerge.MaxReasonLength, "Reason", "The reason");
        v.Require(!merge.IsUndone, "Reason", "This merge has already been undone");
        v.ThrowIfAny();
        if (merge.SurvivorId != survivor.Id || merge.MergedId != merged.Id || merged.MergedIntoId != survivor.Id)
        {
            throw new InvalidOperationException("The records given are not the ones this merge joined.");
        }

        merged.TakeRecords(survivor, merge.MovedRecordIds.ToHashSet(), now);
        survivor.RemoveOtherNames(merge.AddedNames);
        merged.MarkMergedInto(null, now);
        var moved = merge.MovedFlagIds.ToHashSet();
        var closed = merge.ClosedFlagIds.ToHashSet();
        var back = $"Moved back to {merged.Reference}: the merge into {survivor.Reference} was undone";
        foreach (var flag in survivorFlags.Where(f => moved.Contains(f.Id)))
        {
            flag.MoveTo(merged.Id, back, now);
            if (closed.Contains(flag.Id))
            {
                flag.ReleaseAfterUnmerge("The merge that closed this flag was undone; the rules decide again", now);
            }
        }

        merge.MarkUndone(text, userId, userName, now);
        var evidence = $"The merge of {merged.Reference} into {survivor.Reference} was undone by {userName}. Decide again whether these are the same child.";
        return
        [
            Flag.RaiseMatch(survivor.Id, merged.Id, Severity.Medium, evidence, null, null, now),
            Flag.RaiseMatch(merged.Id, survivor.Id, Severity.Medium, evidence, null, null, now),
        ];
    }

    /// <summary>The combined record must keep the model's rules with the survivor's date of birth.</summary>
    private static void CheckCombinedRecord(Child survivor, Child merged, Validator v)
    {
        if (survivor.DateOfBirth is { } dob)
        {
            foreach (var referral in merged.Referrals)
            {
                v.Require(referral.ReferralDate >= dob, "Survivor",
                    $"{merged.Reference}'s referral of {UkCalendar.Format(referral.ReferralDate)} is before {survivor.Reference}'s date of birth ({UkCalendar.Format(dob)}); correct the date of birth first");
                v.Require(referral.ReferralDate < dob || survivor.DobPrecision == DobPrecision.Disputed || UkCalendar.AgeOn(dob, referral.ReferralDate) < 18, "Survivor",
                    $"With {survivor.Reference}'s date of birth the child was 18 or over at {merged.Reference}'s referral of {UkCalendar.Format(referral.ReferralDate)}; correct the date of birth or record it as disputed first");
            }

            var earliest = new[]
            {
                merged.Placements.Select(p => (DateOnly?)p.StartDate).Min(),
                merged.SupportRequests.Select(s => (DateOnly?)s.RequestedOn).Min(),
                merged.MissingEpisodes.Select(e => (DateOnly?)UkCalendar.DateOf(e.WentMissingAt)).Min(),
            }.Min();
            v.Require(earliest is null || earliest >= dob, "Survivor",
                $"{merged.Reference} has a placement, missing episode or support request on {UkCalendar.Format(earliest ?? dob)}, before {survivor.Reference}'s date of birth; correct the date of birth first");
        }

        foreach (var ours in survivor.MissingEpisodes)
        {
            foreach (var theirs in merged.MissingEpisodes)
            {
                var overlap = ours.WentMissingAt < (theirs.ReturnedAt ?? DateTimeOffset.MaxValue)
                    && theirs.WentMissingAt < (ours.ReturnedAt ?? DateTimeOffset.MaxValue);
                v.Require(!overlap, "Survivor",
                    $"{merged.Reference}'s missing episode from {UkCalendar.Format(UkCalendar.DateOf(theirs.WentMissingAt))} overlaps {survivor.Reference}'s from {UkCalendar.Format(UkCalendar.DateOf(ours.WentMissingAt))}: a child is missing once at a time. Correct the episodes (for example record the return) before merging");
            }
        }
    }

    /// <summary>The merged record's full name and other names that the survivor does not already have.</summary>
    private static List<string> NamesToAdd(Child survivor, Child merged)
    {
        var known = new HashSet<string>(survivor.OtherNames, StringComparer.OrdinalIgnoreCase) { survivor.FullName };
        var added = new List<string>();
        foreach (var name in new[] { merged.FullName }.Concat(merged.OtherNames))
        {
            if (name.Length > 0 && known.Add(name))
            {
                added.Add(name);
            }
        }

        return added;
    }
}
