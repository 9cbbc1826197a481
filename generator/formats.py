"""The input file formats of DESIGN.md, declared once: review, bulletin and portal files."""

from __future__ import annotations

from typing import Any

from .addresses import anchor_id
from .loader import Mapping, Node, Scalar, Sequence
from .model import (
    ACTION_STATUSES,
    PLAN_STATUSES,
    RATINGS,
    SOURCE_KINDS,
    Action,
    ActionPlan,
    Briefing,
    BriefingSection,
    Bulletin,
    BulletinItem,
    KeyDate,
    Learning,
    Link,
    PartialDate,
    Portal,
    PublicationCheck,
    Recommendation,
    Review,
    Scrutiny,
    Source,
    SupportLine,
    Theme,
    Update,
    parse_date,
)
from .schema import (
    INVALID,
    SLUG,
    Choice,
    Context,
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
    item_path,
    shown,
)

REVIEW_TYPES = (
    "serious-case-review",
    "child-safeguarding-practice-review",
    "rapid-review",
    "individual-management-review",
    "thematic-review",
    "learning-review",
    "national-review",
    "safeguarding-adults-review",
    "domestic-homicide-review",
    "audit",
)
AGE_GROUPS = ("unborn", "infant", "1-4", "5-9", "10-14", "15-17", "adolescent", "various")
CONTENT_NOTES = (
    "suicide",
    "self-harm",
    "child-death",
    "sexual-abuse",
    "physical-abuse",
    "neglect",
    "domestic-abuse",
    "substance-misuse",
)

MARKDOWN_LIST = ListOf(Text())


class Stages(ListOf):
    """One review type, or the list of them a case went through (`[rapid-review,
    child-safeguarding-practice-review]`): never empty, each type once."""

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        if isinstance(node, Sequence) and not node.items:
            return ctx.error(node, path, "expected a review type or a list of them, got an empty list")
        values = super().convert(node, path, ctx)
        if values is INVALID or not isinstance(node, Sequence):
            return values
        for index, (value, child) in enumerate(zip(values, node.items, strict=True)):
            if value in values[:index]:
                message = f"'{value}' is listed twice; list each stage once"
                return ctx.error(child, item_path(path, index), message)
        return values


def _check_updates(values: dict[str, Any], node: Mapping, path: str, ctx: Context) -> None:
    """Updates are written oldest first, so the last one is the current word on the action."""
    updates = node.get("updates")
    if not isinstance(updates, Sequence):
        return
    latest: tuple[PartialDate, int] | None = None
    for index, child in enumerate(updates.items):
        date_node = child.get("date") if isinstance(child, Mapping) else None
        date = parse_date(date_node.text) if isinstance(date_node, Scalar) and not date_node.is_null else None
        if date is None or date_node is None or not isinstance(child, Mapping):
            continue
        date_node = child.keys["date"]  # the message goes at the field, as for every field
        if latest is not None and date.first_day < latest[0].first_day:
            message = (
                f"updates go oldest first: this one ({date}) comes after one of {latest[0]} "
                f"(line {latest[1]}); move it up"
            )
            ctx.error(date_node, f"{item_path(f'{path}.updates', index)}.date", message)
        if latest is None or date.first_day >= latest[0].first_day:
            latest = (date, date_node.line)


UPDATE = Record(
    fields=(
        Field(
            "date",
            Date(),
            required=True,
            help="When this progress was reported: YYYY-MM-DD, YYYY-MM or YYYY.",
        ),
        Field("status", Choice(ACTION_STATUSES, "a status"), help="The status at that date."),
        Field("rating", Choice(RATINGS, "a rating (red, amber or green)"), help="The rating at that date."),
        Field("note", Text(), help="What was reported (Markdown)."),
        Field("source", Text(), help="Where it was reported, e.g. a board meeting (Markdown)."),
    ),
    model=Update,
    what="a progress update",
)


