"""Control, bidirectional and zero-width characters are refused in every text field, named and
placed: they make the published text differ from the text its author and reviewers read."""

from __future__ import annotations

import pytest
from conftest import VALID_REVIEW, Project
from test_limits import problems

WHY = "delete it (it can disguise what the text says)"

# Every character refused, by class, with the name the message gives it.
REFUSED = {
    # C0 controls other than tab and newline
    "\\0": "U+0000 (a control character)",
    "\\b": "U+0008 (a control character)",
    "\\v": "U+000B (a control character)",
    "\\r": "U+000D (a control character)",
    "\\e": "U+001B (a control character)",
    "\\x1F": "U+001F (a control character)",
    # DEL and C1 controls
    "\\x7F": "U+007F (a control character)",
    "\\N": "U+0085 (a control character)",
    "\\x9B": "U+009B (a control character)",
    # bidirectional embeddings, overrides, isolates and marks
    "\\u202A": "U+202A (LEFT-TO-RIGHT EMBEDDING)",
    "\\u202B": "U+202B (RIGHT-TO-LEFT EMBEDDING)",
    "\\u202C": "U+202C (POP DIRECTIONAL FORMATTING)",
    "\\u202D": "U+202D (LEFT-TO-RIGHT OVERRIDE)",
    "\\u202E": "U+202E (RIGHT-TO-LEFT OVERRIDE)",
    "\\u2066": "U+2066 (LEFT-TO-RIGHT ISOLATE)",
    "\\u2067": "U+2067 (RIGHT-TO-LEFT ISOLATE)",
    "\\u2068": "U+2068 (FIRST STRONG ISOLATE)",
    "\\u2069": "U+2069 (POP DIRECTIONAL ISOLATE)",
    "\\u200E": "U+200E (LEFT-TO-RIGHT MARK)",
    "\\u200F": "U+200F (RIGHT-TO-LEFT MARK)",
    "\\u061C": "U+061C (ARABIC LETTER MARK)",
    # zero-width characters
    "\\u200B": "U+200B (ZERO WIDTH SPACE)",
    "\\u200C": "U+200C (ZERO WIDTH NON-JOINER)",
    "\\u200D": "U+200D (ZERO WIDTH JOINER)",
    "\\u2060": "U+2060 (WORD JOINER)",
    "\\uFEFF": "U+FEFF (ZERO WIDTH NO-BREAK SPACE)",
}


@pytest.mark.parametrize("escape", REFUSED)
def test_every_refused_character_is_named(project: Project, escape: str) -> None:
    """YAML's double-quoted escapes make each one, NUL included, which a file could not hold raw."""
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("title: Child T", f'title: "Chi{escape}ld T"'))
    assert problems(project) == (
        1,
        [f"reviews/child-t.yaml:1:8: title: invisible character {REFUSED[escape]} at character 4; {WHY}"],
    )


def test_raw_bidi_and_zero_width_characters_are_refused_too(project: Project) -> None:
    text = VALID_REVIEW.replace("title: Child T", "title: Child\u202e T").replace(
        "  A short summary", "  A line.\n  A short\u200b summary"
    )
    project.write("reviews/child-t.yaml", text)
    assert problems(project) == (
        1,
        [
            f"reviews/child-t.yaml:1:8: title: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) "
            f"at character 6; {WHY}",
            f"reviews/child-t.yaml:5:10: summary: invisible character U+200B (ZERO WIDTH SPACE) "
            f"at line 2 of the text, character 8; {WHY}",
        ],
    )


def test_tabs_newlines_and_other_scripts_are_text(project: Project) -> None:
    text = VALID_REVIEW.replace("title: Child T", 'title: "Child\\tT: naïve – “quoted”, 日本, Ελλάδα, עברית"')
    project.write("reviews/child-t.yaml", text.replace("  A short summary", "  A line.\n\n  A short summary"))
    assert problems(project, "--strict") == (0, [])


