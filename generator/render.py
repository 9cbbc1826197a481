"""One Jinja environment renders every generated page from the Corpus, in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from . import changes, states, text, views
from .briefing import briefing_sections
from .bulletins import absolute_links, bulletin_url, feed, published_items
from .cache import NO_CACHE, Cache
from .exports import actions_csv, review_csv, review_json, review_url, reviews_json
from .model import Action, Bulletin, Corpus, Learning, PartialDate, Recommendation, Review, Theme
from .progress import silent
from .states import Standing
from .tracker import ActionRow, action_rows, by_owner, by_state, slugify, state_counts, theme_index

TEMPLATES = Path(__file__).parent / "templates"
T = TypeVar("T")

# Long lists are split so that no page grows with the size of the portal. Below these sizes (every
# partnership's own portal) each list is one page, as it always was.
LIST_LIMIT = 100  # reviews on one list page; above it the list gets one page per year
LATEST = 20  # the newest reviews a split list still shows on its first page
TRACKER_LIMIT = 250  # next steps on the tracker; above it each partnership gets its own tracker page


def _root(path: str) -> str:
    """The relative path from a page's folder back to content/."""
    return "../" * path.count("/")


def _years(items: list[Any], year: Any) -> list[tuple[int, list[Any]]]:
    """Items (newest first) grouped by `year(item)`, newest year first."""
    groups: dict[int, list[Any]] = {}
    for item in items:
        groups.setdefault(year(item), []).append(item)
    return sorted(groups.items(), reverse=True)


def _split(items: list[Any], year: Any) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """What a list's page shows, and its years when it is too long for one page (else none)."""
    if len(items) <= LIST_LIMIT:
        return items, []
    return items[:LATEST], _years(items, year)


def _finalize(value: Any) -> Any:
    """Anything not marked safe is shown as literal text: forgetting a filter cannot inject."""
    if isinstance(value, Markup):
        return value
    if value is None:
        raise ValueError("a template printed None; guard optional fields with {% if %}")
    return text.md_text(str(value))


FILTERS: dict[str, Any] = dict(
    md=text.md_block,
    md_inline=text.md_inline,
    h=text.html_text,
    front=text.front_matter_text,
    type_label=views.TYPE_LABELS.__getitem__,
    age_label=views.AGE_LABELS.__getitem__,
    state_label=views.STATE_LABELS.__getitem__,
    rating_label=states.RATING_LABELS.__getitem__,
    note_label=views.CONTENT_NOTE_LABELS.__getitem__,
    source_label=views.SOURCE_KIND_LABELS.__getitem__,
    change_label=changes.KINDS.__getitem__,
    join_words=views.join_words,
    first_sentence=text.first_sentence,
    slug=slugify,
    lower_first=lambda words: words[:1].lower() + words[1:],
    tel=lambda number: Markup("tel:" + "".join(ch for ch in number if ch in "0123456789+")),
)


def _environment(**options: Any) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )
    env.filters.update(FILTERS)
    return env


def html_environment() -> jinja2.Environment:
    """For the few whole HTML files (the bulletin email, redirects): ordinary HTML autoescaping,
    and Markdown fields as HTML without the wrapper that keeps MkDocs from reading them."""
    env = _environment()
    env.filters["md"] = text.html_block
    return env


def environment() -> jinja2.Environment:
    """For the Markdown pages: macro output is Markup; finalize escapes plain values for Markdown."""
    return _environment(finalize=_finalize)


@dataclass(frozen=True)
class Page:
    path: str  # relative to content/, POSIX
    source: str  # the input file it is generated from, for the "edit that instead" note
    text: str | bytes


@dataclass(frozen=True)
class ReviewWork:
    """Everything rendered from one review alone: its pages and its part of the data files."""

    pages: list[Page]
    json: str  # its entry in data/reviews.json
    csv: str  # its rows of data/actions.csv


# Pages print "as of <date>" through this placeholder, replaced by the date once a page is made
# (or found in the cache): a page made yesterday is then still good today unless what the date
# decides on it has changed. NULs cannot come from YAML (and no escaping produces them).
AS_OF_LABEL = Markup("\x00as-of\x00")


