"""Draft and embargoed reviews appear nowhere in site/: pages, search, sitemap, feeds, bulletins."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import UNPUBLISHED
from sitecheck import Site


@pytest.mark.parametrize("slug", sorted(UNPUBLISHED))
def test_marker_is_in_no_file_of_the_site(built: Path, slug: str) -> None:
    marker = f"{slug.upper()}MARKER".encode()
    leaks = []
    for file in sorted(built.rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            if marker in data or marker.lower() in data.lower() or f"/{slug}/".encode() in data:
                leaks.append(str(file.relative_to(built)))
    assert leaks == []


@pytest.mark.parametrize("slug", sorted(UNPUBLISHED))
def test_no_page_or_redirect(built: Path, slug: str) -> None:
    assert not (built / "reviews" / slug).exists()
    assert not (built / "reviews" / f"{slug}-old").exists()


def test_bulletin_keeps_only_its_published_item(site: Site) -> None:
    text = site.text("/bulletins/2/")
    assert "A free item" in text and "Still published." in text
    assert "MARKER" not in text


def test_embargo_lifts_on_its_date(project) -> None:  # type: ignore[no-untyped-def]
    from conftest import VALID_REVIEW

    project.write("reviews/child-t.yaml", VALID_REVIEW + "embargo_until: 2021-03-01\n")
    assert project.run("generate", "--as-of", "2021-02-28").code == 0
    assert not (project.root / "content/reviews/child-t").exists()
    assert project.run("generate", "--as-of", "2021-03-01").code == 0
    assert (project.root / "content/reviews/child-t/index.md").exists()


def test_the_builds_check_of_withheld_reviews_follows_the_files(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The build's check (the hook, and search_index) takes generate's answer for the same files
    and date, and checks the files again when one changed since: a review made a draft after
    generate is withheld at once."""
    from conftest import VALID_REVIEW

    from generator import pipeline

    project.write("reviews/child-t.yaml", VALID_REVIEW)
    project.write("reviews/child-u.yaml", VALID_REVIEW.replace("Child T", "Child U") + "status: draft\n")
    assert project.run("generate", "--as-of", "2021-02-28").code == 0
    checks: list[int] = []
    build_corpus = pipeline.build_corpus

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        checks.append(1)
        return build_corpus(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build_corpus", counting)
    assert pipeline.withheld_as_built(project.root) == {"child-u": "a draft"}
    assert checks == []  # generate's answer
    project.write("reviews/child-t.yaml", VALID_REVIEW + "status: draft\n")
    assert pipeline.withheld_as_built(project.root) == {"child-t": "a draft", "child-u": "a draft"}
    assert checks == [1]  # the files again
