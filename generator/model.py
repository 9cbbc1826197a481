"""The portal's records, in the words partnerships use. Immutable and pure."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .addresses import action_anchor, learning_anchor, recommendation_anchor
from .addresses import anchor_id as anchor_id  # its old home, for existing imports

# English month names, whatever the machine's locale.
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (`2016`, `2016-05`, `2016-05-27`)."""

    year: int
    month: int = 0  # 0: not given
    day: int = 0  # 0: not given

    def __str__(self) -> str:  # ISO form, as the author wrote it
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def label(self) -> str:
        """As printed on the site: `27 November 2015`, `May 2016`, `2016`."""
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTHS[self.month]} {self.year}"
        return f"{self.day} {MONTHS[self.month]} {self.year}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day the date covers: a step due `2016-08` is due by 31 August 2016."""
        if self.day:
            return dt.date(self.year, self.month, self.day)
        if self.month:
            return _month_end(self.year, self.month)
        return dt.date(self.year, 12, 31)


@functools.lru_cache(maxsize=4096)
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(text: str) -> PartialDate | None:
    """`2016`, `2016-05` or `2016-05-27`, or None when the text is not such a date."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else 0 for part in match.groups())
    if match.group(2) and not 1 <= month <= 12:
        return None
    if match.group(3):
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return PartialDate(year, month, day)


@dataclass(frozen=True)
class Where:
    """Where a record was written: file, the record's own position, and each field's position."""

    file: str
    line: int
    col: int
    path: str  # e.g. "learning[1].recommendations[2]"
    fields: tuple[tuple[str, int, int], ...] = ()

    def of(self, name: str) -> tuple[int, int]:
        for field_name, line, col in self.fields:
            if field_name == name:
                return line, col
        return self.line, self.col

    def field_path(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name


NOWHERE = Where("", 1, 1, "")

ACTION_STATUSES = ("planned", "in-progress", "complete", "not-taken-forward")
CLOSED_STATUSES = ("complete", "not-taken-forward")
RATINGS = ("red", "amber", "green")
PLAN_STATUSES = ("open", "closed")
SOURCE_KINDS = ("report", "briefing", "action-plan", "minutes", "annual-report", "news", "other")


@dataclass(frozen=True)
class Update:
    """A dated report of an action's progress: what was said, when, and where."""

    date: PartialDate
    status: str | None = None
    rating: str | None = None
    note: str | None = None
    source: str | None = None
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Action:
    """A response (done) or a next step (to do). Its state on a date is decided in states.py."""

    text: str
    id: str | None = None
    date: PartialDate | None = None
    due: PartialDate | None = None
    owner: tuple[str, ...] = ()  # joint owners: each sees the action as theirs
    status: str = "planned"
    rating: str | None = None
    updates: tuple[Update, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)

    @property
    def anchor(self) -> str | None:
        """`action-<id>` for an action with an id: its permanent place on the action page."""
        return action_anchor(self.id) if self.id else None


@dataclass(frozen=True)
class Recommendation:
    id: str
    text: str
    points: tuple[str, ...] = ()
    to: str | None = None
    responses: tuple[Action, ...] = ()
    next_steps: tuple[Action, ...] = ()
    impact: tuple[str, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)

    @property
    def anchor(self) -> str:
        return recommendation_anchor(self.id)


@dataclass(frozen=True)
class Learning:
    id: str
    title: str | None = None
    text: str | None = None
    summary: str | None = None  # the author's one paragraph, used by briefings and theme pages
    points: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    agency: str | None = None
    themes: tuple[str, ...] | None = None  # None: the review's themes
    board_view: str | None = None
    recommendations: tuple[Recommendation, ...] = ()
    responses: tuple[Action, ...] = ()
    next_steps: tuple[Action, ...] = ()
    impact: tuple[str, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)

    @property
    def anchor(self) -> str:
        return learning_anchor(self.id)


