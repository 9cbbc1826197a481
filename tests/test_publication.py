"""The publication check: one exact warning line per finding, a true and a false example per rule."""

from __future__ import annotations

import pytest
from conftest import VALID_REVIEW, Project

AS_OF = ("--as-of", "2026-03-14")
FILE = "reviews/child-t.yaml"
LINE = 22  # the first line after VALID_REVIEW

DOB = "possible date of birth {}: a date of birth can identify a child; give an age instead"
NAME = "possible real name {} {}: a real name identifies the child and family; use the pseudonym only"
ADDRESS = (
    "possible home address {} ({}): an address or postcode can locate the family; "
    "name the town or area at most"
)
PHONE = (
    "phone number {} is not one of the partnership's numbers: a private number can identify a "
    "family; remove it, or if it is a service's number add it to contacts or support_lines in portal.yaml"
)
SCHOOL = (
    "school name {} (listed in school_names in portal.yaml): naming the school can identify the "
    "child; say 'a secondary school' or 'School 1' instead"
)
METHOD = (
    "wording that describes a method of suicide or self-harm {}: the Samaritans media guidelines "
    "advise against describing how someone died or harmed themselves; say 'died by suicide' "
    "without describing how"
)


def warning(line: int, field: str, message: str, words: str) -> str:
    """The exact line `check` prints, with the way to acknowledge a checked finding."""
    hint = f" (if it is checked and safe to publish, add {words!r} to publication_check: allow)"
    return f"{FILE}:{line}:1: {field}: warning: {message.format(repr(words))}{hint}"


def dob(words: str, line: int = LINE) -> str:
    return warning(line, "methodology", DOB, words)


def name(words: str, place: str) -> str:
    return warning(LINE + 1, "methodology", NAME.replace("{} {}", "{} " + place), words)


def address(words: str, what: str) -> str:
    return warning(LINE, "methodology", ADDRESS.replace("({})", f"({what})"), words)


def phone(words: str) -> str:
    return warning(LINE, "methodology", PHONE, words)


def method(words: str) -> str:
    return warning(LINE + 1, "methodology", METHOD, words)


def check(project: Project, extra: str, portal: str | None = None) -> list[str]:
    """The review lines `check` prints for VALID_REVIEW plus `extra`; warnings never fail a check."""
    project.write(FILE, VALID_REVIEW + extra)
    if portal is not None:
        project.write("portal.yaml", portal)
    result = project.run("check", *AS_OF)
    assert result.code == 0, result.err
    return [line for line in result.lines if line.startswith("reviews/")]


def methodology(text: str) -> str:
    return f'methodology: "{text}"\n'


# --- one line per finding, in the field that holds it ---------------------------------------------


def test_each_rule_names_file_line_field_words_and_why(project: Project) -> None:
    extra = """\
child: SB
content_note: suicide
methodology: SB was born on 3 December 1992 and died by suicide; he hanged himself.
worked_well:
  - Staff knew SB (John Smith) well.
  - "The family lived at 12 Acacia Avenue, BL1 1AA; their phone was 01204 123456."
"""
    portal = "school_names: [Smithills School]\n"
    extra += "could_be_better: [SB was not seen at Smithills School for a term.]\n"
    assert check(project, extra, portal) == [
        "reviews/child-t.yaml:24:1: methodology: warning: possible date of birth 'born on 3 December 1992': "
        "a date of birth can identify a child; give an age instead (if it is checked and safe to "
        "publish, add 'born on 3 December 1992' to publication_check: allow)",
        "reviews/child-t.yaml:24:1: methodology: warning: wording that describes a method of suicide or "
        "self-harm 'hanged': the Samaritans media guidelines advise against describing how someone "
        "died or harmed themselves; say 'died by suicide' without describing how (if it is checked and "
        "safe to publish, add 'hanged' to publication_check: allow)",
        "reviews/child-t.yaml:25:1: worked_well[1]: warning: possible real name 'John Smith' next to the "
        "pseudonym 'SB': a real name identifies the child and family; use the pseudonym only (if it is "
        "checked and safe to publish, add 'John Smith' to publication_check: allow)",
        "reviews/child-t.yaml:25:1: worked_well[2]: warning: possible home address '12 Acacia Avenue' (a "
        "house number and street): an address or postcode can locate the family; name the town or area "
        "at most (if it is checked and safe to publish, add '12 Acacia Avenue' to publication_check: allow)",
        "reviews/child-t.yaml:25:1: worked_well[2]: warning: possible home address 'BL1 1AA' (a postcode): "
        "an address or postcode can locate the family; name the town or area at most (if it is checked "
        "and safe to publish, add 'BL1 1AA' to publication_check: allow)",
        "reviews/child-t.yaml:25:1: worked_well[2]: warning: phone number '01204 123456' is not one of the "
        "partnership's numbers: a private number can identify a family; remove it, or if it is a "
        "service's number add it to contacts or support_lines in portal.yaml (if it is checked and safe "
        "to publish, add '01204 123456' to publication_check: allow)",
        "reviews/child-t.yaml:28:1: could_be_better[1]: warning: school name 'Smithills School' (listed in "
        "school_names in portal.yaml): naming the school can identify the child; say 'a secondary "
        "school' or 'School 1' instead (if it is checked and safe to publish, add 'Smithills School' to "
        "publication_check: allow)",
    ]


