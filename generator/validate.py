"""From parsed input files to the Corpus, checking every file and every cross-reference."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import PurePosixPath

from .addresses import anchor_id, slugify
from .briefing import too_long
from .cache import NO_CACHE, Cache, digest
from .cores import fill
from .formats import BULLETIN, PORTAL, review_record, themes_written
from .loader import Document, Inputs, Mapping, Source
from .model import Bulletin, Corpus, Portal, Review, Theme
from .problems import Problem, Severity, sort_key
from .progress import silent
from .publication import bulletin_warnings, portal_warnings, review_warnings
from .schema import COUNT_PATTERN, INVALID, SLUG, Context, suggestion
from .themes import DEFAULT_THEMES
from .tracker import action_rows


def _portal(document: Document | None, problems: list[Problem]) -> Portal:
    if document is None or document.root is None:
        return Portal()
    ctx = Context(document.path)
    portal = PORTAL.convert(document.root, "", ctx)
    problems.extend(ctx.problems)
    return Portal() if portal is INVALID else portal


def _themes(portal: Portal, problems: list[Problem]) -> tuple[Theme, ...]:
    known = {theme.slug for theme in DEFAULT_THEMES}
    themes = list(DEFAULT_THEMES)
    for theme in portal.extra_themes:
        if theme.slug in known:
            line, col = portal.where.of("themes")
            message = f"theme '{theme.slug}' is already in the default vocabulary; remove it here"
            problems.append(Problem("portal.yaml", line, col, f"themes.{theme.slug}", message))
            continue
        known.add(theme.slug)
        themes.append(theme)
    return tuple(sorted(themes, key=lambda theme: theme.slug))


def portal_settings(portal: Document | None) -> tuple[Portal, tuple[Theme, ...], list[Problem]]:
    """portal.yaml's settings (defaults where absent), the themes reviews may use (the default
    ones plus portal.yaml's), and every problem found in portal.yaml."""
    problems: list[Problem] = []
    settings = _portal(portal, problems)
    return settings, _themes(settings, problems), problems


def attempted_themes(portal: Document | None) -> frozenset[str]:
    """The slugs portal.yaml's `themes:` names, in whatever shape it was written (a list of
    slugs, records with a slug, the right table): while portal.yaml has an error there, a review
    that uses one of them is not also an error."""
    root = portal.root if portal is not None else None
    return frozenset(themes_written(root.get("themes") if isinstance(root, Mapping) else None))


# /reviews/by/type/... and /reviews/by/partnership/... are the catalogue's facet pages.
RESERVED_SLUGS = frozenset({"by"})


def _review(document: Document, themes: frozenset[str], problems: list[Problem]) -> Review | None:
    stem = PurePosixPath(document.path).stem
    if not SLUG.match(stem):
        fixed = anchor_id(stem).strip("-")
        message = (
            "the file name must be lower-case words joined by hyphens"
            f" (it becomes the page address); rename it to {fixed}.yaml"
        )
        problems.append(Problem(document.path, 1, 1, None, message))
        return None
    if stem in RESERVED_SLUGS:
        message = f"the name '{stem}' is kept for the catalogue's own pages; choose another file name"
        problems.append(Problem(document.path, 1, 1, None, message))
        return None
    if document.root is None:
        return None
    ctx = Context(document.path, themes)
    review = review_record(stem).convert(document.root, "", ctx)
    problems.extend(ctx.problems)
    return None if review is INVALID else review


def _checked_review(
    source: Source, portal: Portal, themes: frozenset[str], portal_raw: bytes, cache: Cache
) -> tuple[Review | None, tuple[Problem, ...], str]:
    """One review file parsed and checked (publication warnings too), or found in the cache.

    Also returns the file's key: its checks depend on nothing but its name, its bytes and
    portal.yaml (the theme vocabulary, the school names to look for).
    """
    key = _review_key(cache, source, portal_raw)
    if source.raw is not None:
        found = cache.get(key, tuple[Review | None, tuple[Problem, ...]])
        if found is not None:
            review, problems = found
            return review, problems, key
    document, problems = source.parse()
    review = _review(document, themes, problems)
    if review is not None:
        problems += review_warnings(review, portal, document.root)
        problems += _briefing_warnings(review, portal)
    if source.raw is not None:
        cache.put(key, (review, tuple(problems)))
    return review, tuple(problems), key


