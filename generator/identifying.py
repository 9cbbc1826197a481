"""Words that could identify a child: the publication check's rules for names, dates of birth,
numbers, addresses and schools (publication.py walks the files and reports what they find).

Each rule reads a text and yields findings. Each also names the words, or a pattern, that all its
findings contain (`Rule.words`, `Rule.each`): publication.py passes over a review without them at
once, and runs the rule once over just the fields that have them. That keeps the check fast at a
thousand reviews. What each rule looks for, and leaves alone, is listed in publication.py.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from nhs_number.validate import is_valid as valid_nhs_number


@dataclass(frozen=True)
class Finding:
    start: int  # where in the text: findings are reported in reading order
    words: str  # as found in the text, white space collapsed
    message: str  # what it may be, why it matters and what to do


Find = Callable[[str], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """How to find one kind of thing, and two quick tests of whether a text could hold any."""

    find: Find
    # It finds nothing in a text that has none of these words (lower case, letters only); or, if
    # empty, no such test. Texts are chosen by finding these in them (as parts of words, too).
    words: frozenset[str] = frozenset()
    # It finds nothing in a text without a match of this (a digit, an @); None: no such test.
    each: re.Pattern[str] | None = None


_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
SPACE = r"[ \t\u00a0\u202f]"  # a space inside a phrase: typed, or a no-break space pasted in


def word_set(text: str) -> frozenset[str]:
    """The words of a text as Rule.words are tested: lower case, letters only."""
    return frozenset(_LETTERS.findall(text.lower()))


def needs(rule: Rule, text: str) -> bool:
    """Whether a rule could find anything in the text, by its two quick tests."""
    if rule.words and rule.words.isdisjoint(word_set(text)):
        return False
    if rule.each is None:
        return True
    return rule.each.search(text) is not None


def words(text: str) -> str:
    return " ".join(text.split())


def found(pattern: re.Pattern[str], text: str, message: str, group: int | str = 0) -> Iterator[Finding]:
    """A finding for each match; `message` names the words as {words}."""
    for match in pattern.finditer(text):
        said = words(match.group(group))
        yield Finding(match.start(group), said, message.format(words=repr(said)))


def trie(alternatives: Iterable[str]) -> str:
    """One pattern for many words, their shared beginnings written once: `step(?:dad|mum)`.
    Python's re tries a plain alternation's words one by one at every letter; this is far faster."""
    tree: dict[str, Any] = {}
    for word in alternatives:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(tree)


def _branch(node: dict[str, Any]) -> str:
    parts = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body


# --- words that are never a person's name ---------------------------------------------------------

RELATIVES = """
    mother father mum mam mom mummy mommy dad daddy parent stepmother stepfather step-mother
    step-father stepmum stepdad step-mum step-dad grandmother grandfather grandma grandpa grandad
    granddad grandparent gran granny nan nana nanna nanny great-grandmother great-grandfather aunt
    auntie aunty uncle cousin niece nephew brother sister sibling half-brother half-sister
    stepbrother stepsister step-brother step-sister twin son daughter stepson stepdaughter baby
    mother-in-law father-in-law sister-in-law brother-in-law partner ex-partner boyfriend
    girlfriend ex-boyfriend ex-girlfriend husband wife ex-husband ex-wife fiancé fiancée fiance
    fiancee godmother godfather carer neighbour friend lodger boy girl man woman lad male female
    teenager youngster toddler
""".split()
ROLES = """
    worker visitor teacher headteacher head tutor SENCo DSL GP doctor nurse midwife paediatrician
    consultant psychiatrist psychologist therapist counsellor registrar paramedic dentist pharmacist
    practitioner clinician keyworker caseworker adviser advisor advocate IDVA ISVA mentor coach
    childminder officer detective constable sergeant PCSO solicitor barrister guardian manager
    supervisor chaplain imam priest vicar pastor interpreter volunteer assistant SW HV
""".split()
# Capitalised words that are agencies, roles, places in a review, labels or sentence starters.
NOT_NAMES = frozenset(
    """
    A About Above Across After Afterwards Again Against Albeit All Almost Also Although Always Among
    An And Another Any Anyone Are Around As Ask At Because Before Being Below Besides Between Both
    But By Can Check Consider Could Dear Despite Did Do Does During Each Either Else Ensure Even Ever
    Every Everyone Few First Following For From Further Furthermore Had Has Have He Hence Her Here
    Hers Herself Him Himself His How However I If In Indeed Instead Into Is It Its Just Keep Last
    Lastly Later Least Less Like Local Mainly Make Many May Meanwhile Might More Moreover Most Much
    Must My Neither Never Nevertheless New Next No None Nor Not Nothing Now Of Often Old On Once One
    Only Or Other Otherwise Our Over Overall Perhaps Please Prior Rather Recently Regardless
    Remember Second See Separately She Should Since So Some Someone Sometimes Soon Still
    Subsequently Such Than That The Their Them Then There Therefore These They Third This Those
    Though Through Throughout Thus To Today Together Too Two Three Four Five Under Unless Until Up
    Upon Us Use Very Was We Were What Whatever When Whenever Where Whereas Whether Which While Whilst
    Who Whom Whose Why Will With Within Without Would Yes Yesterday Yet You Your Whole Think Safe
    Mr Mrs Ms Miss Mx Dr Lord Lady Sir Dame Baroness Justice Judge Saint St Coroner Led Degree
    North South East West Central Foster Fostering
    Child Children Baby Young Person People Adult Subject Sibling Unborn Infant Mother Father
    Academy Action Advice Advocacy Agency Agencies Aid Alcohol Alliance Ambulance Appendix Area
    Assessment Association Assurance Audit Authority Barnardo Barnardos Board Borough Cafcass Care
    Case Centre Chair Change Chapter Childline Christmas City Clinic Clinical College Commission
    Commissioner Commissioning Committee Common Community Conference Constabulary Coordinator
    Council Counselling County Court Crown Department Deputy Designated Director Discussion
    District Division Domestic Drug Duty Early Easter Education Emergency England Exploitation
    Executive Extended Faith Family Families Federation Figure Fire Food Forest Form Forum
    Foundation Framework Free Front General Government Governors Group Guidance Handbook Harm Head
    Health Healthwatch Healthy Help High Home Hospital House Housing Hub Independent Inspection
    Institute Integrated Intervention Key Law Lead Learning Leadership Level Liaison London
    Magistrates Mainstream Manager Medical Meeting Mental Metropolitan Midwifery Mind Ministry
    Module Named National Neglect Network Nursery Nursing Office Ofsted Offending Outline Panel
    Paediatric Papyrus Parliament Part Partner Partnership Pathway Phase Plan Police Policy
    Practice Prevention Primary Prison Probation Procedures Programme Protection Provision Public
    Quality Rapid Refuge Regional Relate Rescue Residential Review Risk Royal Safeguarding
    Samaritans School Secondary Section Senior Serious Service Sexual Shelter Social Society
    Special Stage Start Step Strategy Summary Summer Support Surgery Table Team Threshold Tier
    Training Trust University Unit Victim Village Violence Virtual Wellbeing Winter Spring Autumn
    Women Work Working Year Youth Sure Troubled Supporting Signs Safety Canaria Moses Accident
    Urgent Specialist Advanced Acting Interim Principal Chief Allocated Locum Student Staff
    Associate Professional Further Infants Juniors
    English British Scottish Welsh Irish Polish Romanian Lithuanian Latvian Czech Slovak Hungarian
    Bulgarian Portuguese Spanish Italian French German Dutch Russian Ukrainian Turkish Kurdish
    Iraqi Iranian Afghan Syrian Somali Eritrean Sudanese Nigerian Ghanaian Zimbabwean Congolese
    Pakistani Indian Bangladeshi Chinese Vietnamese Filipino Jamaican Caribbean African Asian
    European Eastern Western Black White Mixed Arab Arabic Urdu Punjabi Bengali Gujarati Hindi
    Tamil Pashto Farsi Muslim Christian Catholic Protestant Jewish Sikh Hindu Buddhist Orthodox
    Roma Gypsy Traveller Travelling Eid Ramadan Diwali
    January February March April June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Day Night Morning Evening
    Facebook Instagram Snapchat TikTok WhatsApp Twitter YouTube Google Xbox PlayStation
    """.split()
) | frozenset(word[:1].upper() + word[1:] for word in RELATIVES + ROLES)


def not_a_name(word: str, also: frozenset[str] = frozenset()) -> bool:
    """A word (or a part of a hyphenated one, or its singular) that is never a name; `also`: the
    review's own such words (its partnership, agencies, pseudonyms)."""
    for part in (word, *word.split("-")):
        if part in NOT_NAMES or part in also or (part.endswith("s") and part[:-1] in NOT_NAMES):
            return True
    return False


