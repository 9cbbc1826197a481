"""A review's own pages: its overview, briefing and actions, and the redirects from its old slugs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import views
from ..briefing import briefing_sections
from ..changes import review_updates
from ..exports import review_csv, review_json
from ..model import Bulletin, Review
from ..render import Context, Page


@dataclass(frozen=True)
class ReviewWork:
    """Everything rendered from one review alone: its pages and its part of the data files."""

    pages: list[Page]
    json: str  # its entry in data/reviews.json
    csv: str  # its rows of data/actions.csv
    slug: str
    updates: str  # its rows of data/updates.csv


def review_pages(context: Context, review: Review, bulletins: list[Bulletin]) -> list[Page]:
    """The overview, the briefing and the action page; `bulletins`: the issues it appears in."""
    source = review.where.file or f"reviews/{review.slug}.yaml"
    base = f"reviews/{review.slug}"
    summary = views.status_summary(review, context.as_of)
    common: dict[str, Any] = {
        "review": review,
        "summary": summary,
        "confirmed": views.progress_confirmed(review),
        "bulletins": bulletins,
    }
    sections = briefing_sections(review, context.corpus.portal)
    return [
        context.page("review.md.j2", f"{base}/index.md", source, **common),
        context.page(
            "briefing.md.j2",
            f"{base}/briefing.md",
            source,
            sections=sections,
            minutes=views.reading_minutes(sum(section.words for section in sections)),
            **common,
        ),
        context.page("actions.md.j2", f"{base}/actions.md", source, **common),
        context.page("record.md.j2", f"{base}/record.md", source, **common),
    ]


def redirect_pages(context: Context, review: Review) -> list[Page]:
    """Old slugs keep working: each page of an alias sends the reader to the current one."""
    source = review.where.file or f"reviews/{review.slug}.yaml"
    template = context.html_env.get_template("redirect.html.j2")
    pages = []
    for alias in review.aliases:
        for sub, depth in (("", 1), ("briefing/", 2), ("actions/", 2)):
            target = "../" * depth + f"{review.slug}/{sub}"
            html = template.render(title=review.title, target=target)
            pages.append(Page(f"reviews/{alias}/{sub}index.html", source, html))
    return pages


def review_work(context: Context, review: Review, bulletins: list[Bulletin]) -> ReviewWork:
    """A review's own pages and data, from the cache when its file and bulletins are unchanged.

    Its pages show nothing from other reviews: they depend on its own file, portal.yaml (part
    of the file's key), what the date decides about it, and the bulletins it appears in.
    """
    files = _made_from(review, bulletins)
    base = context.corpus.portal.site_url

    def make() -> ReviewWork:
        return ReviewWork(
            review_pages(context, review, bulletins) + redirect_pages(context, review),
            review_json(review, base, context.as_of),
            review_csv(review, base, context.as_of),
            review.slug,
            review_updates(review, base),
        )

    return context.cached("review-pages", [], files, ReviewWork, make)


def work_cached(context: Context, review: Review, bulletins: list[Bulletin]) -> bool:
    """Whether review_work would find the review's work in the cache."""
    return context.is_cached("review-pages", [], _made_from(review, bulletins))


def _made_from(review: Review, bulletins: list[Bulletin]) -> list[str]:
    return [review.where.file] + [bulletin.where.file for bulletin in bulletins]
