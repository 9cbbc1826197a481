"""The seven-minute briefing: seven numbered sections, each given in `briefing:` or made from the
review's own words (or the partnership's own sections, `briefing.sections`, instead).

Nothing is shortened: a derived section shows whole sentences, whole learning points (or the
author's `summary:` of one) and whole recommendations. What would not fit two printed pages is
for `check` to say (`too_long`), naming the section and the `briefing.` key that replaces it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from . import text, views
from .addresses import slugify
from .model import Portal, Review

MAX_KEY_DATES = 6  # a timeline longer than this is on the review page
# About what two A4 pages hold with the print styles (portal.css): every word of the sections,
# and LINE_WORDS more for each line of a list or block, whose link's address is printed after it.
# Measured with bench/briefing_print.py on the sample: 400 to 490 such words a page (RESULTS.md).
TWO_PAGES_WORDS = 880
LINE_WORDS = 8


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    anchor: str
    intro: Markup  # a paragraph or HTML block, possibly empty
    items: tuple[Markup, ...] = ()  # a bullet list, possibly empty
    blocks: tuple[Markup, ...] = ()  # whole paragraphs after the list: a learning point each
    words: int = 0
    key: str = ""  # the `briefing.` key that replaces it when it is made from the review, else ""

    @property
    def size(self) -> int:
        """Its words, and LINE_WORDS for each line of its list and each block: what it takes on paper."""
        return self.words + LINE_WORDS * (len(self.items) + len(self.blocks))


def _words(*sources: str) -> int:
    return sum(text.word_count(source) for source in sources)


def _given(number: int, title: str, anchor: str, override: str) -> Section:
    return Section(number, title, anchor, text.md_block(override), words=_words(override))


def _link(label: str, target: str) -> Markup:
    return Markup(f"[{text.md_text(label)}]({target})")


def _with_points(source: str, points: tuple[str, ...]) -> str:
    """A text and its bullet points as one Markdown text."""
    listed = "\n".join(f"- {point}" for point in points)
    return "\n\n".join(part for part in (source, listed) if part)


def _one_paragraph(source: str) -> bool:
    """Whether a Markdown text is one paragraph (no blank line, no list): shown on one line."""
    stripped = source.strip()
    return (
        bool(stripped) and "\n\n" not in stripped and not re.search(r"^\s*(?:[-*+]|\d+\.)\s", stripped, re.M)
    )


def background(review: Review, portal: Portal) -> Section:
    if review.briefing.background:
        return _given(1, "Background", "background", review.briefing.background)
    summary = review.summary
    return Section(
        1, "Background", "background", text.md_block(summary), words=_words(summary), key="background"
    )


def why_it_matters(review: Review, portal: Portal) -> Section:
    """Why this review matters, from its own content: what could have been better for the child,
    else the lessons it draws; never a sentence every briefing shares."""
    title, anchor = "Why it matters", "why-it-matters"
    if review.briefing.why_it_matters:
        return _given(2, title, anchor, review.briefing.why_it_matters)
    child = f"Child {review.child}" if review.child else "the child"
    if review.could_be_better:
        intro = f"The review of {review.title} found that these things could have been better for {child}:"
        items = [text.md_inline(point) for point in review.could_be_better]
        said = review.could_be_better
    else:
        lessons = [item.title for item in review.learning if item.title]
        count = len(lessons)
        intro = (
            f"{review.title} draws {count} lesson{'s' if count != 1 else ''} for practice from what happened:"
            if lessons
            else f"What {review.title} found is set out below, learning point by learning point."
        )
        items = [text.html_text(lesson) for lesson in lessons]
        said = tuple(lessons)
    return Section(
        2, title, anchor, text.md_text(intro), tuple(items), words=_words(intro, *said), key="why_it_matters"
    )


def the_review(review: Review, portal: Portal) -> Section:
    title, anchor = "The review", "the-review"
    if review.briefing.information:
        return _given(3, title, anchor, review.briefing.information)
    kind = views.review_kind(review)
    sentence = f"{kind} published by {review.partnership}, {review.published.label}."
    intro = text.md_text(sentence)
    said = [sentence]
    if review.methodology:
        # The methodology's whole first sentence, as plain text: shown as text, never read again.
        method = text.first_sentence(review.methodology, max_words=None)
        intro = Markup(f'{intro}\n\n<div class="portal-text">\n<p>{text.html_text(method)}</p>\n</div>')
        said.append(method)
    dates = review.key_dates[:MAX_KEY_DATES]
    items = [Markup(f"**{text.md_text(key.date.label)}**: {text.md_inline(key.event)}") for key in dates]
    if len(review.key_dates) > MAX_KEY_DATES:
        more = len(review.key_dates) - MAX_KEY_DATES
        items.append(_link(f"{more} more dates on the review page", "index.md#key-dates"))
    said += [key.event for key in dates]
    return Section(3, title, anchor, intro, tuple(items), words=_words(*said), key="information")


def key_learning(review: Review, portal: Portal) -> Section:
    """Each learning point whole (its text and points), or the author's summary of it."""
    title, anchor = "Key learning", "key-learning"
    if review.briefing.key_learning:
        return _given(4, title, anchor, review.briefing.key_learning)
    items, blocks, said = [], [], []
    for item in review.learning:
        label = item.title or f"Learning point {item.id}"
        link = _link(label, f"index.md#{item.anchor}")
        body = item.summary or _with_points(item.text or "", item.points)
        if _one_paragraph(body):  # one line of the list: the title, then the words
            items.append(Markup(f"**{link}**: {text.md_inline(body)}"))
        else:
            blocks += [Markup(f"**{link}**"), text.md_block(body)]
        said += [label, body]
    if not items and not blocks and review.worked_well:
        intro = f"The review of {review.title} found what worked well:"
        worked = tuple(text.md_inline(point) for point in review.worked_well)
        return Section(
            4, title, anchor, text.md_text(intro), worked, words=_words(intro, *review.worked_well)
        )
    if not items and not blocks:
        intro = f"{review.title} sets out no separate learning points: its summary is above."
        return Section(4, title, anchor, text.md_text(intro), words=_words(intro))
    return Section(
        4, title, anchor, Markup(""), tuple(items), tuple(blocks), _words(*said), key="key_learning"
    )


