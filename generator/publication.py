"""The publication check: words that could identify a child, or describe a method of suicide.

A review is about a child who died or was seriously harmed. Before anything is published, `check`
warns (a warning; an error under `--strict`, which `make site` uses) about, in every text field
of every review, bulletin and portal.yaml (the rules are in identifying.py, and below):

- names next to a relation, a role or a title: "his mother, Sarah Jones", "Mum (Kelly)", "Dr
  Patel", "PC Smith", "Mrs O'Neill, the class teacher", "Tom Briggs (social worker)", "the
  Kowalski family", "her stepdad, known as Gaz", "the uncle, who is called Stefan Novak"; first
  names in capitals or lower case next to a relation or role ("his mother SARAH LUND", "her dad,
  wayne": common first names only, less those that are also words); and real names next to the
  child's pseudonym ("SB (John Smith)");
- dates of birth in any common form ("DOB 03/12/2009", "born on the 3rd of December 2009",
  "date of birth 3.12.09"); a month and year alone ("born in May 2009") is an age, not flagged;
- NHS numbers (a valid check digit, or any ten digits after "NHS number"), National Insurance
  numbers (HMRC's prefix rules, or any such number after "NI number"), email addresses (spelled out
  too: "name at hotmail dot com") other than those portal.yaml's own text gives, and phone numbers
  (a digit at a time too) other than the partnership's own (contacts and support_lines in portal.yaml);
- a house number and street, a flat, a street after "lived on", a postcode (any spacing);
- school names by shape ("… Primary School", "… High", "… Academy", "… College", "… Nursery")
  and as listed in portal.yaml's school_names; "King's College Hospital" is not a school;
- wording that describes a method of suicide or self-harm (the Samaritans media guidelines), in
  three degrees. Words that only ever describe one ("hanged himself", "a ligature", "took an
  overdose", "40 tablets", "jumped from the bridge", "hit by a train", "stepping in front of a
  lorry", "how many tablets would be fatal") in every review; not risk wording ("ligature risks",
  "ligature points", "ligature-free"), which counts only in a sentence about suicide. Words
  that also describe accidents or assaults ("drowned", "strangled", "poisoning", "overdose",
  "carbon monoxide") in reviews with a suicide or self-harm content note, and elsewhere in a
  sentence that speaks of suicide or self-harm. Places and means ("bridge", "railway line",
  "tablets", "rope", "bedroom") only in such a sentence. Figures of speech stay quiet: "the
  family were hanging on", "drowning in paperwork", "cuts to funding".

And, for a review: text that says someone died by suicide or self-harmed when the review has no
matching content_note (one warning, at the first such text); an allow entry that matches nothing.

The rules stay quiet on ordinary review prose: agencies ("Alder Hey Children's Hospital", "St
Helens Council"), roles without names ("the health visitor", "PC" alone), anonymised labels
("Mother", "Ms A", "Social Worker 2"), counts, years and action numbers, and the names of judges
("Mr Justice …"), professors and independent reviewers, which are published with their work (a
professor next to a role, "paediatrician Prof. Helen Ward", is reported as 'Helen Ward').

The rules look for shapes, not for every possible risk: they help a comms officer's own
read-through, they do not replace it. A finding that has been checked and is safe to publish is
acknowledged in the review itself, so the decision is recorded next to the text it is about:

    publication_check:
      allow: ["born on 3 December 1992"]

Bulletins and portal.yaml have no such setting: a finding there is reworded.

Every text field is found from the formats themselves (formats.py): a new text field is checked
the day it is added, and the tests fail on a new kind of field until the walker is told of it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from . import identifying as rules_of
from .formats import BULLETIN, PORTAL, REVIEW_FIELDS, THEME_ENTRY, ThemeTable
from .identifying import Finding, Rule, sentences, words
from .loader import Mapping, Node
from .loader import Sequence as NodeList
from .model import Bulletin, Portal, PublicationCheck, Review, Where
from .problems import Problem, Severity
from .schema import Field, Kind, ListOf, Record, Text


@dataclass(frozen=True)
class Passage:
    """One text field: the record that holds it, its key there, its path as shown."""

    text: str
    where: Where
    name: str  # the field's key in its record, for the position: "points"
    path: str  # as shown to the user: "learning[2].points[1]"


# --- the walker: every text field, from the formats -----------------------------------------------

# The check's own settings are never published: the words acknowledged, the schools to look for.
SETTINGS = frozenset({"publication_check", "school_names"})
# Reads a value into the list: (value, where, key, path as shown, the passages so far).
Reader = Callable[[Any, Where, str, str, list[Passage]], None]


def _text(value: Any, where: Where, name: str, path: str, out: list[Passage]) -> None:
    if value:
        out.append(Passage(value, where, name, path))


def _list_of(item: Reader) -> Reader:
    def read(value: Any, where: Where, name: str, path: str, out: list[Passage]) -> None:
        for index, each in enumerate(value):
            item(each, where, name, f"{path}[{index + 1}]", out)  # counted from 1

    return read


def _record_of(fields: Sequence[Field]) -> Reader:
    def read(value: Any, where: Where, name: str, path: str, out: list[Passage]) -> None:
        _record(fields, value, out)

    return read


def _themes(value: Any, where: Where, name: str, path: str, out: list[Passage]) -> None:
    """portal.yaml's `themes: {slug: {title, description}}`: each theme's text fields."""
    for theme in value:
        for spec in THEME_ENTRY.fields:
            _text(getattr(theme, spec.name), where, name, f"{path}.{theme.slug}.{spec.name}", out)


def _reader(kind: Kind) -> Reader | None:
    """How to read a kind's value for prose; None when it holds none: a code, a date, a web address
    or a yes or no. (tests/test_publication.py fails on a kind of field it has not been told of.)"""
    if isinstance(kind, Text):
        return _text
    if isinstance(kind, ListOf):
        item = _reader(kind.item)
        return None if item is None else _list_of(item)
    if isinstance(kind, Record):
        return _record_of(kind.fields)
    if isinstance(kind, ThemeTable):
        return _themes
    return None


# Each record's fields that hold prose, with how to read them: worked out once per format.
_PLANS: dict[int, tuple[Sequence[Field], list[tuple[str, Reader]]]] = {}


def _plan(fields: Sequence[Field]) -> list[tuple[str, Reader]]:
    if id(fields) not in _PLANS:
        readers = [(spec.name, _reader(spec.kind)) for spec in fields if spec.name not in SETTINGS]
        plan = [(name, read) for name, read in readers if read is not None]
        _PLANS[id(fields)] = (fields, plan)  # the fields are kept, so their id stays theirs
    return _PLANS[id(fields)][1]


def _attribute(model: Any, name: str) -> Any:
    """A field's value: a Record's model takes its fields as keywords, except portal `themes`."""
    return getattr(model, "extra_themes" if isinstance(model, Portal) and name == "themes" else name)


def _record(fields: Sequence[Field], model: Any, out: list[Passage]) -> list[Passage]:
    where: Where = model.where
    if not where.file:  # a default (portal.yaml's own numbers, an absent briefing): nothing written
        return out
    for name, read in _plan(fields):
        value = _attribute(model, name)
        if value is not None:
            read(value, where, name, where.field_path(name), out)
    return out


def passages(review: Review) -> list[Passage]:
    """Every text a reader of the published review could see, with where it was written."""
    return _record(REVIEW_FIELDS, review, [])


def bulletin_passages(bulletin: Bulletin) -> list[Passage]:
    return _record(BULLETIN.fields, bulletin, [])


def portal_passages(portal: Portal) -> list[Passage]:
    return _record(PORTAL.fields, portal, [])


# --- method of suicide or self-harm (Samaritans media guidelines) ---------------------------------

SELF = r"(?:him|her|them|my|your|our)sel(?:f|ves)"
# Words that only ever describe a method: reported in every review. These patterns are in lower
# case and searched in the lower-cased text: much faster than re.IGNORECASE.
METHOD = re.compile(
    r"\bhang(?:ed|ing)\b(?!\s+(?:on|onto|around|about|out|over|up|back|together|baskets?)\b)(?<!left hanging)"
    rf"|\bhung\s+{SELF}\b|\bnooses?\b"
    # Estates and risk wording is not a method: "ligature risks", "ligature points", "ligature-free".
    r"|\bligatures?\b(?!\s+(?:risks?|points?|anchors?|audits?|assessments?|reduction|cutters?|free)\b|-free)"
    r"|\b(?:took|taken|take|takes|taking)\s+an?\s+(?:[\w-]+\s+){0,2}overdose\b|\boverdos(?:ed|ing)\b"
    r"|\bjump(?:ed|ing|s)?\s+(?:from|off)\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}"
    r"(?:bridge|building|window|balcony|roof|rooftop|cliff|car\s+park|multi-storey|tower|block|flats"
    r"|flyover|viaduct|height|motorway|floor|storey)s?\b"
    r"|\bjump(?:ed|ing|s)?\s+(?:in|into)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:river|canal|sea|reservoir|quarry|lake|dock)\b"
    rf"|\b(?:jump(?:ed|ing|s)?|step(?:ped|ping|s)?|walk(?:ed|ing|s)?|lay|laid|lain|lying|lie|lies"
    rf"|(?:threw|throw|throwing|throws)\s+{SELF})\s+(?:down\s+|out\s+)?"
    r"(?:in\s+front\s+of\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:train|lorry|bus|car|van|vehicle|tram|truck)"
    r"|(?:onto|on\s+to|on|under)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:(?:railway|train|tram)\s+(?:lines?|tracks?)|train|tram|railway|tracks?))\b"
    r"|\b(?:hit|struck|killed)\s+by\s+(?:a|the|an)\s+(?:[\w-]+\s+)?train\b"
    r"|\b(?:plastic\s+)?bag\s+over\s+(?:his|her|their)\s+head\b"
    rf"|\bthrew\s+{SELF}\s+(?:from|off)\b"
    r"|\bcut(?:s|ting)?\s+(?:(?:his|her|their|my)\s+)?(?:own\s+)?(?:wrists?|forearms?|arms?|legs?|thighs?|throat)\b"
    r"|\bcuts?\s+(?:on|to)\s+(?:his|her|their)\s+(?:wrists?|forearms?|arms?|legs?|thighs?)\b"
    r"|\b(?:cut|cutting|burn(?:ed|t|ing)?|shot|stabbed|poisoned|drowned|gassed|suffocated|strangled"
    rf"|electrocuted|hanged|set\s+fire\s+to|set\s+light\s+to)\s+{SELF}\b|\bset\s+{SELF}\s+(?:alight|on\s+fire)\b"
    r"|\bself-(?:cutting|poisoning|strangulation|immolation|ligature|suffocation|strangling)\b"
    r"|\b(?:[1-9]\d{1,2}|(?:ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a\s+hundred)(?:-\w+)?)"
    r"\s+(?:[\w'’-]+\s+){0,4}(?:tablets|pills|capsules|paracetamol|co-codamol|ibuprofen|aspirin|codeine"
    r"|sertraline|fluoxetine|citalopram|diazepam|painkillers)\b"
    r"|\b(?:packets?|boxes|bottles?|packs?|strips?)\s+of\s+(?:his|her|their|[\w-]+['’]s\s+)?(?:[\w-]+\s+)?"
    r"(?:paracetamol|ibuprofen|aspirin|co-codamol|codeine|tablets|pills|painkillers|antidepressants"
    r"|sertraline|fluoxetine)\b"
    r"|\b(?:swallowed|ingested|drank|drunk)\s+(?:[\w-]+\s+){0,3}?(?:bleach|tablets|pills|paracetamol"
    r"|anti-?freeze|weedkiller|poison|capsules|painkillers)\b"
    r"|\b(?:around|round)\s+(?:his|her|their)\s+neck\b|\bexit\s+bag\b"
    # Finding out how: "how many tablets would be fatal", "a lethal dose", "searched how to hang".
    r"|\bhow\s+(?:many|much)\s+(?:[\w-]+\s+){0,3}?(?:would|could|it\s+would|it\s+takes|to\s+take|were)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:fatal|lethal|kill|die|overdose)\b"
    r"|\b(?:lethal|fatal|deadly)\s+(?:dose|amount|quantity|number)s?\b"
    r"|\b(?:researched|searched|googled|looked\s+up)\s+(?:online\s+|the\s+internet\s+)?(?:for\s+)?"
    r"(?:how\s+to|ways\s+(?:to|of)|methods\s+of)\s+(?:[\w-]+\s+){0,2}?(?:die|dying|kill|killing|hang|hanging|overdose"
    r"|suicide|end|ending)\b"
    r"|\bmethods?\s+of\s+(?:suicide|self-harm|killing)\b|\b(?:suicide|self-harm)\s+methods?\b",
)
SELVES = frozenset(
    f"{who}{end}" for who in ("him", "her", "them", "my", "your", "our") for end in ("self", "selves")
)
# Each METHOD alternative has one of these words: text with none of them is passed over at once.
METHOD_WORDS = SELVES | frozenset(
    """
    hanged hanging hung ligature ligatures noose nooses overdose overdosed overdosing jump jumped
    jumping jumps step stepped stepping steps walk walked walking walks lay laid lain lying lie lies
    threw throw throwing throws train bag cut cuts cutting self tablets pills fatal lethal deadly kill
    die researched searched googled looked
    capsules paracetamol codamol ibuprofen aspirin codeine sertraline fluoxetine citalopram
    diazepam painkillers antidepressants bleach antifreeze freeze weedkiller poison neck exit
    method methods
    """.split()
)
# Words that also describe an accident or an assault: in reviews with a suicide or self-harm content
# note, and otherwise in a sentence that speaks of suicide or self-harm.
METHOD_MAYBE = re.compile(
    r"\b(?:self-)?poison(?:ed|ing|s)?\b|\bsuffocat(?:e|ed|ion|ing)\b|\basphyxia(?:tion|ted)?\b"
    r"|\bstrangl(?:e|ed|ing)\b|\bstrangulation\b|\bdrown(?:ed|s)?\b|\bdrowning\b(?!\s+in\s+(?!(?:the|a)\s))"
    r"|\bcarbon\s+monoxide\b|\b(?:firearm|shotgun|gunshot)s?\b|\bparacetamol\b|\boverdoses?\b"
    r"|\b(?:railway|train)\s+(?:line|track|bridge|crossing)s?\b|\blevel\s+crossings?\b|\bfrom\s+a\s+height\b"
    r"|\b(?:hit|struck)\s+by\s+(?:a|the|an)\s+(?:lorry|bus|car|vehicle)\b",
)
# Places and means: only in a sentence that speaks of suicide or self-harm.
METHOD_NEAR = re.compile(
    r"\b(?:bridge|cliff|viaduct|river|canal|reservoir|quarry|woods|woodland|railway|tablets|pills"
    r"|painkillers|antidepressants|knife|blade|razor|rope|belt|cord|scarf|bleach|gun|garage"
    r"|car\s+exhaust|barbecue|helium|bedroom|loft|wardrobe|bannister|banister|stairwell|ligature)s?\b",
)
SUICIDE_WORDS = re.compile(
    r"\bsuicid\w*|\bself[- ]harm\w*|\b(?:wanted|want|wants|wanting)\s+to\s+die\b|\bend\s+it\s+all\b"
    r"|\b(?:took|take|taken|taking|ended|end|ending)\s+(?:his|her|their)\s+(?:own\s+)?li(?:fe|ves)\b"
    rf"|\bkill(?:ed|ing)?\s+{SELF}\b",
)
# Each SUICIDE_WORDS alternative has one of these words.
SUICIDE_STEMS = SELVES | frozenset("suicide suicides suicidal suicidality self die end life lives".split())
METHOD_NOTES = ("suicide", "self-harm")
METHOD_MESSAGE = (
    "wording that describes a method of suicide or self-harm {words}: the Samaritans media guidelines "
    "advise against describing how someone died or harmed themselves; say 'died by suicide' without "
    "describing how"
)


def _method(
    pattern: re.Pattern[str], text: str, lower: str, start: int = 0, end: int | None = None
) -> Iterator[Finding]:
    """Each match of a lower-case pattern in the lower-cased text, with the words as written."""
    for match in pattern.finditer(lower, start, len(lower) if end is None else end):
        said = words(text[match.start() : match.end()])
        yield Finding(match.start(), said, METHOD_MESSAGE.format(words=repr(said)))


def _in_suicide_sentences(text: str, lower: str, patterns: Sequence[re.Pattern[str]]) -> Iterator[Finding]:
    said = [match.start() for match in SUICIDE_WORDS.finditer(lower)]
    if not said:
        return
    for start, end in sentences(text):
        if bisect.bisect_left(said, start) < bisect.bisect_left(said, end):  # a mention in this one
            for pattern in patterns:
                yield from _method(pattern, text, lower, start, end)


@functools.lru_cache(maxsize=2)
def method_wording(noted: bool = False) -> Rule:
    """`noted`: the review has a suicide or self-harm content note, so any method word is one."""

    def each_method(text: str) -> Iterator[Finding]:
        lower = rules_of.lower_same_length(text)
        present = rules_of.word_set(text)
        if not METHOD_WORDS.isdisjoint(present):
            yield from _method(METHOD, text, lower)
        if noted:
            yield from _method(METHOD_MAYBE, text, lower)
        if not SUICIDE_STEMS.isdisjoint(present):
            yield from _in_suicide_sentences(
                text, lower, (METHOD_NEAR,) if noted else (METHOD_MAYBE, METHOD_NEAR)
            )

    def find(text: str) -> Iterator[Finding]:
        """Each method once: not "overdose" again inside "took an overdose"."""
        spans: list[tuple[int, int]] = []
        for finding in each_method(text):
            end = finding.start + len(finding.words)
            if not any(start <= finding.start and end <= stop for start, stop in spans):
                spans.append((finding.start, end))
                yield finding

    if noted:
        return Rule(find)
    return Rule(find, METHOD_WORDS | SUICIDE_STEMS)


# Text that says someone died by suicide or self-harmed, and the content note it needs.
SAYS = {
    "suicide": re.compile(
        r"\b(?:died|death|deaths)\s+(?:by|from|through)\s+(?:apparent\s+|probable\s+)?suicide\b"
        r"|\b(?:committed|completed|attempted|apparent|suspected|probable)\s+suicide\b|\bsuicide\s+attempts?\b"
        r"|\b(?:took|taken|taking)\s+(?:his|her|their)\s+own\s+li(?:fe|ves)\b"
        rf"|\bended\s+(?:his|her|their)\s+(?:own\s+)?li(?:fe|ves)\b|\b(?:killed|hanged)\s+{SELF}\b"
    ),
    "self-harm": re.compile(
        rf"\bself[- ](?:harmed|harming|injured|injuring|injury)\b|\bharm(?:ed|ing)\s+{SELF}\b"
        r"|\b(?:episodes?|incidents?|history|acts?|instances?|disclosures?|evidence|signs?|reports?)"
        rf"\s+of\s+self[- ]harm\b|\bcut(?:ting)?\s+{SELF}\b"
    ),
    "sexual-abuse": re.compile(
        r"\bsexual(?:ly)?\s+(?:abused?|abusing|exploited|exploitation|exploiting|assault(?:ed|s)?)\b"
        r"|\b(?:raped?|rapes|raping)\b|\bchild\s+sexual\s+exploitation\b"
    ),
    "child-death": re.compile(
        r"\b(?:child|baby|infant|toddler|boy|girl|son|daughter|sibling)\s+(?:who\s+)?(?:died|was\s+killed)\b"
        r"|\bdeaths?\s+of\s+(?:a|the|their|his|her|two|three)\s+"
        r"(?:\w+\s+)?(?:child|children|baby|babies|infant|infants|son|daughter)\b"
        r"|\b(?:child|baby|infant)(?:'s|ren's)?\s+deaths?\b|\bwas\s+found\s+dead\b"
    ),
}  # in lower case, searched in the lower-cased text
SAYS_WORDS = {
    "suicide": SELVES | frozenset({"suicide", "life", "lives"}),
    "self-harm": SELVES | frozenset({"self", "harm"}),
    "sexual-abuse": frozenset({"sexual", "sexually", "rape", "raped", "rapes", "raping"}),
    "child-death": frozenset({"died", "killed", "death", "deaths", "dead"}),
}
# The content notes whose missing note `check` looks for, and what the text was found to speak of.
SAID_NOTES = ("suicide", "self-harm", "sexual-abuse", "child-death")
SPEAKS_OF = {"sexual-abuse": "sexual abuse", "child-death": "a child's death"}
NOTE_MESSAGE = (
    "the text says someone died by suicide or self-harmed ({words}) but the review has no matching "
    "content_note: add content_note: {notes}, so readers are warned before they read on"
)
OTHER_NOTE_MESSAGE = (
    "the text speaks of {what} ({words}) but the review has no matching content_note: add "
    "content_note: {notes}, so readers are warned before they read on"
)


def _missing_note(review: Review, joined: Joined) -> tuple[int, Finding] | None:
    """Which text first speaks of suicide, self-harm, sexual abuse or a child's death without the
    content note it needs, and how."""
    said = {}
    for note in SAID_NOTES:
        if note not in review.content_note:
            for index in sorted(_with_words(SAYS_WORDS[note] & joined.present, joined)):
                match = SAYS[note].search(joined.lower, joined.starts[index], joined.end(index))
                if match is not None:
                    said[note] = match
                    break
    if not said:
        return None
    first = min(said.values(), key=lambda match: match.start())
    index = joined.text_at(first.start())
    notes = next(iter(said)) if len(said) == 1 else "[" + ", ".join(said) + "]"
    words_said = words(joined.whole[first.start() : first.end()])
    first_note = next(note for note, match in said.items() if match is first)
    if first_note in SPEAKS_OF:
        what = SPEAKS_OF[first_note]
        message = OTHER_NOTE_MESSAGE.format(what=what, words=repr(words_said), notes=notes)
    else:
        message = NOTE_MESSAGE.format(words=repr(words_said), notes=notes)
    return index, Finding(first.start() - joined.starts[index], words_said, message)


# --- the check -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _known_phones(portal: Portal) -> frozenset[str]:
    return frozenset(rules_of.phone_digits(line.number) for line in (*portal.contacts, *portal.support_lines))


@functools.lru_cache(maxsize=8)
def _known_emails(portal: Portal) -> frozenset[str]:
    """The addresses portal.yaml's own text gives: the partnership's, like its numbers."""
    texts = [plain(passage.text) for passage in portal_passages(portal)]
    return frozenset(address for text in texts for address in rules_of.email_addresses(text))


def text_rules(portal: Portal, not_names: frozenset[str] = frozenset(), noted: bool = False) -> list[Rule]:
    """The rules every text is read by, with the partnership's settings."""
    found_by = [rules_of.listed_schools(portal.school_names)] if portal.school_names else []
    found_by += [
        rules_of.DATES_OF_BIRTH,
        rules_of.names_by_role(not_names),
        rules_of.names_in_one_case(not_names),
        rules_of.numbers(_known_phones(portal)),
        *rules_of.emails(_known_emails(portal)),
        rules_of.STREETS_LIVED_ON,
        rules_of.SCHOOLS,
        method_wording(noted),
    ]
    return found_by


