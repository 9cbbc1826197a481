"""The publication check: one exact warning line per finding, a true and a false example per rule,
every text field of every input reached, and a corpus of phrases it is measured by."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import VALID_REVIEW, Project

from generator import identifying, publication
from generator.formats import BULLETIN, PORTAL, REVIEW_FIELDS, THEME_ENTRY, ThemeTable
from generator.model import Portal
from generator.schema import (
    Choice,
    Count,
    Date,
    Field,
    Flag,
    Identifier,
    Kind,
    ListOf,
    Record,
    Slug,
    Text,
    ThemeRef,
    Url,
)

AS_OF = ("--as-of", "2026-03-14")
FILE = "reviews/child-t.yaml"
LINE = 22  # the first line after VALID_REVIEW

DOB = "possible date of birth {}: a date of birth can identify a child; give an age instead"
NAME = "possible real name {} {}: a real name identifies the child and family; use the pseudonym only"
RELATION = (
    "possible real name {} of a relative or professional ({}): a name can identify the child's "
    "family; say who they are instead ('the mother', 'the GP', 'Social Worker 1')"
)
ADDRESS = (
    "possible home address {} ({}): an address or postcode can locate the family; "
    "name the town or area at most"
)
PHONE = (
    "phone number {} is not one of the partnership's numbers: a private number can identify a "
    "family; remove it, or if it is a service's number add it to contacts or support_lines in portal.yaml"
)
NHS = "NHS number {}: an NHS number identifies a person; remove it"
NI = "National Insurance number {}: it identifies a person; remove it"
EMAIL = (
    "email address {}: an email address can identify its owner; remove it, or if it is a "
    "service's address, link to the service's page instead"
)
SCHOOL = (
    "school name {} (listed in school_names in portal.yaml): naming the school can identify the "
    "child; say 'a secondary school' or 'School 1' instead"
)
SCHOOL_SHAPE = (
    "possible school name {}: naming the school can identify the child; say 'a secondary school' "
    "or 'School 1' instead"
)
METHOD = (
    "wording that describes a method of suicide or self-harm {}: the Samaritans media guidelines "
    "advise against describing how someone died or harmed themselves; say 'died by suicide' "
    "without describing how"
)
NOTE = (
    "the text says someone died by suicide or self-harmed ({}) but the review has no matching "
    "content_note: add content_note: {}, so readers are warned before they read on"
)


def warning(line: int, field: str, message: str, words: str) -> str:
    """The exact line `check` prints, with the way to acknowledge a checked finding."""
    hint = f" (if it is checked and safe to publish, add {words!r} to publication_check: allow)"
    return f"{FILE}:{line}:1: {field}: warning: {message.format(repr(words))}{hint}"


def dob(words: str, line: int = LINE) -> str:
    return warning(line, "methodology", DOB, words)


def name(words: str, place: str) -> str:
    return warning(LINE + 1, "methodology", NAME.replace("{} {}", "{} " + place), words)


def relation(words: str, cue: str, line: int = LINE) -> str:
    return warning(line, "methodology", RELATION.replace("({})", f"({cue!r})"), words)


def address(words: str, what: str) -> str:
    return warning(LINE, "methodology", ADDRESS.replace("({})", f"({what})"), words)


def phone(words: str) -> str:
    return warning(LINE, "methodology", PHONE, words)


def method(words: str, line: int = LINE + 1) -> str:
    return warning(line, "methodology", METHOD, words)


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
        "reviews/child-t.yaml:21:13: learning[1].recommendations[1].next_steps[1].owner[1]",
        "reviews/child-t.yaml:23:21: key_dates[1].event",
        "reviews/child-t.yaml:25:3: briefing.why_it_matters",
        "reviews/child-t.yaml:26:3: briefing.questions[2]",
        "reviews/child-t.yaml:30:8: briefing.further_reading[1].title",
    ]


# --- every text field of every input, found from the formats --------------------------------------

MARKER = "DOB 03/12/2009"  # one finding wherever it is written
NOT_PUBLISHED = {"publication_check", "school_names"}  # the check's own settings, never shown
# Kinds of field that hold no prose: a code, a date, a web address, a yes or no.
NOT_PROSE = (Choice, Count, Date, Flag, Identifier, Slug, ThemeRef, Url)


def _holds_text(kind: Kind) -> bool:
    if isinstance(kind, Text):
        return True
    if isinstance(kind, ListOf):
        return _holds_text(kind.item)
    if isinstance(kind, Record):
        return any(_holds_text(spec.kind) for spec in kind.fields)
    return isinstance(kind, ThemeTable)


def _filled(fields: Sequence[Field], path: str, texts: list[str], ids: Iterator[int]) -> dict[str, Any]:
    """A record with the marker in every text field (their paths added to `texts`), every
    required field filled in, and every web address (bulletins need the portal's)."""
    record = {}
    for spec in fields:
        wanted = spec.required or _holds_text(spec.kind) or isinstance(spec.kind, Url)
        if wanted and spec.name not in NOT_PUBLISHED:
            record[spec.name] = _value(spec.kind, f"{path}.{spec.name}" if path else spec.name, texts, ids)
    return record


def _value(kind: Kind, path: str, texts: list[str], ids: Iterator[int]) -> Any:
    if isinstance(kind, Text):
        texts.append(path)
        return MARKER
    if isinstance(kind, ListOf):
        return [_value(kind.item, f"{path}[1]", texts, ids)]
    if isinstance(kind, Record):
        return _filled(kind.fields, path, texts, ids)
    if isinstance(kind, ThemeTable):
        return {"marker-theme": _filled(THEME_ENTRY.fields, f"{path}.marker-theme", texts, ids)}
    if isinstance(kind, Choice):
        return kind.values[0]
    if isinstance(kind, Identifier):
        return f"x{next(ids)}"
    values: dict[type, Any] = {Date: "2020-01-01", Count: 1, Url: "https://example.org/", Flag: False}
    if type(kind) in values:
        return values[type(kind)]
    raise AssertionError(f"a new kind of field at {path}: teach this test and the check ({kind})")


def _kinds(fields: Sequence[Field]) -> Iterator[Kind]:
    for spec in fields:
        kind = spec.kind
        while isinstance(kind, ListOf):
            kind = kind.item
        yield kind
        if isinstance(kind, Record):
            yield from _kinds(kind.fields)
        if isinstance(kind, ThemeTable):
            yield from _kinds(THEME_ENTRY.fields)


def test_every_kind_of_field_is_read_or_holds_no_prose() -> None:
    """A kind of field added to schema.py fails here until the check is told whether readers see
    its text (publication._reader reads it) or not (it joins NOT_PROSE above)."""
    for kind in _kinds(REVIEW_FIELDS + BULLETIN.fields + PORTAL.fields):
        assert isinstance(kind, (Text, Record, ThemeTable, *NOT_PROSE)), f"teach the check {kind}"
        assert isinstance(kind, NOT_PROSE) == (publication._reader(kind) is None), kind


def test_every_text_field_of_every_input_is_checked(project: Project) -> None:
    """Written from the formats, not from the check: a text field added to formats.py and not
    reached by the check fails here. One warning for each, in its own file."""
    ids = itertools.count(1)
    expected: list[tuple[str, str]] = []
    inputs = {
        FILE: REVIEW_FIELDS,
        "bulletins/1.yaml": BULLETIN.fields,
        "portal.yaml": PORTAL.fields,
    }
    for file, fields in inputs.items():
        texts: list[str] = []
        project.write(
            file, yaml.safe_dump(_filled(fields, "", texts, ids), sort_keys=False, allow_unicode=True)
        )
        expected += [(file, path) for path in texts]
    result = project.run("check", *AS_OF)
    assert result.code == 0, result.err
    marked = re.compile(rf"(.+?):\d+:\d+: (.+?): warning: possible date of birth {MARKER!r}")
    found = [match.groups() for line in result.lines if (match := marked.match(line))]
    assert sorted(found) == sorted(expected)
    assert ("reviews/child-t.yaml", "learning[1].points[1]") in expected  # the check once skipped these
    assert ("reviews/child-t.yaml", "recommendations[1].text") in expected
    assert ("reviews/child-t.yaml", "learning[1].recommendations[1].to") in expected
    assert ("bulletins/1.yaml", "items[1].points[1]") in expected
    assert ("portal.yaml", "themes.marker-theme.title") in expected


def test_the_checks_own_settings_are_not_read() -> None:
    assert publication.SETTINGS == NOT_PUBLISHED


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
        ("the chronology gives d.o.b.: 2011-06-21 for her", "d.o.b.: 2011-06-21"),
        ("his date of birth 21.6.11 was wrong", "date of birth 21.6.11"),
        (
            "born at Royal Bolton Hospital at 32 weeks on 4 June 2015",
            "born at Royal Bolton Hospital at 32 weeks on 4 June 2015",
        ),
        ("the older sister (b. 4.7.2003) had left", "(b. 4.7.2003"),
        ("her birthday, 19 October, was", "birthday, 19 October"),
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
        "She was born in 2009 and on 3 December 2015 was referred.",  # a new clause: another date
    ],
)
def test_date_of_birth_not_found(project: Project, text: str) -> None:
    assert check(project, methodology(text)) == []


