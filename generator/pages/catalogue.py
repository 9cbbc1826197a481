"""The lists of reviews: the catalogue, its facets (year, type, partnership) and the home page."""

from __future__ import annotations

from .. import views
from ..addresses import slugify
from ..model import Review
from ..render import Context, Page, files
from . import lists


def _year(review: Review) -> int:
    return review.published.year


def catalogue_pages(context: Context, reviews: list[Review]) -> list[Page]:
    """/reviews/ and a page for each type and partnership (and each year, when it is long)."""
    by_type: dict[str, list[Review]] = {}
    by_partnership: dict[str, tuple[str, list[Review]]] = {}
    for review in reviews:
        by_type.setdefault(review.type, []).append(review)
        name = review.partnership
        by_partnership.setdefault(slugify(name), (name, []))[1].append(review)
    latest, years = lists.split(reviews, _year)
    by_year = years or lists.years(reviews, _year)
    types = [(slug, views.TYPE_LABELS[slug], members) for slug, members in sorted(by_type.items())]
    partnerships = [(slug, name, members) for slug, (name, members) in sorted(by_partnership.items())]
    pages = [
        context.page(
            "reviews.md.j2",
            "reviews/index.md",
            "reviews/",
            files(reviews),
            by_year=by_year,
            by_type=types,
            by_partnership=partnerships,
            split=bool(years),
            latest=latest,
        )
    ]
    for year, members in years:
        path = f"reviews/by/year/{year}/index.md"
        label = f"published in {year}"
        pages += review_list(context, path, label, members, "reviews/index.md", by_year=False)
    for facet, values in (("type", types), ("partnership", partnerships)):
        for slug, label, members in values:
            path = f"reviews/by/{facet}/{slug}/index.md"
            pages += review_list(context, path, label, members, "reviews/index.md")
    return pages


def review_list(
    context: Context, path: str, label: str, reviews: list[Review], up: str, by_year: bool = True
) -> list[Page]:
    """A list of reviews on one page, or, when long, the newest and a page for each year.

    A year's page is not split again: a year with more reviews than the limit is one page.
    """
    shown, years = lists.split(reviews, _year) if by_year else (reviews, [])
    pages = [
        context.page(
            "reviews_by.md.j2",
            path,
            "reviews/",
            files(reviews),
            label=label,
            reviews=shown,
            total=len(reviews),
            years=[(year, len(members)) for year, members in years],
            root=lists.root(path),
            up=up,
        )
    ]
    for year, members in years:
        sub = path.replace("index.md", f"{year}/index.md")
        pages += review_list(context, sub, f"{label}, {year}", members, path, by_year=False)
    return pages


def home_page(context: Context, reviews: list[Review]) -> Page:
    """The home page, with the newest five reviews."""
    return context.page("home.md.j2", "index.md", "portal.yaml", files(reviews[:5]), reviews=reviews[:5])