# A name's word: Smith, McDonald, O'Neill, Smith-Jones, Zoë.
NAME_WORD = (
    r"(?:[A-ZÀ-ÖØ-ÞŁŚŻ]['’][A-Z][a-zß-öø-ÿ]+"
    r"|(?:Mc|Mac)?[A-ZÀ-ÖØ-ÞŁŚŻ][a-zß-öø-ÿłśżźćńąę]+(?:-[A-Z][a-zß-öø-ÿ]+)*)"
)
END = r"(?![\w-]|['’]\w)"  # the name ends: "O'Neill" goes on, a closing quote does not
RUN = rf"{NAME_WORD}(?:['’]s)?(?:{SPACE}+{NAME_WORD}(?:['’]s)?){{0,4}}"  # five words: an organisation
POSSESSIVE = re.compile(r"['’]s$")


def _leading_name(run: str, also: frozenset[str]) -> str | None:
    """The name a run of capitalised words starts with ("Kelly's partner" → Kelly), or None when
    a word of it is never a name: the run is an organisation ("Alder Hey Children's Hospital")."""
    kept: list[str] = []
    for word in run.split():
        bare = POSSESSIVE.sub("", word)
        if not_a_name(bare, also):
            return None
        kept.append(bare)
        if bare != word:
            break
    return " ".join(kept) if len(kept) <= 3 else None


def _trailing_name(run: str, also: frozenset[str]) -> tuple[str, int] | None:
    """The name a run ends with, after any words that are never names ("On Monday Sarah Jones"),
    and where it starts in the run; None when the run ends in such a word or a possessive."""
    kept: list[re.Match[str]] = []
    for word in reversed(list(re.finditer(r"\S+", run))):
        if POSSESSIVE.search(word.group()) or not_a_name(word.group(), also):
            break
        kept.insert(0, word)
    if not kept or len(kept) > 3:
        return None
    return " ".join(word.group() for word in kept), kept[0].start()


# --- names next to a relation, a role or a title --------------------------------------------------