@dataclass(frozen=True)
class KeyDate:
    date: PartialDate
    event: str
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class BriefingSection:
    """One section of a partnership's own briefing format (`briefing.sections`)."""

    title: str
    text: str
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Briefing:
    background: str | None = None
    why_it_matters: str | None = None
    information: str | None = None
    key_learning: str | None = None
    what_to_do: str | None = None
    questions: tuple[str, ...] = ()
    sections: tuple[BriefingSection, ...] = ()  # the partnership's own format, instead of the seven
    further_reading: tuple[Link, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Source:
    """A published document about the review: the full report, an action plan, minutes ..."""

    title: str
    url: str
    date: PartialDate | None = None
    kind: str = "other"
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class ActionPlan:
    """Whether the partnership has signed its action plan off (closed), and when."""

    status: str = "open"
    date: PartialDate | None = None
    note: str | None = None
    where: Where = field(default=NOWHERE, compare=False, repr=False)

    def closed_by(self, as_of: dt.date) -> bool:
        """Closed on or before `as_of` (a month or year counts from its first day)."""
        return self.status == "closed" and self.date is not None and self.date.first_day <= as_of


@dataclass(frozen=True)
class Scrutiny:
    """Challenge of the response: a committee's or scrutineer's view, on a date."""

    date: PartialDate
    by: str
    note: str | None = None
    url: str | None = None
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class PublicationCheck:
    """A review's acknowledged publication-check findings: words checked and safe to publish."""

    allow: tuple[str, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Review:
    slug: str
    title: str
    type: str  # the main type (the first stage): what the catalogue files it under
    partnership: str
    published: PartialDate
    summary: str
    stages: tuple[str, ...] = ()  # every type, main first, when the case went through several
    child: str | None = None
    age_group: str | None = None
    status: str = "published"
    embargo_until: PartialDate | None = None
    aliases: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    content_note: tuple[str, ...] = ()
    report_url: str | None = None
    sources: tuple[Source, ...] = ()
    progress_as_of: PartialDate | None = None
    action_plan: ActionPlan = ActionPlan()
    scrutiny: tuple[Scrutiny, ...] = ()
    methodology: str | None = None
    key_dates: tuple[KeyDate, ...] = ()
    worked_well: tuple[str, ...] = ()
    could_be_better: tuple[str, ...] = ()
    responses: tuple[Action, ...] = ()
    next_steps: tuple[Action, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    learning: tuple[Learning, ...] = ()
    briefing: Briefing = Briefing()
    publication_check: PublicationCheck = PublicationCheck()
    where: Where = field(default=NOWHERE, compare=False, repr=False)

    def is_public(self, as_of: dt.date) -> bool:
        """Drafts and reviews still under embargo on `as_of` appear nowhere on the site."""
        if self.status == "draft":
            return False
        return self.embargo_until is None or self.embargo_until.first_day <= as_of

    def all_recommendations(self) -> tuple[Recommendation, ...]:
        from_learning = tuple(rec for item in self.learning for rec in item.recommendations)
        return from_learning + self.recommendations

    def learning_themes(self, item: Learning) -> tuple[str, ...]:
        return item.themes if item.themes is not None else self.themes


@dataclass(frozen=True)
class BulletinItem:
    review: str | None = None
    learning: tuple[str, ...] | None = None
    heading: str | None = None
    text: str | None = None
    points: tuple[str, ...] = ()
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Bulletin:
    issue: int
    title: str
    date: PartialDate
    partnership: str
    intro: str | None = None
    items: tuple[BulletinItem, ...] = ()
    feedback: str | None = None
    publication_check: PublicationCheck = PublicationCheck()
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Theme:
    slug: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class SupportLine:
    name: str
    number: str
    note: str = ""
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Portal:
    """The partnership's own settings (`portal.yaml`), with defaults for every one."""

    name: str = "Safeguarding children learning portal"
    site_url: str = ""
    intro: str = ""
    quick_exit_url: str = "https://www.bbc.co.uk/weather"
    # Without the partnership's own numbers, the banner points to every council's: GOV.UK's finder.
    worried_text: str = (
        "If you think a child is being abused or neglected, contact children's social care at the "
        "council where the child lives: "
        "[find the council on GOV.UK](https://www.gov.uk/report-child-abuse-to-local-council)."
    )
    contacts: tuple[SupportLine, ...] = (
        SupportLine("In an emergency", "999", "if a child is in immediate danger"),
        SupportLine("NSPCC helpline", "0808 800 5000", "if you are worried about a child"),
    )
    support_lines: tuple[SupportLine, ...] = (
        SupportLine("Samaritans", "116 123", "free, any time, day or night"),
        SupportLine("NSPCC helpline", "0808 800 5000", "for adults worried about a child"),
        SupportLine("Childline", "0800 1111", "free for children and young people"),
    )
    extra_themes: tuple[Theme, ...] = ()
    school_names: tuple[str, ...] = ()
    briefing_questions: tuple[str, ...] = ()  # the partnership's standard reflective questions
    demo: bool = False  # a demonstration site: its contact details are fictional, placeholders allowed
    stale_after_months: int = 12  # an open action confirmed longer ago is "not updated since"
    publication_check: PublicationCheck = PublicationCheck()
    where: Where = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Corpus:
    """Everything read from the inputs: the one context every page is rendered from."""

    portal: Portal
    themes: tuple[Theme, ...]
    reviews: tuple[Review, ...]
    bulletins: tuple[Bulletin, ...] = ()
    # Each input file's key (path -> hash of what it was made from), to find its pages in the cache.
    keys: Mapping[str, str] = field(default_factory=dict, compare=False)