# --- 2. real names: next to the pseudonym, a relation, a role or a title --------------------------


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


@pytest.mark.parametrize(
    ("text", "words", "cue"),
    [
        ("His grandmother, Patricia Hollis, cared for him.", "Patricia Hollis", "grandmother"),
        ("Dad (Lee) was at work.", "Lee", "dad"),
        ("Her stepdad Gary was violent.", "Gary", "stepdad"),
        ("Her friend known as 'Tash' was 19.", "Tash", "friend"),
        ("The Health Visitor, Janet, visited weekly.", "Janet", "health visitor"),
        ("Priya Desai, the allocated social worker, visited.", "Priya Desai", "social worker"),
        ("Kelly (mother) declined the offer.", "Kelly", "mother"),
        ("Mother: Kelly Hughes.", "Kelly Hughes", "mother"),
        ("The worker from the leaving care team, Naomi Clarke, lost touch.", "Naomi Clarke", "worker"),
        ("The Kowalski family moved in 2016.", "Kowalski", "family"),
        ("Seen by Dr Okafor at the clinic.", "Dr Okafor", "Dr"),
        ("PC Dunn attended the address.", "PC Dunn", "PC"),
        ("The attending officer, PC 4471 Davies, wrote it up.", "PC 4471 Davies", "PC"),
        ("Mr O'Hara, the head of year, phoned home.", "Mr O'Hara", "Mr"),
        ("Nurse Okafor triaged her.", "Nurse Okafor", "Nurse"),
        ("Detective Sergeant Amir Khan led it.", "Amir Khan", "sergeant"),
        ("The teacher, **Mrs Lane**, raised it.", "Mrs Lane", "Mrs"),
        ("His mother, *Sarah Jones*, said so.", "Sarah Jones", "mother"),  # emphasis is read through
        ("His mother, [Sarah Jones](https://example.org), said so.", "Sarah Jones", "mother"),
        ("Her uncle, who is called Stefan Novak, drove.", "Stefan Novak", "uncle"),
        ("The lodger was known as Gaz.", "Gaz", "lodger"),  # one name after "known as"
        ("Her stepdad, known as Gaz, moved in.", "Gaz", "stepdad"),
        ("The carer, who goes by Tommo, was 19.", "Tommo", "carer"),
        ("The paediatrician, Prof. Ruth Okoye, saw him.", "Ruth Okoye", "paediatrician"),
        ("Her sister KAYLEIGH BROOKS gave a statement.", "KAYLEIGH BROOKS", "sister"),  # capitals
        ("The grandfather (DEREK) refused entry.", "DEREK", "grandfather"),
        ("her nan, brenda, took her in.", "brenda", "nan"),  # lower case
        ("mum's partner craig wilson had convictions.", "craig wilson", "partner"),
        ("The stepfather, who is called 'craig', left.", "craig", "stepfather"),
        ("shane (her boyfriend) was 22.", "shane", "boyfriend"),
    ],
)
def test_name_next_to_a_relation_role_or_title_found(
    project: Project, text: str, words: str, cue: str
) -> None:
    assert check(project, methodology(text)) == [relation(words, cue)]