FAMILY_WORDS = ("family", "household", "siblings", "brothers", "sisters", "twins")
# Two-word roles are named whole in the message: "('health visitor')", not "('visitor')".
CUE_WORDS = [word.lower() for word in RELATIVES + ROLES] + (
    "head of year|safeguarding lead|health visitor|social worker|support worker|youth worker|key worker"
    "|school nurse|class teacher|head teacher|form tutor|police officer|probation officer|personal adviser"
).split("|")
CUE = "(?i:" + trie(CUE_WORDS) + r")(?![\w-])"
QUOTE = r"['‘\"“]?"
CAPITAL = r"[A-ZÀ-ÖØ-ÞŁŚŻ]"
# "called", "who is called", ", known as", "who goes by": what may come between a cue and a name.
NAMED_AS = (
    rf"(?:(?:who|that){SPACE}+)?(?:(?:is|was|are|were|also|usually|often|always|now|then){SPACE}+){{0,2}}"
    rf"(?:called|named|known{SPACE}+as|(?:goes|went){SPACE}+by)"
)
# Its words written backwards, for the search that starts at the name (NAME_AFTER_CUE).
_NAMED_AS_WORDS = (
    "who that is was are were also usually often always now then called named known as goes went by"
)
_NAMED_AS_BACKWARDS = "|".join(word[::-1] for word in _NAMED_AS_WORDS.split())
# After the cue: "mother, Sarah Jones", "Mum (Kelly)", "worker - Jo Bell", "friend known as Deano",
# "stepfather, who is called Lee", "the worker from the leaving care team, Naomi Clarke".
AFTER_CUE = re.compile(
    rf"(?P<sep>{SPACE}*[,(]{SPACE}*"
    rf"|(?P<phrase>{SPACE}+(?:from|at|in|of|for)(?:{SPACE}+[a-z'’-]+){{1,4}}{SPACE}*,{SPACE}*)"
    rf"|{SPACE}*[:–—-]{SPACE}*|{SPACE}*,?{SPACE}*{NAMED_AS}{SPACE}+|{SPACE}+)"
    rf"(?:(?:Prof|Professor)\.?{SPACE}+)?"  # "paediatrician Prof. Helen Ward": the name follows
    rf"{QUOTE}(?P<run>{RUN}){END}"
    rf"(?!{SPACE}*[A-Z]{{2,}}\b)"  # "the GP, Oldham CCG": a place in an organisation's name
)
# The same, found backwards from the name's capital in the reversed text: a search that starts at
# a capital, a rare letter, is many times faster than one that starts at every cue word.
_BACKWARDS_CUE = "(?i:" + trie(word[::-1] for word in CUE_WORDS) + r")(?![\w-])"
NAME_AFTER_CUE = re.compile(
    rf"{CAPITAL}{QUOTE}(?:{SPACE}*[,(:–—-]{SPACE}*|{SPACE}+(?:(?:{_NAMED_AS_BACKWARDS}){SPACE}+){{1,5}}?,?{SPACE}*|{SPACE}+)"
    rf"(?P<cue>{_BACKWARDS_CUE})"
    rf"|{CAPITAL}{SPACE}*,{SPACE}*(?:[a-z'’-]+{SPACE}+){{1,4}}(?:morf|ta|ni|fo|rof){SPACE}+(?P<far>{_BACKWARDS_CUE})"
)
# Between a name and its role: "Tom Briggs, the allocated social worker", "Ron Lock, an
# independent consultant"; in brackets any words: "Jane Smith (Health Visitor)".
MODIFIERS = (
    r"allocated|senior|named|designated|duty|social|health|school|youth|support|key|lead|consultant"
    r"|specialist|practice|community|police|class|form|head|deputy|maternal|paternal|older|younger"
    r"|elder|eldest|youngest|birth|step|new|former|previous|then|family|case|early|help|locum|agency"
    r"|student|independent|safeguarding|probation|housing|outreach|project|mental|clinical|ward|staff"
    r"|nursery|foster|paediatric|personal|link|attendance|pastoral|hospital|team|service"
)
BEFORE_CUE = re.compile(
    rf"(?<![\w'’-])(?P<run>{RUN}){SPACE}*(?:\({SPACE}*(?P<between>(?:[A-Za-z'’-]+{SPACE}+){{0,3}})"
    rf"|,{SPACE}*(?:(?:the|his|her|their|a|an|[\w'’-]+['’]s){SPACE}+){{0,2}}"
    rf"(?P<modifiers>(?:(?i:{MODIFIERS}){SPACE}+){{0,2}}))$"
)
# Where BEFORE_CUE could match: a comma or bracket, a few words, a cue (found from the mark).
CUE_AFTER_MARK = re.compile(rf"[,(]{SPACE}*(?:[\w'’-]+{SPACE}+){{0,4}}?(?P<cue>{CUE})")
# "the Kowalski family", "the Hughes household".
FAMILY = re.compile(rf"[Tt]he{SPACE}+(?P<run>{NAME_WORD}){SPACE}+(?P<cue>{'|'.join(FAMILY_WORDS)})\b")
# A name after these is a place or an organisation: "At Alder Hey, the consultant".
PLACE_WORDS = frozenset("in at from within across near outside around throughout into to of".split())
TITLES = (
    "Mrs Mr Ms Miss Mx Dr Revd Rev Reverend Matron Nurse Sister Father PCSO WPC PC DCI DC DS DI DSU"
    " Sgt Sergeant Inspector Supt Superintendent Constable Officer Detective"
).split()
# "Dr Patel", "PC 4471 Smith", "Mrs K. O'Neill"; not "Mr A", "Dr X" or "Mr Justice Hayden" (a judge).
# (No look-behind before the title: it would make the search try every position; see _starts_word.)
TITLED = re.compile(
    rf"{trie(TITLES)}\.?{SPACE}+(?:\d{{2,6}}{SPACE}+)?(?:[A-Z]\.?{SPACE}+){{0,2}}(?P<run>{RUN}){END}"
)


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_'’-")


def _relation_message(said: str, cue: str) -> str:
    return (
        f"possible real name {said!r} of a relative or professional ({cue!r}): a name can identify "
        "the child's family; say who they are instead ('the mother', 'the GP', 'Social Worker 1')"
    )


def _after_cue(text: str, start: int, end: int, also: frozenset[str]) -> Finding | None:
    found = AFTER_CUE.match(text, end)
    if found is None or not _starts_word(text, start):
        return None
    name = _leading_name(found.group("run"), also)
    headed = found.group("sep").strip() in (":", "–", "—", "-")
    if name is None or (" " not in name and (found.group("phrase") or headed)):
        return None  # "Lessons for the GP: Recording" is a heading; "Mum: Kelly Hughes" is not
    return Finding(found.start("run"), name, _relation_message(name, words(text[start:end]).lower()))


def _before_cue(text: str, cue: re.Match[str], also: frozenset[str]) -> Finding | None:
    found = BEFORE_CUE.search(text, max(0, cue.start("cue") - 80), cue.start("cue"))
    if found is None:
        return None
    bracketed = found.group("between") is not None
    if "independent" in found.group("between" if bracketed else "modifiers").lower():
        return None  # an independent reviewer's or chair's name is published with the review
    named = _trailing_name(found.group("run"), also)
    if named is None:
        return None
    name, offset = named
    start = found.start("run") + offset
    before = text[max(0, start - 40) : start].split()
    if before and before[-1].lower() in PLACE_WORDS:
        return None
    at_start = not before or before[-1].endswith((".", "!", "?", ":", ";", "\x00"))
    if " " not in name and at_start and not bracketed:
        return None  # one capitalised word starting a sentence: "Overall, the GP ..."
    return Finding(start, name, _relation_message(name, words(cue.group("cue")).lower()))


def _titled_names(text: str, also: frozenset[str]) -> Iterator[Finding]:
    for match in TITLED.finditer(text):
        if _starts_word(text, match.start()) and _leading_name(match.group("run"), also) is not None:
            said = words(match.group())
            yield Finding(match.start(), said, _relation_message(said, said.split()[0]))


def _after_cues(text: str, also: frozenset[str]) -> Iterator[Finding]:
    length = len(text)
    for match in NAME_AFTER_CUE.finditer(text[::-1]):
        cue = "cue" if match.group("cue") is not None else "far"
        finding = _after_cue(text, length - match.end(cue), length - match.start(cue), also)
        if finding is not None:
            yield finding


