"""Every figure and date the seed documents give is on the built site (issue: seed documents).

tests/seed_facts/<seed>.yaml lists, per review slug, strings that must appear in the text of that
review's pages (overview, briefing, action table); the key `bulletin-<n>` means bulletin issue n.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sitecheck import Site

FACTS = Path(__file__).parent / "seed_facts"
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def facts() -> list[tuple[str, str, list[str]]]:
    found = []
    for file in sorted(FACTS.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for key, strings in data["reviews"].items():
            found.append((data["seed"], key, [str(s) for s in strings]))
    return found


def pages_text(site: Site, key: str) -> str:
    if key.startswith("bulletin-"):
        urls = [f"/bulletins/{key.removeprefix('bulletin-')}/"]
    else:
        urls = [f"/reviews/{key}/", f"/reviews/{key}/briefing/", f"/reviews/{key}/actions/"]
    return " ".join(site.text(url) for url in urls)


def test_every_seed_has_facts() -> None:
    seeds = {seed for seed, _, _ in facts()}
    assert len(seeds) == 5
    if SEEDS.is_dir():  # beside the checkout on developer and CI machines
        assert seeds == {file.name for file in SEEDS.glob("0*.txt")}


@pytest.mark.parametrize("seed,key,strings", facts(), ids=[f"{s[:3]}-{k}" for s, k, _ in facts()])
def test_seed_figures_and_dates_are_on_the_site(site: Site, seed: str, key: str, strings: list[str]) -> None:
    text = pages_text(site, key)
    missing = [fact for fact in strings if fact not in text]
    assert missing == [], f"{seed}: {key} is missing {missing}"