@pytest.mark.parametrize(
    "text",
    [
        "The health visitor completed the new birth visit.",
        "PC attended with a colleague.",
        "At Alder Hey, the consultant paediatrician saw her.",
        "In Bolton, the social worker was newly qualified.",
        "Overall, the GP had a good relationship with the family.",
        "Mr Justice Hayden gave judgment in 2018.",  # a judge's name is published with the judgment
        "Professor Munro's review of child protection.",
        "Ron Lock, an independent safeguarding consultant, wrote it.",
        "The mother, Ms A, declined; the father, Mr B, did not reply.",
        "Mother (M) and Father (F) are letters in this report.",
        "The social worker, Social Worker 2, was on leave.",
        "The GP, Oldham CCG and the school met.",
        "Lessons for the GP: Recording must improve.",
        "Her mother, Polish by birth, spoke little English.",
        "The Roma family spoke Romanian at home.",
        "Alder Hey Children's Hospital, the GP and the school shared records.",
        "The mother asked that her son be called Liam in this review.",  # not "is called"
        "The father was named as a suspect; the mother was called to the school.",
        "the mother and father said the worker will visit again.",  # no name in lower case
        "THE MOTHER AND FATHER WERE NOT SEEN TOGETHER.",
        "Her sister, grace, and her brother, jack, are words too.",  # first names that are words
        "Sarah Lund, an independent social worker, wrote the report.",
    ],
)
def test_name_next_to_a_relation_role_or_title_not_found(project: Project, text: str) -> None:
    assert check(project, methodology(text)) == []


