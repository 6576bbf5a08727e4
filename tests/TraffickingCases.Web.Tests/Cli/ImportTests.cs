using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Cli;

[Collection(HttpCollection.Name)]
public sealed class ImportTests(AppFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-import-").FullName;

    [Fact]
    public async Task An_import_with_one_bad_row_writes_nothing_and_reports_every_error_by_row_and_column()
    {
        var file = Write("children.csv",
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc",
            "BAD-1,Ardit,Hoxha,,2009-01-01,exact,male,ALB,NSC,true",
            "BAD-2,Ana,Shehu,,2030-01-01,exact,female,ALB,NSC,false",
            "BAD-3,Elira,Berisha,,2009-13-01,sometimes,girl,XYZ,NOPE,maybe");

        var (code, output, error) = await Tc("import", "children", file);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("row 3, date_of_birth: Date of birth must be today or in the past", lines);
        Assert.Contains("row 4, date_of_birth: '2009-13-01' is not a date in the form YYYY-MM-DD", lines);
        Assert.Contains(lines, l => l.StartsWith("row 4, dob_precision:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("row 4, gender:", StringComparison.Ordinal));
        Assert.Contains("row 4, organisation_code: no organisation has the code 'NOPE'", lines);
        Assert.Contains(lines, l => l.StartsWith("row 4, uasc:", StringComparison.Ordinal));
        Assert.Contains("error: nothing imported: 6 errors in 3 rows", lines);
        await using var db = fixture.Database.CreateContext();
        Assert.False(await db.Children.AnyAsync(c => c.ExternalId!.StartsWith("BAD-")));
    }

    [Fact]
    public async Task Importing_the_same_files_twice_changes_nothing_the_second_time()
    {
        var children = Write("children.csv",
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc",
            "IMP-1,Nguyễn Van,Minh,Minh Nguyen;Little,2008-01-01,estimated,male,VNM,NSC,true",
            "IMP-2,\"Amna, Fatima\",Osman,,2009-07-15,disputed,female,SDN,EBC,true");
        var referrals = Write("referrals.csv",
            "child_external_id,referral_date,first_responder_type,first_responder_organisation,exploitation_types,county_lines,exploitation_location,future_exploitation_concern,competent_authority,rg_decision,rg_decision_date,cg_decision,cg_decision_date",
            "IMP-1,2024-01-10,police,Kent Police,criminal;labour,true,uk_and_overseas,true,ieca,positive,2024-01-15,positive,2024-03-01",
            "IMP-1,2024-09-01,local_authority,North Shire Council,criminal,false,uk,false,sca,pending,,pending,",
            "IMP-2,2024-02-01,ngo,Barnardo's,sexual,false,uk,false,sca,negative,2024-02-20,,");
        var missing = Write("missing.csv",
            "child_external_id,missing_from,returned_at,whereabouts_known,reported_to_police_at,police_reference,risk_level,return_interview_offered_at,return_interview_completed_at",
            "IMP-1,2024-04-01T22:00:00+01:00,2024-04-03T09:00:00+01:00,false,2024-04-01T23:00:00+01:00,KP/1,high,2024-04-03T12:00:00+01:00,");
        var placements = Write("placements.csv", "child_external_id,placement_type,start_date,end_date", "IMP-1,home_office_hotel,2024-01-11,2024-02-01", "IMP-1,foster,2024-02-02,");
        var support = Write("support.csv", "child_external_id,support_type,requested_on,started_on", "IMP-2,mental_health,2024-02-05,");

        var first = new[]
        {
            await Tc("import", "children", children), await Tc("import", "referrals", referrals), await Tc("import", "missing-episodes", missing),
            await Tc("import", "placements", placements), await Tc("import", "support", support),
        };
        Assert.All(first, r => Assert.Equal(0, r.Code));
        Assert.Equal("imported 2 children (0 already present) from 2 rows", first[0].Output.Trim());
        Assert.Equal("imported 3 referrals (0 already present) from 3 rows", first[1].Output.Trim());
        var before = await Snapshot();

        var second = new[]
        {
            await Tc("import", "children", children), await Tc("import", "referrals", referrals), await Tc("import", "missing-episodes", missing),
            await Tc("import", "placements", placements), await Tc("import", "support", support),
        };

        Assert.All(second, r => Assert.Equal(0, r.Code));
        Assert.Equal("imported 0 children (2 already present) from 2 rows", second[0].Output.Trim());
        Assert.Equal("imported 0 referrals (3 already present) from 3 rows", second[1].Output.Trim());
        Assert.Equal(before, await Snapshot());
        await using var db = fixture.Database.CreateContext();
        var minh = await db.Children.Include(c => c.Referrals).SingleAsync(c => c.ExternalId == "IMP-1");
        Assert.Equal(["Minh Nguyen", "Little"], minh.OtherNames);
        Assert.Equal(2, minh.Referrals.Count);
        Assert.Equal(TraffickingCases.Domain.Children.ExploitationTypes.Criminal | TraffickingCases.Domain.Children.ExploitationTypes.Labour, minh.Referrals.OrderBy(r => r.ReferralDate).First().ExploitationTypes);
    }

    [Fact]
    public async Task Errors_after_a_cell_with_a_line_break_name_the_row_a_spreadsheet_shows()
    {
        var file = Write("children.csv",
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc",
            "ROW-1,Ardit,Hoxha,\"Ardi\r\nArditi\",2009-01-01,exact,male,ALB,NSC,true",
            "ROW-2,Elira,Berisha,,2009-13-01,exact,female,ALB,NSC,false");

        var (code, _, error) = await Tc("import", "children", file, "--dry-run");

        Assert.Equal(1, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("row 3, date_of_birth: '2009-13-01' is not a date in the form YYYY-MM-DD", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("row 4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unclosed_quote_is_an_error_naming_its_row_and_nothing_after_it_is_imported()
    {
        var file = Write("children.csv",
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc",
            "QUO-1,Ardit,Hoxha,,2009-01-01,exact,male,ALB,NSC,true",
            "QUO-2,\"Amna, Fatima,Osman,,2009-07-15,disputed,female,SDN,EBC,true",
            "QUO-3,Elira,Berisha,,2009-03-01,exact,female,ALB,NSC,false",
            "QUO-4,Ana,Shehu,,2010-05-01,exact,female,ALB,NSC,false");

        var (code, output, error) = await Tc("import", "children", file);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("row 3, given_names: this cell's opening quote is never closed", error, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        Assert.False(await db.Children.AnyAsync(c => c.ExternalId!.StartsWith("QUO-")));
    }

    [Fact]
    public async Task Tc_match_reports_an_unclosed_quote_instead_of_skipping_the_rows_after_it()
    {
        var file = Write("match.csv",
            "external_id,given_names,family_name,date_of_birth",
            "MQ-1,\"Ardit,Quotefamily,2009-01-01",
            "MQ-2,Ana,Quotefamily,2010-01-01");

        var (code, _, error) = await Tc("match", file);

        Assert.Equal(1, code);
        Assert.Contains("row 2, given_names: this cell's opening quote is never closed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_referral_for_an_unknown_child_is_a_row_error()
    {
        var referrals = Write("referrals.csv",
            "child_external_id,referral_date,first_responder_type,first_responder_organisation,exploitation_types,county_lines,exploitation_location,future_exploitation_concern,competent_authority,rg_decision,rg_decision_date,cg_decision,cg_decision_date",
            "NOBODY,2024-01-10,police,Kent Police,criminal,false,uk,false,sca,pending,,pending,");

        var (code, _, error) = await Tc("import", "referrals", referrals, "--dry-run");

        Assert.Equal(1, code);
        Assert.Contains("row 2, child_external_id: no child has the external id 'NOBODY'; import the children file first", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_whose_external_id_another_organisation_holds_is_a_row_error_naming_no_organisation()
    {
        const string header = "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc";
        Assert.Equal(0, (await Tc("import", "children", Write("east.csv", header, "NTK-IMP-1,Mehari,Importheld,,2008-06-01,exact,male,ERI,EBC,true"))).Code);
        var north = Write("north.csv", header, "NTK-IMP-1,Senait,Importclash,,2009-01-01,exact,female,ERI,NSC,false");

        var (code, _, error) = await Tc("import", "children", north);

        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.StartsWith("row 2", StringComparison.Ordinal));
        Assert.Equal($"row 2, external_id: {TraffickingCases.Infrastructure.Import.CaseImporter.ExternalIdInUse}", line);
        foreach (var hidden in new[] { "East", "EBC", "Mehari", "Importheld" })
        {
            Assert.DoesNotContain(hidden, error, StringComparison.OrdinalIgnoreCase);
        }

        await using var db = fixture.Database.CreateContext();
        Assert.False(await db.Children.AnyAsync(c => c.FamilyName == "Importclash"));
    }

    private const string ChildrenHeader = "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc";
    private const string ReferralsHeader = "child_external_id,referral_date,first_responder_type,first_responder_organisation,exploitation_types,county_lines,exploitation_location,future_exploitation_concern,competent_authority,rg_decision,rg_decision_date,cg_decision,cg_decision_date";
    private const string MissingHeader = "child_external_id,missing_from,returned_at,whereabouts_known,reported_to_police_at,police_reference,risk_level,return_interview_offered_at,return_interview_completed_at";
    private const string PlacementsHeader = "child_external_id,placement_type,start_date,end_date";

    [Fact]
    public async Task The_optional_columns_import_parental_responsibility_suspension_adult_support_a_declined_interview_concerns_and_placement_area()
    {
        Assert.Equal(0, (await Tc("import", "children", Write("children.csv", ChildrenHeader + ",parental_responsibility_in_uk",
            "OPT-1,Lindita,Optionalcols,,2006-05-01,exact,female,ALB,NSC,false,true",
            "OPT-2,Besart,Optionalcols,,2008-05-01,exact,male,ALB,NSC,true,"))).Code);
        var referrals = await Tc("import", "referrals", Write("referrals.csv",
            ReferralsHeader + ",withdrawn_on,withdrawal_reason,suspended,adult_support_referred_on",
            "OPT-1,2024-01-10,police,Kent Police,sexual,false,uk,false,sca,pending,,pending,,2024-05-02,No consent at 18,true,2024-05-20",
            "OPT-2,2024-02-10,police,Kent Police,criminal,false,uk,false,sca,pending,,pending,,,,,"));
        var missing = await Tc("import", "missing-episodes", Write("missing.csv", MissingHeader + ",return_interview_declined,concerns",
            "OPT-2,2024-04-01T22:00:00+01:00,2024-04-03T09:00:00+01:00,false,,,,,,true,\"Seen with older men, new trainers\""));
        var placements = await Tc("import", "placements", Write("placements.csv", PlacementsHeader + ",area,out_of_area,ofsted_registered",
            "OPT-1,supported_accommodation,2024-03-01,,Kent,true,false",
            "OPT-2,foster,2024-03-01,,,,"));

        Assert.Equal((0, 0, 0), (referrals.Code, missing.Code, placements.Code));
        Assert.Equal("imported 2 placements (0 already present) from 2 rows", placements.Output.Trim());
        await using var db = fixture.Database.CreateContext();
        var children = await db.Children.Include(c => c.Referrals).Include(c => c.MissingEpisodes).Include(c => c.Placements).AsSplitQuery()
            .Where(c => c.ExternalId!.StartsWith("OPT-")).OrderBy(c => c.ExternalId).ToListAsync();
        Assert.Equal([true, null], children.Select(c => c.ParentalResponsibilityInUk));
        var suspended = Assert.Single(children[0].Referrals);
        Assert.Equal((new DateOnly(2024, 5, 2), "No consent at 18", true, (DateOnly?)new DateOnly(2024, 5, 20)),
            (suspended.WithdrawnOn!.Value, suspended.WithdrawalReason, suspended.Suspended, suspended.AdultSupportReferredOn));
        var open = Assert.Single(children[1].Referrals);
        Assert.Equal(((DateOnly?)null, false, (DateOnly?)null), (open.WithdrawnOn, open.Suspended, open.AdultSupportReferredOn));
        var episode = Assert.Single(children[1].MissingEpisodes);
        Assert.Equal((true, "Seen with older men, new trainers"), (episode.ReturnInterviewDeclined, episode.Concerns));
        var supported = Assert.Single(children[0].Placements);
        Assert.Equal(("Kent", (bool?)true, (bool?)false), (supported.Area, supported.OutOfArea, supported.OfstedRegistered));
        var foster = Assert.Single(children[1].Placements);
        Assert.Equal(((string?)null, (bool?)null, (bool?)null), (foster.Area, foster.OutOfArea, foster.OfstedRegistered));
    }

    [Fact]
    public async Task Files_without_the_optional_columns_import_as_before_and_leave_the_new_fields_unrecorded()
    {
        Assert.Equal(0, (await Tc("import", "children", Write("children.csv", ChildrenHeader, "NOOPT-1,Valbona,Withoutcols,,2008-05-01,exact,female,ALB,NSC,false"))).Code);
        var referrals = await Tc("import", "referrals", Write("referrals.csv", ReferralsHeader,
            "NOOPT-1,2024-01-10,police,Kent Police,sexual,false,uk,false,sca,pending,,pending,"));
        var missing = await Tc("import", "missing-episodes", Write("missing.csv", MissingHeader,
            "NOOPT-1,2024-04-01T22:00:00+01:00,2024-04-03T09:00:00+01:00,false,,,,,"));
        var placements = await Tc("import", "placements", Write("placements.csv", PlacementsHeader, "NOOPT-1,supported_accommodation,2024-03-01,"));

        Assert.Equal((0, "imported 1 referrals (0 already present) from 1 rows"), (referrals.Code, referrals.Output.Trim()));
        Assert.Equal((0, "imported 1 missing episodes (0 already present) from 1 rows"), (missing.Code, missing.Output.Trim()));
        Assert.Equal((0, "imported 1 placements (0 already present) from 1 rows"), (placements.Code, placements.Output.Trim()));
        await using var db = fixture.Database.CreateContext();
        var child = await db.Children.Include(c => c.Referrals).Include(c => c.MissingEpisodes).Include(c => c.Placements).AsSplitQuery()
            .SingleAsync(c => c.ExternalId == "NOOPT-1");
        Assert.Null(child.ParentalResponsibilityInUk);
        Assert.Equal(((DateOnly?)null, false, (DateOnly?)null), (child.Referrals[0].WithdrawnOn, child.Referrals[0].Suspended, child.Referrals[0].AdultSupportReferredOn));
        Assert.Equal((false, (string?)null), (child.MissingEpisodes[0].ReturnInterviewDeclined, child.MissingEpisodes[0].Concerns));
        Assert.Equal(((string?)null, (bool?)null, (bool?)null), (child.Placements[0].Area, child.Placements[0].OutOfArea, child.Placements[0].OfstedRegistered));
    }

    [Fact]
    public async Task A_bad_value_in_an_optional_column_is_a_row_error_and_nothing_of_the_file_is_written()
    {
        var children = await Tc("import", "children", Write("children.csv", ChildrenHeader + ",parental_responsibility_in_uk",
            "BADOPT-1,Teuta,Badoptional,,2006-05-01,exact,female,ALB,NSC,false,true",
            "BADOPT-2,Agron,Badoptional,,2007-05-01,exact,male,ALB,NSC,false,perhaps"));
        Assert.Equal(1, children.Code);
        Assert.Contains("row 3, parental_responsibility_in_uk: 'perhaps' must be true or false", Lines(children.Error));
        Assert.Equal(0, (await Tc("import", "children", Write("children.csv", ChildrenHeader, "BADOPT-1,Teuta,Badoptional,,2006-05-01,exact,female,ALB,NSC,false"))).Code);

        var referrals = await Tc("import", "referrals", Write("referrals.csv",
            ReferralsHeader + ",withdrawn_on,withdrawal_reason,suspended,adult_support_referred_on",
            "BADOPT-1,2024-01-10,police,Kent Police,sexual,false,uk,false,sca,pending,,pending,,2024-05-02,No consent,true,",
            "BADOPT-1,2024-02-10,police,Kent Police,sexual,false,uk,false,sca,pending,,pending,,,,true,2024-13-01",
            "BADOPT-1,2024-03-10,police,Kent Police,sexual,false,uk,false,sca,pending,,pending,,,,yes,2024-01-01"));
        var missing = await Tc("import", "missing-episodes", Write("missing.csv", MissingHeader + ",return_interview_declined,concerns",
            "BADOPT-1,2024-04-01T22:00:00+01:00,,false,,,,,,true,",
            "BADOPT-1,2024-05-01T22:00:00+01:00,2024-05-02T09:00:00+01:00,false,,,,,,declined,"));
        var placements = await Tc("import", "placements", Write("placements.csv", PlacementsHeader + ",area,out_of_area,ofsted_registered",
            "BADOPT-1,supported_accommodation,2024-03-01,2024-03-31,Kent,true,false",
            "BADOPT-1,foster,2024-04-01,,Kent,maybe,true",
            $"BADOPT-1,childrens_home,2024-05-01,,{new string('K', 101)},false,"));

        Assert.Equal((1, 1, 1), (referrals.Code, missing.Code, placements.Code));
        Assert.Equal(
            [
                "row 3, adult_support_referred_on: '2024-13-01' is not a date in the form YYYY-MM-DD",
                "row 3, suspended: a suspended case needs the date it was suspended in withdrawn_on (and why in withdrawal_reason)",
                "row 4, suspended: 'yes' must be true or false",
            ],
            Lines(referrals.Error).Where(l => l.StartsWith("row ", StringComparison.Ordinal)));
        Assert.Contains("row 2, return_interview_declined: A return interview can only be declined after the child returns", Lines(missing.Error));
        Assert.Contains("row 3, return_interview_declined: 'declined' must be true or false", Lines(missing.Error));
        Assert.Contains("row 3, out_of_area: 'maybe' must be true or false", Lines(placements.Error));
        Assert.Contains("row 4, area: The area must be 100 characters or fewer", Lines(placements.Error));
        Assert.DoesNotContain(Lines(placements.Error), l => l.StartsWith("row 2", StringComparison.Ordinal));
        await using var db = fixture.Database.CreateContext();
        var child = await db.Children.Include(c => c.Referrals).Include(c => c.MissingEpisodes).Include(c => c.Placements).AsSplitQuery()
            .SingleAsync(c => c.ExternalId == "BADOPT-1");
        Assert.Empty(child.Referrals);
        Assert.Empty(child.MissingEpisodes);
        Assert.Empty(child.Placements);
        Assert.False(await db.Children.AnyAsync(c => c.ExternalId == "BADOPT-2"));
    }

    [Fact]
    public async Task Ofsted_registration_of_a_placement_that_is_not_supported_accommodation_is_a_row_error()
    {
        Assert.Equal(0, (await Tc("import", "children", Write("children.csv", ChildrenHeader, "OFS-1,Arta,Ofstedcheck,,2008-05-01,exact,female,ALB,NSC,false"))).Code);

        var (code, _, error) = await Tc("import", "placements", Write("placements.csv", PlacementsHeader + ",ofsted_registered", "OFS-1,foster,2024-04-01,,true"), "--dry-run");

        Assert.Equal(1, code);
        Assert.Contains("row 2, ofsted_registered: Ofsted registration is recorded for supported accommodation only", Lines(error));
    }

    [Fact]
    public async Task A_column_that_is_neither_required_nor_optional_is_refused_naming_the_optional_ones()
    {
        var (code, _, error) = await Tc("import", "placements", Write("placements.csv", PlacementsHeader + ",postcode", "NOBODY,foster,2024-04-01,,AB1"), "--dry-run");

        Assert.Equal(1, code);
        Assert.Contains("row 1, postcode: unknown column; expected child_external_id, placement_type, start_date, end_date and optionally area, out_of_area, ofsted_registered", Lines(error));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Tc_help_lists_every_verb()
    {
        var (code, output, _) = await Tc("--help");

        Assert.Equal(0, code);
        foreach (var verb in new[] { "migrate", "seed-demo", "organisation", "create-user", "import" })
        {
            Assert.Contains(verb, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_user_refuses_a_short_password_and_an_unknown_organisation()
    {
        var shortPassword = await Tc("create-user", "--email", "new@demo.test", "--role", "Caseworker", "--organisation", "NSC", "--password", "short");
        var unknown = await Tc("create-user", "--email", "new@demo.test", "--role", "Caseworker", "--organisation", "NOPE", "--password", "a-long-enough-password");
        var created = await Tc("create-user", "--email", "new.manager@demo.test", "--role", "manager", "--organisation", "ebc", "--password", "a-long-enough-password");

        Assert.Equal(1, shortPassword.Code);
        Assert.Contains("at least 12 characters", shortPassword.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("no organisation has the code NOPE", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(0, created.Code);
        Assert.Equal("created Manager new.manager@demo.test in EBC", created.Output.Trim());
    }

    [Fact]
    public async Task Create_user_refuses_a_common_password_and_one_with_the_user_s_name_whatever_their_length()
    {
        var common = await Tc("create-user", "--email", "common@demo.test", "--role", "Caseworker", "--organisation", "NSC", "--password", "password1234");
        var named = await Tc("create-user", "--email", "sam.okafor@demo.test", "--role", "Caseworker", "--organisation", "NSC", "--name", "Sam Okafor",
            "--password", "okafor-is-my-password-here");

        Assert.Equal(1, common.Code);
        Assert.Contains("too common or too easy to work out", common.Error, StringComparison.Ordinal);
        Assert.Equal(1, named.Code);
        Assert.Contains("must not contain your name or email address", named.Error, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "common@demo.test" || u.Email == "sam.okafor@demo.test"));
    }

    [Fact]
    public async Task Seed_demo_refuses_to_create_demo_accounts_outside_development()
    {
        var (code, _, error) = await Tc("seed-demo");

        Assert.Equal(1, code);
        Assert.Contains("runs only with ASPNETCORE_ENVIRONMENT=Development", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task History_imported_for_a_record_merged_into_another_goes_to_the_surviving_record()
    {
        var children = Write("children.csv",
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc",
            "MRG-1,Ardit,Mergeimport,,2009-01-01,exact,male,ALB,NSC,true",
            "MRG-2,Ardi,Mergeimport,,2009-01-01,exact,male,ALB,NSC,true");
        Assert.Equal(0, (await Tc("import", "children", children)).Code);
        await using var db = fixture.Database.CreateContext();
        var ids = await db.Children.Where(c => c.ExternalId!.StartsWith("MRG-")).OrderBy(c => c.ExternalId).Select(c => c.Id).ToListAsync();
        var organisation = await db.Children.Where(c => c.Id == ids[0]).Select(c => c.OrganisationId).SingleAsync();
        Assert.IsType<TraffickingCases.Infrastructure.Cases.ChangeResult<TraffickingCases.Domain.Matching.ChildMerge>.Saved>(
            await fixture.App.MergeAsync(ids[0], ids[1], organisation));

        var referrals = Write("referrals.csv",
            "child_external_id,referral_date,first_responder_type,first_responder_organisation,exploitation_types,county_lines,exploitation_location,future_exploitation_concern,competent_authority,rg_decision,rg_decision_date,cg_decision,cg_decision_date",
            "MRG-2,2024-09-01,local_authority,North Shire Council,criminal,false,uk,false,sca,pending,,pending,");

        Assert.Equal(0, (await Tc("import", "referrals", referrals)).Code);
        Assert.Equal(1, await db.Referrals.CountAsync(r => r.ChildId == ids[0]));
        Assert.Equal(0, await db.Referrals.CountAsync(r => r.ChildId == ids[1]));
    }

    private Task<(int Code, string Output, string Error)> Tc(params string[] args) => fixture.Database.TcAsync(args);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + "-" + name);
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n");
        return path;
    }

    private async Task<string> Snapshot()
    {
        await using var db = fixture.Database.CreateContext();
        var children = await db.Children.Where(c => c.ExternalId!.StartsWith("IMP-")).OrderBy(c => c.ExternalId)
            .Select(c => new { c.ExternalId, c.Reference, c.LastActivityAt, Referrals = c.Referrals.Count, Missing = c.MissingEpisodes.Count, Placements = c.Placements.Count, Support = c.SupportRequests.Count })
            .ToListAsync();
        return string.Join(";", children.Select(c => c.ToString()));
    }
}