def _review_key(cache: Cache, source: Source, portal_raw: bytes) -> str:
    return cache.key("review", source.path, source.raw or b"", portal_raw)


def _briefing_warnings(review: Review, portal: Portal) -> list[Problem]:
    """A briefing made from the review that would not fit two printed pages (briefing.py)."""
    message = too_long(review, portal)
    if message is None:
        return []
    line, col = (
        review.where.of("briefing") if review.briefing.where.file else (review.where.line, review.where.col)
    )
    return [Problem(review.where.file, line, col, "briefing", message, Severity.WARNING)]


def _bulletin(document: Document, problems: list[Problem]) -> Bulletin | None:
    stem = PurePosixPath(document.path).stem
    if not re.fullmatch(COUNT_PATTERN, stem):  # ASCII digits: "².yaml" and "١.yaml" are digits to isdigit()
        message = f"the file name must be the issue number, like 12.yaml (got {stem}.yaml)"
        problems.append(Problem(document.path, 1, 1, None, message))
        return None
    if document.root is None:
        return None
    ctx = Context(document.path)
    bulletin = BULLETIN.convert(document.root, "", ctx)
    problems.extend(ctx.problems)
    if bulletin is INVALID:
        return None
    if bulletin.issue != int(stem):
        line, col = bulletin.where.of("issue")
        message = f"issue {bulletin.issue} does not match the file name {stem}.yaml; make them the same"
        problems.append(Problem(document.path, line, col, "issue", message))
        return None
    return bulletin  # type: ignore[no-any-return]


def _check_slugs(reviews: list[Review], problems: list[Problem]) -> None:
    """Every slug and alias names one review only: auditors' links must be unambiguous."""
    owner: dict[str, Review] = {review.slug: review for review in reviews}
    for review in reviews:
        for index, alias in enumerate(review.aliases):
            line, col = review.where.of("aliases")
            path = f"aliases[{index + 1}]"
            if alias in owner:
                other = owner[alias]
                already = "this review's own slug" if other is review else f"used by {other.where.file}"
                message = f"alias '{alias}' is {already}; an old address can point to one review only"
                problems.append(Problem(review.where.file, line, col, path, message))
            else:
                owner[alias] = review


def _check_update_dates(reviews: list[Review], as_of: dt.date, problems: list[Problem]) -> None:
    """A progress update cannot come from the future: it is a mistyped year, or a build run with
    the wrong date. (Checked here, not with the file: the build date is not part of a file's
    cached checks.)"""
    for review in reviews:
        for row in action_rows(review):
            for update in row.action.updates:
                if update.date.first_day > as_of:
                    line, col = update.where.of("date")
                    message = (
                        f"this update is dated {update.date}, after the build date ({as_of.isoformat()}); "
                        "check the year, or build with --as-of (make site AS_OF=YYYY-MM-DD)"
                    )
                    problems.append(
                        Problem(review.where.file, line, col, update.where.field_path("date"), message)
                    )


def _check_partnerships(reviews: list[Review], problems: list[Problem]) -> None:
    """Two spellings of a partnership that make one page address (`Testshire SCP`, `testshire scp`)
    are an error: one partnership's page would list the other's reviews under its name."""
    first: dict[str, Review] = {}
    for review in reviews:
        slug = slugify(review.partnership)
        other = first.setdefault(slug, review)
        if other.partnership != review.partnership:
            line, col = review.where.of("partnership")
            message = (
                f"{review.partnership!r} makes the same page address as {other.partnership!r} in "
                f"{other.where.file} (/reviews/by/partnership/{slug}/); write the name the same way in both"
            )
            problems.append(Problem(review.where.file, line, col, "partnership", message))


