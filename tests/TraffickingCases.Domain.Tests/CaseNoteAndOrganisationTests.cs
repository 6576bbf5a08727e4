using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Domain.Tests;

public class CaseNoteTests
{
    private readonly Child _child = TestData.Child();

    private CaseNote Write(string text) => _child.AddNote(text, "caseworker-1", "Sam Patel", TestData.Now);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public void An_empty_note_is_refused(string text)
    {
        Refusal.Expect(() => Write(text), nameof(CaseNote.Text), "Enter the note");
        Assert.Empty(_child.Notes);
    }

    [Fact]
    public void A_note_over_10000_characters_is_refused()
    {
        Refusal.Expect(
            () => Write(new string('a', CaseNote.MaxLength + 1)),
            nameof(CaseNote.Text), "The note must be 10000 characters or fewer");
    }

    [Fact]
    public void A_note_of_exactly_10000_characters_is_accepted_even_with_surrounding_spaces()
    {
        var note = Write("  " + new string('a', CaseNote.MaxLength) + "\n");

        Assert.Equal(CaseNote.MaxLength, note.Text.Length);
    }

    [Fact]
    public void A_note_is_trimmed_and_records_its_author_and_time()
    {
        var note = Write("  Return interview booked for Friday.  \n");

        Assert.Equal("Return interview booked for Friday.", note.Text);
        Assert.Equal("Sam Patel", note.AuthorName);
        Assert.Equal(TestData.Now, note.WrittenAt);
        Assert.Equal(_child.Id, note.ChildId);
    }
}

public class OrganisationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("A")]
    [InlineData("ABCDEFGHIJ-123456789X")]
    [InlineData("LEEDS CC")]
    [InlineData("LCC_1")]
    public void A_code_that_is_not_2_to_20_letters_digits_or_hyphens_is_refused(string code)
    {
        Refusal.Expect(
            () => new Organisation(code, "Leeds City Council", OrganisationType.LocalAuthority, true),
            nameof(Organisation.Code), "Enter a code of 2 to 20 letters, digits or hyphens");
    }

    [Theory]
    [InlineData(" lcc-01 ", "LCC-01")]
    [InlineData("ab", "AB")]
    [InlineData("ABCDEFGHIJ-12345678X", "ABCDEFGHIJ-12345678X")]
    public void A_valid_code_is_accepted_trimmed_and_upper_cased(string code, string stored)
    {
        var organisation = new Organisation(code, "Leeds City Council", OrganisationType.LocalAuthority, true);

        Assert.Equal(stored, organisation.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_organisation_without_a_name_is_refused(string name)
    {
        Refusal.Expect(
            () => new Organisation("LCC", name, OrganisationType.LocalAuthority, true),
            nameof(Organisation.Name), "Enter the organisation's name");
    }

    [Fact]
    public void A_change_corrects_the_name_type_and_ictg_area_and_keeps_the_code()
    {
        var organisation = new Organisation("WYP", "West Yorks Police", OrganisationType.Police, false);

        organisation.Change("  West Yorkshire Police ", OrganisationType.GovernmentAgency, true);

        Assert.Equal(("WYP", "West Yorkshire Police", OrganisationType.GovernmentAgency, true),
            (organisation.Code, organisation.Name, organisation.Type, organisation.IsInIctgArea));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_change_without_a_name_is_refused_and_changes_nothing(string name)
    {
        var organisation = new Organisation("WYP", "West Yorkshire Police", OrganisationType.Police, false);

        Refusal.Expect(() => organisation.Change(name, OrganisationType.Ngo, true), nameof(Organisation.Name), "Enter the organisation's name");
        Assert.Equal(("West Yorkshire Police", OrganisationType.Police, false), (organisation.Name, organisation.Type, organisation.IsInIctgArea));
    }

    [Fact]
    public void A_change_to_a_type_outside_the_list_is_refused()
    {
        var organisation = new Organisation("WYP", "West Yorkshire Police", OrganisationType.Police, false);

        Refusal.Expect(() => organisation.Change("West Yorkshire Police", (OrganisationType)99, false), nameof(Organisation.Type), "Choose the organisation type");
    }

    [Fact]
    public void An_organisation_name_is_trimmed()
    {
        var organisation = new Organisation("WYP", "  West Yorkshire Police ", OrganisationType.Police, false);

        Assert.Equal("West Yorkshire Police", organisation.Name);
        Assert.Equal(OrganisationType.Police, organisation.Type);
        Assert.False(organisation.IsInIctgArea);
    }

    [Fact]
    public void An_organisation_type_outside_the_list_is_refused()
    {
        Refusal.Expect(
            () => new Organisation("LCC", "Leeds City Council", (OrganisationType)99, true),
            nameof(Organisation.Type), "Choose the organisation type");
    }

    [Fact]
    public void An_organisation_name_of_200_characters_with_surrounding_spaces_is_accepted()
    {
        var organisation = new Organisation("LCC", " " + new string('a', 200) + " ", OrganisationType.LocalAuthority, true);

        Assert.Equal(200, organisation.Name.Length);
    }
}
