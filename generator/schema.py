"""Field kinds: from position-carrying YAML nodes to typed values, collecting every problem.

Each kind converts one node and describes itself as JSON Schema, so the validator and the editor
schema (`python -m generator schema`) can never disagree. A kind that finds a problem records it
and returns INVALID; the caller keeps going, so one run reports every problem in every file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .date_hints import date_hint
from .loader import HIDES_TEXT, UNSAFE_CHARACTER, Mapping, Node, Scalar, Sequence, character_name, printable
from .model import Where, parse_date
from .problems import Problem, Severity
from .urls import URL_PATTERN, url_problem


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


@dataclass
class Context:
    """What validation of one file needs: where to put problems and what themes exist."""

    file: str
    themes: frozenset[str] = frozenset()
    problems: list[Problem] = field(default_factory=list)

    def error(self, at: Node, path: str, message: str) -> Any:
        self.problems.append(Problem(self.file, at.line, at.col, path or None, message))
        return INVALID

    def warn(self, line: int, col: int, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, col, path or None, message, Severity.WARNING))


def shown(node: Node) -> str:
    """How a value is quoted back to the user in a message."""
    if isinstance(node, Mapping):
        return "a set of fields"
    if isinstance(node, Sequence):
        return "a list"
    text = node.text if len(node.text) <= 60 else node.text[:57] + "..."
    return repr(text.replace("\n", " "))


def suggestion(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the nearest choice, or '' when nothing is near."""
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def item_path(path: str, index: int) -> str:
    """List items are counted from 1, as a person counts them."""
    return f"{path}[{index + 1}]"


def invisible(text: str) -> str | None:
    """The message for the first control, bidirectional or zero-width character in `text`, if any.

    Such a character cannot be seen, or changes how what follows is shown, so the text on the
    site is not the text the author (or a reviewer) read; NUL is also the generator's own
    placeholder mark.
    """
    found = UNSAFE_CHARACTER.search(text)
    if found is None:
        return None
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    where = f"character {column}" if line == 1 else f"line {line} of the text, character {column}"
    return f"invisible character {character_name(found.group())} at {where}; delete it ({HIDES_TEXT})"


class Kind:
    """One kind of field value."""

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _scalar(self, node: Node, path: str, ctx: Context, expected: str) -> str | Any:
        if not isinstance(node, Scalar):
            return ctx.error(node, path, f"expected {expected}, got {shown(node)}")
        return node.text

    def _text(self, node: Node, path: str, ctx: Context, expected: str) -> str | Any:
        """As `_scalar`, refusing the characters `invisible` names."""
        text = self._scalar(node, path, ctx, expected)
        if text is INVALID:
            return INVALID
        problem = invisible(text)
        return text if problem is None else ctx.error(node, path, problem)


ONE_LINE = r"^\s*[^\n]*\s*$"  # surrounding blank lines are stripped before the check


@dataclass(frozen=True)
class Text(Kind):
    """Text; Markdown unless `plain`. A number or yes/no is taken as the text typed."""

    plain: bool = False

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        text = self._text(node, path, ctx, "text")
        if text is INVALID:
            return INVALID
        text = text.strip()
        if self.plain and "\n" in text:
            return ctx.error(node, path, f"expected text on one line, got {shown(node)}")
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": ["string", "number", "boolean"]}
        if self.plain:
            schema["pattern"] = ONE_LINE
        return schema


@dataclass(frozen=True)
class Identifier(Kind):
    """A learning or recommendation id: "1", "L2", "14.3"."""

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        text = self._text(node, path, ctx, 'an id like "1" or "14.3"')
        if text is INVALID:
            return INVALID
        text = text.strip()
        if not re.search(r"[A-Za-z0-9]", text) or len(text) > 20 or "\n" in text:
            message = f'expected an id like "1", "L2" or "14.3", got {shown(node)}'
            return ctx.error(node, path, message)
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "integer", "number"], "pattern": "[A-Za-z0-9]"}


COUNT_PATTERN = r"^[1-9][0-9]{0,5}$"