def _action(default_status: str, date_help: str, what: str) -> Record:
    return Record(
        fields=(
            Field("id", Identifier(), help='Unique within the review: "4.5.1"; the anchor #action-4-5-1.'),
            Field("text", Text(), required=True, help="What was done or will be done (Markdown)."),
            Field("date", Date(), help=date_help),
            Field("due", Date(), help="When it is due: YYYY-MM-DD, YYYY-MM or YYYY."),
            Field(
                "owner",
                ListOf(Text(plain=True), one_allowed=True),
                help="The agency or role that owns it, or a list of them (joint owners).",
            ),
            Field(
                "status",
                Choice(ACTION_STATUSES, "a status"),
                help=f"planned, in-progress, complete or not-taken-forward (default {default_status}).",
            ),
            Field(
                "rating",
                Choice(RATINGS, "a rating (red, amber or green)"),
                help="As the partnership rated it.",
            ),
            Field("updates", ListOf(UPDATE), help="Dated progress reports, oldest first."),
        ),
        model=Action,
        what=what,
        defaults=(("status", default_status),),
        check=_check_updates,
    )


RESPONSE = _action("complete", "When it was done: YYYY-MM-DD, YYYY-MM or YYYY.", "a response")
NEXT_STEP = _action("planned", "When it was done, if it is done.", "a next step")

RESPONSES = Field("responses", ListOf(RESPONSE), help="What has been done (response to date).")
NEXT_STEPS = Field("next_steps", ListOf(NEXT_STEP), help="What will be done, with due dates.")
IMPACT = Field("impact", MARKDOWN_LIST, help="Evidence of the difference made.")
POINTS = Field("points", MARKDOWN_LIST, help="A bullet list (Markdown).")

RECOMMENDATION = Record(
    fields=(
        Field("id", Identifier(), required=True, help='Unique within the review: "1", "R2".'),
        Field("text", Text(), required=True, help="The recommendation (Markdown)."),
        POINTS,
        Field("to", Text(plain=True), help="Who the recommendation is addressed to."),
        RESPONSES,
        NEXT_STEPS,
        IMPACT,
    ),
    model=Recommendation,
    what="a recommendation",
)
RECOMMENDATIONS = Field("recommendations", ListOf(RECOMMENDATION), help="Recommendations.")

LEARNING = Record(
    fields=(
        Field("id", Identifier(), required=True, help='Unique within the review: "1", "L2", "14.3".'),
        Field("title", Text(plain=True), help="A short title for the learning point."),
        Field("text", Text(), help="The learning (Markdown)."),
        Field(
            "summary",
            Text(),
            help="Your one-paragraph summary of it, used by briefings and theme pages instead of the "
            "whole text (Markdown).",
        ),
        POINTS,
        Field("findings", ListOf(Identifier()), help="Numbered findings of the full report it draws on."),
        Field("agency", Text(plain=True), help="The agency this lesson is from."),
        Field("themes", ListOf(ThemeRef()), help="Themes; default: the review's themes."),
        Field("board_view", Text(), help="The partnership's view of this learning (Markdown)."),
        RECOMMENDATIONS,
        RESPONSES,
        NEXT_STEPS,
        IMPACT,
    ),
    model=Learning,
    what="a learning point",
)

KEY_DATE = Record(
    fields=(
        Field("date", Date(), required=True, help="YYYY-MM-DD, YYYY-MM or YYYY."),
        Field("event", Text(), required=True, help="What happened."),
    ),
    model=KeyDate,
    what="a key date",
)

SOURCE = Record(
    fields=(
        Field("title", Text(plain=True), required=True, help="The document's title."),
        Field("url", Url(), required=True, help="https://..."),
        Field("date", Date(), help="When it was published."),
        Field(
            "kind",
            Choice(SOURCE_KINDS, "a kind of document"),
            help="report, briefing, action-plan, minutes, annual-report, news or other.",
        ),
    ),
    model=Source,
    what="a source",
)


def _check_plan(values: dict[str, Any], node: Mapping, path: str, ctx: Context) -> None:
    if values.get("status") == "closed" and "date" not in values and "date" not in node.keys:
        ctx.error(node.keys.get("status", node), f"{path}.status", CLOSED_WITHOUT_DATE)