def _files(reviews: Iterable[Review]) -> list[str]:
    """The input files of `reviews`, each once, in the order given."""
    return list(dict.fromkeys(review.where.file for review in reviews))


class Renderer:
    """Renders pages; holds the environment and compiled templates for the whole run."""

    def __init__(self, corpus: Corpus, as_of: dt.date, cache: Cache = NO_CACHE) -> None:
        self.corpus = corpus
        self.as_of = as_of
        self.cache = cache
        self.as_of_label = PartialDate(as_of.year, as_of.month, as_of.day).label
        self._dated: dict[str, str] = {}
        self.env = environment()
        self.html_env = html_environment()
        self.env.globals.update(
            as_of=as_of,
            as_of_label=AS_OF_LABEL,
            portal=corpus.portal,
            themes={theme.slug: theme for theme in corpus.themes},
            state=self.summary_state,
            standing=self.standing,
        )
        # Which review each recommendation, learning point and action belongs to: its state depends
        # on the review (progress_as_of, published, the action plan), and templates pass only it.
        self._review_of: dict[int, Review] = {}
        for review in corpus.reviews:
            for item in (*review.learning, *review.all_recommendations()):
                self._review_of[id(item)] = review
            for row in action_rows(review):
                self._review_of[id(row.action)] = review

    def summary_state(self, item: Recommendation | Learning) -> str:
        """The one status a recommendation (or a learning point answered directly) shows."""
        return views.recommendation_state(item, self._review_of[id(item)], self.as_of)

    def standing(self, action: Action) -> Standing:
        """An action's state on the build date, with when it was last confirmed."""
        review = self._review_of[id(action)]
        return states.standing(action, review, self.as_of, self.corpus.portal.stale_after_months)

    def _page(
        self, template: str, path: str, source: str, made_from: list[str] | None = None, **context: Any
    ) -> Page:
        """Render one page; `made_from`: the input files it shows, when it is cached on its own.

        A list page depends on nothing but the files it shows (their keys, in the order shown),
        portal.yaml and the date: when none of those changed, it is not rendered again.
        """

        def render() -> str:
            return self.env.get_template(template).render(source=source, **context)

        body = (
            render() if made_from is None else self._cached("page", [path, template], made_from, str, render)
        )
        return Page(path, source, body)

    def _cached(
        self, kind: str, names: list[str], made_from: list[str], type_: type[T], make: Callable[[], T]
    ) -> T:
        """`make()`, or what it made last time from the same files (and portal.yaml, and what the
        date decides about them). `type_`: what `make` returns, which the cache checks it has."""
        key = self._key(kind, names, made_from)
        made: T | None = self.cache.get(key, type_) if key else None
        if made is None:
            made = make()
            if key:
                self.cache.put(key, made)
        return made

    def review_pages(self, review: Review) -> list[Page]:
        source = review.where.file or f"reviews/{review.slug}.yaml"
        base = f"reviews/{review.slug}"
        summary = views.status_summary(review, self.as_of)
        common: dict[str, Any] = {
            "review": review,
            "summary": summary,
            "confirmed": views.progress_confirmed(review),
            "bulletins": self.appearances.get(review.slug, []),
        }
        sections = briefing_sections(review)
        return [
            self._page("review.md.j2", f"{base}/index.md", source, **common),
            self._page(
                "briefing.md.j2",
                f"{base}/briefing.md",
                source,
                sections=sections,
                minutes=views.reading_minutes(sum(section.words for section in sections)),
                **common,
            ),
            self._page("actions.md.j2", f"{base}/actions.md", source, **common),
        ]

    def public_reviews(self) -> list[Review]:
        """Published, not embargoed, newest first (then by title) — the order every list uses."""
        public = [review for review in self.corpus.reviews if review.is_public(self.as_of)]
        public.sort(key=lambda review: review.title.lower())
        public.sort(key=lambda review: review.published, reverse=True)
        return public

    def redirect_pages(self, review: Review) -> list[Page]:
        """Old slugs keep working: each page of an alias sends the reader to the current one."""
        source = review.where.file or f"reviews/{review.slug}.yaml"
        template = self.html_env.get_template("redirect.html.j2")
        pages = []
        for alias in review.aliases:
            for sub, depth in (("", 1), ("briefing/", 2), ("actions/", 2)):
                target = "../" * depth + f"{review.slug}/{sub}"
                html = template.render(title=review.title, target=target)
                pages.append(Page(f"reviews/{alias}/{sub}index.html", source, html))
        return pages

    def bulletin_pages(self, bulletin: Bulletin, reviews: dict[str, Review]) -> list[Page]:
        source = bulletin.where.file or f"bulletins/{bulletin.issue}.yaml"
        base = f"bulletins/{bulletin.issue}"
        items = published_items(bulletin, reviews)
        page_url = bulletin_url(self.corpus.portal, bulletin)
        made_from = [source, *_files(entry.review for entry in items if entry.review is not None)]

        def email() -> str:
            return self.html_env.get_template("email.html.j2").render(
                bulletin=bulletin,
                items=items,
                page_url=page_url,
                review_url=lambda slug, page="": review_url(self.corpus.portal.site_url, slug, page),
                absolute=lambda html: Markup(absolute_links(str(html), page_url)),
            )

        return [
            self._page(
                "bulletin.md.j2", f"{base}/index.md", source, made_from, bulletin=bulletin, items=items
            ),
            Page(
                f"{base}/email.html",
                source,
                self._cached("page", [f"{base}/email.html"], made_from, str, email),
            ),
        ]

    def catalogue_pages(self, reviews: list[Review]) -> list[Page]:
        by_type: dict[str, list[Review]] = {}
        by_partnership: dict[str, tuple[str, list[Review]]] = {}
        for review in reviews:
            by_type.setdefault(review.type, []).append(review)
            name = review.partnership
            by_partnership.setdefault(slugify(name), (name, []))[1].append(review)
        latest, years = _split(reviews, lambda review: review.published.year)
        by_year = years or _years(reviews, lambda review: review.published.year)
        types = [(slug, views.TYPE_LABELS[slug], members) for slug, members in sorted(by_type.items())]
        partnerships = [(slug, name, members) for slug, (name, members) in sorted(by_partnership.items())]
        pages = [
            self._page(
                "reviews.md.j2",
                "reviews/index.md",
                "reviews/",
                _files(reviews),
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
            pages += self._review_list(path, label, members, "reviews/index.md", by_year=False)
        for facet, values in (("type", types), ("partnership", partnerships)):
            for slug, label, members in values:
                path = f"reviews/by/{facet}/{slug}/index.md"
                pages += self._review_list(path, label, members, "reviews/index.md")
        return pages

    def _review_list(
        self, path: str, label: str, reviews: list[Review], up: str, by_year: bool = True
    ) -> list[Page]:
        """A list of reviews on one page, or, when long, the newest and a page for each year.

        A year's page is not split again: a year with more reviews than the limit is one page.
        """
        shown, years = _split(reviews, lambda review: review.published.year) if by_year else (reviews, [])
        pages = [
            self._page(
                "reviews_by.md.j2",
                path,
                "reviews/",
                _files(reviews),
                label=label,
                reviews=shown,
                total=len(reviews),
                years=[(year, len(members)) for year, members in years],
                root=_root(path),
                up=up,
            )
        ]
        for year, members in years:
            sub = path.replace("index.md", f"{year}/index.md")
            pages += self._review_list(sub, f"{label}, {year}", members, path, by_year=False)
        return pages

    def theme_pages(self, reviews: list[Review]) -> list[Page]:
        index = theme_index(reviews)
        rows = []
        pages = []
        for theme in self.corpus.themes:
            entries = index.get(theme.slug, [])
            points = sum(len(entry.learning) for entry in entries)
            rows.append((theme, len(entries), points))
            pages += self._theme_list(theme, f"themes/{theme.slug}/index.md", entries)
        pages.append(self._page("themes.md.j2", "themes/index.md", "reviews/", _files(reviews), rows=rows))
        return pages

    def _theme_list(self, theme: Theme, path: str, entries: list[Any], year: int | None = None) -> list[Page]:
        """A theme's learning on one page, or, when long, the newest and a page for each year.

        A year's page is not split again, as in `_review_list`.
        """
        shown, years = (entries, []) if year else _split(entries, lambda entry: entry.review.published.year)
        pages = [
            self._page(
                "theme.md.j2",
                path,
                "reviews/",
                _files(entry.review for entry in entries),
                theme=theme,
                entries=shown,
                total=len(entries),
                years=[(year, len(members)) for year, members in years],
                year=year,
                root=_root(path),
            )
        ]
        for each, members in years:
            pages += self._theme_list(theme, f"themes/{theme.slug}/{each}/index.md", members, each)
        return pages

    def tracker_pages(self, reviews: list[Review]) -> list[Page]:
        steps = [row for review in reviews for row in action_rows(review) if row.kind == "next-step"]
        split = len(steps) > TRACKER_LIMIT
        partnerships: dict[str, tuple[str, list[ActionRow]]] = {}
        for row in steps:
            name = row.review.partnership
            partnerships.setdefault(slugify(name), (name, []))[1].append(row)
        summary = [
            (slug, name, dict(state_counts(rows, self.as_of)), len(rows))
            for slug, (name, rows) in sorted(partnerships.items())
        ]
        owners = [(owner, rows, dict(state_counts(rows, self.as_of))) for owner, rows in by_owner(steps)]
        pages = [
            self._tracker_page("actions/index.md", None, steps, summary if split else []),
            self._page(
                "owners.md.j2",
                "actions/owners.md",
                "reviews/",
                _files(row.review for row in steps),
                owners=owners,
                states=states.STATES,
                split=split,
            ),
        ]
        for slug, (name, rows) in sorted(partnerships.items()) if split else []:
            pages.append(self._tracker_page(f"actions/by/partnership/{slug}/index.md", name, rows, []))
        return pages

    def _tracker_page(self, path: str, scope: str | None, steps: list[ActionRow], partnerships: Any) -> Page:
        return self._page(
            "tracker.md.j2",
            path,
            "reviews/",
            _files(row.review for row in steps),
            scope=scope,
            root=_root(path),
            counts=state_counts(steps, self.as_of),
            total=len(steps),
            groups=[] if partnerships else by_state(steps, self.as_of),
            partnerships=partnerships,
            states=states.STATES,
        )

    def change_pages(self, reviews: list[Review]) -> list[Page]:
        """/actions/changes/, its Atom feed and /data/updates.csv: every dated entry, newest first."""
        entries = changes.changes(reviews)
        years = _years(entries, lambda change: change.date.year)
        portal = self.corpus.portal
        return [
            self._page("changes.md.j2", "actions/changes.md", "reviews/", _files(reviews), years=years),
            Page("actions/changes.xml", "reviews/", changes.atom(portal, entries, self.as_of)),
            Page("data/updates.csv", "reviews/", changes.updates_csv(reviews, portal.site_url)),
        ]

    def report_pages(self, reviews: list[Review]) -> list[Page]:
        years: dict[int, dict[str, list[Review]]] = {}
        for review in reviews:
            years.setdefault(review.published.year, {}).setdefault(review.partnership, []).append(review)
        pages = []
        for year, partnerships in sorted(years.items()):
            sections = []
            for name, members in sorted(partnerships.items()):
                recs = [(review, rec) for review in members for rec in review.all_recommendations()]
                summary = views.recommendations_summary(recs, self.as_of)
                sections.append((name, members, summary, recs))
            path = f"reports/{year}/index.md"
            made_from = _files(review for _, members, _, _ in sections for review in members)
            pages.append(
                self._page("report.md.j2", path, "reviews/", made_from, year=year, partnerships=sections)
            )
        counts = [
            (year, sum(len(m) for m in parts.values())) for year, parts in sorted(years.items(), reverse=True)
        ]
        pages.append(
            self._page("reports.md.j2", "reports/index.md", "reviews/", _files(reviews), years=counts)
        )
        return pages

    def _key(self, kind: str, names: list[str], files: list[str]) -> str | None:
        """The cache key of what is made from `files` (and portal.yaml); None: not cached."""
        keys = self.corpus.keys
        files = ["portal.yaml", *files]
        if not all(file in keys for file in files):
            return None
        parts = (f"{file}\0{keys[file]}\0{self._dated.get(file, '')}" for file in files)
        return self.cache.key(kind, *names, *parts)

    def _date_decides(self, review: Review) -> None:
        """What the as-of date decides about a review, the only way a date reaches a page: whether
        it is public, and each action's state and whether it is stale (states.py). Part of the key
        of every page made from it, instead of the date: the pages are made again when one of these
        changes."""
        months = self.corpus.portal.stale_after_months
        decided = "".join(
            f"{standing.state}{'~' if standing.stale else ''},"
            for standing in (row.standing(self.as_of, months) for row in action_rows(review))
        )
        self._dated[review.where.file] = f"{review.is_public(self.as_of)}:{decided}"

    def review_work(self, review: Review) -> ReviewWork:
        """A review's own pages and data, from the cache when its file and bulletins are unchanged.

        Its pages show nothing from other reviews: they depend on its own file, portal.yaml (part
        of the file's key), what the date decides about it, and the bulletins it appears in.
        """
        files = [review.where.file] + [
            bulletin.where.file for bulletin in self.appearances.get(review.slug, [])
        ]
        base = self.corpus.portal.site_url

        def make() -> ReviewWork:
            return ReviewWork(
                self.review_pages(review) + self.redirect_pages(review),
                review_json(review, base, self.as_of),
                review_csv(review, base, self.as_of),
            )

        return self._cached("review-pages", [], files, ReviewWork, make)

    def index_pages(
        self, reviews: list[Review], bulletins: list[Bulletin], work: list[ReviewWork]
    ) -> list[Page]:
        """Every page that lists or counts reviews, and the bulletins (they quote reviews)."""
        public = {review.slug: review for review in reviews}
        pages = self.catalogue_pages(reviews)
        pages.extend(self.theme_pages(reviews))
        pages.extend(self.tracker_pages(reviews))
        pages.extend(self.report_pages(reviews))
        pages.append(Page("data/reviews.json", "reviews/", reviews_json([w.json for w in work], self.as_of)))
        pages.append(Page("data/actions.csv", "reviews/", actions_csv([w.csv for w in work])))
        pages.extend(self.change_pages(reviews))
        for bulletin in bulletins:
            pages.extend(self.bulletin_pages(bulletin, public))
        made_from = [bulletin.where.file for bulletin in bulletins]
        pages.append(
            self._page("bulletins.md.j2", "bulletins/index.md", "bulletins/", made_from, bulletins=bulletins)
        )
        pages.append(Page("bulletins/feed.xml", "bulletins/", feed(self.corpus.portal, bulletins)))
        pages.append(
            self._page("home.md.j2", "index.md", "portal.yaml", _files(reviews[:5]), reviews=reviews[:5])
        )
        return pages

    def pages(self, progress: Callable[[str], None] = silent) -> list[Page]:
        reviews = self.public_reviews()
        public = {review.slug: review for review in reviews}
        bulletins = sorted(self.corpus.bulletins, key=lambda b: (b.date, b.issue), reverse=True)
        self.appearances: dict[str, list[Bulletin]] = {}
        for bulletin in bulletins:
            for entry in published_items(bulletin, public):
                if entry.review is not None and bulletin not in self.appearances.setdefault(
                    entry.review.slug, []
                ):
                    self.appearances[entry.review.slug].append(bulletin)
        for review in self.corpus.reviews:
            self._date_decides(review)
        pages: list[Page] = []
        work = []
        for number, review in enumerate(reviews, start=1):
            progress(f"rendering {number}/{len(reviews)} reviews")
            work.append(self.review_work(review))
            pages.extend(work[-1].pages)
        progress("rendering lists")
        index = self.index_pages(reviews, bulletins, work)
        label = self.as_of_label
        return [
            Page(page.path, page.source, page.text.replace(AS_OF_LABEL, label))
            if isinstance(page.text, str) and AS_OF_LABEL in page.text
            else page
            for page in pages + index
        ]
