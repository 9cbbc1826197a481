"""One Jinja environment, the cache plumbing every page shares, and the list of pages.

Each family of pages is rendered in its own module under pages/ by pure functions of a Context
(the corpus, the date, the cache and the environment) and their data; `pages()` calls them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from . import addresses, changes, states, text, views
from .cache import NO_CACHE, Cache
from .cores import fill
from .model import Action, Bulletin, Corpus, Learning, PartialDate, Recommendation, Review
from .progress import silent
from .states import Standing
from .tracker import action_rows

TEMPLATES = Path(__file__).parent / "templates"
T = TypeVar("T")


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
    review_kind=views.review_kind,
    age_label=views.AGE_LABELS.__getitem__,
    state_label=views.STATE_LABELS.__getitem__,
    rating_label=states.RATING_LABELS.__getitem__,
    note_label=views.CONTENT_NOTE_LABELS.__getitem__,
    source_label=views.SOURCE_KIND_LABELS.__getitem__,
    change_label=changes.KINDS.__getitem__,
    join_words=views.join_words,
    first_sentence=text.first_sentence,
    slug=addresses.slugify,
    lower_first=lambda words: words[:1].lower() + words[1:],
    tel=lambda number: Markup(addresses.tel_href(number)),
)


class CompiledInMemory(jinja2.BytecodeCache):
    """Templates compiled once per process, not once per run: `make serve` regenerates in one
    process on every save. Kept in memory only (never on disk: see cache.py); a template whose
    source changed is compiled again (Jinja checks each entry against the source's checksum).
    One store per kind of environment, since their options change the compiled code."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = {"markdown": CompiledInMemory(), "html": CompiledInMemory()}


def _environment(kind: str, **options: Any) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_COMPILED[kind],
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
    env = _environment("html")
    env.filters["md"] = text.html_block
    return env


def environment() -> jinja2.Environment:
    """For the Markdown pages: macro output is Markup; finalize escapes plain values for Markdown."""
    return _environment("markdown", finalize=_finalize)


@dataclass(frozen=True)
class Page:
    path: str  # relative to content/, POSIX
    source: str  # the input file it is generated from, for the "edit that instead" note
    text: str | bytes


# Pages print "as of <date>" through this placeholder, replaced by the date once a page is made
# (or found in the cache): a page made yesterday is then still good today unless what the date
# decides on it has changed. NULs cannot come from YAML (and no escaping produces them).
AS_OF_LABEL = Markup("\x00as-of\x00")


def files(reviews: Iterable[Review]) -> list[str]:
    """The input files of `reviews`, each once, in the order given: what a page is made from."""
    return list(dict.fromkeys(review.where.file for review in reviews))


def public_reviews(corpus: Corpus, as_of: dt.date) -> list[Review]:
    """Published, not embargoed, newest first (then by title) — the order every list uses."""
    public = [review for review in corpus.reviews if review.is_public(as_of)]
    public.sort(key=lambda review: review.title.lower())
    public.sort(key=lambda review: review.published, reverse=True)
    return public


def date_decides(review: Review, as_of: dt.date, stale_after_months: int) -> str:
    """What the as-of date decides about a review, the only way a date reaches a page: whether
    it is public, and each action's state and whether it is stale (states.py). Part of the key
    of every page made from it, instead of the date: the pages are made again when one of these
    changes."""
    decided = "".join(
        f"{standing.state}{'~' if standing.stale else ''},"
        for standing in (row.standing(as_of, stale_after_months) for row in action_rows(review))
    )
    return f"{review.is_public(as_of)}:{decided}"


class Context:
    """What every page is rendered with, for the whole run: the corpus, the date, the cache and
    the environments. Pages are made through it so that each is cached the same way."""

    def __init__(self, corpus: Corpus, as_of: dt.date, cache: Cache = NO_CACHE) -> None:
        self.corpus = corpus
        self.as_of = as_of
        self.cache = cache
        self.as_of_label = PartialDate(as_of.year, as_of.month, as_of.day).label
        months = corpus.portal.stale_after_months
        self._dated = {review.where.file: date_decides(review, as_of, months) for review in corpus.reviews}
        self.env = environment()
        self.html_env = html_environment()
        self.env.globals.update(
            as_of=as_of,
            as_of_label=AS_OF_LABEL,
            portal=corpus.portal,
            themes={theme.slug: theme for theme in corpus.themes},
            state=self.summary_state,
            standing=self.standing,
            site=lambda path: addresses.site_path(corpus.portal.site_url, path),
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

    def page(
        self,
        template: str,
        path: str,
        source: str,
        made_from: list[str] | None = None,
        shape: str = "",
        **context: Any,
    ) -> Page:
        """Render one page; `made_from`: the input files it shows, when it is cached on its own.

        A list page depends on nothing but the files it shows (their keys, in the order shown),
        portal.yaml and the date: when none of those changed, it is not rendered again. `shape`:
        whatever else it shows that other files decide (counts of entries on other pages).
        """

        def render() -> str:
            return self.env.get_template(template).render(source=source, **context)

        names = [path, template, shape]
        body = render() if made_from is None else self.cached("page", names, made_from, str, render)
        return Page(path, source, body)

    def cached(
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

    def is_cached(self, kind: str, names: list[str], made_from: list[str]) -> bool:
        """Whether `cached` would find what it makes in the cache."""
        key = self._key(kind, names, made_from)
        return key is not None and self.cache.has(key)

    def _key(self, kind: str, names: list[str], files: list[str]) -> str | None:
        """The cache key of what is made from `files` (and portal.yaml); None: not cached."""
        keys = self.corpus.keys
        files = ["portal.yaml", *files]
        if not all(file in keys for file in files):
            return None
        parts = (f"{file}\0{keys[file]}\0{self._dated.get(file, '')}" for file in files)
        return self.cache.key(kind, *names, *parts)


# The families of list pages a first run renders in two processes (cores.fill), in the order
# that splits them into two runs of about as much work: each one's share of the time the lists
# take at 1,000 reviews. (The exports are not cached: this process makes them.)
LIST_SHARES = (
    ("themes", 18),
    ("reports", 10),
    ("catalogue", 5),
    ("home", 1),
    ("tracker", 16),
    ("changes", 10),
    ("bulletins", 1),
)


def pages(
    corpus: Corpus, as_of: dt.date, cache: Cache = NO_CACHE, progress: Callable[[str], None] = silent
) -> list[Page]:
    """Every generated page, rendered in memory: each review's own, then every list and feed."""
    # Imported here, not above: each family imports Page and Context from this module.
    from .pages import bulletins, catalogue, exports, reports, review, themes, tracker

    context = Context(corpus, as_of, cache)
    reviews = public_reviews(corpus, as_of)
    public = {each.slug: each for each in reviews}
    issues = sorted(corpus.bulletins, key=lambda b: (b.date, b.issue), reverse=True)
    appearances = bulletins.appearances(issues, public)
    made: list[Page] = []
    work = []

    def bulletins_of(each: Review) -> list[Bulletin]:
        return appearances.get(each.slug, [])

    unmade = [each for each in reviews if not review.work_cached(context, each, bulletins_of(each))]
    fill(  # many reviews not in the cache (a first run): rendered on every core first, found below
        cache,
        unmade,
        [1] * len(unmade),  # reviews by number: much alike in work
        lambda each: review.review_work(context, each, bulletins_of(each)),
    )
    for number, each in enumerate(reviews, start=1):
        progress(f"rendering {number}/{len(reviews)} reviews")
        work.append(review.review_work(context, each, appearances.get(each.slug, [])))
        made.extend(work[-1].pages)
    progress("rendering lists")
    # Every page that lists or counts reviews, and the bulletins (they quote reviews).
    lists: dict[str, Callable[[], list[Page]]] = {
        "catalogue": lambda: catalogue.catalogue_pages(context, reviews),
        "themes": lambda: themes.theme_pages(context, reviews),
        "tracker": lambda: tracker.tracker_pages(context, reviews),
        "reports": lambda: reports.report_pages(context, reviews),
        "exports": lambda: exports.export_pages(context, work),
        "changes": lambda: tracker.change_pages(context, reviews),
        "bulletins": lambda: bulletins.bulletin_pages(context, issues, public),
        "home": lambda: [catalogue.home_page(context, reviews)],
    }
    if len(unmade) * 2 > len(reviews):  # most reviews not in the cache: most lists are not either
        fill(
            cache,
            LIST_SHARES,
            [share for _, share in LIST_SHARES],
            lambda family: lists[family[0]](),
            least=2,
        )
    for family in lists.values():
        made += family()
    label = context.as_of_label
    return [
        Page(page.path, page.source, page.text.replace(AS_OF_LABEL, label))
        if isinstance(page.text, str) and AS_OF_LABEL in page.text
        else page
        for page in made
    ]