CLOSED_WITHOUT_DATE = "a closed action plan needs the date it was closed: add date: YYYY-MM-DD (or YYYY-MM)"

ACTION_PLAN = Record(
    fields=(
        Field(
            "status",
            Choice(PLAN_STATUSES, "open or closed"),
            help="closed: the partnership signed the plan off.",
        ),
        Field("date", Date(), help="When it was closed (required when closed)."),
        Field("note", Text(), help="What happened to the actions still open (Markdown)."),
    ),
    model=ActionPlan,
    what="the action plan's status",
    check=_check_plan,
)

SCRUTINY = Record(
    fields=(
        Field("date", Date(), required=True, help="When the response was scrutinised."),
        Field("by", Text(plain=True), required=True, help="Who scrutinised it, e.g. a committee."),
        Field("note", Text(), help="What they said or asked for (Markdown)."),
        Field("url", Url(), help="The minutes or report: https://..."),
    ),
    model=Scrutiny,
    what="a scrutiny entry",
)

LINK = Record(
    fields=(
        Field("title", Text(plain=True), required=True, help="The link's text."),
        Field("url", Url(), required=True, help="https://..."),
    ),
    model=Link,
    what="a link",
)

BRIEFING_SECTION = Record(
    fields=(
        Field("title", Text(plain=True), required=True, help="The section's heading."),
        Field("text", Text(), required=True, help="The section (Markdown)."),
    ),
    model=BriefingSection,
    what="a briefing section",
)

BRIEFING = Record(
    fields=(
        Field("background", Text(), help="1. Background (default: the summary)."),
        Field("why_it_matters", Text(), help="2. Why it matters."),
        Field("information", Text(), help="3. The review: what it looked at and how."),
        Field("key_learning", Text(), help="4. Key learning (default: the learning points)."),
        Field("what_to_do", Text(), help="5. What to do (default: from the recommendations)."),
        Field(
            "questions",
            MARKDOWN_LIST,
            help="6. Questions for reflection (default: portal.yaml's briefing_questions).",
        ),
        Field(
            "sections",
            ListOf(BRIEFING_SECTION),
            help="Your partnership's own briefing format: its sections, in order, instead of the seven.",
        ),
        Field("further_reading", ListOf(LINK), help="7. Further reading."),
    ),
    model=Briefing,
    what="the briefing's sections",
)

PUBLICATION_CHECK = Record(
    fields=(
        Field(
            "allow",
            ListOf(Text(plain=True)),
            help="Words the publication check found that you have checked and are safe to publish.",
        ),
    ),
    model=PublicationCheck,
    what="the publication check's settings",
)


def _duplicates(items: list[tuple[str, Scalar]], what: str, path_of: list[str], ctx: Context) -> None:
    """Report ids used twice, or that would make the same link anchor."""
    first: dict[str, tuple[str, Scalar]] = {}
    for (text, node), path in zip(items, path_of, strict=True):
        anchor = anchor_id(text)
        if anchor not in first:
            first[anchor] = (text, node)
            continue
        earlier_text, earlier = first[anchor]
        if earlier_text == text:
            message = f"duplicate {what} id {text!r} (first used at line {earlier.line}); ids must be unique"
        else:
            message = (
                f"{what} id {text!r} makes the same link as {earlier_text!r} "
                f"(line {earlier.line}); ids must be unique"
            )
        ctx.error(node, path, message)


def _ids(node: Node | None, path: str) -> list[tuple[str, Scalar, str]]:
    found: list[tuple[str, Scalar, str]] = []
    if isinstance(node, Sequence):
        for index, child in enumerate(node.items):
            if isinstance(child, Mapping):
                id_node = child.get("id")
                if isinstance(id_node, Scalar) and not id_node.is_null:
                    found.append((id_node.text.strip(), id_node, f"{item_path(path, index)}.id"))
    return found