def test_every_text_field_is_checked_at_its_own_position(project: Project) -> None:
    born = "born 3/12/1992"
    text = (
        VALID_REVIEW.replace("A short summary", f"Summary {born}")
        .replace("Attendance was treated", f"Lesson {born}")
        .replace("Training delivered to 9 groups.", f"Training {born}")
        .replace("owner: Early Help", f"owner: Early Help {born}")
    )
    extra = f"""\
key_dates:
  - {{date: 2015-11, event: Child {born}}}
briefing:
  why_it_matters: Matters {born}
  questions:
    - Who else knew the family?
    - Was the date {born} known?
  further_reading:
    - {{title: Report {born}, url: "https://example.org/r.pdf"}}
"""
    project.write(FILE, text + extra)
    result = project.run("check", *AS_OF)
    found = [line.split(": warning:")[0] for line in result.lines if line.startswith("reviews/")]
    assert found == [
        "reviews/child-t.yaml:5:1: summary",
        "reviews/child-t.yaml:11:5: learning[1].text",
        "reviews/child-t.yaml:16:13: learning[1].recommendations[1].responses[1].text",
        "reviews/child-t.yaml:21:13: learning[1].recommendations[1].next_steps[1].owner",
        "reviews/child-t.yaml:23:21: key_dates[1].event",
        "reviews/child-t.yaml:25:3: briefing.why_it_matters",
        "reviews/child-t.yaml:26:3: briefing.questions[2]",
        "reviews/child-t.yaml:30:8: briefing.further_reading[1].title",
    ]


# --- 1. dates of birth ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("SB was born on 3 December 1992 in Bolton.", "born on 3 December 1992"),
        ("He was born 3/12/1992.", "born 3/12/1992"),
        ("Born on the 3rd of March, she was", "Born on the 3rd of March"),
        ("DOB: 03/12/1992", "DOB: 03/12/1992"),
        ("Child T (D.O.B. 3 Dec 1992)", "D.O.B. 3 Dec 1992"),
        ("her date of birth was December 3rd, 1992", "date of birth was December 3rd, 1992"),
    ],
)
def test_date_of_birth_found(project: Project, text: str, words: str) -> None:
    assert check(project, methodology(text)) == [dob(words)]


@pytest.mark.parametrize(
    "text",
    [
        "SB was born in December 1992.",  # a month and a year is an age, not a birthday
        "born 3 months early",
        "DOB not recorded by the GP",
        "Child B died at home on 8 March 2008.",
    ],
)
def test_date_of_birth_not_found(project: Project, text: str) -> None:
    assert check(project, methodology(text)) == []