@dataclass(frozen=True)
class Count(Kind):
    """A whole number from 1, such as a bulletin's issue number."""

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        text = self._scalar(node, path, ctx, "a whole number")
        if text is INVALID:
            return INVALID
        if not re.fullmatch(COUNT_PATTERN, text.strip()):
            return ctx.error(node, path, f"expected a whole number like 12, got {shown(node)}")
        return int(text)

    def json_schema(self) -> dict[str, Any]:
        # `pattern` applies to text, `minimum`/`maximum` to numbers: "12" and 12 both pass.
        return {"type": ["integer", "string"], "minimum": 1, "maximum": 999999, "pattern": COUNT_PATTERN}


DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


@dataclass(frozen=True)
class Date(Kind):
    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        text = self._scalar(node, path, ctx, "a date like 2016-08-31")
        if text is INVALID:
            return INVALID
        date = parse_date(text)
        if date is None:
            message = f"expected a date like 2016-08-31, got {shown(node)}"
            hint = date_hint(text)
            return ctx.error(node, path, f"{message}; {hint}" if hint else message)
        return date

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": ["string", "integer"],
            "pattern": DATE_PATTERN,
            "minimum": 1000,  # a bare year, such as 2016
            "maximum": 9999,
            "description": "YYYY-MM-DD, YYYY-MM or YYYY",
        }


@dataclass(frozen=True)
class Url(Kind):
    """https://, http:// or mailto: (urls.py says what else is refused, and why)."""

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        text = self._text(node, path, ctx, "a web address")
        if text is INVALID:
            return INVALID
        text = text.strip()
        problem = url_problem(text, shown(node))
        return text if problem is None else ctx.error(node, path, problem)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": URL_PATTERN}


SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Slug(Kind):
    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        text = self._text(node, path, ctx, "a slug like child-sb")
        if text is INVALID:
            return INVALID
        if not SLUG.fullmatch(text):  # fullmatch: `$` alone would let a final line break through
            message = f"expected lower-case words joined by hyphens like child-sb, got {shown(node)}"
            return ctx.error(node, path, message)
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG.pattern}


@dataclass(frozen=True)
class Choice(Kind):
    values: tuple[str, ...]
    what: str  # "a review type"

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        text = self._scalar(node, path, ctx, self.what)
        if text is INVALID:
            return INVALID
        if text in self.values:
            return text
        hint = suggestion(text, self.values) or "; use one of: " + ", ".join(self.values)
        return ctx.error(node, path, f"expected {self.what}, got {shown(node)}{hint}")

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


YES, NO = ("true", "yes", "on"), ("false", "no", "off")


@dataclass(frozen=True)
class Flag(Kind):
    """Yes or no: `true`/`false` (also `yes`/`no`, as YAML 1.1 and people write them)."""

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        text = self._scalar(node, path, ctx, "true or false")
        if text is INVALID:
            return INVALID
        if text.strip().lower() in YES + NO:
            return text.strip().lower() in YES
        return ctx.error(node, path, f"expected true or false, got {shown(node)}")

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["boolean", "string"], "enum": [True, False, *YES, *NO]}


@dataclass(frozen=True)
class ThemeRef(Kind):
    """A theme slug from the vocabulary (the default one plus `portal.yaml`'s)."""

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        text = self._scalar(node, path, ctx, "a theme")
        if text is INVALID:
            return INVALID
        if text in ctx.themes:
            return text
        hint = suggestion(text, sorted(ctx.themes)) or (
            "; see the theme list in the README, or add it to portal.yaml"
        )
        return ctx.error(node, path, f"expected a theme, got {shown(node)}{hint}")

    def json_schema(self) -> dict[str, Any]:
        # The vocabulary depends on portal.yaml, so the document defines it (editor_schema.py).
        return {"$ref": THEME_REF}


THEME_REF = "#/$defs/theme"


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind
    one_allowed: bool = False  # a single value may stand for a list of one

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        if isinstance(node, Scalar) and self.one_allowed:
            value = self.item.convert(node, path, ctx)
            return INVALID if value is INVALID else (value,)
        if not isinstance(node, Sequence):
            return ctx.error(node, path, f"expected a list (lines starting '- '), got {shown(node)}")
        values = [
            self.item.convert(child, item_path(path, index), ctx) for index, child in enumerate(node.items)
        ]
        return INVALID if any(value is INVALID for value in values) else tuple(values)

    def json_schema(self) -> dict[str, Any]:
        array = {"type": "array", "items": self.item.json_schema()}
        if self.one_allowed:
            return {"anyOf": [self.item.json_schema(), array]}
        return array


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool = False
    help: str = ""