def names_by_role(also: frozenset[str] = frozenset()) -> Rule:
    """Names next to a relation, a role or a title; `also`: the review's words that are not names."""

    def find(text: str) -> Iterator[Finding]:
        titled = list(_titled_names(text, also))
        yield from titled
        spans = [(finding.start, finding.start + len(finding.words)) for finding in titled]
        for finding in _after_cues(text, also):
            if not any(start <= finding.start < end for start, end in spans):  # "Nurse Okafor" once
                yield finding
        for cue in CUE_AFTER_MARK.finditer(text):
            found = _before_cue(text, cue, also)
            if found is not None and not any(start <= found.start < end for start, end in spans):
                yield found
        for match in FAMILY.finditer(text):
            name = _leading_name(match.group("run"), also)
            if _starts_word(text, match.start()) and name is not None:
                yield Finding(match.start("run"), name, _relation_message(name, match.group("cue")))

    return Rule(find)


# --- names in capitals or in lower case next to a relation or a role ------------------------------

# Common first names in England and Wales, less those that are also ordinary words ("will", "rose",
# "mark", "jack", "grace"): a word in capitals or in lower case is taken for a name only if it is one.
GIVEN_NAMES = frozenset(
    """
    aaron abbie abdul abigail adam adrian ahmed aidan aiden aimee aisha alan alex alexander alexandra
    alfie ali alice alicia alison amanda amelia amir amira amy andrea andrew andy angela anna annie
    anthony archie arthur ashleigh ayesha barry becky ben benjamin bethany beverley billy bilal bradley
    brandon brenda brian bridget caitlin callum calum cameron carl carla carly caroline casey catherine
    chantelle charlene charles charlie charlotte chelsea cheryl chloe chris christine christopher claire
    clare colin connor conor courtney craig dale damian damien daniel danielle danny darren darryl
    david debbie deborah declan demi denise dennis derek diane dominic donna dwayne dylan eddie
    edward eileen eleanor elizabeth ella ellie elliot elliott emily emma erin ethan euan evan evie
    fatima finley freya gareth gary gavin gemma geoffrey george georgia gillian gordon graham hannah
    harrison harry harvey hassan hayden hayley helen henry howard hussain ian imogen imran isaac
    isabel isabella isla jackie jacob jacqueline jake james jamie jane janet jason jayden jenna
    jennifer jenny jermaine jessica jodie joanne joe joel john johnny jon jonathan jordan joseph josh
    joshua julie kai karen karl kate katie kayla kayleigh keira keith kelly kenneth kerry kevin kiera
    kieran kimberley kirsty kyle lacey laura lauren leah leanne lee leon lesley lewis liam linda
    lindsay lisa logan lorraine louis louise lucy luke lydia maisie malcolm marcus margaret maria
    marie martin matthew megan melissa michael michelle mitchell mohammed mohammad molly muhammad
    nadia naomi natalie natasha nathan neil niall niamh nicholas nicola nigel noah oliver olivia omar
    oscar owen paige pamela patricia patrick paul paula peter philip phillip rachel raymond rebecca
    reece rhys richard ricky riley robert ronald ronnie rory ross russell ryan sam samantha samuel
    sandra sarah scott sean shane shannon sharon shaun shauna sheila shelley simon sonia sophie
    stacey stanley stephanie stephen steven stuart susan suzanne tanya tara terry theo thomas tia
    tina toby tom tommy toni tony tracey tracy trevor tyler usman vanessa vicky victoria vincent
    warren wayne wendy william yusuf yvonne zach zachary zainab zak zoe
    """.split()
)
# Words after a first name that are never a surname: "darren was", "SARAH AND".
_NOT_SURNAMES = frozenset(
    """
    a about after again also an and are as at because been before being but by came can could did
    does for from gave goes got had has have he her his in is it its later made may might must never
    not now of often on or said says saw she should so than that the their them then they to told
    took was went were when which while who whom whose will with would lives works wants visits
    stays seems
    """.split()
)
_ONE_CASE_SEP = rf"(?:{SPACE}*[,(:–—-]{SPACE}*|{SPACE}*,?{SPACE}*{NAMED_AS}{SPACE}+|{SPACE}+){QUOTE}"
# Before the name: a cue and what may come between ("her dad, wayne", "mother SARAH LUND").
_CUE_THEN = re.compile(rf"(?P<cue>{CUE}){_ONE_CASE_SEP}$")
# After the name: its role ("darren lewis (mum's partner)", "wayne, her dad").
_THEN_CUE = re.compile(
    rf"{SPACE}*(?:\({SPACE}*(?:[A-Za-z'’-]+{SPACE}+){{0,3}}"
    rf"|,{SPACE}*(?:(?:the|his|her|their|a|an|[\w'’-]+['’]s){SPACE}+){{0,2}}(?:(?i:{MODIFIERS}){SPACE}+){{0,2}})"
    rf"(?P<cue>{CUE})"
)
_NEXT_WORD = re.compile(rf"{SPACE}+(?P<word>[A-Za-z][A-Za-z'’-]*)")


def _whole_word(text: str, start: int, end: int) -> bool:
    """Not part of a longer word; a quote may come before it ("dad 'wayne'"), a possessive after."""
    before = start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_-")
    return before and not (end < len(text) and (text[end].isalnum() or text[end] in "_-"))


def _one_case(word: str) -> bool:
    return word.islower() or word.isupper()


def _surname(text: str, end: int, first: str) -> int:
    """Where the name ends: after the word that follows a first name in the same case, when that
    can be a surname ("darren lewis", "SARAH LUND"; not "darren was" or "darren moved")."""
    after = _NEXT_WORD.match(text, end)
    if after is None:
        return end
    word = after.group("word")
    bare = word.lower()
    same_case = word.isupper() if first.isupper() else word.islower()
    if not same_case or len(word) < 2 or bare in _NOT_SURNAMES or not_a_name(word.title()):
        return end
    if bare not in GIVEN_NAMES and len(bare) > 4 and bare.endswith(("ed", "ing", "ly")):
        return end
    return after.end("word")


def _one_case_name(text: str, start: int, end: int, also: frozenset[str]) -> Finding | None:
    """A first name in one case with a cue before it, or its role after it, or None."""
    first = text[start:end]
    if not_a_name(first.title(), also):
        return None
    stop = _surname(text, end, first)
    before = _CUE_THEN.search(text, max(0, start - 80), start)
    if before is not None and _starts_word(text, before.start("cue")):
        cue = before.group("cue")
    else:
        after = _THEN_CUE.match(text, stop)
        if after is None or "independent" in after.group().lower():
            return None
        cue = after.group("cue")
    said = words(text[start:stop])
    return Finding(start, said, _relation_message(said, words(cue).lower()))


