"""Partnership and owner names in any script get pages of their own; two names that would share
one page address are an error; ASCII names keep the addresses they always had."""

from __future__ import annotations

import pytest
from conftest import VALID_REVIEW, Project
from test_limits import problems

from generator.addresses import anchor_id, slugify

NAMES = {
    "Партнерство по защите детей": "партнерство-по-защите-детей",
    "日本の協会": "日本の協会",
    "Ελληνική Επιτροπή": "ελληνική-επιτροπή",
    "हिन्दी बोर्ड": "हिन्दी-बोर्ड",  # the vowel signs are marks, kept with their letters
    "Testshire SCP": "testshire-scp",
    "Café Board": "café-board",
}


@pytest.mark.parametrize("name", NAMES)
def test_slugify_keeps_every_script(name: str) -> None:
    assert slugify(name) == NAMES[name]


@pytest.mark.parametrize(
    "name",
    ["Bolton Safeguarding Children Board", "  Ofsted  ", "A&B (North) -- LSCB_2", "R2", "14.3", "!!!", ""],
)
def test_ascii_names_keep_their_addresses(name: str) -> None:
    assert slugify(name) == (anchor_id(name).strip("-") or "none")


def test_non_latin_partnerships_get_pages_of_their_own(project: Project) -> None:
    for number, name in enumerate(NAMES, start=1):
        review = VALID_REVIEW.replace("Testshire Safeguarding Children Partnership", name)
        project.write(f"reviews/child-{number}.yaml", review.replace("owner: Early Help", f"owner: {name}"))
    assert project.run("generate", "--as-of", "2026-11-29").code == 0
    for slug in NAMES.values():
        page = project.root / f"content/reviews/by/partnership/{slug}/index.md"
        assert page.exists(), slug
    owners = (project.root / "content/actions/owners.md").read_text(encoding="utf-8")
    for name, slug in NAMES.items():
        assert f"## {name} {{ #{slug} }}" in owners


def test_names_that_make_one_address_are_an_error(project: Project) -> None:
    project.write(
        "reviews/child-t.yaml",
        VALID_REVIEW.replace("Testshire Safeguarding Children Partnership", "Testshire SCP"),
    )
    project.write(
        "reviews/child-u.yaml",
        VALID_REVIEW.replace("Testshire Safeguarding Children Partnership", "testshire scp"),
    )
    project.write(
        "reviews/child-v.yaml",
        VALID_REVIEW.replace("Testshire Safeguarding Children Partnership", "Testshire – SCP"),
    )
    assert problems(project) == (
        1,
        [
            "reviews/child-u.yaml:3:1: partnership: 'testshire scp' makes the same page address as "
            "'Testshire SCP' in reviews/child-t.yaml (/reviews/by/partnership/testshire-scp/); "
            "write the name the same way in both",
            "reviews/child-v.yaml:3:1: partnership: 'Testshire – SCP' makes the same page address as "
            "'Testshire SCP' in reviews/child-t.yaml (/reviews/by/partnership/testshire-scp/); "
            "write the name the same way in both",
        ],
    )


def test_the_same_name_twice_is_one_partnership(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    project.write("reviews/child-u.yaml", VALID_REVIEW)
    assert problems(project, "--strict") == (0, [])
