"""Mutation testing by hand: break the code that decides what is published, one way at a time,
and check that the test suite notices.

    .venv/bin/python bench/mutation.py [--root DIR] [--only NAME ...]

Each mutant is one textual change to one module, with the tests that should catch it. The runner
applies it to a copy of the project (never to your work tree), runs those tests, and counts the
mutant killed when they fail. A mutant whose text is not found is reported as "n/a" (the code
changed since it was written: update or drop it). Results are summarised in bench/RESULTS.md.

mutmut would find more mutants, but runs the suite once per mutant: with builds in the tests,
that is hours on this machine; these targeted runs take minutes and cover the decisions that
matter (what is public, what is escaped, what is written and deleted, what is cached, what the
publication check finds).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]


def m(name: str, file: str, old: str, new: str, *tests: str) -> Mutant:
    return Mutant(name, file, old, new, tests)


OUTPUT = ("tests/test_output.py", "tests/test_generate.py")
TEXT = ("tests/test_text.py", "tests/test_payloads.py", "tests/test_site.py")
PUBLIC = (
    "tests/test_unpublished.py",
    "tests/test_generate.py",
    "tests/test_bulletins.py",
    "tests/test_tracker.py",
)
CACHE = ("tests/test_cache.py",)

MUTANTS: tuple[Mutant, ...] = (
    # --- what is public -------------------------------------------------------------------------
    m(
        "draft counts as public",
        "generator/model.py",
        'if self.status == "draft":\n            return False',
        'if self.status == "draft":\n            return True',
        *PUBLIC,
    ),
    m(
        "embargo ignored",
        "generator/model.py",
        "return self.embargo_until is None or self.embargo_until.first_day <= as_of",
        "return True",
        *PUBLIC,
    ),
    m(
        "month embargo lifts early",
        "generator/model.py",
        "self.embargo_until.first_day <= as_of",
        "self.embargo_until.year <= as_of.year",
        *PUBLIC,
    ),
    m(
        "embargo lifts a day late",
        "generator/model.py",
        "self.embargo_until.first_day <= as_of",
        "self.embargo_until.first_day < as_of",
        *PUBLIC,
    ),
    m(
        "bulletin keeps items of unpublished reviews",
        "generator/bulletins.py",
        "        if review is None:\n            continue",
        "        if review is None:\n            review = None",
        "tests/test_bulletins.py",
        "tests/test_unpublished.py",
    ),
    m(
        "all reviews listed",
        "generator/render.py",
        "public = [review for review in corpus.reviews if review.is_public(as_of)]",
        "public = list(corpus.reviews)",
        *PUBLIC,
    ),
    m(
        "catalogue not newest first",
        "generator/render.py",
        "public.sort(key=lambda review: review.published, reverse=True)",
        "public.sort(key=lambda review: review.published)",
        "tests/test_site.py",
    ),
    m(
        "tracker order reversed within a status",
        "generator/tracker.py",
        "row.review.published).first_day)",
        "row.review.published).first_day, reverse=True)",
        "tests/test_tracker.py",
    ),
    # --- text made inert ------------------------------------------------------------------------
    m(
        "no wrapper around Markdown blocks",
        "generator/text.py",
        "return Markup(f'<div class=\"portal-text\">\\n{html_block(source)}\\n</div>')",
        "return Markup(f'{html_block(source)}')",
        *TEXT,
    ),
    m(
        "Markdown characters not made entities",
        "generator/text.py",
        "return match.group(1) + match.group(2).translate(_MD_ENTITIES)",
        "return match.group(1) + match.group(2)",
        *TEXT,
    ),
    m(
        "plain text in HTML escaped for HTML only",
        "generator/text.py",
        "return Markup(text.translate(_HTML_AND_MD))",
        "return Markup(html.escape(text))",
        *TEXT,
    ),
    m(
        "nh3 allows images with their address",
        "generator/text.py",
        'ATTRIBUTES = {"a": {"href", "title"}}',
        'ATTRIBUTES = {"a": {"href", "title"}, "img": {"src"}}\n'
        'BLOCK_TAGS.add("img")\nINLINE_TAGS.add("img")',
        *TEXT,
    ),
    m(
        "nh3 allows javascript links",
        "generator/text.py",
        'URL_SCHEMES = {"http", "https", "mailto", "tel"}',
        'URL_SCHEMES = {"http", "https", "mailto", "tel", "javascript"}',
        *TEXT,
    ),
    m(
        "plain values not escaped in templates",
        "generator/render.py",
        "    return text.md_text(str(value))",
        "    return Markup(str(value))",
        *TEXT,
    ),
    m(
        "md_text escapes nothing",
        "generator/text.py",
        "    if _MD_PLAIN_LINE.fullmatch(text):",
        "    if True:",
        *TEXT,
    ),
    m(
        "methodology sentence rendered as Markdown again",
        "generator/briefing.py",
        "<p>{text.html_text(method)}</p>",
        "<p>{text.md_inline(method)}</p>",
        *TEXT,
    ),
    m(
        "report_url written without escaping",
        "generator/templates/review.md.j2",
        '<a href="{{ review.report_url | h }}">',
        '<a href="{{ review.report_url }}">',
        *TEXT,
    ),
    m(
        "methodology not sanitised",
        "generator/templates/review.md.j2",
        "{{ review.methodology | md }}",
        "{{ review.methodology | safe }}",
        *TEXT,
    ),
    m(
        "feed description not escaped",
        "generator/bulletins.py",
        '"description").text = html.escape(summary)',
        '"description").text = summary',
        "tests/test_site.py",
        "tests/test_payloads.py",
    ),
    m(
        "feed title not escaped",
        "generator/bulletins.py",
        'ElementTree.SubElement(entry, "title").text = html.escape(',
        'ElementTree.SubElement(entry, "title").text = (',
        "tests/test_site.py",
        "tests/test_payloads.py",
    ),
    # --- the last sanitiser ---------------------------------------------------------------------
    m(
        "no last sanitiser",
        "generator/mkdocs_hooks.py",
        'clean = print_addresses(page_html(html), page.canonical_url or "")',
        'clean = print_addresses(html, page.canonical_url or "")',
        "tests/test_payloads.py",
    ),
    m(
        "sanitiser keeps style",
        "generator/sanitise.py",
        "    class id title lang hidden",
        "    class id style title lang hidden",
        "tests/test_payloads.py",
        "tests/test_sanitise.py",
    ),
    m(
        "sanitiser keeps event handlers",
        "generator/sanitise.py",
        "    data-search-exclude data-label\n",
        "    data-search-exclude data-label onclick onerror\n",
        "tests/test_payloads.py",
        "tests/test_sanitise.py",
    ),
    m(
        "sanitiser allows javascript: and data:",
        "generator/sanitise.py",
        'URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})',
        'URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "javascript", "data"})',
        "tests/test_payloads.py",
        "tests/test_sanitise.py",
    ),
    m(
        "sanitiser allows images from anywhere",
        "generator/sanitise.py",
        'if element == "img" and attribute == "src" and not _is_local(value):',
        "if False:",
        "tests/test_payloads.py",
        "tests/test_sanitise.py",
    ),
    m(
        "sanitiser allows iframes",
        "generator/sanitise.py",
        "    a abbr b blockquote",
        "    a abbr b blockquote iframe form",
        "tests/test_payloads.py",
        "tests/test_sanitise.py",
    ),
    # --- writing content/ -----------------------------------------------------------------------
    m(
        "_owned accepts any path",
        "generator/output.py",
        "    return path in GENERATED_FILES or (len(parts) > 1 and parts[0] in GENERATED_DIRS)",
        "    return True",
        *OUTPUT,
    ),
    m(
        "_owned accepts ..",
        "generator/output.py",
        'if not parts or ".." in parts or',
        "if not parts or",
        *OUTPUT,
    ),
    m(
        "hand-written files overwritten",
        "generator/output.py",
        "        if path not in manifest.files:\n            problems.append(",
        "        if False:\n            problems.append(",
        *OUTPUT,
    ),
    m(
        "hand-edited pages replaced",
        "generator/output.py",
        "        if manifest.files[path] and sha256(current) != manifest.files[path]:\n"
        "            problems.append(_problem(path, EDITED.format(path=path, source=source_of(path))))\n"
        "            continue\n        if current == pages[path]:",
        "        if current == pages[path]:",
        *OUTPUT,
    ),
    m(
        "hand-edited pages deleted",
        "generator/output.py",
        "        if manifest.files[path] and sha256(current) != manifest.files[path]:\n"
        "            problems.append(_problem(path, EDITED.format(path=path, source=source_of(path))))\n"
        "            continue\n        delete.append(path)",
        "        delete.append(path)",
        *OUTPUT,
    ),
    m(
        "files left at a draft's address",
        "generator/output.py",
        "    problems += _left_at_withheld(content, withheld, set(manifest.files))",
        "    pass",
        *OUTPUT,
    ),
    m(
        "writes through linked folders",
        "generator/output.py",
        "        linked = _linked_folder(content, path, links)",
        "        linked = None",
        *OUTPUT,
    ),
    m(
        "interrupted run not finished",
        "generator/output.py",
        "    if (content / JOURNAL).exists():\n        _apply(content)\n        return True",
        "    if False:\n        return True",
        *OUTPUT,
    ),
    m(
        "staged pages of a killed run kept",
        "generator/output.py",
        "    shutil.rmtree(content / STAGING, ignore_errors=True)\n    return False",
        "    return False",
        *OUTPUT,
    ),
    m(
        "old pages not deleted",
        "generator/output.py",
        "        (content / path).unlink(missing_ok=True)",
        "        pass",
        *OUTPUT,
    ),
    m(
        "pages written before the journal",
        "generator/output.py",
        "    write_atomic(content / JOURNAL, json.dumps(journal).encode(), durable=True)",
        "    for path, data in plan.write.items():\n        write_atomic(content / path, data)\n"
        "    write_atomic(content / JOURNAL, json.dumps(journal).encode(), durable=True)",
        *OUTPUT,
    ),
    m(
        "lock never gives up",
        "generator/output.py",
        "                elif time.monotonic() > deadline:",
        "                elif False:",
        *OUTPUT,
    ),
    m(
        "no lock",
        "generator/pipeline.py",
        "with _collect_after(), lock(root, waiting=waiting):\n        recover(content)\n"
        "        cache = _cache(root, use_cache)",
        "with _collect_after():\n        recover(content)\n        cache = _cache(root, use_cache)",
        *OUTPUT,
    ),
    m(
        "build ignores stale inputs",
        "generator/mkdocs_hooks.py",
        "    stale = stale_inputs(root)",
        "    stale = []",
        *OUTPUT,
    ),
    m(
        "build ignores a pending journal",
        "generator/mkdocs_hooks.py",
        "    if pending(content):",
        "    if False:",
        *OUTPUT,
    ),
    # --- inputs ---------------------------------------------------------------------------------
    m(
        "invisible characters allowed",
        "generator/schema.py",
        "    found = UNSAFE_CHARACTER.search(text)\n    if found is None:",
        "    found = None\n    if found is None:",
        "tests/test_characters.py",
        "tests/test_payloads.py",
    ),
    m(
        "links out of the project followed",
        "generator/loader.py",
        "    if not file.resolve().is_relative_to(root.resolve()):",
        "        if False:",
        "tests/test_limits.py",
    ),
    m(
        "no size limit",
        "generator/loader.py",
        "        if size > MAX_FILE_BYTES:",
        "        if size > MAX_FILE_BYTES * 2:",
        "tests/test_limits.py",
    ),
    m(
        "no nesting limit",
        "generator/loader.py",
        "    if depth > MAX_DEPTH:",
        "    if depth > MAX_DEPTH * 1000:",
        "tests/test_limits.py",
    ),
    m(
        "partnership address collisions allowed",
        "generator/validate.py",
        "    _check_partnerships(reviews, problems)",
        "    pass",
        "tests/test_slugs.py",
    ),
    m(
        "CSV formula cells kept",
        "generator/exports.py",
        "    if cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS):",
        "    if cell.startswith(('=', '+', '-', '@')):",
        "tests/test_csv.py",
        "tests/test_payloads.py",
    ),
    m(
        "reviews.json keeps raw <",
        "generator/exports.py",
        "indent=2, ensure_ascii=False).translate(_JSON_HTML)",
        "indent=2, ensure_ascii=False)",
        "tests/test_payloads.py",
    ),
    # --- the publication check -------------------------------------------------------------------
    m(
        "NHS check digit not checked",
        "generator/identifying.py",
        r'valid_nhs_number(re.sub(r"\D", "", match.group()))',
        "True",
        "tests/test_publication.py",
    ),
    m(
        "no email rule",
        "generator/publication.py",
        "        *rules_of.emails(_known_emails(portal)),\n",
        "",
        "tests/test_publication.py",
    ),
    m(
        "no school rule",
        "generator/publication.py",
        "        rules_of.SCHOOLS,\n",
        "",
        "tests/test_publication.py",
    ),
    m(
        "no date-of-birth rule",
        "generator/publication.py",
        "        rules_of.DATES_OF_BIRTH,\n",
        "",
        "tests/test_publication.py",
    ),
    m(
        "no names by role",
        "generator/publication.py",
        "        rules_of.names_by_role(not_names),\n",
        "",
        "tests/test_publication.py",
    ),
    m(
        "bulletins not checked",
        "generator/publication.py",
        "    return _file_warnings(bulletin_passages(bulletin), portal, bulletin.publication_check, "
        '"bulletin")',
        "    return []",
        "tests/test_publication.py",
    ),
    m(
        "allow list ignored",
        "generator/publication.py",
        "    allow = {_allowed(entry) for entry in review.publication_check.allow}",
        "    allow: set[str] = set()",
        "tests/test_publication.py",
    ),
    # --- the cache ------------------------------------------------------------------------------
    m(
        "a failed run writes the cache",
        "generator/pipeline.py",
        "        if report is not None:\n            cache.save()",
        "        cache.save()",
        *CACHE,
    ),
    m(
        "list pages keyed without portal.yaml",
        "generator/render.py",
        'files = ["portal.yaml", *files]',
        "files = [*files]",
        *CACHE,
    ),
    m(
        "records accept extra or missing fields",
        "generator/records.py",
        "if type(data) is not dict or data.keys() != expected:",
        "if type(data) is not dict:",
        *CACHE,
    ),
    m(
        "records accept any scalar type",
        "generator/records.py",
        "        if type(data) is not kind:  # bool is an int to isinstance: not here",
        "        if False:",
        *CACHE,
    ),
    m(
        "keys without what the date decides",
        "generator/render.py",
        "parts = (f\"{file}\\0{keys[file]}\\0{self._dated.get(file, '')}\" for file in files)",
        'parts = (f"{file}\\0{keys[file]}" for file in files)',
        *CACHE,
    ),
)


def run(mutant: Mutant, source: Path, python: str) -> str:
    """'killed', 'survived' or 'n/a'."""
    with tempfile.TemporaryDirectory(prefix="mutant-") as folder:
        copy = Path(folder) / "project"
        shutil.copytree(
            source,
            copy,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "site", "site.tmp", ".cache", "__pycache__", "build"
            ),
        )
        target = copy / mutant.file
        text = target.read_text(encoding="utf-8") if target.is_file() else ""
        if mutant.old not in text:
            return "n/a"
        target.write_text(text.replace(mutant.old, mutant.new, 1), encoding="utf-8")
        tests = [test for test in mutant.tests if (copy / test).exists()]
        if not tests:
            return "n/a"
        done = subprocess.run(
            [python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
            cwd=copy,
            capture_output=True,
            text=True,
        )
        return "survived" if done.returncode == 0 else "killed"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=REPO, help="the project to mutate (a copy is used)")
    parser.add_argument("--only", nargs="*", help="run only mutants whose name contains one of these")
    args = parser.parse_args()
    chosen = [mu for mu in MUTANTS if not args.only or any(word in mu.name for word in args.only)]
    counts = {"killed": 0, "survived": 0, "n/a": 0}
    for mutant in chosen:
        started = time.monotonic()
        result = run(mutant, args.root, sys.executable)
        counts[result] += 1
        print(f"{result:9} {time.monotonic() - started:5.1f} s  {mutant.file}: {mutant.name}", flush=True)
    tried = counts["killed"] + counts["survived"]
    rate = 100 * counts["killed"] / tried if tried else 0
    killed, survived, missing = counts["killed"], counts["survived"], counts["n/a"]
    print(f"\n{killed} killed, {survived} survived, {missing} n/a: {rate:.0f}% of {tried}")


if __name__ == "__main__":
    main()
