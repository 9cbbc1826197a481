"""Golden files: the exact Markdown generated for the Child SB review.

After an intended change to the output, rewrite them with `make test ARGS=--update-golden`
(or `pytest tests/test_golden.py --update-golden`), then read the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

GOLDEN = Path(__file__).parent / "golden"
PAGES = (
    "reviews/bolton-child-sb/index.md",
    "reviews/bolton-child-sb/briefing.md",
    "reviews/bolton-child-sb/actions.md",
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("golden")
    (root / "reviews").mkdir()
    (root / "reviews/bolton-child-sb.yaml").write_bytes((REPO / "reviews/bolton-child-sb.yaml").read_bytes())
    from generator import cli

    # 1 September 2016: some next steps are overdue, some still planned.
    assert cli.run(["generate", "--as-of", "2016-09-01", "--root", str(root)]) == 0
    return root / "content"


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(generated: Path, page: str, update_golden: bool) -> None:
    actual = (generated / page).read_text(encoding="utf-8")
    golden = GOLDEN / page
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run pytest --update-golden"
    assert actual == golden.read_text(encoding="utf-8")


def test_golden_files_have_no_orphans() -> None:
    expected = {GOLDEN / page for page in PAGES}
    assert set(GOLDEN.rglob("*.md")) == expected
