"""The seven-minute briefing: seven numbered sections, each given in `briefing:` or derived."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from . import text, views
from .model import Review

MAX_ITEMS = 6  # a briefing is read in seven minutes: derived lists stay short


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    anchor: str
    intro: Markup  # a paragraph or HTML block, possibly empty
    items: tuple[Markup, ...] = ()  # a bullet list, possibly empty
    words: int = 0


def _section(number: int, title: str, anchor: str, intro: str, items: list[Markup], words: str) -> Section:
    return Section(number, title, anchor, Markup(intro), tuple(items), text.word_count(words))


def _given(number: int, title: str, anchor: str, override: str) -> Section:
    return _section(number, title, anchor, text.md_block(override), [], override)


def _link(label: str, target: str) -> Markup:
    return Markup(f"[{text.md_text(label)}]({target})")


def _gist(source: str, points: tuple[str, ...]) -> str:
    """The first sentence, reading on into the bullet points when the text ends in a colon."""
    return text.first_sentence("\n\n".join((source, *points)), 30)


def background(review: Review) -> Section:
    return _given(1, "Background", "background", review.briefing.background or review.summary)


def why_it_matters(review: Review) -> Section:
    title, anchor = "Why it matters", "why-it-matters"
    if review.briefing.why_it_matters:
        return _given(2, title, anchor, review.briefing.why_it_matters)
    if review.could_be_better:
        intro = "The review found that these things could have been better for the child:"
        items = [text.md_inline(point) for point in review.could_be_better[:MAX_ITEMS]]
        words = " ".join(review.could_be_better[:MAX_ITEMS])
    else:
        intro = (
            "What happened to this child can happen to others. "
            "The learning matters to anyone working with children and families."
        )
        # A title is plain text and a first sentence is plain text already: escaped, not rendered.
        items = [
            text.html_text(item.title or text.first_sentence(item.text or ""))
            for item in review.learning[:MAX_ITEMS]
            if item.title or item.text
        ]
        words = " ".join(item.title or "" for item in review.learning[:MAX_ITEMS])
    return _section(2, title, anchor, text.md_text(intro), items, intro + " " + words)


def the_review(review: Review) -> Section:
    title, anchor = "The review", "the-review"
    if review.briefing.information:
        return _given(3, title, anchor, review.briefing.information)
    kind = views.TYPE_LABELS[review.type]
    sentence = f"{kind} published by {review.partnership}, {review.published.label}."
    intro = text.md_text(sentence)
    words = sentence
    if review.methodology:
        # first_sentence gives plain text (the Markdown already read): shown as text, not read again.
        sentence_html = text.html_text(text.first_sentence(review.methodology, 60))
        intro = Markup(f'{intro}\n\n<div class="portal-text">\n<p>{sentence_html}</p>\n</div>')
        words += " " + text.first_sentence(review.methodology, 60)
    items = [
        Markup(f"**{text.md_text(key.date.label)}**: {text.md_inline(key.event)}")
        for key in review.key_dates[:MAX_ITEMS]
    ]
    words += " ".join(key.event for key in review.key_dates[:MAX_ITEMS])
    return _section(3, title, anchor, intro, items, words)


def key_learning(review: Review) -> Section:
    title, anchor = "Key learning", "key-learning"
    if review.briefing.key_learning:
        return _given(4, title, anchor, review.briefing.key_learning)
    items = []
    words = ""
    for item in review.learning:
        summary = text.first_sentence(item.text or (item.points[0] if item.points else ""), 30)
        label = item.title or f"Learning point {item.id}"
        line = _link(label, f"index.md#{item.anchor}")
        if summary:
            line = Markup(f"{line}: {text.md_text(summary)}")
        items.append(line)
        words += f" {label} {summary}"
    if not items and review.worked_well:
        items = [text.md_inline(point) for point in review.worked_well[:MAX_ITEMS]]
        words = " ".join(review.worked_well[:MAX_ITEMS])
    return _section(4, title, anchor, Markup(""), items, words)


def what_to_do(review: Review) -> Section:
    title, anchor = "What to do", "what-to-do"
    if review.briefing.what_to_do:
        return _given(5, title, anchor, review.briefing.what_to_do)
    recommendations = review.all_recommendations()[:MAX_ITEMS]
    if recommendations:
        intro = (
            "The review's recommendations are below. Ask what each one means for the children "
            "you work with, and check your practice against it."
        )
        gists = [_gist(rec.text, rec.points) for rec in recommendations]
        items = [
            Markup(f"{_link(f'Recommendation {rec.id}', f'index.md#{rec.anchor}')}: {text.md_text(gist)}")
            for rec, gist in zip(recommendations, gists, strict=True)
        ]
        words = intro + " ".join(gists)
    else:
        intro = "Read the learning above with your team and agree one change each of you will make."
        items = []
        words = intro
    return _section(5, title, anchor, text.md_text(intro), items, words)


def questions(review: Review) -> Section:
    asked = review.briefing.questions or views.DEFAULT_QUESTIONS
    items = [text.md_inline(question) for question in asked]
    return _section(6, "Questions for reflection", "questions", Markup(""), items, " ".join(asked))


def find_out_more(review: Review) -> Section:
    items = [
        _link(f"{review.title}: the learning in full", "index.md"),
        _link("The action table: what has been done", "actions.md"),
    ]
    if review.report_url:
        items.append(Markup(f'<a href="{text.html_text(review.report_url)}">The full published report</a>'))
    for link in review.briefing.further_reading:
        items.append(Markup(f'<a href="{text.html_text(link.url)}">{text.html_text(link.title)}</a>'))
    return _section(7, "Find out more", "find-out-more", Markup(""), items, "")


def briefing_sections(review: Review) -> tuple[Section, ...]:
    builders = (background, why_it_matters, the_review, key_learning, what_to_do, questions, find_out_more)
    return tuple(build(review) for build in builders)


def briefing_words(review: Review) -> int:
    return sum(section.words for section in briefing_sections(review))
