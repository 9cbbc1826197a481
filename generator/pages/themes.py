"""The themes: their index, and each theme's learning from every review on it."""

from __future__ import annotations

from ..model import Review, Theme
from ..render import Context, Page, files
from ..tracker import ThemeEntry, theme_index
from . import lists


def theme_pages(context: Context, reviews: list[Review]) -> list[Page]:
    """A page (or pages, when long) for each theme, then /themes/ with their counts."""
    index = theme_index(reviews)
    rows = []
    pages = []
    for theme in context.corpus.themes:
        entries = index.get(theme.slug, [])
        points = sum(len(entry.learning) for entry in entries)
        rows.append((theme, len(entries), points))
        pages += theme_list(context, theme, f"themes/{theme.slug}/index.md", entries)
    pages.append(context.page("themes.md.j2", "themes/index.md", "reviews/", files(reviews), rows=rows))
    return pages


def theme_list(
    context: Context, theme: Theme, path: str, entries: list[ThemeEntry], year: int | None = None
) -> list[Page]:
    """A theme's learning on one page, or, when long, the newest and a page for each year.

    A year's page is not split again, as in catalogue.review_list.
    """
    shown, years = (entries, []) if year else lists.split(entries, lambda entry: entry.review.published.year)
    pages = [
        context.page(
            "theme.md.j2",
            path,
            "reviews/",
            files(entry.review for entry in entries),
            theme=theme,
            entries=shown,
            total=len(entries),
            years=[(year, len(members)) for year, members in years],
            year=year,
            root=lists.root(path),
        )
    ]
    for each, members in years:
        pages += theme_list(context, theme, f"themes/{theme.slug}/{each}/index.md", members, each)
    return pages