def _check_bulletins(
    bulletins: list[Bulletin],
    reviews: list[Review],
    failed: frozenset[str],
    as_of: dt.date,
    problems: list[Problem],
) -> None:
    """Each item's review exists and has the learning points it names. An item on a review
    whose own file has errors (`failed`) is not checked: its errors are that file's, reported
    there once, not a second time against every bulletin that uses it."""
    by_slug = {review.slug: review for review in reviews}
    for bulletin in bulletins:
        for index, item in enumerate(bulletin.items):
            if item.review is None or item.review in failed:
                continue
            path = f"items[{index + 1}]"
            line, col = item.where.of("review")
            review = by_slug.get(item.review)
            if review is None:
                hint = suggestion(item.review, sorted(by_slug)) or "; check the file name in reviews/"
                message = f"no review with the slug '{item.review}'{hint}"
                problems.append(Problem(bulletin.where.file, line, col, f"{path}.review", message))
                continue
            if not review.is_public(as_of):
                state = "a draft" if review.status == "draft" else "under embargo"
                message = (
                    f"review '{item.review}' is {state}, so this item is left out of the published issue"
                )
                problems.append(
                    Problem(bulletin.where.file, line, col, f"{path}.review", message, Severity.WARNING)
                )
            known = [learning.id for learning in review.learning]
            for number, wanted in enumerate(item.learning or ()):
                if wanted not in known:
                    hint = suggestion(wanted, known) or (
                        "; its learning ids are: " + ", ".join(known)
                        if known
                        else "; it has no learning points"
                    )
                    message = f"review '{item.review}' has no learning point '{wanted}'{hint}"
                    where = item.where.of("learning")
                    field = f"{path}.learning[{number + 1}]"
                    problems.append(Problem(bulletin.where.file, where[0], where[1], field, message))


def build_corpus(
    inputs: Inputs,
    as_of: dt.date,
    cache: Cache = NO_CACHE,
    progress: Callable[[str], None] = silent,
    absent: frozenset[str] = frozenset(),
) -> tuple[Corpus | None, list[Problem]]:
    """Validate everything; the Corpus is None when any file has an error. `absent`: the slugs
    of reviews left out on purpose (the preview's, while they have errors): a bulletin item on
    one is skipped, as on a review with errors."""
    problems = list(inputs.problems)
    portal, themes, found = portal_settings(inputs.portal)
    problems += found + portal_warnings(portal)
    portal_failed = any(problem.severity is Severity.ERROR for problem in found)
    slugs = frozenset(theme.slug for theme in themes)
    if any(problem.field and problem.field.startswith("themes") for problem in found):
        slugs |= attempted_themes(inputs.portal)  # its error is portal.yaml's, not every review's
    reviews = []
    failed = set()  # the slugs of review files with errors
    keys = {"portal.yaml": digest(inputs.portal_raw)}
    unchecked = [
        source
        for source in inputs.reviews
        if source.raw is not None and not cache.has(_review_key(cache, source, inputs.portal_raw))
    ]
    fill(  # many files not in the cache (a first run): checked on every core first, found below
        cache,
        unchecked,
        [len(source.raw or b"") for source in unchecked],
        lambda source: _checked_review(source, portal, slugs, inputs.portal_raw, cache),
    )
    for number, source in enumerate(inputs.reviews, start=1):
        progress(f"checking {number}/{len(inputs.reviews)} files")
        review, found_here, keys[source.path] = _checked_review(
            source, portal, slugs, inputs.portal_raw, cache
        )
        problems += found_here
        if review is not None:
            reviews.append(review)
        else:
            failed.add(PurePosixPath(source.path).stem)
    bulletins = []
    for source in inputs.bulletins:
        document, found = source.parse()
        problems += found
        keys[source.path] = digest(source.raw or b"")
        if (bulletin := _bulletin(document, problems)) is not None:
            bulletins.append(bulletin)
            problems += bulletin_warnings(bulletin, portal)
    if bulletins and not portal.site_url and not portal_failed:  # else its errors say what is wrong
        where = "portal.yaml" if inputs.portal is not None else bulletins[0].where.file
        message = (
            "bulletins need the site's public address for their email version and feed; "
            "add site_url: https://... to portal.yaml"
        )
        problems.append(Problem(where, 1, 1, "site_url" if inputs.portal else None, message))
    _check_slugs(reviews, problems)
    _check_partnerships(reviews, problems)
    _check_update_dates(reviews, as_of, problems)
    _check_bulletins(bulletins, reviews, frozenset(failed) | absent, as_of, problems)
    problems.sort(key=sort_key)
    if any(problem.severity is Severity.ERROR for problem in problems):
        return None, problems
    corpus = Corpus(
        portal=portal,
        themes=themes,
        reviews=tuple(sorted(reviews, key=lambda review: review.slug)),
        bulletins=tuple(sorted(bulletins, key=lambda bulletin: bulletin.issue)),
        keys=keys,
    )
    return corpus, problems