def test_the_reviews_own_agencies_are_not_names(project: Project) -> None:
    extra = methodology("The worker, Early Help, and the worker, Testshire North, met.")
    assert check(project, extra) == []


# --- 3. numbers and addresses that identify a person ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "words"),
    [
        ("His NHS number 943 476 5919 was on file.", NHS, "943 476 5919"),
        ("The notes show 4010232137 against her.", NHS, "4010232137"),  # a valid check digit
        ("NHS no: 123 456 7890 on the form", NHS, "123 456 7890"),  # said, so any ten digits
        ("Her NI number is QQ 12 34 56 C.", NI, "QQ 12 34 56 C"),  # said: even the example prefix
        ("The letter showed JT 48 62 91 B.", NI, "JT 48 62 91 B"),
        ("He wrote to kelly.h_2007@example.com twice.", EMAIL, "kelly.h_2007@example.com"),
        ("Her email was dazza_99 at yahoo dot co dot uk.", EMAIL, "dazza_99 at yahoo dot co dot uk"),
        ("Write to kel.b (at) outlook (dot) com.", EMAIL, "kel.b (at) outlook (dot) com"),
        ("Write to kel.b [at] outlook [dot] com.", EMAIL, "kel.b [at] outlook [dot] com"),
    ],
)
def test_identifying_number_or_email_found(project: Project, text: str, message: str, words: str) -> None:
    assert check(project, methodology(text)) == [warning(LINE, "methodology", message, words)]