def test_every_kind_of_text_field_refuses_them(project: Project) -> None:
    text = (
        VALID_REVIEW.replace('  - id: "1"\n    title', '  - id: "1\\u202e"\n    title')
        .replace("owner: Early Help", 'owner: "Early\\u200bHelp"')
        .replace("partnership: Testshire", 'partnership: "\\u2066Testshire')
        .replace("Children Partnership\n", 'Children Partnership"\n', 1)
    )
    text += 'aliases: ["child-t-old\\u200b"]\nreport_url: "https://example.org/\\u202ereport.pdf"\n'
    text += "methodology\u200b: How.\n"
    project.write("reviews/child-t.yaml", text)
    assert problems(project) == (
        1,
        [
            f"reviews/child-t.yaml:3:14: partnership: invisible character U+2066 (LEFT-TO-RIGHT ISOLATE) "
            f"at character 1; {WHY}",
            f"reviews/child-t.yaml:9:9: learning[1].id: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) "
            f"at character 2; {WHY}",
            "reviews/child-t.yaml:21:20: learning[1].recommendations[1].next_steps[1].owner: invisible "
            f"character U+200B (ZERO WIDTH SPACE) at character 6; {WHY}",
            f"reviews/child-t.yaml:22:11: aliases[1]: invisible character U+200B (ZERO WIDTH SPACE) "
            f"at character 12; {WHY}",
            f"reviews/child-t.yaml:23:13: report_url: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) "
            f"at character 21; {WHY}",
            f"reviews/child-t.yaml:24:1: methodology\\u200b: invisible character U+200B (ZERO WIDTH SPACE) "
            f"at character 12; {WHY}",
        ],
    )


def test_portal_and_bulletin_fields_refuse_them(project: Project) -> None:
    project.write("portal.yaml", 'name: "Learning\\u202e portal"\nsite_url: https://example.org/\n')
    project.write(
        "bulletins/1.yaml",
        'issue: 1\ntitle: "Update\\0"\ndate: 2021-02\npartnership: Testshire\n'
        'items:\n  - heading: News\n    text: "\\u2067Hello"\n',
    )
    assert problems(project) == (
        1,
        [
            f"bulletins/1.yaml:2:8: title: invisible character U+0000 (a control character) "
            f"at character 7; {WHY}",
            f"bulletins/1.yaml:7:11: items[1].text: invisible character U+2067 (RIGHT-TO-LEFT ISOLATE) "
            f"at character 1; {WHY}",
            f"portal.yaml:1:7: name: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) "
            f"at character 9; {WHY}",
        ],
    )


def test_a_slug_with_a_final_line_break_is_refused(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW + 'aliases: ["child-t-old\\n"]\n')
    assert problems(project) == (
        1,
        [
            "reviews/child-t.yaml:22:11: aliases[1]: expected lower-case words joined by hyphens like "
            "child-sb, got 'child-t-old '"
        ],
    )


def test_the_unsafe_characters_are_every_invisible_one() -> None:
    """The written-out class in loader.py is what Unicode says (for this Python's Unicode): every
    control but tab and newline, every format character, the variation selectors, the combining
    grapheme joiner and the Hangul fillers; and nothing else."""
    import unicodedata

    from generator.loader import UNSAFE_CHARACTER

    wanted = {
        code
        for code in range(0x110000)
        if (unicodedata.category(chr(code)) in ("Cc", "Cf") and chr(code) not in "\t\n")
        or code in (0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0)
        or 0x180B <= code <= 0x180F
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
    }
    found = {code for code in range(0x110000) if UNSAFE_CHARACTER.match(chr(code))}
    assert found == wanted


@pytest.mark.parametrize("char", ["\u00ad", "\u2062", "\u180e", "\u3164", "\ufe0f", "\U000e0041", "\u034f"])
def test_characters_that_hide_words_from_the_publication_check_are_refused(
    project: Project, char: str
) -> None:
    project.write(
        "reviews/child-t.yaml", VALID_REVIEW.replace("A short summary", f"NHS number 943{char} 476 5919")
    )
    result = project.run("check", "--as-of", "2021-01-01")
    assert result.code == 1
    assert f"summary: invisible character U+{ord(char):04X}" in result.err