def _owners(actions: Iterable[Any]) -> list[str]:
    """Each action's owner: one name, or (joint owners) several."""
    names: list[str] = []
    for action in actions:
        owner: str | Sequence[str] | None = action.owner
        names += [owner] if isinstance(owner, str) else list(owner or ())
    return names


def organisation_words(review: Review) -> frozenset[str]:
    """Words of the partnership, agencies, owners and addressees the review names: not names."""
    names = [review.partnership]
    for item in review.learning:
        names += [item.agency or "", *_owners((*item.responses, *item.next_steps))]
    for rec in review.all_recommendations():
        names += [rec.to or "", *_owners((*rec.responses, *rec.next_steps))]
    names += _owners((*review.responses, *review.next_steps))
    return frozenset(re.findall(r"[\w'’-]+", " ".join(names)))


def review_rules(review: Review, portal: Portal) -> list[Rule]:
    """The rules for this review: the shared ones, and its pseudonyms and content notes."""
    organisations = organisation_words(review)
    not_names = organisations | frozenset(rules_of.pseudonyms(review.child))
    noted = any(note in METHOD_NOTES for note in review.content_note)
    return [rules_of.pseudonym_names(review.child, organisations), *text_rules(portal, not_names, noted)]


_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")  # [the words](https://...): the words are read
# Emphasis and code marks removed, `**SB** (*John Smith*)`; an underscore inside a word stays.
_MARKS = re.compile(r"[*`]|(?<!\w)_+|_+(?!\w)")


