"""The publication check: words in a review that could identify a child, or describe a method.

A review is about a child who died or was seriously harmed. Before it is published, `check` warns
(a warning; an error under `--strict`, which `make site` uses) about likely dates of birth, real
names next to the child's pseudonym, home addresses and postcodes, phone numbers other than the
partnership's own, school names listed in portal.yaml, and, in reviews with a content note of
suicide or self-harm, wording that describes a method (Samaritans media guidelines).

The rules look for precise shapes, not for every possible risk: they help a comms officer's own
read-through, they do not replace it. A finding that has been checked and is safe to publish is
acknowledged in the review itself, so the decision is recorded next to the text it is about:

    publication_check:
      allow: ["born on 3 December 1992"]

Every text field is visited by one walker (`passages`); the rules see only text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .model import Action, Learning, Portal, Recommendation, Review, Where
from .problems import Problem, Severity


@dataclass(frozen=True)
class Passage:
    """One text field of a review: the record that holds it, its key there, its path as shown."""

    text: str
    where: Where
    name: str  # the field's key in its record, for the position: "points"
    path: str  # as shown to the user: "learning[2].points[1]"


@dataclass(frozen=True)
class Finding:
    start: int  # where in the text: findings are reported in reading order
    words: str  # as found in the text, white space collapsed
    message: str  # what it may be, why it matters and what to do


Rule = Callable[[str], Iterator[Finding]]


# --- the walker ----------------------------------------------------------------------------------


def _one(where: Where, name: str, text: str | None) -> Iterator[Passage]:
    if text:
        yield Passage(text, where, name, where.field_path(name))


def _each(where: Where, name: str, texts: Sequence[str]) -> Iterator[Passage]:
    for index, text in enumerate(texts):
        yield Passage(text, where, name, f"{where.field_path(name)}[{index + 1}]")  # counted from 1


def _actions(actions: Sequence[Action]) -> Iterator[Passage]:
    for action in actions:
        yield from _one(action.where, "text", action.text)
        yield from _one(action.where, "owner", action.owner)


def _recommendations(recommendations: Sequence[Recommendation]) -> Iterator[Passage]:
    for rec in recommendations:
        yield from _one(rec.where, "text", rec.text)
        yield from _each(rec.where, "points", rec.points)
        yield from _one(rec.where, "to", rec.to)
        yield from _actions(rec.responses)
        yield from _actions(rec.next_steps)
        yield from _each(rec.where, "impact", rec.impact)


def _learning(item: Learning) -> Iterator[Passage]:
    yield from _one(item.where, "title", item.title)
    yield from _one(item.where, "text", item.text)
    yield from _each(item.where, "points", item.points)
    yield from _one(item.where, "agency", item.agency)
    yield from _one(item.where, "board_view", item.board_view)
    yield from _recommendations(item.recommendations)
    yield from _actions(item.responses)
    yield from _actions(item.next_steps)
    yield from _each(item.where, "impact", item.impact)


def passages(review: Review) -> Iterator[Passage]:
    """Every text a reader of the published review could see, with where it was written."""
    where = review.where
    yield from _one(where, "title", review.title)
    yield from _one(where, "summary", review.summary)
    yield from _one(where, "methodology", review.methodology)
    for key_date in review.key_dates:
        yield from _one(key_date.where, "event", key_date.event)
    yield from _each(where, "worked_well", review.worked_well)
    yield from _each(where, "could_be_better", review.could_be_better)
    yield from _actions(review.responses)
    yield from _actions(review.next_steps)
    yield from _recommendations(review.recommendations)
    for item in review.learning:
        yield from _learning(item)
    briefing = review.briefing
    for name in ("background", "why_it_matters", "information", "key_learning", "what_to_do"):
        yield from _one(briefing.where, name, getattr(briefing, name))
    yield from _each(briefing.where, "questions", briefing.questions)
    for link in briefing.further_reading:
        yield from _one(link.where, "title", link.title)


# --- the rules -----------------------------------------------------------------------------------


_DIGIT = re.compile(r"\d")


def _words(text: str) -> str:
    return " ".join(text.split())


def _found(pattern: re.Pattern[str], text: str, message: str) -> Iterator[Finding]:
    """A finding for each match; `message` names the words as {words}."""
    for match in pattern.finditer(text):
        words = _words(match.group(0))
        yield Finding(match.start(), words, message.format(words=repr(words)))


MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
DAY = r"\d{1,2}(?i:st|nd|rd|th)?\b"
A_DATE = (
    rf"(?:(?i:the)\s+)?{DAY}\s+(?:(?i:of)\s+)?{MONTH}(?:,?\s+\d{{4}}\b)?"  # 3 December 1992
    rf"|{MONTH}\s+{DAY}(?:,?\s+\d{{4}}\b)?"  # December 3rd, 1992
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"  # 3/12/1992, 03.12.92
    r"|\d{4}-\d{2}-\d{2}\b"  # 1992-12-03
)
# "born in 1992" or "born in December 1992" is an age, not a birthday: only a day is flagged.
DATE_OF_BIRTH = re.compile(
    rf"\b(?i:born)\s+(?:(?i:on)\s+)?(?:{A_DATE})"
    rf"|(?:\bD\.?O\.?B\b\.?|\b(?i:date\s+of\s+birth)\b)\s*(?:[:=(,–—-]\s*|(?i:is|was|of)\s+)?(?:{A_DATE})"
)


def dates_of_birth(text: str) -> Iterator[Finding]:
    if not _DIGIT.search(text):  # every date shape has a digit: most text is skipped at once
        return
    message = "possible date of birth {words}: a date of birth can identify a child; give an age instead"
    yield from _found(DATE_OF_BIRTH, text, message)


POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)[ \t]?[0-9][ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)
STREET_WORDS = (
    "Road|Rd|Street|Avenue|Ave|Close|Lane|Drive|Crescent|Grove|Place|Gardens|Terrace|Square|Mews|Way"
)
HOUSE = re.compile(
    rf"(?<![\w.,/£$-])\d{{1,3}}[A-Za-z]?,?\s+(?:[A-Z][a-z]+(?:['’]s)?\s+){{1,3}}(?:{STREET_WORDS})\b"
)
ADDRESS = (
    "possible home address {words} ({what}): an address or postcode can locate the family; "
    "name the town or area at most"
)


def addresses(text: str) -> Iterator[Finding]:
    if not _DIGIT.search(text):
        return
    yield from _found(POSTCODE, text, ADDRESS.replace("{what}", "a postcode"))
    yield from _found(HOUSE, text, ADDRESS.replace("{what}", "a house number and street"))


# A number starts with 0 or +44; its digits come in up to six groups split by a space or hyphen.
PHONE = re.compile(r"(?<![\w+])(?:\+44[ \t]?(?:\(0\)[ \t]?)?|\(0|0)\d+(?:[ -]\d+|\)[ \t]?\d+){0,5}")
SHORT_LINE = re.compile(r"(?<![\w.])116[ -]?\d{3}(?![\w])")  # 116 123 (Samaritans), 116 111


def phone_digits(number: str) -> str:
    """Digits only, +44 read as the leading 0: how two ways of writing a number are compared."""
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    return "0" + digits[2:] if number.lstrip().startswith("+44") else digits


def _is_phone(digits: str) -> bool:
    if digits.startswith("116"):
        return len(digits) == 6
    if digits.startswith(("080", "050")):  # freephone numbers may be short: 0800 1111
        return 8 <= len(digits) <= 11
    return digits.startswith("0") and 10 <= len(digits) <= 11


def _phone_numbers(text: str) -> Iterator[tuple[int, str]]:
    """Each phone-shaped number in the text: the longest run of digit groups that makes one."""
    start = 0
    while (match := PHONE.search(text, start)) is not None:
        found = match.group(0)
        ends = [group.end() for group in re.finditer(r"\d+", found)]
        end = next((end for end in reversed(ends) if _is_phone(phone_digits(found[:end]))), None)
        if end is not None:
            yield match.start(), found[:end]
        start = match.start() + (end or ends[0])  # the next number may follow in the same run
    for match in SHORT_LINE.finditer(text):
        yield match.start(), match.group(0)


PHONE_MESSAGE = (
    "phone number {words} is not one of the partnership's numbers: a private number can identify "
    "a family; remove it, or if it is a service's number add it to contacts or support_lines in portal.yaml"
)


def phone_numbers(known: frozenset[str]) -> Rule:
    """Phone numbers other than the partnership's own (`known`: digits only, see phone_digits)."""

    def rule(text: str) -> Iterator[Finding]:
        if not _DIGIT.search(text):
            return
        for start, number in _phone_numbers(text):
            if phone_digits(number) not in known:
                words = _words(number)
                yield Finding(start, words, PHONE_MESSAGE.format(words=repr(words)))

    return rule


