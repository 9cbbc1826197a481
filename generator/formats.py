"""The input file formats of DESIGN.md, declared once: review, bulletin and portal files."""

from __future__ import annotations

from typing import Any

from .loader import Mapping, Node, Scalar, Sequence
from .model import (
    ACTION_STATUSES,
    Action,
    Briefing,
    Bulletin,
    BulletinItem,
    KeyDate,
    Learning,
    Link,
    Portal,
    PublicationCheck,
    Recommendation,
    Review,
    SupportLine,
    Theme,
    anchor_id,
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


def _action(default_status: str, date_help: str) -> Record:
    return Record(
        fields=(
            Field("text", Text(), required=True, help="What was done or will be done (Markdown)."),
            Field("date", Date(), help=date_help),
            Field("due", Date(), help="When it is due: YYYY-MM-DD, YYYY-MM or YYYY."),
            Field("owner", Text(plain=True), help="The agency or role that owns it."),
            Field(
                "status",
                Choice(ACTION_STATUSES, "a status"),
                help=f"planned, in-progress, complete or not-taken-forward (default {default_status}).",
            ),
        ),
        model=Action,
        what="an action",
        defaults=(("status", default_status),),
    )


RESPONSE = _action("complete", "When it was done: YYYY-MM-DD, YYYY-MM or YYYY.")
NEXT_STEP = _action("planned", "When it was done, if it is done.")

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

LINK = Record(
    fields=(
        Field("title", Text(plain=True), required=True, help="The link's text."),
        Field("url", Url(), required=True, help="https://..."),
    ),
    model=Link,
    what="a link",
)

BRIEFING = Record(
    fields=(
        Field("background", Text(), help="1. Background (default: the summary)."),
        Field("why_it_matters", Text(), help="2. Why it matters."),
        Field("information", Text(), help="3. The review: what it looked at and how."),
        Field("key_learning", Text(), help="4. Key learning (default: the learning points)."),
        Field("what_to_do", Text(), help="5. What to do (default: from the recommendations)."),
        Field("questions", MARKDOWN_LIST, help="6. Questions for reflection."),
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


def _check_review(values: dict[str, Any], node: Mapping, path: str, ctx: Context) -> None:
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
        return Review(slug=slug, **values)

    return Record(fields=REVIEW_FIELDS, model=make, what="a review", check=_check_review)


REVIEW_FIELDS: tuple[Field, ...] = (
    Field("title", Text(plain=True), required=True, help="The review's title, e.g. Child SB."),
    Field("type", Choice(REVIEW_TYPES, "a review type"), required=True, help="The kind of review."),
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


class ThemeTable(Kind):
    """`themes: {slug: {title, description}}` in portal.yaml."""

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        if not isinstance(node, Mapping):
            return ctx.error(node, path, f"expected theme slugs with a title each, got {shown(node)}")
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
