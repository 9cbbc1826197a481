"""Read YAML input files into position-carrying nodes.

This is the only module that reads `reviews/`, `bulletins/` and `portal.yaml`. It uses PyYAML's
safe composer (no Python objects, no tags acted on) and keeps every scalar as the text the author
typed, so that `2016` or `NO` mean what the field says they mean, not what YAML 1.1 guesses.
Aliases (`*name`) are refused outright: they are the lever of the "billion laughs" bomb, and a
comms officer never needs them. So is nesting deeper than any portal file needs, before the
composer (which recurses) sees it; and a file that is a link out of the project is never read.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from .problems import Problem, Severity
from .progress import silent

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40

# Characters with no place in a portal file's text, because they cannot be seen or change how the
# text around them shows: controls other than newline and tab (C0, DEL, C1); every format
# character in Unicode: bidirectional controls that make text display in another order than it
# is stored ("Trojan Source"), zero-width spaces and joiners, the soft hyphen, invisible
# operators, tag characters; variation selectors, the combining grapheme joiner and the Hangul
# fillers, which print as nothing. Any of them inside a word also hides it from the publication
# check ("943\u2062 476 5919"). NUL is also the generator's own placeholder mark (render.py).
# Written out, because working it out from unicodedata costs a third of a second a run;
# tests/test_characters.py works it out and compares.
UNSAFE_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2"
    "\u115f-\u1160\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\U000e0100-\U000e01ef]"
)
_UNSAFE_IN_NAME = re.compile(r"[\t\n" + UNSAFE_CHARACTER.pattern[1:])
HIDES_TEXT = "it can disguise what the text says"


def character_name(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`; controls have no name in Unicode's list."""
    fallback = "a control character" if unicodedata.category(char) == "Cc" else "not a character"
    return f"U+{ord(char):04X} ({unicodedata.name(char, fallback)})"


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int
    col: int
    is_null: bool = False
    quoted: bool = False


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    line: int
    col: int


@dataclass(frozen=True)
class Mapping:
    # (key, value) pairs in file order; duplicates are reported by the loader and dropped.
    pairs: tuple[tuple[Scalar, Node], ...]
    line: int
    col: int
    keys: dict[str, Scalar] = field(default_factory=dict, compare=False)

    def get(self, name: str) -> Node | None:
        for key, value in self.pairs:
            if key.text == name:
                return value
        return None


Node = Union[Scalar, Sequence, Mapping]  # noqa: UP007 (a runtime alias, read before 3.12)


@dataclass(frozen=True)
class Document:
    path: str  # as shown to the user, relative to the project root
    root: Node | None  # None when the file could not be read at all


class _AliasRefused(yaml.YAMLError):
    def __init__(self, mark: Any) -> None:  # a Python or a libyaml mark: both have line, column
        super().__init__("alias")
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader whose composer refuses aliases instead of expanding them."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        return super().compose_node(parent, index)


def _convert(node: yaml.Node, problems: list[Problem], path: str, depth: int = 0) -> Node:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if depth > MAX_DEPTH:
        raise _TooDeep(node.start_mark)
    if isinstance(node, ScalarNode):
        is_null = node.tag == _NULL_TAG
        return Scalar(
            text="" if is_null else node.value,
            line=line,
            col=col,
            is_null=is_null,
            quoted=node.style in ("'", '"'),
        )
    if isinstance(node, SequenceNode):
        return Sequence(
            tuple(_convert(item, problems, path, depth + 1) for item in node.value),
            line,
            col,
        )
    assert isinstance(node, MappingNode)
    pairs: list[tuple[Scalar, Node]] = []
    keys: dict[str, Scalar] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, problems, path, depth + 1)
        if not isinstance(key, Scalar):
            problems.append(Problem(path, key.line, key.col, None, "a field name must be a single word"))
            continue
        if key.text in keys:
            first = keys[key.text]
            problems.append(
                Problem(
                    path,
                    key.line,
                    key.col,
                    None,
                    f"field '{key.text}' is given twice (first at line {first.line}); keep one",
                )
            )
            continue
        keys[key.text] = key
        pairs.append((key, _convert(value_node, problems, path, depth + 1)))
    return Mapping(tuple(pairs), line, col, keys)


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