def what_to_do(review: Review, portal: Portal) -> Section:
    """Each recommendation whole, linked to its response."""
    title, anchor = "What to do", "what-to-do"
    if review.briefing.what_to_do:
        return _given(5, title, anchor, review.briefing.what_to_do)
    recommendations = review.all_recommendations()
    if not recommendations:
        intro = f"{review.title} made no recommendations; what was done is on the action table."
        return Section(5, title, anchor, text.md_text(intro), words=_words(intro))
    items, blocks, said = [], [], []
    for rec in recommendations:
        label = f"Recommendation {rec.id}" + (f", to {rec.to}" if rec.to else "")
        link = _link(label, f"actions.md#{rec.anchor}")
        body = _with_points(rec.text, rec.points)
        if _one_paragraph(body):
            items.append(Markup(f"**{link}**: {text.md_inline(body)}"))
        else:
            blocks += [Markup(f"**{link}**"), text.md_block(body)]
        said += [label, body]
    return Section(5, title, anchor, Markup(""), tuple(items), tuple(blocks), _words(*said), key="what_to_do")


def questions(review: Review, portal: Portal) -> Section | None:
    """The review's own questions, else the partnership's standard ones (labelled so), else none."""
    title, anchor = "Questions for reflection", "questions"
    if review.briefing.questions:
        asked, intro = review.briefing.questions, Markup("")
    elif portal.briefing_questions:
        asked = portal.briefing_questions
        intro = text.md_text(f"{portal.name}'s standard questions for every briefing:")
    else:
        return None
    items = tuple(text.md_inline(question) for question in asked)
    return Section(6, title, anchor, intro, items, words=_words(*asked))