@pytest.mark.parametrize(
    "text",
    [
        "The notes show 4010232138 against her.",  # not a valid check digit, and not said
        "QQ123456C, GB123456A and KS2 results",  # prefixes HMRC never issues; Key Stage 2
        "Board action 4.5.1; 1,204 contacts; 2016-2017; Section 47.",
        "She worked at a dot com start-up; they met at the dot.",  # no address spelled out
    ],
)
def test_identifying_number_not_found(project: Project, text: str) -> None:
    assert check(project, methodology(text)) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("They lived at 12 Acacia Avenue.", [("12 Acacia Avenue", "a house number and street")]),
        ("Flat 3, 45 St Mary's Road", [("Flat 3, 45 St Mary's Road", "a flat")]),
        ("Moved to Flat 6, Ashdown House", [("Flat 6, Ashdown House", "a flat")]),
        ("The family were living on Moss Lane.", [("Moss Lane", "a street")]),
        ("The family moved to SL1 2AB in 2010.", [("SL1 2AB", "a postcode")]),
        ("Seen at EC1A 1BB", [("EC1A 1BB", "a postcode")]),
        ("Seen at BL1\u00a01AA", [("BL1 1AA", "a postcode")]),  # a no-break space pasted in
        ("Seen at OL9   6BQ", [("OL9 6BQ", "a postcode")]),
    ],
)
def test_address_found(project: Project, text: str, found: list[tuple[str, str]]) -> None:
    assert check(project, methodology(text)) == [address(words, what) for words, what in found]


@pytest.mark.parametrize(
    "text",
    [
        "129 services were using the process.",
        "3 Family Court hearings and 2 High Court hearings",
        "the A6 road and the M62 motorway",
        "the Section 11 audit, level 2 training and NHS 111",
        "Children's services moved offices to Castle Street in 2019.",
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
        ("a mobile, 07700900123, was", "07700900123"),
        ("call +44 (0)20 7946 0018", "+44 (0)20 7946 0018"),
        ("ring 0161-234-5678 today", "0161-234-5678"),
        ("the landline 016977 4321 in Brampton", "016977 4321"),  # ten digits
        ("the landline 0169774321 in Brampton", "0169774321"),
        ("Childline's other number, 116 111", "116 111"),
        ("his number, 0 7 9 1 1 1 2 3 4 5 6, on", "0 7 9 1 1 1 2 3 4 5 6"),  # a digit at a time
        ("his number, 0-7-9-1-1-1-2-3-4-5-6, on", "0-7-9-1-1-1-2-3-4-5-6"),
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
        "the 0-19 service",
        "scores of 0 1 2 and 3 were given",
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


# --- 5. school names: listed in portal.yaml, or by their shape ------------------------------------


def test_school_name_found_in_any_case(project: Project) -> None:
    portal = "school_names: [Smithills School, St Mary's]\n"
    text = "SB went to smithills  school, then to St Mary's."
    assert check(project, methodology(text), portal) == [
        warning(LINE, "methodology", SCHOOL, "smithills school"),
        warning(LINE, "methodology", SCHOOL, "St Mary's"),
    ]


def test_listed_school_names_are_whole_words_only(project: Project) -> None:
    text = "The Smithills Schools Trust and NotSt Mary's."
    assert check(project, methodology(text), "school_names: [Smithills School, St Mary's]\n") == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("SB went to Smithills School.", "Smithills School"),
        ("He was on roll at St Bede's RC High School.", "St Bede's RC High School"),
        ("She joined Parkside Academy in Year 7.", "Parkside Academy"),
        ("She was excluded from Moorside High in May.", "Moorside High"),
        ("He started at Tameside College.", "Tameside College"),
        ("staff at St Anne's Primary said", "St Anne's Primary"),
        ("She was at Oakwood primary school.", "Oakwood primary school"),
        ("Little Acorns Nursery saw the bruise.", "Little Acorns Nursery"),
    ],
)
def test_school_name_found_by_its_shape(project: Project, text: str, words: str) -> None:
    assert check(project, methodology(text)) == [warning(LINE, "methodology", SCHOOL_SHAPE, words)]