# --- 2. real names next to the pseudonym ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "place"),
    [
        ("SB (John Smith) was 14.", "John Smith", "next to the pseudonym 'SB'"),
        ("Child SB, John Smith, was 14.", "John Smith", "next to the pseudonym 'SB'"),
        ("Mary O'Neil (Child SB) was 14.", "Mary O'Neil", "next to the pseudonym 'SB'"),
        ("SB, whose real name is John McDonald, was 14.", "John McDonald", "after 'real name'"),
        ("A boy called Jack Brown, SB in this review.", "Jack Brown", "after 'called'"),
    ],
)
def test_real_name_found(project: Project, text: str, words: str, place: str) -> None:
    assert check(project, "child: SB\n" + methodology(text)) == [name(words, place)]


@pytest.mark.parametrize(
    "text",
    [
        "SB (Children's Social Care) said",
        "Child SB, Early Help, was offered",
        "SB, Social Care and Health, met",
        "SB (Year Nine) moved school",
        "SB (Testshire North) moved",  # a word of the partnership's name
        "SB was called Johnny by friends.",  # one word is not a full name
        "A service called Family Advice worked with SB.",
    ],
)
def test_real_name_not_found(project: Project, text: str) -> None:
    assert check(project, "child: SB\n" + methodology(text)) == []


def test_real_name_needs_a_pseudonym_to_be_next_to(project: Project) -> None:
    assert check(project, methodology("John Smith (SB) was 14.")) == []


def test_each_of_several_pseudonyms(project: Project) -> None:
    extra = "child: G and L\n" + methodology("Child G (Mary Smith) and Child L (Jo Brown) met.")
    assert check(project, extra) == [
        name("Mary Smith", "next to the pseudonym 'G'"),
        name("Jo Brown", "next to the pseudonym 'L'"),
    ]


# --- 3. home addresses and postcodes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("They lived at 12 Acacia Avenue.", [("12 Acacia Avenue", "a house number and street")]),
        ("Flat 3, 45 St Mary's Road", [("45 St Mary's Road", "a house number and street")]),
        ("The family moved to SL1 2AB in 2010.", [("SL1 2AB", "a postcode")]),
        ("Seen at EC1A 1BB", [("EC1A 1BB", "a postcode")]),
    ],
)
def test_address_found(project: Project, text: str, found: list[tuple[str, str]]) -> None:
    assert check(project, methodology(text)) == [address(words, what) for words, what in found]


@pytest.mark.parametrize(
    "text",
    [
        "129 services were using the process.",
        "3 Family Court hearings",
        "the A6 road and the M62 motorway",
        "the Section 11 audit, level 2 training and NHS 111",
    ],
)
def test_address_not_found(project: Project, text: str) -> None:
    assert check(project, methodology(text)) == []


# --- 4. phone numbers other than the partnership's ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Mother's number was 01204 123456.", "01204 123456"),
        ("a mobile, 07700 900123, was", "07700 900123"),
        ("call +44 (0)20 7946 0018", "+44 (0)20 7946 0018"),
        ("ring 0161-234-5678 today", "0161-234-5678"),
        ("Childline's other number, 116 111", "116 111"),
    ],
)
def test_phone_number_found(project: Project, text: str, words: str) -> None:
    assert check(project, methodology(text)) == [phone(words)]


@pytest.mark.parametrize(
    "text",
    [
        "Samaritans 116 123, Childline 0800 1111, NSPCC 0808 800 5000.",  # the default support lines
        "2882 cases, compared with 1935 in 2015 and 2016-2017",
        "1.1% of sessions in 2015 (0 of 21 pupils)",
    ],
)
def test_phone_number_not_found(project: Project, text: str) -> None:
    assert check(project, methodology(text)) == []


def test_phone_numbers_written_one_after_another(project: Project) -> None:
    text = "Numbers 01204 123456 07700 900123 were on file."
    assert check(project, methodology(text)) == [phone("01204 123456"), phone("07700 900123")]


def test_the_partnerships_own_numbers_compare_digits_only(project: Project) -> None:
    portal = "contacts:\n  - name: Front door\n    number: 01204 333 333\n"
    text = "Call the front door on +44 1204 333333 or (01204) 333-333; not 01204 444444."
    assert check(project, methodology(text), portal) == [phone("01204 444444")]


