"""The bulletins: each issue's page and email, the list of issues and the RSS feed."""

from __future__ import annotations

from markupsafe import Markup

from ..addresses import bulletin_url, review_url
from ..bulletins import absolute_links, content_notes, feed, published_items
from ..model import Bulletin, Review
from ..render import Context, Page, files


def appearances(bulletins: list[Bulletin], public: dict[str, Review]) -> dict[str, list[Bulletin]]:
    """Review slug → the issues (in the order given) that have an item drawing on it."""
    found: dict[str, list[Bulletin]] = {}
    for bulletin in bulletins:
        for entry in published_items(bulletin, public):
            if entry.review is not None and bulletin not in found.setdefault(entry.review.slug, []):
                found[entry.review.slug].append(bulletin)
    return found


def issue_pages(context: Context, bulletin: Bulletin, reviews: dict[str, Review]) -> list[Page]:
    """One issue's page and its email; `reviews`: the public reviews, by slug."""
    source = bulletin.where.file or f"bulletins/{bulletin.issue}.yaml"
    base = f"bulletins/{bulletin.issue}"
    items = published_items(bulletin, reviews)
    page_url = bulletin_url(context.corpus.portal, bulletin)
    made_from = [source, *files(entry.review for entry in items if entry.review is not None)]
    site_url = context.corpus.portal.site_url

    def email() -> str:
        return context.html_env.get_template("email.html.j2").render(
            bulletin=bulletin,
            items=items,
            notes=content_notes(items),
            portal=context.corpus.portal,
            page_url=page_url,
            review_url=lambda slug, page="": review_url(site_url, slug, page),
            absolute=lambda html: Markup(absolute_links(str(html), page_url)),
        )

    return [
        context.page(
            "bulletin.md.j2",
            f"{base}/index.md",
            source,
            made_from,
            bulletin=bulletin,
            items=items,
            notes=content_notes(items),
        ),
        Page(
            f"{base}/email.html",
            source,
            context.cached("page", [f"{base}/email.html"], made_from, str, email),
        ),
    ]


def bulletin_pages(context: Context, bulletins: list[Bulletin], reviews: dict[str, Review]) -> list[Page]:
    """Every issue's pages (newest first, as given), then /bulletins/ and its feed."""
    pages = []
    for bulletin in bulletins:
        pages += issue_pages(context, bulletin, reviews)
    made_from = [bulletin.where.file for bulletin in bulletins]
    pages.append(
        context.page("bulletins.md.j2", "bulletins/index.md", "bulletins/", made_from, bulletins=bulletins)
    )
    pages.append(Page("bulletins/feed.xml", "bulletins/", feed(context.corpus.portal, bulletins)))
    return pages