def names_in_one_case(also: frozenset[str] = frozenset()) -> Rule:
    """First names written in capitals or in lower case next to a relation or a role ("his mother
    SARAH LUND", "her dad, wayne"); names_by_role finds those with a capital letter."""

    def find(text: str) -> Iterator[Finding]:
        lower = lower_same_length(text)
        for given in sorted(GIVEN_NAMES & word_set(text)):
            at = lower.find(given)
            while at >= 0:
                end = at + len(given)
                if _whole_word(text, at, end) and _one_case(text[at:end]):
                    finding = _one_case_name(text, at, end, also)
                    if finding is not None:
                        yield finding
                at = lower.find(given, end)

    return Rule(find, GIVEN_NAMES)


def lower_same_length(text: str) -> str:
    """The text in lower case, each character still where it was (İ lowers to two characters)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


# --- dates of birth -------------------------------------------------------------------------------

MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
DAY = r"\d{1,2}(?i:st|nd|rd|th)?\b"
YEAR = r"(?:,?\s+(?:\d{4}\b|['’]\d{2}\b))?"
A_DATE = (
    rf"(?:(?i:the)\s+)?{DAY}\s*(?:(?i:of)\s+)?{MONTH}{YEAR}"  # 3 December 1992, the 3rd of Dec '92
    rf"|{MONTH}\s+(?:(?i:the)\s+)?{DAY}{YEAR}"  # December 3rd, 1992
    r"|\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:\d{4}|\d{2})\b"  # 3/12/1992, 03.12.92, 3 / 12 / 92
    r"|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b"  # 1992-12-03
    r"|(?:Christmas|Boxing|New\s+Year['’]s|Valentine['’]s)\s+Day,?\s+\d{4}\b"
)
# Between "born" or "DOB" and the date: punctuation and a few words ("born at Royal Bolton Hospital
# at 34 weeks on", "date of birth is recorded as"), but not a new clause ("and", "after").
_GAP_WORD = r"(?!(?i:and|but|then|when|after|before|until|while|since|aged)\b)(?:[A-Za-z'’]+|\d\d?\s+weeks)"
BIRTH = re.compile(
    r"(?:\b(?i:born|birthday|birth\s*date|date[\s-]+of[\s-]+birth)\b|\b(?i:d\.?\s?o\.?\s?b)\b\.?|\((?i:b)\.)"
    rf"(?:[\s:=(,–—-]+|\s+{_GAP_WORD}){{0,9}}?\s*(?:{A_DATE})"
)
BIRTH_MESSAGE = "possible date of birth {words}: a date of birth can identify a child; give an age instead"


def _dates_of_birth(text: str) -> Iterator[Finding]:
    return found(BIRTH, text, BIRTH_MESSAGE)


# "born in May 2009" is an age: only a day is flagged. ("d.o.b" has the words d, o and b.)
DATES_OF_BIRTH = Rule(
    _dates_of_birth, frozenset({"born", "birth", "birthday", "birthdate", "dob", "b"}), _DIGIT
)


# --- numbers: NHS, National Insurance, phone --------------------------------------------------------

NHS_SHAPE = re.compile(rf"(?<![\d/.-])[1-9]\d\d{SPACE}?-?\d{{3}}{SPACE}?-?\d{{4}}(?![\d/-]|\.\d)")
NHS_SAID = re.compile(
    rf"\b(?i:NHS(?:{SPACE}*(?:number|no\b\.?|num\b\.?|#))?)[\s:.#-]*(?:(?i:is|was){SPACE}+)?"
    rf"(?P<number>\d(?:{SPACE}?-?\d){{9}})(?!\d)"
)
NHS_MESSAGE = "NHS number {words}: an NHS number identifies a person; remove it"


def _nhs_numbers(text: str) -> Iterator[Finding]:
    """A ten-digit number with a valid NHS check digit, or any ten digits after "NHS number"."""
    said = set()
    for match in NHS_SAID.finditer(text) if "nhs" in text.lower() else ():
        said.add(match.start("number"))
        number = words(match.group("number"))
        yield Finding(match.start("number"), number, NHS_MESSAGE.format(words=repr(number)))
    for match in NHS_SHAPE.finditer(text):
        if match.start() not in said and valid_nhs_number(re.sub(r"\D", "", match.group())):
            number = words(match.group())
            yield Finding(match.start(), number, NHS_MESSAGE.format(words=repr(number)))


# HMRC's rules: neither letter D, F, I, Q, U or V; the second not O; never BG, GB, KN, NK, NT,
# TN or ZZ; a suffix A to D. "QQ 12 34 56 C" is the documents' own example: flagged when labelled.
NI_SHAPE = re.compile(
    rf"(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    rf"{SPACE}?\d\d{SPACE}?\d\d{SPACE}?\d\d{SPACE}?[A-D](?![A-Za-z0-9])"
)
NI_LABEL = (
    rf"(?i:national{SPACE}+insurance(?:{SPACE}+(?:number|no\b\.?))?|NINO)"
    rf"|N\.?I\.?(?:{SPACE}*(?i:number|no\b\.?))?"
)
NI_SAID = re.compile(
    rf"\b(?:{NI_LABEL})[\s:.#-]*(?:(?i:is|was|of){SPACE}+)?"
    rf"(?P<number>(?i:[A-Z]{{2}}{SPACE}?\d\d{SPACE}?\d\d{SPACE}?\d\d(?:{SPACE}?[A-D])?))(?![A-Za-z0-9])"
)
NI_MESSAGE = "National Insurance number {words}: it identifies a person; remove it"


_NI_DIGITS = re.compile(rf"[A-Za-z]{SPACE}?\d\d{SPACE}?\d\d{SPACE}?\d\d")  # what every NI number has


def _ni_numbers(text: str) -> Iterator[Finding]:
    if _NI_DIGITS.search(text) is None:
        return
    said = set()
    for match in NI_SAID.finditer(text):
        said.add(match.start("number"))
        number = words(match.group("number"))
        yield Finding(match.start("number"), number, NI_MESSAGE.format(words=repr(number)))
    for match in NI_SHAPE.finditer(text):
        if match.start() not in said:
            number = words(match.group())
            yield Finding(match.start(), number, NI_MESSAGE.format(words=repr(number)))


# A number starts with 0 or +44; its digits come in groups split by a space or hyphen: up to eleven,
# for a number written a digit at a time ("0 7 7 0 0 ...").
PHONE = re.compile(
    rf"(?<![\w+])(?:\+44{SPACE}?(?:\(0\){SPACE}?)?|\(0|0)\d*(?:(?:{SPACE}|-)\d+|\){SPACE}?\d+){{0,10}}"
)
SHORT_LINE = re.compile(r"(?<![\w.])116[ -]?\d{3}(?![\w])")  # 116 123 (Samaritans), 116 111
PHONE_MESSAGE = (
    "phone number {words} is not one of the partnership's numbers: a private number can identify "
    "a family; remove it, or if it is a service's number add it to contacts or support_lines in portal.yaml"
)


def phone_digits(number: str) -> str:
    """Digits only, +44 read as the leading 0: how two ways of writing a number are compared."""
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    return "0" + digits[2:] if number.lstrip().startswith("+44") else digits


def _is_phone(digits: str) -> bool:
    if digits.startswith("116"):
        return len(digits) == 6
    if digits.startswith(("080", "050")):  # freephone numbers may be short: 0800 1111
        return 8 <= len(digits) <= 11
    return digits.startswith("0") and 10 <= len(digits) <= 11  # 016977 4321 has ten digits


def _phone_numbers(text: str) -> Iterator[tuple[int, str]]:
    """Each phone-shaped number in the text: the longest run of digit groups that makes one."""
    start = 0
    while (match := PHONE.search(text, start)) is not None:
        number = match.group()
        ends = [group.end() for group in re.finditer(r"\d+", number)]
        end = next((end for end in reversed(ends) if _is_phone(phone_digits(number[:end]))), None)
        if end is not None:
            yield match.start(), number[:end]
        start = match.start() + (end or ends[0])  # the next number may follow in the same run
    for match in SHORT_LINE.finditer(text):
        yield match.start(), match.group()


def phone_numbers(known: frozenset[str]) -> Find:
    """Phone numbers other than the partnership's own (`known`: digits only, see phone_digits)."""

    def find(text: str) -> Iterator[Finding]:
        for start, number in _phone_numbers(text):
            if phone_digits(number) not in known:
                said = words(number)
                yield Finding(start, said, PHONE_MESSAGE.format(words=repr(said)))

    return find


EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_MESSAGE = (
    "email address {words}: an email address can identify its owner; remove it, or if it is a "
    "service's address, link to the service's page instead"
)
# Written out to dodge a filter: "name at hotmail dot com", "name (at) gmail (dot) com".
_SPELLED_AT = rf"(?:{SPACE}*[(\[{{<]{SPACE}*(?i:at){SPACE}*[)\]}}>]{SPACE}*|{SPACE}+(?i:at){SPACE}+)"
_SPELLED_DOT = rf"(?:{SPACE}*[(\[{{<]{SPACE}*(?i:dot){SPACE}*[)\]}}>]{SPACE}*|{SPACE}+(?i:dot){SPACE}+|\.)"
_TOP_LEVEL = r"(?i:com|org|net|uk|gov|nhs|ac|co|io|me|info|edu|biz|eu|ie|scot|wales)"
SPELLED_EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<user>[\w.+-]*\w){_SPELLED_AT}"
    rf"(?!(?i:a|an|the|my|his|her|their)\b)[\w-]+(?:{_SPELLED_DOT}[\w-]+)*{_SPELLED_DOT}{_TOP_LEVEL}(?![\w-])"
)
_DOT_WORD = re.compile(r"(?i)\bdot\b")
_AT = re.compile("@")


def email_address(written: str) -> str:
    """An address as written, spelled out or not, as one compares: "a at b dot com" → a@b.com."""
    match = SPELLED_EMAIL.fullmatch(written)
    if match is None:
        return written.casefold()
    domain = written[match.end("user") :]
    domain = re.sub(rf"^{_SPELLED_AT}", "", domain)
    return (match.group("user") + "@" + re.sub(_SPELLED_DOT, ".", domain)).casefold()


def _with_at(text: str) -> Iterator[tuple[int, str]]:
    for match in EMAIL.finditer(text):
        yield match.start(), match.group()


def _spelled(text: str) -> Iterator[tuple[int, str]]:
    """Addresses spelled out with at least one "dot": "at" alone is too common a word."""
    for match in SPELLED_EMAIL.finditer(text):
        if _DOT_WORD.search(match.group()):
            yield match.start(), match.group()


def _emails(addresses: Callable[[str], Iterator[tuple[int, str]]], known: frozenset[str]) -> Find:
    def find(text: str) -> Iterator[Finding]:
        for start, written in addresses(text):
            if email_address(written) not in known:
                said = words(written)
                yield Finding(start, said, EMAIL_MESSAGE.format(words=repr(said)))

    return find


def emails(known: frozenset[str] = frozenset()) -> list[Rule]:
    """Email addresses other than the partnership's own (`known`: as email_address gives them):
    two rules, each with its own quick test (an @; the word "dot")."""
    return [Rule(_emails(_with_at, known), each=_AT), Rule(_emails(_spelled, known), frozenset({"dot"}))]


def email_addresses(text: str) -> Iterator[str]:
    """Each address in the text, as email_address gives it: how portal.yaml's own are known."""
    for _, written in (*_with_at(text), *_spelled(text)):
        yield email_address(written)


# --- addresses ------------------------------------------------------------------------------------