SCHOOL_MESSAGE = (
    "school name {words} (listed in school_names in portal.yaml): naming the school can identify "
    "the child; say 'a secondary school' or 'School 1' instead"
)


@functools.lru_cache(maxsize=8)
def school_names(names: tuple[str, ...]) -> Rule:
    """The schools listed in portal.yaml, as whole words in any case."""

    patterns = [
        re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", re.IGNORECASE)
        for name in names
        if name.strip()
    ]

    def rule(text: str) -> Iterator[Finding]:
        for pattern in patterns:
            yield from _found(pattern, text, SCHOOL_MESSAGE)

    return rule


# A real name: two or three capitalised words (Smith, McDonald, O'Neil, Smith-Jones).
NAME_WORD = r"(?:[A-Z]['’][A-Z][a-z]+|(?:Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
NAME = rf"(?<![\w'’-])(?P<name>{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,2}})(?![\w'’-])"
# Capitalised words that are agencies, roles, places in a review, or start a sentence: never a name.
NOT_NAMES = frozenset(
    """
    A About After All Also An And As At Baby Because Before Both But By Child Children Dad During For
    From He Her His I If In It Its Mother Father Mum Mr Mrs Ms Miss Dr Nor Of On Or Our She So That
    The Their Then There These They This Those To Was We When Where Which While Who With Young
    Academy Action Adult Adults Advice Agency Agencies Alcohol Ambulance Assessment Assurance
    Authority Board Borough Brother Care Case Centre Chair Child Clinic Clinical College
    Commissioning Common Community Conference Constabulary Coordinator Council Counselling County
    Court Crown Department Designated Director Domestic Drug Early Education Emergency England
    Executive Exploitation Families Family Forum Framework General Government Grandfather
    Grandmother Group Guidance Handbook Head Health Help Home Hospital Housing Hub Independent
    Appendix Chapter Figure Key Level Part Phase Section Stage Step Table Tier Year
    Inspection Integrated Intervention Justice Law Lead Local Magistrates Manager Mental Midwife
    Midwifery Named National Neglect Nurse Office Officer Offending Outline Panel Partner
    Partnership People Person Plan Police Policy Practice Practitioner Primary Probation
    Procedures Protection Public Quality Review Safeguarding School Schools Secondary Serious
    Service Services Sexual Sister Social Special Strategy Support Surgery Team Threshold Together
    Training Trust Unit University Violence Visitor Work Worker Workers Working Youth
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    """.split()
)