# --- 5. school names, if configured ---------------------------------------------------------------


def test_school_name_found_in_any_case(project: Project) -> None:
    portal = "school_names: [Smithills School, St Mary's]\n"
    text = "SB went to smithills  school, then to St Mary's."
    assert check(project, methodology(text), portal) == [
        warning(LINE, "methodology", SCHOOL, "smithills school"),
        warning(LINE, "methodology", SCHOOL, "St Mary's"),
    ]


def test_school_name_whole_words_only_and_only_if_configured(project: Project) -> None:
    text = "The Smithills Schools Trust and NotSt Mary's."
    assert check(project, methodology(text), "school_names: [Smithills School, St Mary's]\n") == []
    assert check(project, methodology("SB went to Smithills School."), "name: Testshire\n") == []


# --- 6. method of suicide or self-harm, with a content note ---------------------------------------


@pytest.mark.parametrize(
    ("note", "text", "found"),
    [
        ("suicide", "He hanged himself at home.", ["hanged"]),
        ("suicide", "She took an overdose of paracetamol.", ["took an overdose", "paracetamol"]),
        ("suicide", "He jumped from a bridge.", ["jumped from"]),
        ("self-harm", "She had cut her wrists and used a ligature.", ["cut her wrists", "ligature"]),
        ("[child-death, self-harm]", "cuts to his arms", ["cuts to his arms"]),
    ],
)
def test_method_found(project: Project, note: str, text: str, found: list[str]) -> None:
    extra = f"content_note: {note}\n" + methodology(text)
    assert check(project, extra) == [method(words) for words in found]


@pytest.mark.parametrize(
    ("note", "text"),
    [
        ("neglect", "He hanged himself at home."),  # no suicide or self-harm content note
        ("suicide", "He took his own life; he died by suicide."),
        ("suicide", "He was hanging around with older peers."),
        ("self-harm", "Cost cutting cut funding for cutting-edge training of line managers."),
    ],
)
def test_method_not_found(project: Project, note: str, text: str) -> None:
    assert check(project, f"content_note: {note}\n" + methodology(text)) == []


# --- acknowledging a checked finding --------------------------------------------------------------


def test_allowed_words_are_not_reported_in_any_case(project: Project) -> None:
    extra = """\
methodology: |
  Born on 3 December 1992, at 12 Acacia Avenue.
publication_check:
  allow: ["born on 3  december 1992"]
"""
    assert check(project, extra) == [address("12 Acacia Avenue", "a house number and street")]
    assert check(project, extra.replace('"]', '", 12 acacia avenue]')) == []


def test_publication_check_needs_a_list_of_words(project: Project) -> None:
    project.write(FILE, VALID_REVIEW + "publication_check:\n  allow: born on 3 December 1992\n")
    result = project.run("check", *AS_OF)
    assert result.code == 1
    assert f"{FILE}:23:10: publication_check.allow: expected a list (lines starting '- '), " in result.err


# --- where the check runs -------------------------------------------------------------------------


def test_drafts_are_checked_and_strict_fails(project: Project) -> None:
    extra = "status: draft\n" + methodology("He was born 3/12/1992.")
    assert check(project, extra) == [dob("born 3/12/1992", LINE + 1)]
    strict = project.run("check", "--strict", *AS_OF)
    assert (strict.code, strict.lines[-1]) == (1, "check: failed (--strict): 1 warning in 1 of 1 file")


def test_a_review_with_errors_is_not_checked(project: Project) -> None:
    broken = VALID_REVIEW.replace("published: 2020-05", "published: soon")
    project.write(FILE, broken + methodology("He was born 3/12/1992."))
    result = project.run("check", *AS_OF)
    assert result.code == 1
    assert [line for line in result.lines if line.startswith("reviews/")] == [
        "reviews/child-t.yaml:4:12: published: expected a date like 2016-08-31, got 'soon'"
    ]


def test_the_sample_reviews_pass_the_publication_check(sample_project: Project) -> None:
    result = sample_project.run("check", "--strict", *AS_OF)
    assert result.code == 0, result.err
    assert "warning" not in result.err
