"""The yearly reports: each year's recommendations by partnership, and the list of years."""

from __future__ import annotations

from .. import views
from ..model import Review
from ..render import Context, Page, files


def report_pages(context: Context, reviews: list[Review]) -> list[Page]:
    """A report for each year reviews were published in, then /reports/."""
    years: dict[int, dict[str, list[Review]]] = {}
    for review in reviews:
        years.setdefault(review.published.year, {}).setdefault(review.partnership, []).append(review)
    pages = []
    for year, partnerships in sorted(years.items()):
        sections = []
        for name, members in sorted(partnerships.items()):
            recs = [(review, rec) for review in members for rec in review.all_recommendations()]
            summary = views.recommendations_summary(recs, context.as_of)
            sections.append((name, members, summary, recs))
        path = f"reports/{year}/index.md"
        made_from = files(review for _, members, _, _ in sections for review in members)
        pages.append(
            context.page("report.md.j2", path, "reviews/", made_from, year=year, partnerships=sections)
        )
    counts = [
        (year, sum(len(m) for m in parts.values())) for year, parts in sorted(years.items(), reverse=True)
    ]
    pages.append(context.page("reports.md.j2", "reports/index.md", "reviews/", files(reviews), years=counts))
    return pages