def _is_name(words: str, not_names: frozenset[str]) -> bool:
    return not any(word in NOT_NAMES or word in not_names for word in words.split())


def organisation_words(review: Review) -> frozenset[str]:
    """Words of the partnership, agencies, owners and addressees the review names: not names."""
    names = [review.partnership]
    for item in review.learning:
        names += [item.agency or ""] + [action.owner or "" for action in (*item.responses, *item.next_steps)]
    for rec in review.all_recommendations():
        names += [rec.to or ""] + [action.owner or "" for action in (*rec.responses, *rec.next_steps)]
    names += [action.owner or "" for action in (*review.responses, *review.next_steps)]
    return frozenset(re.findall(r"[\w'’-]+", " ".join(names)))


def _pseudonyms(child: str | None) -> list[str]:
    """`SB` → [SB]; `G and L` → [G, L]: each pseudonym a child is called by in the text."""
    if not child:
        return []
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", child.strip())
    return [part for part in parts if part]


# Compiled once: the pseudonym slots take any one to three words (a title such as "Child" may come
# first), and the rule keeps a match only when those words end in one of the review's pseudonyms.
# (Compiling these patterns per review, around each review's own pseudonyms, was most of the check's
# time at a thousand reviews.)
_WORDS_SLOT = r"(?P<pseudo>[\w'’-]+(?:[ \t]+[\w'’-]+){0,2})"
_BEFORE_NAME = [
    re.compile(rf"(?<![\w'’-]){_WORDS_SLOT}[ \t]*[(\[][ \t]*{NAME}[ \t]*[)\]]"),  # SB (John Smith)
    re.compile(rf"(?<![\w'’-]){_WORDS_SLOT}[ \t]*,[ \t]*{NAME}[ \t]*(?=[,)])"),  # SB, John Smith,
]
_AFTER_NAME = [
    re.compile(rf"{NAME}[ \t]*[(\[][ \t]*{_WORDS_SLOT}[ \t]*[)\]]"),  # John Smith (Child SB)
    re.compile(rf"{NAME}[ \t]*,[ \t]*{_WORDS_SLOT}[ \t]*,"),  # John Smith, SB,
]
_TITLE = re.compile(r"^(?:Child|Baby|Young\s+Person)\s+")
_SAID = re.compile(
    r"(?P<said>(?i:real\s+name)|\bnamed|\bcalled|\bknown\s+as)"
    rf"(?:[ \t]+(?:is|was))?(?:[ \t]*[:,])?[ \t]+{NAME}"
)