def plain(text: str) -> str:
    """The text as a reader sees it, near enough: the rules match words, not Markdown."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "&" in text:
        text = text.replace("&nbsp;", "\u00a0").replace("&#160;", "\u00a0")
    if "*" in text or "_" in text or "`" in text:
        text = _MARKS.sub("", text)
    return text


def _allowed(said: str) -> str:
    return words(said).casefold()


# Texts are read together, joined by this: no rule matches across it (none matches a NUL, and it
# ends a sentence), and one search of a whole review is much faster than one per field.
SEPARATOR = "\n\n\x00\n\n"


@dataclass(frozen=True)
class Joined:
    """A file's texts as the rules read them: as a reader sees them (`plain`), joined, in lower
    case, where each one starts, and every word in them."""

    seen: Sequence[str]
    whole: str
    lower: str
    starts: Sequence[int]
    present: frozenset[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Joined:
        seen = [plain(text) for text in texts]
        whole = SEPARATOR.join(seen)
        starts = list(itertools.accumulate((len(text) + len(SEPARATOR) for text in seen[:-1]), initial=0))
        return cls(seen, whole, rules_of.lower_same_length(whole), starts, rules_of.word_set(whole))

    def text_at(self, position: int) -> int:
        """Which text a position in `whole` is in."""
        return bisect.bisect_right(self.starts, position) - 1

    def end(self, index: int) -> int:
        return self.starts[index] + len(self.seen[index])


def _having(pattern: re.Pattern[str], joined: Joined) -> set[int]:
    """The texts with a match: one search per text found, the texts between passed over in C."""
    found: set[int] = set()
    at = 0
    while (match := pattern.search(joined.whole, at)) is not None:
        index = joined.text_at(match.start())
        found.add(index)
        if index + 1 == len(joined.seen):
            break
        at = joined.starts[index + 1]  # on to the next text
    return found


def _with_words(wanted: Iterable[str], joined: Joined) -> set[int]:
    """The texts with one of the words, perhaps inside a longer word (that only adds a text to
    read): str.find is many times faster than a pattern of all the words."""
    found: set[int] = set()
    for word in wanted:
        at = joined.lower.find(word)
        while at >= 0:
            index = joined.text_at(at)
            found.add(index)
            at = joined.lower.find(word, joined.starts[index + 1]) if index + 1 < len(joined.seen) else -1
    return found


def _chosen(rule: Rule, joined: Joined) -> list[int]:
    """The texts a rule reads: those with one of its words and a match of its `each`."""
    chosen = set(range(len(joined.seen)))
    if rule.words:
        chosen &= _with_words(rule.words & joined.present, joined)
    if rule.each is not None and chosen:
        chosen &= _having(rule.each, joined)
    return sorted(chosen)


def _read(rule: Rule, seen: Sequence[str], chosen: Sequence[int], out: list[list[Finding]]) -> None:
    """Run one rule once over the chosen texts; each finding goes to its own text."""
    starts = list(
        itertools.accumulate((len(seen[index]) + len(SEPARATOR) for index in chosen[:-1]), initial=0)
    )
    for finding in rule.find(SEPARATOR.join(seen[index] for index in chosen)):
        number = bisect.bisect_right(starts, finding.start) - 1
        out[chosen[number]].append(Finding(finding.start - starts[number], finding.words, finding.message))


def _once_each(found: list[Finding]) -> list[Finding]:
    """In reading order, each words-and-reason once, and the same words at the same place once
    (the first rule's reason: a school listed in portal.yaml is also a school by its shape)."""
    unique: dict[tuple[str, str], Finding] = {}
    places: set[tuple[int, str]] = set()
    for finding in sorted(found, key=lambda finding: finding.start):
        place = (finding.start, _allowed(finding.words))
        if place not in places:
            places.add(place)
            unique.setdefault((_allowed(finding.words), finding.message), finding)
    return list(unique.values())


def findings(texts: Sequence[str], checks: Sequence[Rule]) -> list[list[Finding]]:
    """Every rule's findings in each text, in reading order."""
    return _findings_in(Joined.of(texts), checks)


def _findings_in(joined: Joined, checks: Sequence[Rule]) -> list[list[Finding]]:
    """A rule whose words are in none of the texts is passed over at once; the others read only
    the texts that pass their tests."""
    out: list[list[Finding]] = [[] for _ in joined.seen]
    for rule in checks:
        if joined.seen and (not rule.words or not rule.words.isdisjoint(joined.present)):
            chosen = _chosen(rule, joined)
            if chosen:
                _read(rule, joined.seen, chosen, out)
    return [_once_each(found) for found in out]


DEFAULT_PORTAL = Portal()


def text_findings(text: str, portal: Portal = DEFAULT_PORTAL) -> list[Finding]:
    """What the check finds in one text with no review around it (as in a bulletin)."""
    return findings([text], text_rules(portal))[0]


ALLOW_HINT = " (if it is checked and safe to publish, add {words!r} to publication_check: allow)"


def _warning(passage: Passage, message: str) -> Problem:
    line, col = passage.where.of(passage.name)
    return Problem(passage.where.file, line, col, passage.path, message, Severity.WARNING)


def _allow_positions(review: Review, root: Node | None) -> list[tuple[int, int]]:
    """Where each allow entry was written: its own line when the file's nodes are at hand."""
    check = root.get("publication_check") if isinstance(root, Mapping) else None
    allow = check.get("allow") if isinstance(check, Mapping) else None
    if isinstance(allow, NodeList) and len(allow.items) == len(review.publication_check.allow):
        return [(item.line, item.col) for item in allow.items]
    return [review.publication_check.where.of("allow")] * len(review.publication_check.allow)


def _unmatched(
    check: PublicationCheck, positions: Sequence[tuple[int, int]], found_words: set[str], what: str
) -> list[Problem]:
    """One warning per allow entry that no finding in the review (bulletin, file) matches."""
    problems = []
    for index, (entry, (line, col)) in enumerate(zip(check.allow, positions, strict=True)):
        if _allowed(entry) not in found_words:
            message = (
                f"allow entry {entry!r} matches nothing the publication check finds in this {what}; "
                "remove it (the words it acknowledged have changed or gone)"
            )
            path = f"publication_check.allow[{index + 1}]"
            problems.append(Problem(check.where.file, line, col, path, message, Severity.WARNING))
    return problems


def review_warnings(review: Review, portal: Portal, root: Node | None = None) -> list[Problem]:
    """One warning per finding per field, unless the review's publication_check allows the words;
    one for a missing suicide or self-harm content note; one per allow entry that matches nothing.

    Every review is checked, drafts included: they are about to be published. `root`, the file's
    nodes, places each allow entry's warning on its own line.
    """
    texts = passages(review)
    joined = Joined.of(passage.text for passage in texts)
    each = _findings_in(joined, review_rules(review, portal))
    found_in = [(passage, finding) for passage, found in zip(texts, each, strict=True) for finding in found]
    missing = _missing_note(review, joined)
    if missing is not None:
        found_in.append((texts[missing[0]], missing[1]))
    allow = {_allowed(entry) for entry in review.publication_check.allow}
    problems = [
        _warning(passage, finding.message + ALLOW_HINT.format(words=finding.words))
        for passage, finding in found_in
        if _allowed(finding.words) not in allow
    ]
    found_words = {_allowed(finding.words) for _, finding in found_in}
    positions = _allow_positions(review, root)
    return problems + _unmatched(review.publication_check, positions, found_words, "review")


def _file_warnings(
    texts: Sequence[Passage], portal: Portal, check: PublicationCheck, what: str
) -> list[Problem]:
    """The findings in a bulletin's or portal.yaml's texts, less those its publication_check allows;
    one warning per allow entry that matches nothing."""
    each = findings([passage.text for passage in texts], text_rules(portal))
    allow = {_allowed(entry) for entry in check.allow}
    problems = [
        _warning(passage, finding.message + ALLOW_HINT.format(words=finding.words))
        for passage, found in zip(texts, each, strict=True)
        for finding in found
        if _allowed(finding.words) not in allow
    ]
    found_words = {_allowed(finding.words) for found in each for finding in found}
    positions = [check.where.of("allow")] * len(check.allow)
    return problems + _unmatched(check, positions, found_words, what)


def bulletin_warnings(bulletin: Bulletin, portal: Portal) -> list[Problem]:
    """One warning per finding per field of a bulletin: it goes to every practitioner on the list."""
    return _file_warnings(bulletin_passages(bulletin), portal, bulletin.publication_check, "bulletin")


def portal_warnings(portal: Portal) -> list[Problem]:
    """One warning per finding in portal.yaml's own text; its numbers are the partnership's own."""
    return _file_warnings(portal_passages(portal), portal, portal.publication_check, "file")