@pytest.mark.parametrize(
    "text",
    [
        "King's College Hospital and the Royal College of Nursing advised.",
        "The Virtual School Head and a secondary school took part.",
        "The Oasis Academy Trust sent a representative.",
        "Staff from three Primary Schools and the local Further Education College came.",
        "Summer School places, Forest School sessions and the High Court.",
    ],
)
def test_school_name_not_found(project: Project, text: str) -> None:
    assert check(project, methodology(text)) == []


# --- 6. method of suicide or self-harm, in every review -------------------------------------------


@pytest.mark.parametrize(
    ("note", "text", "found"),
    [
        ("suicide", "He hanged himself at home.", ["hanged"]),
        ("suicide", "She took an overdose of paracetamol.", ["took an overdose", "paracetamol"]),
        ("suicide", "He jumped from a bridge.", ["jumped from a bridge"]),
        ("self-harm", "She had cut her wrists and used a ligature.", ["cut her wrists", "ligature"]),
        ("[child-death, self-harm]", "cuts to his arms", ["cuts to his arms"]),
        ("suicide", "He drowned in the reservoir.", ["drowned"]),  # a word that needs the note
    ],
)
def test_method_found(project: Project, note: str, text: str, found: list[str]) -> None:
    extra = f"content_note: {note}\n" + methodology(text)
    assert check(project, extra) == [method(words) for words in found]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("She was found hanging in the garage.", "hanging"),
        ("She had taken 40 paracetamol tablets.", "40 paracetamol tablets"),
        ("He swallowed bleach at school.", "swallowed bleach"),
        ("He was struck by a train near the station.", "struck by a train"),
        ("She jumped from the multi-storey car park.", "jumped from the multi-storey car park"),
        ("He was seen stepping in front of a lorry.", "stepping in front of a lorry"),
        ("She lay down on the railway line.", "lay down on the railway line"),
        ("He had searched how many pills would kill him.", "how many pills would kill"),
        ("She googled ways to end it.", "googled ways to end"),
        ("He had looked up a lethal dose.", "lethal dose"),
    ],
)
def test_method_found_without_a_content_note(project: Project, text: str, words: str) -> None:
    assert check(project, methodology(text)) == [method(words, LINE)]


def test_method_words_near_suicide_found_without_a_content_note(project: Project) -> None:
    text = "After he spoke of wanting to die, he was found drowned in the canal."
    assert check(project, methodology(text)) == [method("drowned", LINE), method("canal", LINE)]


def test_ligature_risks_are_a_method_only_near_suicide(project: Project) -> None:
    text = "Ligature points in her room were not removed after her suicide attempt."
    extra = "content_note: suicide\n" + methodology(text)
    assert check(project, extra) == [method("Ligature", LINE + 1)]


@pytest.mark.parametrize(
    ("note", "text"),
    [
        ("suicide", "He took his own life; he died by suicide."),
        ("suicide", "He was hanging around with older peers."),
        ("self-harm", "Cost cutting cut funding for cutting-edge training of line managers."),
        ("neglect", "The family were hanging on; the team was drowning in paperwork."),
        ("neglect", "The child drowned in the bath; non-fatal strangulation is an offence."),
        ("neglect", "Rates jumped from 12 to 40; cuts to funding; the father's heroin overdose."),
        ("neglect", "Ligature risks and ligature points were assessed; the rooms are ligature-free."),
        ("neglect", "Hanging baskets were listed; responsibility lies on the line manager."),
        ("neglect", "He stepped onto the bus; how many visits would be needed was unclear."),
    ],
)
def test_method_not_found(project: Project, note: str, text: str) -> None:
    assert check(project, f"content_note: {note}\n" + methodology(text)) == []


# --- 7. suicide or self-harm without its content note ---------------------------------------------