def _ending_in(words: str, pseudonyms: Sequence[str]) -> str | None:
    """The pseudonym the words end in, as whole words ("Child SB" → "SB"), or None."""
    words = _words(words)
    for pseudonym in pseudonyms:
        if words == pseudonym or words.endswith(" " + pseudonym):
            return pseudonym
    return None


def _titled(words: str, pseudonyms: Sequence[str]) -> str | None:
    """The pseudonym the words are, with or without a title first ("Child SB" → "SB"), or None."""
    words = _words(words)
    untitled = _TITLE.sub("", words, count=1)
    return next((p for p in pseudonyms if p in (words, untitled)), None)


def real_names(child: str | None, organisations: frozenset[str] = frozenset()) -> Rule:
    pseudonyms = sorted(_pseudonyms(child), key=len, reverse=True)
    not_names = organisations | frozenset(pseudonyms)
    alone = r"|".join(re.escape(name) for name in pseudonyms) or r"(?!)"
    mentions = rf"(?<![\w'’-])(?:{alone})(?![\w'’-])"  # compiled (and cached by re) when needed

    def adjacent(text: str) -> Iterator[tuple[re.Match[str], str]]:
        if not any(pseudonym in text for pseudonym in pseudonyms):
            return
        for patterns, which in ((_BEFORE_NAME, _ending_in), (_AFTER_NAME, _titled)):
            for pattern in patterns:
                for match in pattern.finditer(text):
                    pseudonym = which(match.group("pseudo"), pseudonyms)
                    if pseudonym is not None:
                        yield match, pseudonym

    def rule(text: str) -> Iterator[Finding]:
        for match, pseudonym in sorted(adjacent(text), key=lambda found: found[0].start()):
            words = _words(match.group("name"))
            if _is_name(words, not_names):
                place = f"next to the pseudonym {pseudonym!r}"
                yield Finding(match.start("name"), words, _name_message(words, place))
        if not _SAID.search(text):
            return
        for start, end in _sentences(text):
            named_here = re.compile(mentions).search(text, start, end)
            for match in _SAID.finditer(text, start, end):
                real = match.group("said").lower().startswith("real")
                words = _words(match.group("name"))
                if (real or named_here) and _is_name(words, not_names):
                    how = _words(match.group("said"))
                    yield Finding(match.start("name"), words, _name_message(words, f"after {how!r}"))

    return rule


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for gap in re.finditer(r"(?<=[.!?])\s+|\n\s*\n", text):
        yield start, gap.start()
        start = gap.end()
    yield start, len(text)


def _name_message(words: str, place: str) -> str:
    return (
        f"possible real name {words!r} {place}: a real name identifies the child and family; "
        "use the pseudonym only"
    )