# The UK's postcode areas: "KS2 3AB" (Key Stage 2) has the shape but no such area.
POSTCODE_AREAS = frozenset(
    """
    AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC
    EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS
    LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP
    SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
    """.split()
)
# (No look-behind before the area: it would make the search try every position; see _alone.)
POSTCODE = re.compile(r"(?P<area>[A-Z]{1,2})[0-9][A-Z0-9]?\s{0,3}[0-9][ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])")
STREET_WORDS = (
    r"Road|Rd|Street|St(?![ \t]*[A-Z])|Avenue|Ave|Close|Lane|Drive|Crescent|Grove|Place|Gardens"
    r"|Terrace|Square|Mews|Way|Walk|Hill|Park|Court|Parade|Green|Vale|Brow|Fold|Croft|Gate|Wharf"
    r"|Quay|Yard|Boulevard|Chase|Grange|Heights|Wynd|Cottages|Meadows?|Broadway"
)
STREET_NAME = rf"(?P<name>(?:[A-Z][a-z]+(?:['’]s)?{SPACE}+){{1,3}})(?:{STREET_WORDS})\b"
HOUSE = re.compile(rf"\d{{1,3}}[A-Za-z]?,?{SPACE}+{STREET_NAME}")  # after no word, "£", "1," or "1."
BUILDING = rf"(?:{STREET_WORDS}|House|Court|Tower|Towers|Buildings|Lodge|Point|Mansions|Hall)\b"
FLAT = re.compile(
    rf"\b(?i:flat|apartment|apt\.?|maisonette){SPACE}+\d{{1,4}}[A-Za-z]?\b"
    rf"(?:,?{SPACE}+(?:\d{{1,3}}[A-Za-z]?{SPACE}+)?(?:[A-Z][a-z]+(?:['’]s)?{SPACE}+){{1,3}}{BUILDING})?"
)
HOME_WORDS = frozenset(
    "live lived lives living moved resided residing stayed staying address home house flat".split()
)
# "lived on Moss Lane": a word of home, found in the lower-cased text, then the street after it.
HOME = re.compile(r"\b(?:" + trie(HOME_WORDS) + r")\b")
LIVED_ON = re.compile(
    rf"(?P<gap>[^.;:\n]{{0,40}}?)\b(?:on|in|at|to|off){SPACE}+(?:the{SPACE}+)?(?P<street>{STREET_NAME})"
)
NOT_A_HOME = re.compile(
    r"(?i)\b(?:offices?|buildings?|premises|site|base|headquarters|services?|school|clinic)\b"
)
# Words of street names that are never a person's name but often a street's: 12 High Street.
STREET_NAMES = frozenset(
    "New Old High School College Hospital Royal London Spring Lord Lady Saint St Park".split()
)
ADDRESS = (
    "possible home address {words} ({what}): an address or postcode can locate the family; "
    "name the town or area at most"
)


def _a_street(match: re.Match[str]) -> bool:
    """Whether the words before "Road" name a street, not "3 Family Court" or "2 High Court"."""
    names = match.group("name").split()
    if names[-1] == "High" and match.group().endswith("Court"):
        return False
    return not any(not_a_name(POSSESSIVE.sub("", word)) and word not in STREET_NAMES for word in names)


def _address(match: re.Match[str], what: str, group: int | str = 0) -> Finding:
    said = words(match.group(group))
    return Finding(match.start(group), said, ADDRESS.format(words=repr(said), what=what))


def _alone(text: str, start: int, before: str) -> bool:
    """Whether a match starts a word: the character before it is none of `before`, nor a letter
    or digit (a look-behind in the pattern would make its search slow)."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in before)


_FLAT_WORDS = ("flat", "apartment", "apt", "maisonette")


def _numbered_addresses(text: str) -> Iterator[Finding]:
    for match in POSTCODE.finditer(text):
        if match.group("area") in POSTCODE_AREAS and _alone(text, match.start(), "_"):
            yield _address(match, "a postcode")
    lower = text.lower()
    flats = list(FLAT.finditer(text)) if any(word in lower for word in _FLAT_WORDS) else []
    for match in flats:
        yield _address(match, "a flat")
    for match in HOUSE.finditer(text):
        inside = any(flat.start() <= match.start() < flat.end() for flat in flats)  # "Flat 2, 14 Cross St"
        if not inside and _alone(text, match.start(), "_.,/£$-") and _a_street(match):
            yield _address(match, "a house number and street")


def _streets_lived_on(text: str) -> Iterator[Finding]:
    for home in HOME.finditer(lower_same_length(text)):
        match = LIVED_ON.match(text, home.end())
        if match is not None and _a_street(match) and not NOT_A_HOME.search(match.group("gap")):
            yield _address(match, "a street", "street")


STREETS_LIVED_ON = Rule(_streets_lived_on, HOME_WORDS)


def numbers(known_phones: frozenset[str]) -> Rule:
    """Every rule that needs a digit, as one: most text has none, and is passed over at once."""
    phones = phone_numbers(known_phones)

    def find(text: str) -> Iterator[Finding]:
        yield from _nhs_numbers(text)
        yield from _ni_numbers(text)
        yield from phones(text)
        yield from _numbered_addresses(text)

    return Rule(find, each=_DIGIT)


# --- school names ---------------------------------------------------------------------------------

SCHOOL_KINDS = (
    r"Primary|Junior|Juniors|Infant|Infants|Nursery|High|Secondary|Grammar|Middle|Community|Catholic"
    r"|Methodist|Special|Free|Preparatory|Prep|Comprehensive|Technology|Sixth[ \t]+Form|Girls['’]?"
    r"|Boys['’]?|C\.?[ \t]?of[ \t]?E\.?|CE|CofE|RC|R\.C\.|VA|VC|Church[ \t]+of[ \t]+England"
    r"|Roman[ \t]+Catholic"
)
# A word of a school's name: Oakfield, St, St., King's, Holy; never an acronym such as FE.
SCHOOL_WORD = r"(?:St\.?|[A-Z][a-z][\w'’.-]*|[A-Z]['’][A-Z][a-z]+)"
# (No look-behind before the name: it would make the search try every position; see _starts_word.)
SCHOOL = re.compile(
    rf"(?P<name>{SCHOOL_WORD}(?:{SPACE}+(?:(?:of|and|the|de|la|le){SPACE}+)?{SCHOOL_WORD}){{0,4}})"
    rf"(?:{SPACE}+(?:{SCHOOL_KINDS})){{0,3}}{SPACE}+"
    r"(?:School|Academy|College|Nursery|Pre-School|Preschool"
    r"|(?i:(?:primary|junior|infant|high|secondary|grammar|special)[ \t]+school)"
    # "Moorside High", "St Anne's Primary"; not the High Court, NHS Primary Care, High Street.
    r"|(?:Primary|Juniors|Infants|High)(?![ \t]+(?:[A-Z]|(?:risk|level|needs|priority|court|street|road)\b)))"
    r"(?![\w'’-])"
)
# What follows a body with a school word in its name: King's College Hospital, Royal College of
# Nursing, an Academy Trust, the Virtual School Head.
_SCHOOL_BODY = re.compile(rf"{SPACE}+(?:of|for)\b|{SPACE}+(?P<next>[A-Z][a-z]+)")
SCHOOL_MESSAGE = (
    "possible school name {words}: naming the school can identify the child; say 'a secondary "
    "school' or 'School 1' instead"
)
# Every school name has one of these words (and "primary school" has "school").
_SCHOOL_WORDS = re.compile(r"School|Academy|College|Nursery|Primary|Juniors|Infants|High|Preschool|school")
_NOT_OWN = re.compile(rf"\b(?:{SCHOOL_KINDS})\b|\b(?:of|and|the|de|la|le)\b")
_SAINTS = ("St", "St.", "Saint", "Holy", "Our", "Blessed", "Sacred", "The")


def _school_start(name: str) -> int | None:
    """Where the school's own name starts, after words that are never one ("At", "Every", "The
    Virtual"); None when nothing of its own is left ("Secondary School", "Forest School")."""
    for word in re.finditer(r"\S+", name):
        own = [w for w in _NOT_OWN.sub(" ", name[word.start() :]).split() if w not in _SAINTS]
        if own and not any(not_a_name(POSSESSIVE.sub("", w)) for w in own):
            return word.start()
    return None