def test_suicide_without_a_content_note_warns_once_at_the_first_text(project: Project) -> None:
    extra = (
        methodology("She took her own life in 2019.") + "worked_well: [Died by suicide is said plainly.]\n"
    )
    assert check(project, extra) == [
        "reviews/child-t.yaml:22:1: methodology: warning: the text says someone died by suicide or "
        "self-harmed ('took her own life') but the review has no matching content_note: add "
        "content_note: suicide, so readers are warned before they read on (if it is checked and safe "
        "to publish, add 'took her own life' to publication_check: allow)"
    ]


def test_self_harm_and_suicide_without_their_notes(project: Project) -> None:
    extra = "content_note: neglect\n" + methodology("A history of self-harm; later she took her own life.")
    assert check(project, extra) == [
        "reviews/child-t.yaml:23:1: methodology: warning: the text says someone died by suicide or "
        "self-harmed ('history of self-harm') but the review has no matching content_note: add "
        "content_note: [suicide, self-harm], so readers are warned before they read on (if it is "
        "checked and safe to publish, add 'history of self-harm' to publication_check: allow)"
    ]


def test_the_matching_content_note_is_enough(project: Project) -> None:
    extra = "content_note: [suicide, self-harm]\n" + methodology(
        "A history of self-harm; he took his own life."
    )
    assert check(project, extra) == []


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


def test_an_allow_entry_that_matches_nothing_is_reported_at_its_line(project: Project) -> None:
    extra = """\
methodology: Born on 3 December 1992.
publication_check:
  allow:
    - born on 3 December 1992
    - 12 Acacia Avenue
"""
    assert check(project, extra) == [
        "reviews/child-t.yaml:26:7: publication_check.allow[2]: warning: allow entry '12 Acacia Avenue' "
        "matches nothing the publication check finds in this review; remove it (the words it "
        "acknowledged have changed or gone)"
    ]


def test_publication_check_needs_a_list_of_words(project: Project) -> None:
    project.write(FILE, VALID_REVIEW + "publication_check:\n  allow: born on 3 December 1992\n")
    result = project.run("check", *AS_OF)
    assert result.code == 1
    assert f"{FILE}:23:10: publication_check.allow: expected a list (lines starting '- '), " in result.err


# --- bulletins and portal.yaml --------------------------------------------------------------------


def test_bulletins_are_checked_in_their_own_file(project: Project) -> None:
    project.write("portal.yaml", "site_url: https://portal.example.org/\n")
    project.write(FILE, VALID_REVIEW)
    project.write(
        "bulletins/1.yaml",
        "issue: 1\ntitle: Update\ndate: 2021-02\npartnership: Testshire\n"
        "intro: Ring the mother on 07700 900123.\n"
        "items:\n  - heading: Learning\n    points: ['His father, Wayne Baxter, was known.']\n",
    )
    result = project.run("check", *AS_OF)
    assert [line for line in result.lines if line.startswith("bulletins/")] == [
        "bulletins/1.yaml:5:1: intro: warning: "
        + PHONE.format("'07700 900123'")
        + " (if it is checked and safe to publish, add '07700 900123' to publication_check: allow)",
        "bulletins/1.yaml:8:5: items[1].points[1]: warning: "
        + RELATION.format("'Wayne Baxter'", "'father'")
        + " (if it is checked and safe to publish, add 'Wayne Baxter' to publication_check: allow)",
    ]
    with (project.root / "bulletins/1.yaml").open("a") as bulletin:
        bulletin.write("publication_check:\n  allow: ['07700 900123', 'Peter Pan']\n")
    result = project.run("check", *AS_OF)
    assert [line for line in result.lines if line.startswith("bulletins/")] == [
        "bulletins/1.yaml:8:5: items[1].points[1]: warning: "
        + RELATION.format("'Wayne Baxter'", "'father'")
        + " (if it is checked and safe to publish, add 'Wayne Baxter' to publication_check: allow)",
        "bulletins/1.yaml:10:3: publication_check.allow[2]: warning: allow entry 'Peter Pan' matches "
        "nothing the publication check finds in this bulletin; remove it (the words it acknowledged "
        "have changed or gone)",
    ]