# PyYAML's wording, and what it usually means for someone editing a review file.
_PLAIN_WORDS = (
    ("'\\t'", "a tab character; indent with spaces only"),
    (
        "mapping values are not allowed",
        "a colon (:) where no new field can start; check this line's indentation, or put the text in quotes",
    ),
    (
        "could not find expected ':'",
        "a line that is not 'name: value'; check for a missing colon or an unclosed quote",
    ),
    ("found unexpected end of stream", "a quote is opened but never closed"),
    ("expected <block end>", "this line is indented differently from the lines before it"),
    ("did not find expected key", "this line is indented differently from the lines before it"),
    (
        "did not find expected '-' indicator",
        "a list item (- ...) is indented differently from the ones before it",
    ),
)


def _empty_message(path: str) -> str:
    """An empty file, and the command that starts it again from a template, as it can be run."""
    folder, _, name = path.rpartition("/")
    stem = name.removesuffix(".yaml")
    if folder == "reviews" and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", stem):
        return f"the file is empty; delete it, then start from a template: make new-review SLUG={stem}"
    if folder == "bulletins" and re.fullmatch(r"[1-9][0-9]*", stem):
        return f"the file is empty; delete it, then start from a template: make new-bulletin NUMBER={stem}"
    return "the file is empty"


INDENTED = "this line is indented differently from the lines before it"
_KEY_LINE = re.compile(r"^( *)(- +)*([^\s#-][^:#]*):(\s|$)")


def _key_columns(text: str, line: int) -> list[int]:
    """The columns at which the keys of the lines before `line` (1-based) start, nearest block
    first: where a line that belongs with one of them must start."""
    columns: set[int] = set()
    for before in reversed(text.splitlines()[max(0, line - 41) : line - 1]):
        match = _KEY_LINE.match(before)
        if match:
            columns.add(match.start(3) + 1)
        if match and match.start(3) == 0:
            break  # a top-level key: nothing above belongs to this block
    return sorted(columns)


def _syntax_message(error: yaml.MarkedYAMLError, text: str = "", line: int = 0) -> str:
    problem = error.problem or "not valid YAML"
    for words, meaning in _PLAIN_WORDS:
        if words in problem:
            columns = [str(column) for column in _key_columns(text, line)] if meaning == INDENTED else []
            if columns:
                said = ", ".join(columns[:-1]) + " or " + columns[-1] if len(columns) > 1 else columns[0]
                meaning += (
                    f"; start it where the key it belongs with starts (the keys above start at column {said})"
                )
            return f"YAML syntax: {meaning}"
    return f"YAML syntax: {problem}"


_NULL_TAG = "tag:yaml.org,2002:null"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # YAML 1.1's plain nulls, as SafeLoader reads them


if hasattr(yaml, "CSafeLoader"):  # libyaml, when PyYAML was built with it

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's composer, with the one tag this module reads (null) resolved without regexes.

        The composer asks the resolver for every node's tag; SafeLoader tries a dozen patterns
        (bool, int, float, timestamp ...) whose answers `_convert` never looks at.
        """

        def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
            if kind is ScalarNode:
                return _NULL_TAG if implicit[0] and value in _NULLS else self.DEFAULT_SCALAR_TAG
            return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG

    _FAST_LOADER: Any = _FastLoader
else:  # pragma: no cover (every wheel on PyPI has libyaml)
    _FAST_LOADER = None


_OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_NODES = (*_OPENS, yaml.ScalarEvent, AliasEvent)
_CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
# A line's lead: its indentation and the indicators of compact nesting (`- - x`, `? - x`).
_LEAD = rf"[ \t?:-]{{{MAX_DEPTH}}}"
_DEEP_LINE = re.compile(rf"\n{_LEAD}")
_DEEP_FIRST_LINE = re.compile(_LEAD)
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")  # line breaks to YAML, besides \n, \r\n and \r


def _could_be_deep(text: str) -> bool:
    """False when the text cannot nest much more than MAX_DEPTH levels: a cheap test, so that
    only the rare file that might is read event by event first.

    Flow nesting needs a `[` or `{` per level (two levels at most: `[a: [`); block nesting needs
    a character of a line's lead per level (a space of indentation, a `- `); `_convert` refuses
    what is left.
    """
    return (
        text.count("[") + text.count("{") > MAX_DEPTH
        or _DEEP_LINE.search(text) is not None
        or _DEEP_FIRST_LINE.match(text) is not None
        or text.count("\r") != text.count("\r\n")
        or any(mark in text for mark in _OTHER_BREAKS)
    )


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where (line, column) nesting first passes MAX_DEPTH, found before a composer sees it.

    The composers recurse once per level, so 40,000 `[` overflow the C stack (a segfault, with no
    file named) or Python's recursion limit. The parser does not recurse: its events open and
    close each collection, so counting them finds the first node too deep, the one `_convert`
    would name, and the count stops there.
    """
    if not _could_be_deep(text):
        return None
    depth = 0  # collections open: the depth of the next node, as `_convert` counts it
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):
            if isinstance(event, _NODES) and depth > MAX_DEPTH:
                mark: Any = event.start_mark  # a Python or a libyaml mark: both have line, column
                return mark.line + 1, mark.column + 1
            if isinstance(event, _OPENS):
                depth += 1
            elif isinstance(event, _CLOSES):
                depth -= 1
    except yaml.YAMLError:
        pass  # reported when composed, which nests no deeper than the parser got
    return None