def _action_ids(node: Mapping) -> list[tuple[str, Scalar, str]]:
    """Every action id in a review, wherever the action is written, with its path."""
    found: list[tuple[str, Scalar, str]] = []

    def actions_of(owner: Node | None, path: str) -> None:
        if not isinstance(owner, Mapping):
            return
        for kind in ("responses", "next_steps"):
            found.extend(_ids(owner.get(kind), f"{path}.{kind}" if path else kind))

    def each(items: Node | None, path: str) -> list[tuple[Node, str]]:
        if not isinstance(items, Sequence):
            return []
        return [(child, item_path(path, index)) for index, child in enumerate(items.items)]

    actions_of(node, "")
    for rec, rec_path in each(node.get("recommendations"), "recommendations"):
        actions_of(rec, rec_path)
    for item, item_path_ in each(node.get("learning"), "learning"):
        actions_of(item, item_path_)
        if isinstance(item, Mapping):
            for rec, rec_path in each(item.get("recommendations"), f"{item_path_}.recommendations"):
                actions_of(rec, rec_path)
    found.sort(key=lambda entry: (entry[1].line, entry[1].col))
    return found


def _check_indentation(node: Mapping, ctx: Context) -> None:
    """Actions written beside a learning point's recommendations, not under one of them: most
    often next steps indented two spaces too little, which answer the learning point instead and
    leave the recommendation with "No response recorded"."""
    learning = node.get("learning")
    for index, item in enumerate(learning.items if isinstance(learning, Sequence) else ()):
        if not isinstance(item, Mapping):
            continue
        recommendations = item.get("recommendations")
        if not isinstance(recommendations, Sequence) or not recommendations.items:
            continue
        last = recommendations.items[-1]
        last_id = last.get("id") if isinstance(last, Mapping) else None
        which = f"recommendation {shown(last_id)}" if last_id is not None else "a recommendation"
        # The recommendation's own keys start here: where the block must move to be one of them.
        column = min((k.col for k in last.keys.values()), default=0) if isinstance(last, Mapping) else 0
        for name in ("responses", "next_steps"):
            if name not in item.keys:
                continue
            key = item.keys[name]
            words = name.replace("_", " ")
            move = (
                f"move the whole block {column - key.col} spaces to the right, so that {name}: starts "
                f"in column {column}, under the recommendation's text:"
                if column > key.col
                else "move it under that recommendation's text:"
            )
            message = (
                f"these {words} answer the learning point, not one of its recommendations; if they "
                f"belong to {which}, {move}"
            )
            ctx.warn(key.line, key.col, f"{item_path('learning', index)}.{name}", message)


def _check_review(values: dict[str, Any], node: Mapping, path: str, ctx: Context) -> None:
    _check_indentation(node, ctx)
    actions = _action_ids(node)
    _duplicates([(t, n) for t, n, _ in actions], "action", [p for *_, p in actions], ctx)
    learning = _ids(node.get("learning"), "learning")
    _duplicates([(t, n) for t, n, _ in learning], "learning", [p for *_, p in learning], ctx)
    recommendations = _ids(node.get("recommendations"), "recommendations")
    learning_node = node.get("learning")
    if isinstance(learning_node, Sequence):
        for index, child in enumerate(learning_node.items):
            if isinstance(child, Mapping):
                inner = f"{item_path('learning', index)}.recommendations"
                recommendations += _ids(child.get("recommendations"), inner)
    recommendations.sort(key=lambda found: (found[1].line, found[1].col))
    _duplicates(
        [(t, n) for t, n, _ in recommendations],
        "recommendation",
        [p for *_, p in recommendations],
        ctx,
    )


def review_record(slug: str) -> Record:
    """The review format; the slug comes from the file name."""

    def make(**values: Any) -> Review:
        stages = values.pop("type")
        return Review(slug=slug, type=stages[0], stages=stages if len(stages) > 1 else (), **values)

    return Record(fields=REVIEW_FIELDS, model=make, what="a review", check=_check_review)