Check = Callable[[dict[str, Any], Mapping, str, Context], None]


@dataclass(frozen=True)
class Record(Kind):
    """A set of named fields that becomes one model record (`model(**values, where=...)`)."""

    fields: tuple[Field, ...]
    model: Callable[..., Any]
    what: str = "a set of fields"
    defaults: tuple[tuple[str, Any], ...] = ()
    check: Check | None = None  # cross-field rules, run on the values that converted
    # The same cross-field rules for editors, as JSON Schema keywords (e.g. an `anyOf`).
    schema_rules: tuple[tuple[str, Any], ...] = ()

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def convert(self, node: Node, path: str, ctx: Context) -> Any:
        if not isinstance(node, Mapping):
            return ctx.error(node, path, f"expected {self.what} (name: value lines), got {shown(node)}")
        by_name = {f.name: f for f in self.fields}
        values: dict[str, Any] = dict(self.defaults)
        failed = False
        for key, child in node.pairs:
            spec = by_name.get(key.text)
            child_path = f"{path}.{key.text}" if path else key.text
            if spec is None:
                self._unknown(key, child_path, ctx)
                failed = True
                continue
            if isinstance(child, Scalar) and child.is_null:
                continue  # `field:` left blank counts as not given
            value = spec.kind.convert(child, child_path, ctx)
            if value is INVALID:
                failed = True
            else:
                values[spec.name] = value
        for spec in self.fields:
            given = node.get(spec.name)
            if spec.required and (given is None or (isinstance(given, Scalar) and given.is_null)):
                child_path = f"{path}.{spec.name}" if path else spec.name
                state = "missing" if given is None else "empty"
                at: Node = node.keys.get(spec.name, node)
                hint = "; write a date: YYYY-MM-DD, YYYY-MM or YYYY" if isinstance(spec.kind, Date) else ""
                ctx.error(at, child_path, f"required field is {state}{hint}")
                failed = True
        if self.check is not None:
            self.check(values, node, path, ctx)
        if failed:
            return INVALID
        positions = tuple((key.text, key.line, key.col) for key, _ in node.pairs)
        where = Where(ctx.file, node.line, node.col, path, positions)
        return self.model(**values, where=where)

    def _unknown(self, key: Scalar, path: str, ctx: Context) -> None:
        hidden = invisible(key.text)  # a name pasted with a zero-width space looks right, yet is not
        if hidden is not None:
            ctx.error(key, printable(path), hidden)
            return
        names = self.field_names()
        hint = suggestion(key.text, names) or "; fields here are: " + ", ".join(names)
        ctx.error(key, path, f"unknown field{hint}")

    def json_schema(self) -> dict[str, Any]:
        defaults = dict(self.defaults)
        properties = {}
        for spec in self.fields:
            schema = dict(spec.kind.json_schema())
            description = _description(spec.help, schema.get("description", ""))
            if description:
                schema["description"] = description
            if spec.name in defaults:
                schema["default"] = defaults[spec.name]
            # A blank `field:` counts as not given, except for a required field.
            properties[spec.name] = schema if spec.required else nullable(schema)
        result: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
            **dict(self.schema_rules),
        }
        required = [spec.name for spec in self.fields if spec.required]
        if required:
            result["required"] = required
        return result


def _description(help: str, kind: str) -> str:
    """The field's help, with the kind's own note (such as a date's form) when it adds something."""
    if not kind or kind in help:
        return help
    return f"{help} {kind}." if help else kind


_ANNOTATIONS = ("description", "default")


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema, also accepting null: YAML's reading of a field left blank."""
    kinds = schema.get("type")
    if isinstance(kinds, str | list) and "enum" not in schema:
        listed = [kinds] if isinstance(kinds, str) else list(kinds)
        return {**schema, "type": [*listed, "null"]}
    if "enum" in schema and set(schema) <= {"enum", *_ANNOTATIONS}:
        return {**schema, "enum": [*schema["enum"], None]}
    if "anyOf" in schema and set(schema) <= {"anyOf", *_ANNOTATIONS}:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    notes = {key: schema[key] for key in _ANNOTATIONS if key in schema}
    rest = {key: value for key, value in schema.items() if key not in _ANNOTATIONS}
    return {**notes, "anyOf": [rest, {"type": "null"}]}