def _compose(text: str) -> list[yaml.Node | None]:
    """Compose with libyaml when it is there (about ten times faster), else in Python.

    libyaml cannot refuse aliases while composing, so its events are scanned first (aliases are
    not expanded there). Any syntax error is parsed again in Python, whose messages and
    positions the error lines are written for.
    """
    if _FAST_LOADER is not None:
        try:
            if "*" in text:  # an alias is written *name: without a star there is none to find
                for event in yaml.parse(text, Loader=_FAST_LOADER):
                    if isinstance(event, AliasEvent):
                        raise _AliasRefused(event.start_mark)
            return list(yaml.compose_all(text, Loader=_FAST_LOADER))
        except yaml.YAMLError:
            pass  # reported below, from the Python parser
    return list(yaml.compose_all(text, Loader=_Loader))


TOO_DEEP = "nested too deeply to be a portal file"


def parse(text: str, path: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document held in `text`; never raises for bad input."""
    problems: list[Problem] = []
    deep = _too_deep(text)
    if deep is not None:
        return None, [Problem(path, *deep, None, TOO_DEEP)]
    try:
        documents = _compose(text)
    except ReaderError as error:  # a character YAML does not allow, such as NUL
        return None, [_unreadable_character(text, error, path)]
    except _AliasRefused as error:
        line, col = error.mark.line + 1, error.mark.column + 1
        message = "aliases (*name) are not allowed; write the value out in full"
        return None, [Problem(path, line, col, None, message)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(path, line, col, None, _syntax_message(error, text, line))]
    except yaml.YAMLError as error:  # e.g. unreadable characters
        return None, [Problem(path, 1, 1, None, f"YAML syntax: {error}")]
    if len(documents) > 1:
        second = documents[1]
        line = second.start_mark.line + 1 if second is not None else 1
        message = "more than one YAML document (---); keep one per file"
        return None, [Problem(path, line, 1, None, message)]
    if not documents or documents[0] is None:
        return None, [Problem(path, 1, 1, None, _empty_message(path))]
    try:
        root = _convert(documents[0], problems, path)
    except _TooDeep as error:
        line, col = error.mark.line + 1, error.mark.column + 1
        return None, [Problem(path, line, col, None, TOO_DEEP)]
    return root, problems


def _unreadable_character(text: str, error: ReaderError, path: str) -> Problem:
    """`file:line:col:` of a character YAML refuses, named (never shown: it may be a control)."""
    before = text[: error.position]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    char = chr(error.character)
    if UNSAFE_CHARACTER.match(char):
        message = f"invisible character {character_name(char)}; delete it ({HIDES_TEXT})"
    else:
        message = f"character {character_name(char)} cannot be in a portal file; delete it"
    return Problem(path, line, col, None, message)


def _raw(file: Path, shown_as: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes; None (and why) when it is too big or cannot be read."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"the file is {size:,} bytes; portal files are at most {MAX_FILE_BYTES:,}"
            return None, [Problem(shown_as, 1, 1, None, message)]
        return file.read_bytes(), []
    except OSError as error:
        message = f"cannot be read ({error.strerror})"
        return None, [Problem(shown_as, 1, 1, None, message)]


@dataclass(frozen=True)
class Source:
    """One input file as read from disk, not parsed yet (raw is None when it could not be read).

    Review files stay unparsed until validation needs them: a file whose bytes a run has seen
    before is not parsed again (see cache.py).
    """

    path: str  # as shown to the user, relative to the project root
    raw: bytes | None

    def parse(self) -> tuple[Document, list[Problem]]:
        if self.raw is None:
            return Document(self.path, None), []
        try:
            text = self.raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = self.raw[: error.start].count(b"\n") + 1
            message = "is not UTF-8 text; save it as UTF-8 in your editor"
            return Document(self.path, None), [Problem(self.path, line, 1, None, message)]
        root, problems = parse(text, self.path)
        return Document(self.path, root), problems


@dataclass(frozen=True)
class Inputs:
    """Every input file of a project, read; portal.yaml parsed, nothing validated yet."""

    portal: Document | None  # None: no portal.yaml, defaults apply
    reviews: tuple[Source, ...]
    bulletins: tuple[Source, ...]
    problems: tuple[Problem, ...]  # files that could not be read, or are misnamed
    portal_raw: bytes = b""  # portal.yaml's bytes: every review's checks depend on them


OUTSIDE = (
    "is a link to a file outside the project folder, and such files are never read; "
    "copy the file into the project instead"
)
DANGLING = "is a link to a file that does not exist, so it is left out; remove the link or restore the file"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refused(file: Path, root: Path, shown_as: str) -> Problem | None:
    """Why a file is not to be read: a link out of the project (an error: its contents could end up
    on the site or in an error line), a broken link or something that is not a file (a warning:
    silence would hide that a review is missing). None: read it."""
    if file.is_symlink() and not file.exists():  # also a link that leads round in a circle
        return Problem(shown_as, 1, 1, None, DANGLING, Severity.WARNING)
    # The file itself or a folder on the way to it (`reviews` linked elsewhere) may be the link.
    if not file.resolve().is_relative_to(root.resolve()):
        return Problem(shown_as, 1, 1, None, OUTSIDE)
    try:
        mode = file.stat().st_mode
    except OSError:
        return None  # _raw says why it cannot be read
    if stat.S_ISREG(mode):
        return None
    return Problem(shown_as, 1, 1, None, f"is {_kind(mode)}, not a file, so it is left out", Severity.WARNING)


def _misnamed(file: Path, shown_as: str) -> Problem | None:
    unsafe = _UNSAFE_IN_NAME.search(file.name)
    if unsafe is not None:
        message = (
            f"the file name has the invisible character {character_name(unsafe.group())}; rename the file"
        )
        return Problem(shown_as, 1, 1, None, message)
    if file.suffix == ".yml":
        return Problem(shown_as, 1, 1, None, f"rename it to {file.stem}.yaml: portal files end in .yaml")
    return None


def printable(text: str) -> str:
    """A name as it can be printed: invisible characters and line breaks written as \\uXXXX."""
    return _UNSAFE_IN_NAME.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def _folder(root: Path, name: str, problems: list[Problem]) -> list[tuple[Path, str]]:
    """The `.yaml` files of one input folder, with the path shown for each."""
    folder = root / name
    if not folder.is_dir():
        return []
    files = []
    for file in sorted(folder.iterdir()):
        if file.name.startswith((".", "_")) or file.suffix not in (".yaml", ".yml"):
            continue  # schema.json, README files, editors' back-ups and the like
        shown_as = f"{name}/{printable(file.name)}"
        problem = _refused(file, root, shown_as) or _misnamed(file, shown_as)
        if problem is not None:
            problems.append(problem)
            continue
        files.append((file, shown_as))
    return files


def _portal(root: Path) -> tuple[Document | None, list[Problem], bytes]:
    """`portal.yaml` parsed, its problems and its bytes; None when there is none (defaults apply)."""
    file = root / "portal.yaml"
    if not file.exists() and not file.is_symlink():
        return None, [], b""
    refused = _refused(file, root, "portal.yaml")
    if refused is not None:
        return None, [refused], b""
    raw, problems = _raw(file, "portal.yaml")
    document, found = Source("portal.yaml", raw).parse()
    return document, problems + found, raw or b""


def read_portal(root: Path) -> tuple[Document | None, list[Problem]]:
    """Read `portal.yaml`; None when there is none (defaults apply)."""
    document, problems, _ = _portal(root)
    return document, problems


def read_inputs(root: Path, progress: Callable[[str], None] = silent) -> Inputs:
    """Read `portal.yaml`, `reviews/*.yaml` and `bulletins/*.yaml` under `root`.

    `progress` is told how far reading has got, for a progress line on long runs.
    """
    portal, problems, portal_raw = _portal(root)
    folders = ("reviews", "bulletins")
    files = [(name, *found) for name in folders for found in _folder(root, name, problems)]
    sources: dict[str, list[Source]] = {name: [] for name in folders}
    for number, (name, file, shown_as) in enumerate(files, start=1):
        progress(f"reading {number}/{len(files)} files")
        raw, found = _raw(file, shown_as)
        problems.extend(found)
        sources[name].append(Source(shown_as, raw))
    return Inputs(portal, tuple(sources["reviews"]), tuple(sources["bulletins"]), tuple(problems), portal_raw)
