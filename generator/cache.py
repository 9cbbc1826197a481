"""A store of each input file's finished work, so that a run redoes only what changed.

At 1,000 reviews, reading, checking and rendering every file takes seconds; a run after one edit
needs to do that for one file. `.cache/generator/` in the project folder (git-ignored) holds, for
each review file, what checking it found (the review and its problems) and its rendered pages;
and each list page.

An entry is found by its key: a hash of everything its result depends on (the files' names and
bytes, portal.yaml's bytes, and for pages what the as-of date decides: see render.py) and of the
generator itself (its code and templates, the Python and library versions). Change any of these:
the key changes, so an entry is never out of date: at worst unused. Only a successful `generate`
writes to the cache (`check`, and a run that finds errors, only read it), and it deletes the
entries it did not use. An entry that cannot be read is ignored and made again, and a cache
that cannot be written only makes the next run slower: the output never depends on the cache.

Entries are JSON data (see records.py), never pickles: reading one runs no code, and one whose
shape is not exactly what it should be is ignored and made again. (The run's compiled Jinja
templates are not kept: compiled code could only be kept as code.)
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import sys
import time
from pathlib import Path
from typing import Any

import jinja2
import markdown
import markupsafe
import nh3
import yaml

from .cores import fill
from .output import write_atomic
from .records import Malformed, from_data, to_data

FOLDER = Path(".cache") / "generator"
FORMAT = 1  # of an entry: {"format": 1, "value": <data>}
_PACKAGE = Path(__file__).parent


@functools.lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """Changes whenever the generator's code or templates, Python or a library it uses change."""
    hashed = hashlib.sha256(sys.version.encode())
    for library in (jinja2, markdown, nh3, yaml):
        hashed.update(f"\0{library.__name__} {library.__version__}".encode())
    hashed.update(Path(markupsafe.__file__ or "").read_bytes())  # no __version__ without a warning
    hashed.update(f"\0nhs-number {importlib.metadata.version('nhs-number')}".encode())  # no __version__
    for file in sorted(_PACKAGE.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".j2"):
            hashed.update(f"\0{file.relative_to(_PACKAGE).as_posix()}\0".encode())
            hashed.update(file.read_bytes())
    return hashed.digest()


def digest(*parts: str | bytes) -> str:
    """One hash of several parts, each kept apart from the next (("ab", "c") is not ("a", "bc"))."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big"))
        hashed.update(data)
    return hashed.hexdigest()


# `make serve` regenerates in one long-lived process: the entries its last run used, as read (the
# same key is the same value, so they are as good as the files), saving the reading and checking
# of some 2,400 JSON files per save at 1,000 reviews.
_remembered: dict[str, Any] = {}


class Cache:
    """Entries under `folder`, or none at all when `folder` is None (`--no-cache`). With
    `remember`, entries are also kept in memory from one run to the next (make serve)."""

    def __init__(self, folder: Path | None, remember: bool = False, processes: int = 1) -> None:
        self.folder = folder
        self.remember = remember
        self.processes = processes  # how many may fill it at once (cores.fill)
        self.used: set[str] = set()
        self.pending: dict[str, Any] = {}
        self.read: dict[str, Any] = {}

    def key(self, kind: str, *parts: str | bytes) -> str:
        """`<generator version>-<kind>-<hash>`: the entry's file name."""
        return f"{_version()}-{kind}-{digest(fingerprint(), kind, *parts)}"

    def get(self, key: str, kind: Any) -> Any:
        """The value of type `kind` stored under `key`, or None when there is none, or when what
        is there cannot be read or is not exactly a `kind` (it is then made again)."""
        if self.folder is None:
            return None
        self.used.add(key)
        if key in self.pending:  # made by this run (or by another process for it: cores.fill)
            return self.pending[key]
        if self.remember and key in _remembered:
            self.read[key] = _remembered[key]
            return _remembered[key]
        try:
            with (self.folder / key).open("rb") as stream:
                entry = json.load(stream)
            if type(entry) is not dict or entry.keys() != {"format", "value"} or entry["format"] != FORMAT:
                return None
            value = from_data(entry["value"], kind)
        except (OSError, ValueError, Malformed, RecursionError):  # missing, cut short, planted, old
            return None
        if self.remember:
            self.read[key] = value
        return value

    def _write(self, key: str) -> None:
        assert self.folder is not None
        entry = {"format": FORMAT, "value": to_data(self.pending[key])}
        write_atomic(self.folder / key, json.dumps(entry, ensure_ascii=False).encode("utf-8"))

    def _written_since(self, key: str, started: int) -> bool:
        assert self.folder is not None
        try:
            return (self.folder / key).stat().st_mtime_ns >= started
        except OSError:
            return False

    def has(self, key: str) -> bool:
        """Whether there is an entry under `key` (which `get` may still find unreadable)."""
        if self.folder is None:
            return False
        return key in self.pending or (self.remember and key in _remembered) or (self.folder / key).is_file()

    def put(self, key: str, value: Any) -> None:
        """Keep `value` under `key`: in memory until `save`, so a failed run writes nothing."""
        if self.folder is None:
            return
        self.used.add(key)
        self.pending[key] = value

    def save(self) -> None:
        """Write the new entries and delete every entry this run did not use (they belong to
        older versions of the inputs or of the generator). Called when a generate run succeeded."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            keys = list(self.pending)
            # A first run's entries are written by every core (cores.py); what a child did not
            # write (it died) is written here after: any entry not written since the save began.
            started = time.time_ns()
            shared = fill(self, keys, [1] * len(keys), self._write) > 1
            for key in keys:
                if not (shared and self._written_since(key, started)):
                    self._write(key)
            for file in self.folder.iterdir():
                if file.name not in self.used:
                    file.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only or full disk: the run goes on, the next one is slower
        if self.remember:
            _remembered.clear()
            _remembered.update(self.read)
            _remembered.update(self.pending)
        self.pending.clear()


def _version() -> str:
    return fingerprint().hex()[:12]


NO_CACHE = Cache(None)
