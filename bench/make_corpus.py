"""Write N schema-valid synthetic reviews of realistic size into a project folder.

Each review has 5 learning points, each with one recommendation holding 2 responses and 2 next
steps (so 5 recommendations, 10 responses and 10 next steps a review), a summary, key dates,
what worked well and what could be better: about the size of the Bolton Child SB response.

    python bench/make_corpus.py N DEST
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

THEMES = (
    "neglect",
    "school-attendance",
    "mental-health",
    "suicide-and-self-harm",
    "domestic-abuse",
    "parental-substance-misuse",
    "information-sharing",
    "multi-agency-working",
    "supervision",
    "hostile-and-avoidant-families",
    "child-sexual-exploitation",
    "adolescents",
    "assessment",
    "voice-of-the-child",
    "early-help",
    "physical-abuse",
    "missing-children",
    "thresholds",
)
TYPES = ("serious-case-review", "child-safeguarding-practice-review", "rapid-review", "learning-review")
WORDS = (
    "practitioners assessment family school attendance supervision information shared agencies "
    "health visitor social worker police referral threshold early help neglect adolescent plan "
    "review chronology history risk parents engagement hostile escalation strategy meeting"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(12, 22)) for _ in range(sentences))


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def review(number: int, rng: random.Random) -> str:
    year = 2012 + number % 12
    lines = [
        f"title: Child R{number}",
        f"type: {TYPES[number % len(TYPES)]}",
        f"partnership: Partnership {number % 40 + 1} Safeguarding Children Partnership",
        f"published: {year}-{number % 12 + 1:02d}",
        "summary: |",
        f"  {paragraph(rng, 4)}",
        "",
        f"  {paragraph(rng, 3)}",
        f"child: R{number}",
        "age_group: adolescent",
        f"themes: [{', '.join(rng.sample(THEMES, 3))}]",
        "key_dates:",
        f"  - {{date: {year - 1}-03-12, event: {quoted(sentence(rng, 8))}}}",
        f"  - {{date: {year}-01, event: {quoted(sentence(rng, 8))}}}",
        "worked_well:",
        *[f"  - {quoted(sentence(rng, 18))}" for _ in range(3)],
        "could_be_better:",
        *[f"  - {quoted(sentence(rng, 18))}" for _ in range(3)],
        "learning:",
    ]
    for point in range(1, 6):
        lines += [
            f'  - id: "{point}"',
            f"    title: {quoted(sentence(rng, 6)[:-1])}",
            f'    findings: ["{point}", "{point + 5}"]',
            "    text: |",
            f"      {paragraph(rng, 3)}",
            "    points:",
            *[f"      - {quoted(sentence(rng, 20))}" for _ in range(2)],
            "    recommendations:",
            f'      - id: "{point}"',
            f"        text: {quoted(paragraph(rng, 2))}",
            "        responses:",
            *[
                line
                for month in (3, 9)
                for line in (
                    f"          - text: {quoted(sentence(rng, 25))}",
                    f"            date: {year}-{month:02d}",
                    f"            owner: Agency {rng.randint(1, 30)}",
                )
            ],
            "        next_steps:",
            *[
                line
                for month in (6, 12)
                for line in (
                    f"          - text: {quoted(sentence(rng, 20))}",
                    f"            due: {year + 1}-{month:02d}",
                    f"            owner: Agency {rng.randint(1, 30)}",
                )
            ],
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    count, dest = int(sys.argv[1]), Path(sys.argv[2])
    (dest / "reviews").mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261122)  # the same corpus every time
    for number in range(1, count + 1):
        (dest / "reviews" / f"child-r{number}.yaml").write_text(review(number, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