# Per the Samaritans media guidelines: no detail of how someone died by suicide or harmed themselves.
METHOD = re.compile(
    r"\b(?:took|taken|take|takes|taking)\s+an?\s+(?:\w+\s+)?overdose\b"
    r"|\boverdos(?:e|es|ed|ing)\b"
    r"|\bhang(?:ed|ing)\b(?!\s+(?:around|about|out|on|over)\b)"
    r"|\bhung\s+(?:him|her|them)sel(?:f|ves)\b"
    r"|\bligatures?\b|\bnooses?\b"
    r"|\bjump(?:ed|ing|s)?\s+(?:from|off|in\s+front\s+of)\b"
    r"|\b(?:in\s+front\s+of|hit\s+by|struck\s+by)\s+(?:a|the|an)\s+(?:train|lorry|bus|car|vehicle)\b"
    r"|\b(?:railway|train)\s+(?:line|track)s?\b|\bfrom\s+a\s+height\b"
    r"|\bcut(?:s|ting)?\s+(?:(?:his|her|their|my)\s+)?(?:own\s+)?(?:wrists?|arms?|legs?|thighs?|throat)\b"
    r"|\bcuts?\s+(?:on|to)\s+(?:his|her|their)\s+(?:wrists?|arms?|legs?|thighs?)\b"
    r"|\b(?:cut|cutting|burn(?:ed|t|ing)?|shot)\s+(?:him|her|them)sel(?:f|ves)\b|\bself-cutting\b"
    r"|\b(?:self-)?poison(?:ed|ing|s)?\b|\bsuffocat(?:e|ed|ion|ing)\b|\basphyxia(?:tion|ted)?\b"
    r"|\bstrangl(?:e|ed|ing)\b|\bstrangulation\b|\bdrown(?:ed|ing)?\b|\bcarbon\s+monoxide\b"
    r"|\b(?:firearm|shotgun|gunshot)s?\b|\bparacetamol\b|\b\d+\s+(?:tablets|pills)\b"
    r"|\bmethods?\s+of\s+(?:suicide|self-harm|killing)\b|\b(?:suicide|self-harm)\s+methods?\b",
    re.IGNORECASE,
)
METHOD_NOTES = ("suicide", "self-harm")
METHOD_MESSAGE = (
    "wording that describes a method of suicide or self-harm {words}: the Samaritans media guidelines "
    "advise against describing how someone died or harmed themselves; say 'died by suicide' without "
    "describing how"
)


def method_wording(text: str) -> Iterator[Finding]:
    yield from _found(METHOD, text, METHOD_MESSAGE)


# --- the check -----------------------------------------------------------------------------------


def rules(review: Review, portal: Portal) -> list[Rule]:
    """The rules that apply to this review, with the partnership's settings."""
    known = frozenset(phone_digits(line.number) for line in (*portal.contacts, *portal.support_lines))
    names = real_names(review.child, organisation_words(review))
    found: list[Rule] = [dates_of_birth, names, addresses, phone_numbers(known)]
    if portal.school_names:
        found.append(school_names(portal.school_names))
    if any(note in METHOD_NOTES for note in review.content_note):
        found.append(method_wording)
    return found


def _allowed(words: str) -> str:
    return _words(words).casefold()


_MARKS = re.compile(r"[*_`]")


def _findings(text: str, checks: Sequence[Rule]) -> list[Finding]:
    """Every rule's findings in reading order, each words-and-reason once."""
    plain = _MARKS.sub("", text)  # emphasis and code marks removed: `**SB** (*John Smith*)`
    found: dict[tuple[str, str], Finding] = {}
    for finding in sorted((f for rule in checks for f in rule(plain)), key=lambda f: f.start):
        found.setdefault((_allowed(finding.words), finding.message), finding)
    return list(found.values())


def review_warnings(review: Review, portal: Portal) -> list[Problem]:
    """One warning per finding per field, unless the review's publication_check allows the words.

    Every review is checked, drafts included: they are about to be published.
    """
    allow = {_allowed(words) for words in review.publication_check.allow}
    checks = rules(review, portal)
    problems: list[Problem] = []
    for passage in passages(review):
        for finding in _findings(passage.text, checks):
            if _allowed(finding.words) in allow:
                continue
            line, col = passage.where.of(passage.name)
            message = (
                f"{finding.message} (if it is checked and safe to publish, "
                f"add {finding.words!r} to publication_check: allow)"
            )
            problems.append(Problem(review.where.file, line, col, passage.path, message, Severity.WARNING))
    return problems