REVIEW_FIELDS: tuple[Field, ...] = (
    Field("title", Text(plain=True), required=True, help="The review's title, e.g. Child SB."),
    Field(
        "type",
        Stages(Choice(REVIEW_TYPES, "a review type"), one_allowed=True),
        required=True,
        help="The kind of review, or a list of the stages it went through, main type first.",
    ),
    Field("partnership", Text(plain=True), required=True, help="The partnership or board that published it."),
    Field("published", Date(), required=True, help="When this learning/response was published."),
    Field("summary", Text(), required=True, help="A short summary (Markdown)."),
    Field("child", Text(plain=True), help="The child's pseudonym; never a real name."),
    Field("age_group", Choice(AGE_GROUPS, "an age group"), help="The child's age group."),
    Field(
        "status", Choice(("published", "draft"), "published or draft"), help="draft keeps it off the site."
    ),
    Field("embargo_until", Date(), help="Not published before this date."),
    Field("aliases", ListOf(Slug()), help="Earlier slugs, redirected to this review."),
    Field("themes", ListOf(ThemeRef()), help="Theme slugs from the vocabulary."),
    Field(
        "content_note",
        ListOf(Choice(CONTENT_NOTES, "a content note"), one_allowed=True),
        help="Distressing content the reader is warned about.",
    ),
    Field("report_url", Url(), help="Link to the full published report."),
    Field("sources", ListOf(SOURCE), help="Every published document about this review."),
    Field("progress_as_of", Date(), help="When this file's statuses were last confirmed."),
    Field("action_plan", ACTION_PLAN, help="Whether the action plan is open or closed."),
    Field("scrutiny", ListOf(SCRUTINY), help="Challenge and assurance of the response."),
    Field("methodology", Text(), help="How the review was done (Markdown)."),
    Field("key_dates", ListOf(KEY_DATE), help="Timeline: date and event."),
    Field("worked_well", MARKDOWN_LIST, help="What worked well."),
    Field("could_be_better", MARKDOWN_LIST, help="What could be better."),
    Field("responses", ListOf(RESPONSE), help="Actions not tied to one learning point."),
    Field("next_steps", ListOf(NEXT_STEP), help="Planned actions not tied to one learning point."),
    Field("recommendations", ListOf(RECOMMENDATION), help="Recommendations not tied to one learning point."),
    Field("learning", ListOf(LEARNING), help="Learning points, findings or lessons."),
    Field("briefing", BRIEFING, help="Overrides for the seven-minute briefing."),
    Field("publication_check", PUBLICATION_CHECK, help="Acknowledged publication-check warnings."),
)


def _check_item_shape(values: dict[str, Any], node: Mapping, path: str, ctx: Context) -> None:
    if "review" not in node.keys and "heading" not in node.keys:
        ctx.error(node, path, "an item needs a review (slug) or a heading")
    if "learning" in node.keys and "review" not in node.keys:
        ctx.error(node.keys["learning"], f"{path}.learning", "learning ids need a review to draw on")


BULLETIN_ITEM = Record(
    fields=(
        Field("review", Slug(), help="The slug of a review this item draws on."),
        Field("learning", ListOf(Identifier()), help="Only these learning points of the review."),
        Field("heading", Text(plain=True), help="The item's heading."),
        Field("text", Text(), help="The item's text (Markdown)."),
        POINTS,
    ),
    model=BulletinItem,
    what="a bulletin item",
    check=_check_item_shape,
    schema_rules=(
        ("anyOf", [{"required": ["review"]}, {"required": ["heading"]}]),
        ("if", {"required": ["learning"]}),
        ("then", {"required": ["review"]}),
    ),
)

BULLETIN = Record(
    fields=(
        Field("issue", Count(), required=True, help="The issue number; the file is <issue>.yaml."),
        Field("title", Text(plain=True), required=True, help="The issue's title."),
        Field("date", Date(), required=True, help="The issue's date."),
        Field("partnership", Text(plain=True), required=True, help="Who publishes it."),
        Field("intro", Text(), help="Introduction (Markdown)."),
        Field("items", ListOf(BULLETIN_ITEM), help="The items."),
        Field("feedback", Text(), help="A call to action, e.g. feedback by a date."),
        Field("publication_check", PUBLICATION_CHECK, help="Acknowledged publication-check warnings."),
    ),
    model=Bulletin,
    what="a bulletin",
)