FORMATS = {".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".xlsx": "Excel"}


def document_format(url: str) -> str:
    """`PDF` for https://…/report.pdf; '' for a web page."""
    path = urlsplit(url).path.lower()
    return next((label for ending, label in FORMATS.items() if path.endswith(ending)), "")


def _document(title: str, url: str, about: list[str]) -> Markup:
    """A link to a document, with who published it, what it is and its format, each once."""
    described = ", ".join(part for part in (*about, document_format(url)) if part)
    suffix = f" ({text.html_text(described)})" if described else ""
    return Markup(f'<a href="{text.html_text(url)}">{text.html_text(title)}</a>{suffix}')


def find_out_more(review: Review, portal: Portal) -> Section:
    """The review's pages, then the full report and every other source, each once."""
    items = [
        _link(f"{review.title}: the learning in full", "index.md"),
        _link("The action table: what has been done", "actions.md"),
        _link("A sheet to record your team's discussion of this briefing (one page, to print)", "record.md"),
    ]
    listed = set()
    if review.report_url:
        items.append(_document("The full report", review.report_url, [review.partnership]))
        listed.add(review.report_url)
    for source in review.sources:
        if source.url in listed:
            continue
        listed.add(source.url)
        kind = views.SOURCE_KIND_LABELS[source.kind].lower() if source.kind else ""
        items.append(_document(source.title, source.url, [kind, source.date.label if source.date else ""]))
    for link in review.briefing.further_reading:
        if link.url not in listed:
            listed.add(link.url)
            items.append(_document(link.title, link.url, []))
    return Section(7, "Find out more", "find-out-more", Markup(""), tuple(items))


def _own_sections(review: Review, portal: Portal) -> list[Section]:
    """`briefing.sections`: the partnership's own format, in its order, each anchor once."""
    sections, anchors = [], {"find-out-more"}
    for number, own in enumerate(review.briefing.sections, start=1):
        anchor = base = slugify(own.title)
        count = 1
        while anchor in anchors:
            count += 1
            anchor = f"{base}-{count}"
        anchors.add(anchor)
        sections.append(Section(number, own.title, anchor, text.md_block(own.text), words=_words(own.text)))
    return sections


SEVEN = (background, why_it_matters, the_review, key_learning, what_to_do, questions, find_out_more)


@functools.lru_cache(maxsize=4096)  # made once for check's estimate and once for the page: the same
def briefing_sections(review: Review, portal: Portal) -> tuple[Section, ...]:
    """The briefing's sections in order, numbered from 1 (a section with nothing to say is left
    out, and the rest keep their order)."""
    if review.briefing.sections:
        made = [*_own_sections(review, portal), find_out_more(review, portal)]
    else:
        builders = (
            background,
            why_it_matters,
            the_review,
            key_learning,
            what_to_do,
            questions,
            find_out_more,
        )
        made = [section for build in builders if (section := build(review, portal)) is not None]
    return tuple(
        Section(number, s.title, s.anchor, s.intro, s.items, s.blocks, s.words, s.key)
        for number, s in enumerate(made, start=1)
    )


def briefing_words(review: Review, portal: Portal) -> int:
    return sum(section.words for section in briefing_sections(review, portal))


def too_long(review: Review, portal: Portal) -> str | None:
    """What `check` says when the briefing made from the review would not fit two printed pages:
    its size, and the longest section made from the review, with the key that replaces it."""
    sections = briefing_sections(review, portal)
    size = sum(section.size for section in sections)
    if size <= TWO_PAGES_WORDS:
        return None
    derived = [section for section in sections if section.key]
    if not derived:
        return None  # every section is the author's own: theirs to judge
    longest = max(derived, key=lambda section: section.size)
    hint = " (or a summary: on its longest learning points)" if longest.key == "key_learning" else ""
    return (
        f"the briefing would not fit on two printed A4 pages (about {size} words, counting its links; "
        f"two pages hold about {TWO_PAGES_WORDS}); its longest part, '{longest.title}' (about "
        f"{longest.size}), is made from the review: write a shorter one as briefing.{longest.key}{hint}"
    )