def _a_body(text: str, end: int) -> bool:
    after = _SCHOOL_BODY.match(text, end)
    return after is not None and (after.group("next") is None or not_a_name(after.group("next")))


def _schools(text: str) -> Iterator[Finding]:
    for match in SCHOOL.finditer(text):
        start = _school_start(match.group("name"))
        if start is not None and _starts_word(text, match.start()) and not _a_body(text, match.end()):
            said = words(text[match.start() + start : match.end()])
            yield Finding(match.start() + start, said, SCHOOL_MESSAGE.format(words=repr(said)))


SCHOOLS = Rule(_schools, each=_SCHOOL_WORDS)
LISTED_SCHOOL_MESSAGE = (
    "school name {words} (listed in school_names in portal.yaml): naming the school can identify "
    "the child; say 'a secondary school' or 'School 1' instead"
)


def listed_schools(names: tuple[str, ...]) -> Rule:
    """The schools listed in portal.yaml, as whole words in any case."""
    patterns = [
        re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", re.IGNORECASE)
        for name in names
        if name.strip()
    ]
    first_words = frozenset(
        word for name in names for word in word_set(name.split()[0] if name.strip() else "")
    )

    def find(text: str) -> Iterator[Finding]:
        for pattern in patterns:
            yield from found(pattern, text, LISTED_SCHOOL_MESSAGE)

    return Rule(find, first_words)


# --- real names next to the child's pseudonym -----------------------------------------------------


def pseudonyms(child: str | None) -> list[str]:
    """`SB` → [SB]; `G and L` → [G, L]: each pseudonym a child is called by in the text."""
    if not child:
        return []
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", child.strip())
    return [part for part in parts if part]


# Two or three capitalised words next to the pseudonym: "SB (John Smith)", "Mary O'Neil (Child SB)".
NAME = rf"(?<![\w'’-])(?P<name>{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,2}})(?![\w'’-])"
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
# (No re.IGNORECASE or \b before the words: either would make the search try every position.)
_SAID = re.compile(
    r"(?P<said>[Rr]eal\s+[Nn]ame|REAL\s+NAME|named|called|known\s+as)"
    rf"(?:[ \t]+(?:is|was))?(?:[ \t]*[:,])?[ \t]+{NAME}"
)


def _ending_in(slot: str, names: list[str]) -> str | None:
    """The pseudonym the words end in, as whole words ("Child SB" → "SB"), or None."""
    slot = words(slot)
    return next((name for name in names if slot == name or slot.endswith(" " + name)), None)


def _named_pseudonym(slot: str, names: list[str]) -> str | None:
    """The pseudonym the words are, with or without a title first ("Child SB" → "SB"), or None."""
    slot = words(slot)
    untitled = _TITLE.sub("", slot, count=1)
    return next((name for name in names if name in (slot, untitled)), None)


def _is_name(said: str, also: frozenset[str]) -> bool:
    return not any(not_a_name(word, also) for word in said.split())


def _name_message(said: str, place: str) -> str:
    return (
        f"possible real name {said!r} {place}: a real name identifies the child and family; "
        "use the pseudonym only"
    )


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Where each sentence (or paragraph) of the text starts and ends."""
    start = 0
    for gap in re.finditer(r"(?<=[.!?])\s+|\n\s*\n", text):
        yield start, gap.start()
        start = gap.end()
    yield start, len(text)


def _around(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where in the text a pseudonym is, with room for the name next to it: the patterns are
    searched there only (each ends in a bracket or comma, so none matches cut short)."""
    spans: list[tuple[int, int]] = []
    for name in names:
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if _starts_word(text, at) and not (
                end < len(text) and (text[end].isalnum() or text[end] in "_-")
            ):
                spans.append((max(0, at - 90), end + 90))  # "B" as a word, not the B of "Board"
            at = text.find(name, at + 1)
    merged: list[tuple[int, int]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


def pseudonym_names(child: str | None, organisations: frozenset[str] = frozenset()) -> Rule:
    """Real names next to the pseudonym, or after "real name", "called" or "known as" in a sentence
    that uses the pseudonym."""
    names = sorted(pseudonyms(child), key=len, reverse=True)
    also = organisations | frozenset(names)
    alone = r"|".join(re.escape(name) for name in names) or r"(?!)"
    mentions = rf"(?<![\w'’-])(?:{alone})(?![\w'’-])"  # compiled (and cached by re) when needed

    def adjacent(text: str) -> Iterator[tuple[re.Match[str], str]]:
        seen = set()
        for low, high in _around(text, names):
            for patterns, which in ((_BEFORE_NAME, _ending_in), (_AFTER_NAME, _named_pseudonym)):
                for pattern in patterns:
                    for match in pattern.finditer(text, low, high):
                        pseudonym = which(match.group("pseudo"), names)
                        if pseudonym is not None and (match.start(), pattern) not in seen:
                            seen.add((match.start(), pattern))
                            yield match, pseudonym

    def find(text: str) -> Iterator[Finding]:
        if any(name in text for name in names):
            for match, pseudonym in sorted(adjacent(text), key=lambda pair: pair[0].start()):
                said = words(match.group("name"))
                if _is_name(said, also):
                    place = f"next to the pseudonym {pseudonym!r}"
                    yield Finding(match.start("name"), said, _name_message(said, place))
        if "name" in text.lower() or "called" in text or "known as" in text:
            yield from said_names(text)

    def said_names(text: str) -> Iterator[Finding]:
        spans: list[tuple[int, int]] = []
        for match in _SAID.finditer(text):
            real = match.group("said").lower().startswith("real")
            if not real:
                spans = spans or list(sentences(text))
                start, end = spans[bisect.bisect_right(spans, (match.start(), len(text))) - 1]
                if re.search(mentions, text[start:end]) is None:
                    continue  # "called" a name only in a sentence with the pseudonym
            said = words(match.group("name"))
            if _starts_word(text, match.start()) and _is_name(said, also):
                how = words(match.group("said"))
                yield Finding(match.start("name"), said, _name_message(said, f"after {how!r}"))

    return Rule(find)