def themes_written(node: Node | None) -> list[str]:
    """The theme slugs a `themes:` of portal.yaml names, in order, in whatever shape it was
    written: the right table (its keys), a list of slugs, or a list of records with a slug."""
    if isinstance(node, Mapping):
        return [key.text for key, _ in node.pairs]
    found = []
    for item in node.items if isinstance(node, Sequence) else ():
        named = item.get("slug") or item.get("id") or item.get("name") if isinstance(item, Mapping) else item
        if isinstance(named, Scalar) and not named.is_null:
            found.append(named.text.strip())
    return found


def _theme_example(node: Node) -> str:
    """`county-lines: {title: County lines}`: the first slug the author wrote, as portal.yaml
    takes it (`county-lines` from a list of slugs, or a theme written as a record)."""
    written = themes_written(node)
    if not written and isinstance(node, Scalar) and not node.is_null:
        written = [node.text.strip()]
    slug = anchor_id(written[0]).strip("-") if written and written[0] else "county-lines"
    title = slug.replace("-", " ").capitalize()
    return f"{slug}: {{title: {title}}}"


class ThemeTable(Kind):
    """`themes: {slug: {title, description}}` in portal.yaml."""

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        if not isinstance(node, Mapping):
            message = (
                f"expected theme slugs with a title each, got {shown(node)}; write each on its own line as"
            )
            return ctx.error(node, path, f"{message} `{_theme_example(node)}`, indented under themes:")
        themes = []
        for key, value in node.pairs:
            theme_path = f"{path}.{key.text}"
            slug = Slug().convert(key, theme_path, ctx)
            record = THEME_ENTRY.convert(value, theme_path, ctx)
            if slug is not None and slug is not INVALID and record is not INVALID:
                themes.append(Theme(slug, record["title"], record.get("description", "")))
        return tuple(themes)

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": SLUG.pattern},
            "additionalProperties": THEME_ENTRY.json_schema(),
        }


def _as_dict(**values: Any) -> dict[str, Any]:
    values.pop("where", None)
    return values


THEME_ENTRY = Record(
    fields=(
        Field("title", Text(plain=True), required=True, help="The theme's title."),
        Field("description", Text(plain=True), help="One line about the theme."),
    ),
    model=_as_dict,
    what="a theme",
)

SUPPORT_LINE = Record(
    fields=(
        Field("name", Text(plain=True), required=True, help="Who answers, e.g. Samaritans."),
        Field("number", Text(plain=True), required=True, help="The phone number."),
        Field("note", Text(plain=True), help="When, or for whom, e.g. 24 hours."),
    ),
    model=SupportLine,
    what="a phone line",
)

PORTAL = Record(
    fields=(
        Field("name", Text(plain=True), help="The portal's name, shown on the home page."),
        Field("site_url", Url(), help="The public address, for feeds, emails and exports."),
        Field("intro", Text(), help="The home page's introduction (Markdown)."),
        Field("quick_exit_url", Url(), help="Where the 'Exit this page' button goes."),
        Field("worried_text", Text(), help="The 'Worried about a child?' text (Markdown)."),
        Field("contacts", ListOf(SUPPORT_LINE), help="The partnership's numbers."),
        Field("support_lines", ListOf(SUPPORT_LINE), help="Support lines shown with content notes."),
        Field("themes", ThemeTable(), help="Themes added to the default vocabulary."),
        Field("school_names", ListOf(Text(plain=True)), help="School names the publication check looks for."),
        Field(
            "briefing_questions",
            MARKDOWN_LIST,
            help="Your standard questions for reflection, shown on every briefing that has none of its own.",
        ),
        Field(
            "stale_after_months",
            Count(),
            help="An open action not confirmed for longer is shown as not updated since then (default 12).",
        ),
        Field("publication_check", PUBLICATION_CHECK, help="Acknowledged publication-check warnings."),
        Field(
            "demo",
            Flag(),
            help="true for a demonstration site: every page says its contact details are fictional, "
            "and placeholders are allowed.",
        ),
    ),
    model=lambda themes=(), **values: Portal(extra_themes=themes, **values),
    what="the portal settings",
)
