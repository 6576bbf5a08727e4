namespace TraffickingCases.Domain.Children;

/// <summary>The kinds of record in a child's history that a person can correct: move to another child, or mark as entered in error.</summary>
public enum HistoryRecordKind
{
    Referral,
    MissingEpisode,
    Placement,
    SupportRequest,
    Note,
}

/// <summary>How a kind of record is named in a sentence.</summary>
public static class HistoryRecordKinds
{
    /// <summary>The kind in lower case, as in "This missing episode cannot be moved".</summary>
    public static string Noun(HistoryRecordKind kind) => kind switch
    {
        HistoryRecordKind.Referral => "NRM referral",
        HistoryRecordKind.MissingEpisode => "missing episode",
        HistoryRecordKind.Placement => "placement",
        HistoryRecordKind.SupportRequest => "support request",
        HistoryRecordKind.Note => "note",
    };
}

/// <summary>Who marked a record as entered in error, when and why; the record stays, greyed, and no rule reads it.</summary>
public sealed record EnteredInErrorMark(DateTimeOffset At, string Reason, string ById, string ByName)
{
    public const int MaxReasonLength = 2000;

    /// <summary>The mark, or every reason it cannot be made, in words a caseworker understands.</summary>
    internal static EnteredInErrorMark Make(bool alreadyMarked, string reason, string userId, string userName, DateTimeOffset now)
    {
        var v = new Common.Validator();
        var text = (reason ?? string.Empty).Trim();
        v.Require(!alreadyMarked, "Reason", "This record is already marked as entered in error");
        v.Require(text.Length > 0, "Reason", "Enter why this record was entered in error");
        v.MaxLength(text, MaxReasonLength, "Reason", "The reason");
        v.ThrowIfAny();
        return new EnteredInErrorMark(now, text, userId, userName);
    }

    /// <summary>The refusal of any change to a record marked as entered in error.</summary>
    internal static Common.DomainValidationException Unchangeable() =>
        new(string.Empty, "This record was marked as entered in error, so it cannot be changed or moved");
}

/// <summary>Records as the rules and the child's current facts see them: without those marked as entered in error.</summary>
public static class StandingRecords
{
    /// <summary>The records not marked as entered in error.</summary>
    public static IEnumerable<T> Standing<T>(this IEnumerable<T> records)
        where T : ChildHistoryRecord => records.Where(r => !r.IsEnteredInError);

    /// <summary>The list itself when nothing in it is entered in error (the usual case), else a copy without those records.</summary>
    public static IReadOnlyList<T> StandingList<T>(this IReadOnlyList<T> records)
        where T : ChildHistoryRecord
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].IsEnteredInError)
            {
                return records.Where(r => !r.IsEnteredInError).ToList();
            }
        }

        return records;
    }
}