def test_portal_text_is_checked_but_not_its_own_numbers(project: Project) -> None:
    project.write(
        "portal.yaml",
        "worried_text: Call the front door on 0300 123 4567, or Mrs Hill on 0161 234 5678.\n"
        "contacts:\n  - name: Front door\n    number: 0300 123 4567\n    note: office hours\n"
        "school_names: [Oakwood Primary School]\n",
    )
    project.write(FILE, VALID_REVIEW)
    result = project.run("check", *AS_OF)
    hint = " (if it is checked and safe to publish, add {} to publication_check: allow)"
    assert [line for line in result.lines if line.startswith("portal.yaml")] == [
        "portal.yaml:1:1: worried_text: warning: "
        + RELATION.format("'Mrs Hill'", "'Mrs'")
        + hint.format("'Mrs Hill'"),
        "portal.yaml:1:1: worried_text: warning: "
        + PHONE.format("'0161 234 5678'")
        + hint.format("'0161 234 5678'"),
    ]
    with (project.root / "portal.yaml").open("a") as portal:
        portal.write("publication_check: {allow: [Mrs Hill, 0161 234 5678]}\n")
    assert [line for line in project.run("check", *AS_OF).lines if line.startswith("portal.yaml")] == []


def test_the_partnerships_own_email_addresses_are_known(project: Project) -> None:
    portal = "intro: Questions to lscb@example.org or lscb at example dot org.\n"
    text = "Ask LSCB@example.org or lscb (at) example (dot) org; not kel.b@example.org."
    assert check(project, methodology(text), portal) == [
        warning(LINE, "methodology", EMAIL, "kel.b@example.org")
    ]
    assert [line for line in project.run("check", *AS_OF).lines if line.startswith("portal.yaml")] == []


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


# --- the corpus: phrases that identify, and ordinary review prose ---------------------------------

CORPUS = Path(__file__).resolve().parent / "publication_corpus"


def corpus(name: str) -> list[str]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def test_the_corpus_is_caught_and_ordinary_prose_is_not(capsys: pytest.CaptureFixture[str]) -> None:
    identifying_lines, safe = corpus("identifying.txt"), corpus("safe.txt")
    assert len(identifying_lines) >= 100 and len(safe) >= 100
    assert len(set(identifying_lines)) == len(identifying_lines) and len(set(safe)) == len(safe)
    missed = [line for line in identifying_lines if not publication.text_findings(line)]
    flagged = {line: [f.words for f in publication.text_findings(line)] for line in safe}
    flagged = {line: words for line, words in flagged.items() if words}
    recall = 1 - len(missed) / len(identifying_lines)
    false_flags = len(flagged) / len(safe)
    with capsys.disabled():
        print(
            f"\npublication corpus: caught {len(identifying_lines) - len(missed)} of "
            f"{len(identifying_lines)} identifying phrases (recall {recall:.3f}); flagged "
            f"{len(flagged)} of {len(safe)} safe sentences (false-flag rate {false_flags:.3f})"
        )
    assert recall >= 0.90, missed
    assert false_flags <= 0.03, flagged


@pytest.mark.parametrize("noted", [False, True])
def test_the_quick_tests_never_hide_a_finding(noted: bool) -> None:
    """A rule is passed over when a text lacks its words (Rule.words) or fails its test (Rule.each):
    on every corpus line, whatever a rule finds, those tests let through."""
    portal = Portal(school_names=("Oakwood Primary School",))
    rules = [identifying.pseudonym_names("SB"), *publication.text_rules(portal, noted=noted)]
    for line in corpus("identifying.txt") + corpus("safe.txt"):
        text = publication.plain(line)
        for rule in rules:
            if list(rule.find(text)):
                assert identifying.needs(rule, text), (line, rule.find)
