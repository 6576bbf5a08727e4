using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>A child referred, or about to be referred, to the NRM, and everything recorded about them.</summary>
public sealed partial class Child
{
    public const int MaxNameLength = 200;

    private readonly List<NrmReferral> _referrals = [];
    private readonly List<MissingEpisode> _missingEpisodes = [];
    private readonly List<Placement> _placements = [];
    private readonly List<SupportRequest> _supportRequests = [];
    private readonly List<CaseNote> _notes = [];
    private List<string> _otherNames = [];
    private List<string> _nationalities = [];
    private List<string> _matchKeys = [];

    private Child()
    {
        Reference = string.Empty;
        GivenNames = string.Empty;
        FamilyName = string.Empty;
        MatchName = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>The human-readable system reference, e.g. TC-000123.</summary>
    public string Reference { get; private set; }

    /// <summary>The id another system (the council's case system, a spreadsheet) knows the child by.</summary>
    public string? ExternalId { get; private set; }

    public string GivenNames { get; private set; }

    public string FamilyName { get; private set; }

    public IReadOnlyList<string> OtherNames => _otherNames;

    public DateOnly? DateOfBirth { get; private set; }

    public DobPrecision DobPrecision { get; private set; }

    public Gender Gender { get; private set; }

    /// <summary>ISO 3166-1 alpha-3 codes; empty when not known.</summary>
    public IReadOnlyList<string> Nationalities => _nationalities;

    public string? FirstLanguage { get; private set; }

    /// <summary>Name keys the candidate search looks up (see <see cref="Matching.NameNormaliser.SearchKeys(string, string, IEnumerable{string})"/>).</summary>
    public IReadOnlyList<string> MatchKeys => _matchKeys;

    /// <summary>The whole name folded and in canonical spelling, for close-spelling search.</summary>
    public string MatchName { get; private set; }

    public bool InterpreterNeeded { get; private set; }

    /// <summary>Unaccompanied asylum-seeking child.</summary>
    public bool IsUasc { get; private set; }

    /// <summary>Whether someone in the UK holds parental responsibility (null: not recorded).</summary>
    public bool? ParentalResponsibilityInUk { get; private set; }

    public Guid OrganisationId { get; private set; }

    public string? AssignedCaseworkerId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When anything in the child's record last changed; orders the caseload.</summary>
    public DateTimeOffset LastActivityAt { get; private set; }

    /// <summary>Concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    /// <summary>Set when this record was merged into another record of the same child; it then only redirects there.</summary>
    public Guid? MergedIntoId { get; private set; }

    public DateTimeOffset? MergedAt { get; private set; }

    public bool IsMerged => MergedIntoId is not null;

    public IReadOnlyList<NrmReferral> Referrals => _referrals;

    public IReadOnlyList<MissingEpisode> MissingEpisodes => _missingEpisodes;

    public IReadOnlyList<Placement> Placements => _placements;

    public IReadOnlyList<SupportRequest> SupportRequests => _supportRequests;

    public IReadOnlyList<CaseNote> Notes => _notes;

    public string FullName => FullNameOf(GivenNames, FamilyName);

    /// <summary>A person's whole name as the pages show it: given names then family name, either of which may be empty.</summary>
    public static string FullNameOf(string givenNames, string familyName) =>
        givenNames.Length == 0 ? familyName : familyName.Length == 0 ? givenNames : $"{givenNames} {familyName}";

    public static Child Register(
        string reference, ChildDetails details, Guid organisationId, string? assignedCaseworkerId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var child = new Child
        {
            Id = Guid.CreateVersion7(),
            Reference = reference,
            OrganisationId = organisationId,
            AssignedCaseworkerId = assignedCaseworkerId,
            CreatedAt = now,
            LastActivityAt = now,
        };
        child.Apply(details, now);
        return child;
    }

    /// <summary>What is wrong with these details for a new child, without registering one; empty when nothing is.</summary>
    public static IReadOnlyList<ValidationError> Check(ChildDetails details, DateTimeOffset now)
    {
        try
        {
            Register("TC-CHECK", details, Guid.Empty, null, now);
            return [];
        }
        catch (DomainValidationException e)
        {
            return e.Errors;
        }
    }

    public void UpdateDetails(ChildDetails details, DateTimeOffset now)
    {
        Apply(details, now);
        Touch(now);
    }

    public void AssignCaseworker(string? userId, DateTimeOffset now)
    {
        AssignedCaseworkerId = string.IsNullOrWhiteSpace(userId) ? null : userId;
        Touch(now);
    }

    public NrmReferral AddReferral(ReferralDetails details, DateTimeOffset now)
    {
        var referral = new NrmReferral(Id, details, this, now);
        _referrals.Add(referral);
        Touch(now);
        return referral;
    }

    public NrmReferral UpdateReferral(Guid referralId, ReferralDetails details, DateTimeOffset now)
    {
        var referral = Find(_referrals, referralId, r => r.Id);
        referral.EnsureChangeable();
        referral.Update(details, this, now);
        Touch(now);
        return referral;
    }

    public MissingEpisode RecordMissingEpisode(MissingEpisodeDetails details, DateTimeOffset now)
    {
        var episode = new MissingEpisode(Id, details, this, now);
        _missingEpisodes.Add(episode);
        Touch(now);
        return episode;
    }

    public MissingEpisode UpdateMissingEpisode(Guid episodeId, MissingEpisodeDetails details, DateTimeOffset now)
    {
        var episode = Find(_missingEpisodes, episodeId, e => e.Id);
        episode.EnsureChangeable();
        episode.Update(details, this, now);
        Touch(now);
        return episode;
    }

    /// <summary>
    /// Records the return of a child who is missing now: the episode's other details stay as they are. Refused
    /// when the episode is already closed (someone else recorded the return), so nothing they entered is overwritten.
    /// </summary>
    public MissingEpisode RecordReturn(Guid episodeId, ReturnDetails details, DateTimeOffset now)
    {
        var episode = Find(_missingEpisodes, episodeId, e => e.Id);
        if (!episode.IsOngoing)
        {
            throw new DomainValidationException(nameof(ReturnDetails.ReturnedAt),
                $"The return was already recorded ({UkCalendar.Format(episode.ReturnedAt!.Value)}); change the episode instead");
        }

        if (details.ReturnedAt is null)
        {
            throw new DomainValidationException(nameof(ReturnDetails.ReturnedAt), "Enter when the child returned");
        }

        return UpdateMissingEpisode(episodeId, episode.ToDetails() with
        {
            ReturnedAt = details.ReturnedAt,
            WhereaboutsKnown = details.WhereaboutsKnown,
            ReturnInterviewOfferedAt = details.ReturnInterviewOfferedAt,
        }, now);
    }

    public Placement AddPlacement(PlacementDetails details, DateTimeOffset now)
    {
        var placement = new Placement(Id, details, this, now);
        _placements.Add(placement);
        Touch(now);
        return placement;
    }

    public Placement UpdatePlacement(Guid placementId, PlacementDetails details, DateTimeOffset now)
    {
        var placement = Find(_placements, placementId, p => p.Id);
        placement.EnsureChangeable();
        placement.Update(details, this, now);
        Touch(now);
        return placement;
    }

    public SupportRequest RequestSupport(SupportRequestDetails details, DateTimeOffset now)
    {
        var request = new SupportRequest(Id, details, this, now);
        _supportRequests.Add(request);
        Touch(now);
        return request;
    }

    public SupportRequest UpdateSupportRequest(Guid requestId, SupportRequestDetails details, DateTimeOffset now)
    {
        var request = Find(_supportRequests, requestId, s => s.Id);
        request.EnsureChangeable();
        request.Update(details, this, now);
        Touch(now);
        return request;
    }

    public CaseNote AddNote(string text, string authorId, string authorName, DateTimeOffset now)
    {
        var note = new CaseNote(Id, text, authorId, authorName, now);
        _notes.Add(note);
        Touch(now);
        return note;
    }

    public ChildDetails ToDetails() => new()
    {
        ExternalId = ExternalId,
        GivenNames = GivenNames,
        FamilyName = FamilyName,
        OtherNames = OtherNames,
        DateOfBirth = DateOfBirth,
        DobPrecision = DobPrecision,
        Gender = Gender,
        Nationalities = Nationalities,
        FirstLanguage = FirstLanguage,
        InterpreterNeeded = InterpreterNeeded,
        IsUasc = IsUasc,
        ParentalResponsibilityInUk = ParentalResponsibilityInUk,
    };

    /// <summary>Recomputes the search keys from the names as stored (for records saved before the keys existed).</summary>
    public void RefreshMatchKeys()
    {
        _matchKeys = [.. Matching.NameNormaliser.SearchKeys(GivenNames, FamilyName, _otherNames)];
        MatchName = Matching.NameNormaliser.MatchName(GivenNames, FamilyName);
    }

    /// <summary>Moves the given records from <paramref name="from"/> to this child (a merge, or its undoing).</summary>
    internal void TakeRecords(Child from, ISet<Guid> ids, DateTimeOffset now)
    {
        Take(from._referrals, _referrals, ids, r => r.Id, r => r.MoveTo(Id));
        Take(from._missingEpisodes, _missingEpisodes, ids, e => e.Id, e => e.MoveTo(Id));
        Take(from._placements, _placements, ids, p => p.Id, p => p.MoveTo(Id));
        Take(from._supportRequests, _supportRequests, ids, s => s.Id, s => s.MoveTo(Id));
        Take(from._notes, _notes, ids, n => n.Id, n => n.MoveTo(Id));
        Touch(now);
        from.Touch(now);
    }

    internal void AddOtherNames(IEnumerable<string> names)
    {
        _otherNames = [.. _otherNames, .. names];
        RefreshMatchKeys();
    }

    internal void RemoveOtherNames(IEnumerable<string> names)
    {
        var remove = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        _otherNames = [.. _otherNames.Where(n => !remove.Contains(n))];
        RefreshMatchKeys();
    }

    internal void MarkMergedInto(Guid? survivorId, DateTimeOffset now)
    {
        MergedIntoId = survivorId;
        MergedAt = survivorId is null ? null : now;
        Touch(now);
    }

    /// <summary>The child's age on a date, when the date of birth is recorded.</summary>
    public int? AgeOn(DateOnly date) => DateOfBirth is { } dob ? UkCalendar.AgeOn(dob, date) : null;

    /// <summary>The episode the child is missing in now, if any (an episode marked as entered in error is not).</summary>
    public MissingEpisode? CurrentMissingEpisode => _missingEpisodes.FirstOrDefault(e => e.ReturnedAt is null && !e.IsEnteredInError);

    internal void Touch(DateTimeOffset now)
    {
        if (now > LastActivityAt)
        {
            LastActivityAt = now;
        }
    }

    private static void Take<T>(List<T> source, List<T> target, ISet<Guid> ids, Func<T, Guid> key, Action<T> move)
    {
        foreach (var item in source.Where(i => ids.Contains(key(i))).ToList())
        {
            source.Remove(item);
            move(item);
            target.Add(item);
        }
    }

    private static T Find<T>(List<T> items, Guid id, Func<T, Guid> key) =>
        items.FirstOrDefault(i => key(i) == id)
        ?? throw new KeyNotFoundException($"No {typeof(T).Name} {id} on this child.");

    private void Apply(ChildDetails d, DateTimeOffset now)
    {
        var today = UkCalendar.DateOf(now);
        var v = new Validator();
        var givenNames = Clean(d.GivenNames);
        var familyName = Clean(d.FamilyName);
        v.Require(givenNames.Length > 0 || familyName.Length > 0, nameof(ChildDetails.GivenNames),
            "Enter the child's given names or family name");
        v.MaxLength(givenNames, MaxNameLength, nameof(ChildDetails.GivenNames), "Given names");
        v.MaxLength(familyName, MaxNameLength, nameof(ChildDetails.FamilyName), "Family name");
        var otherNames = d.OtherNames.Select(Clean).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        v.Require(otherNames.TrueForAll(n => n.Length <= MaxNameLength), nameof(ChildDetails.OtherNames),
            $"Each other name or alias must be {MaxNameLength} characters or fewer");
        v.Require(otherNames.Count <= 50, nameof(ChildDetails.OtherNames), "Record 50 other names or fewer");
        v.Require(d.DateOfBirth is null || d.DateOfBirth <= today, nameof(ChildDetails.DateOfBirth),
            "Date of birth must be today or in the past");
        v.Require(d.DateOfBirth is null || d.DateOfBirth >= today.AddYears(-30), nameof(ChildDetails.DateOfBirth),
            "Date of birth must be within the last 30 years");
        v.Require(Enum.IsDefined(d.DobPrecision), nameof(ChildDetails.DobPrecision), "Choose how sure the date of birth is");
        v.Require(Enum.IsDefined(d.Gender), nameof(ChildDetails.Gender), "Choose the child's gender");
        var nationalities = d.Nationalities.Where(n => n is not null).Select(Children.Nationalities.Normalise).Where(n => n.Length > 0).Distinct().ToList();
        var unknown = nationalities.Where(n => !Children.Nationalities.IsValid(n)).ToList();
        v.Require(unknown.Count == 0, nameof(ChildDetails.Nationalities),
            $"Nationality must be an ISO 3166-1 three-letter code, like GBR or ALB (not {string.Join(", ", unknown)})");
        var externalId = string.IsNullOrWhiteSpace(d.ExternalId) ? null : d.ExternalId.Trim();
        v.MaxLength(externalId, 100, nameof(ChildDetails.ExternalId), "External id");
        var language = string.IsNullOrWhiteSpace(d.FirstLanguage) ? null : d.FirstLanguage.Trim();
        v.MaxLength(language, 100, nameof(ChildDetails.FirstLanguage), "First language");

        // A changed date of birth must keep every referral a child referral.
        if (d.DateOfBirth is { } dob)
        {
            foreach (var referral in _referrals.Standing())
            {
                v.Require(referral.ReferralDate >= dob, nameof(ChildDetails.DateOfBirth),
                    $"Date of birth must be on or before the referral of {UkCalendar.Format(referral.ReferralDate)}");
                v.Require(d.DobPrecision == DobPrecision.Disputed || UkCalendar.AgeOn(dob, referral.ReferralDate) < 18,
                    nameof(ChildDetails.DateOfBirth),
                    $"With this date of birth the child was 18 or over at the referral of {UkCalendar.Format(referral.ReferralDate)}; record the date of birth as disputed if the age is contested");
            }

            var earliest = new[]
            {
                _placements.Standing().Select(p => (DateOnly?)p.StartDate).Min(),
                _supportRequests.Standing().Select(s => (DateOnly?)s.RequestedOn).Min(),
                _missingEpisodes.Standing().Select(e => (DateOnly?)UkCalendar.DateOf(e.WentMissingAt)).Min(),
            }.Min();
            v.Require(earliest is null || earliest >= dob, nameof(ChildDetails.DateOfBirth),
                $"Date of birth must be on or before the child's earliest placement, missing episode or support request ({UkCalendar.Format(earliest ?? dob)})");
        }

        v.ThrowIfAny();
        ExternalId = externalId;
        GivenNames = givenNames;
        FamilyName = familyName;
        _otherNames = otherNames;
        DateOfBirth = d.DateOfBirth;
        DobPrecision = d.DobPrecision;
        Gender = d.Gender;
        _nationalities = nationalities;
        FirstLanguage = language;
        InterpreterNeeded = d.InterpreterNeeded;
        IsUasc = d.IsUasc;
        ParentalResponsibilityInUk = d.ParentalResponsibilityInUk;
        RefreshMatchKeys();
    }

    private static string Clean(string? value) =>
        string.Join(' ', (value ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
