"""Write the planned pages under content/: all or nothing, only what changed, only in our own folders.

The generator owns a few folders under content/ (GENERATED_DIRS) and the home page. Three files
beside them (MkDocs ignores names starting with a dot) keep content/ whole:

- `content/.generated`, the manifest: every file the generator wrote, with a hash of its bytes,
  and a hash of each input file it was made from. It is the only truth about which files are
  generated. A file it does not list is hand-written and is never overwritten or deleted (even a
  copy of a generated page, marker comment and all); a listed file whose bytes no longer match
  was edited by hand, and is reported rather than replaced. The MkDocs hook compares the input
  hashes with the files on disk, so a build never publishes pages older than their inputs.
- `content/.generated.journal` and `content/.generated.staging/`: a run first writes every
  changed page into the staging folder, then the journal (the list of pages to move in, pages to
  delete, and the new manifest) in one atomic rename: the moment the run is decided. Only then
  are the pages moved into place. A run killed before the journal exists has changed nothing
  (its staging folder is thrown away); a run killed after is finished by the next run, before
  anything else, from the journal (`recover`). The MkDocs hook refuses to build while a journal
  is waiting, so a build sees content/ as it was before a run or as it is after, never half.
- One run at a time, and no run while MkDocs builds: see `lock`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .problems import Problem

GENERATED_DIRS = ("reviews", "themes", "actions", "bulletins", "data", "reports")
GENERATED_FILES = ("index.md",)
MANIFEST = ".generated"
JOURNAL = ".generated.journal"
STAGING = ".generated.staging"
TEMPORARY = ".tmp-"  # the start of write_atomic's files' names, until they are renamed
FORMAT = 2  # of the manifest and the journal (1: a plain list of paths, without hashes)
LOCK_WAIT = 120.0  # seconds a run waits for another one before it gives up


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Manifest:
    files: Mapping[str, str]  # path under content/ → sha256 of its bytes ("" when not known)
    inputs: Mapping[str, str] = field(default_factory=dict)  # input file → sha256 of its bytes
    as_of: str = ""  # the date the run took as today (YYYY-MM-DD)

    def as_json(self) -> bytes:
        body = {
            "format": FORMAT,
            "as_of": self.as_of,
            "files": dict(sorted(self.files.items())),
            "inputs": dict(sorted(self.inputs.items())),
        }
        return (json.dumps(body, indent=1) + "\n").encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _owned(path: str) -> bool:
    """A path the generator may write: inside one of its folders (or its home page), no `..`."""
    pure = PurePosixPath(path)
    parts = pure.parts
    if not parts or ".." in parts or pure.is_absolute() or "\\" in path or str(pure) != path:
        return False
    return path in GENERATED_FILES or (len(parts) > 1 and parts[0] in GENERATED_DIRS)


# What was read from each file, by the file's status when it was read: `make serve` reads the
# same manifest and pages on every save, and they seldom changed. A file written since has another
# status (its change time cannot be set back, not even by `touch`), so it is read again.
_read: dict[str, tuple[tuple[int, ...], Any]] = {}


def _status(file: Path) -> tuple[int, ...] | None:
    """The file's identity and times, None when it is not a regular file (or a link, or gone)."""
    try:
        status = os.lstat(file)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _as_last_read(file: Path, read: Callable[[Path], Any]) -> Any:
    """`read(file)`, or what it gave last time if the file has not changed since."""
    name = os.path.abspath(file)
    status = _status(file)  # before reading: a change made while reading shows next time
    if status is not None and name in _read and _read[name][0] == status:
        return _read[name][1]
    value = read(file)
    if status is not None:
        _read[name] = (status, value)
    return value


def written_in_content(name: str) -> bool:
    """A name directly in content/ that only generate writes: its folders and home page, its
    manifest, journal and staging folder, and write_atomic's files on their way."""
    return name in {*GENERATED_DIRS, *GENERATED_FILES, MANIFEST, JOURNAL, STAGING} or name.startswith(
        TEMPORARY
    )


def read_manifest(content: Path) -> Manifest:
    """The manifest, or an empty one. Entries outside the generator's folders are ignored: a
    planted line can never make the generator delete or overwrite a hand-written page."""
    return _as_last_read(content / MANIFEST, lambda file: _read_manifest(content))  # type: ignore[no-any-return]


def _read_manifest(content: Path) -> Manifest:
    try:
        raw = (content / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Manifest({})
    try:
        data = json.loads(raw)
    except ValueError:  # format 1: one path per line, no hashes
        return Manifest({line: "" for line in raw.splitlines() if line and _owned(line)})
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return Manifest({})
    files, inputs = data.get("files"), data.get("inputs")
    if not isinstance(files, dict) or not isinstance(inputs, dict):
        return Manifest({})
    return Manifest(
        {path: digest for path, digest in files.items() if _owned(path) and isinstance(digest, str)},
        {
            path: digest
            for path, digest in inputs.items()
            if isinstance(path, str) and isinstance(digest, str)
        },
        data["as_of"] if isinstance(data.get("as_of"), str) else "",
    )


# --- writing files whole -------------------------------------------------------------------------


def _fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every system (Windows): the rename is still atomic
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def write_atomic(file: Path, data: bytes, durable: bool = False) -> None:
    """Write `data` to `file` through a temporary file, so a crash never leaves half a file.

    `durable`: also flush it to the disk before the rename (for what must survive a power cut).
    """
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=TEMPORARY)
    try:
        os.chmod(temporary, 0o644)  # as an ordinary file is made (mkstemp makes it private)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(file.parent)


# --- one run at a time ---------------------------------------------------------------------------


class Busy(Exception):
    """Another run held the lock for longer than a run waits."""


@contextmanager
def lock(root: Path, shared: bool = False, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the project's lock: exclusive for a generate run, shared for a build reading content/.

    Two generate runs, or a generate and a build, never overlap: `make serve` regenerating while
    `make site` writes waits for it. The lock is on the project folder itself (flock works on a
    folder), so no lock file is ever left behind. `waiting` is called once if the lock is not free
    at once; Busy is raised after LOCK_WAIT seconds. Without fcntl (Windows) there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        yield
        return
    handle = os.open(root, os.O_RDONLY)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    try:
        deadline = None
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is None:
                    waiting()
                    deadline = time.monotonic() + LOCK_WAIT
                elif time.monotonic() > deadline:
                    raise Busy() from None
                time.sleep(0.1)
        yield
    finally:
        os.close(handle)  # releases the lock


# --- the plan ------------------------------------------------------------------------------------


def _problem(path: str, message: str) -> Problem:
    return Problem(f"content/{path}", 1, 1, None, message)


def _linked_folder(content: Path, path: str, seen: dict[Path, str | None]) -> str | None:
    """The first folder on the way to `path` that is a symbolic link, if any: writing through it
    would put a page outside content/."""
    folder = content
    for part in PurePosixPath(path).parts[:-1]:
        folder = folder / part
        if folder not in seen:
            seen[folder] = folder.relative_to(content).as_posix() if folder.is_symlink() else None
        if seen[folder]:
            return seen[folder]
    return None


def _current(file: Path) -> bytes | None:
    try:
        return file.read_bytes() if file.is_file() and not file.is_symlink() else None
    except OSError:
        return None


def _kind(file: Path) -> str:
    """What the file is, from one look at it: file, link, folder, other or missing."""
    try:
        mode = os.lstat(file).st_mode
    except OSError:
        return "missing"
    if stat.S_ISLNK(mode):
        return "link"
    return "file" if stat.S_ISREG(mode) else "folder" if stat.S_ISDIR(mode) else "other"


def _digest(file: Path) -> str | None:
    """The sha256 of a regular file's bytes (None: missing, a link, not a file)."""

    def read(file: Path) -> str | None:
        current = _current(file)
        return None if current is None else sha256(current)

    return _as_last_read(file, read)  # type: ignore[no-any-return]


LINKED = (
    "content/{folder} is a link to another folder; the generator writes only into real folders "
    "inside content/: replace the link with a folder"
)
EDITED = (
    "content/{path} was written by the generator and then edited by hand; generated pages are made "
    "from {source}: put the change there, then delete this file (the generator does not replace "
    "a page someone edited)"
)
HAND_WRITTEN = (
    "content/{path} is a hand-written file where a generated page must go; move or rename it "
    "(the generator never overwrites hand-written files)"
)
WITHHELD = (
    "content/{path} is at the address of review '{slug}', which is not public ({why}); the "
    "generator did not write it, so it will not delete it: move it out of content/reviews/ "
    "or delete it, or it would be published"
)


@dataclass(frozen=True)
class Plan:
    """What a run will do: pages to write (changed ones only), pages to delete, the new manifest."""

    write: dict[str, bytes]
    delete: list[str]
    manifest: Manifest
    unchanged: int


def make_plan(
    content: Path,
    pages: Mapping[str, bytes],
    inputs: Mapping[str, str],
    withheld: Mapping[str, str],
    source_of: Callable[[str], str] = lambda path: "its YAML file",
    as_of: str = "",
) -> tuple[Plan | None, list[Problem]]:
    """Compare the pages with content/ as it is: what to write and delete, or why nothing may be.

    `withheld`: slug (and alias) → why, for each review that is not public: nothing may stay at
    its address. `source_of(path)`: the input a page is made from, for the messages.
    """
    manifest = read_manifest(content)
    problems: list[Problem] = []
    links: dict[Path, str | None] = {}
    write: dict[str, bytes] = {}
    unchanged = 0
    digests = {path: sha256(data) for path, data in pages.items()}
    for path in sorted(pages):
        if not _owned(path):
            raise ValueError(f"internal error: refusing to write outside generated folders: {path}")
        linked = _linked_folder(content, path, links)
        if linked is not None:
            problems.append(_problem(linked, LINKED.format(folder=linked)))
            continue
        file = content / path
        kind = _kind(file)
        if kind in ("link", "folder"):
            problems.append(_problem(path, HAND_WRITTEN.format(path=path)))
            continue
        current = _digest(file) if kind == "file" else None
        if current is None:
            write[path] = pages[path]
            continue
        if path not in manifest.files:
            problems.append(_problem(path, HAND_WRITTEN.format(path=path)))
            continue
        if manifest.files[path] and current != manifest.files[path]:
            problems.append(_problem(path, EDITED.format(path=path, source=source_of(path))))
            continue
        if current == digests[path]:
            unchanged += 1
        else:
            write[path] = pages[path]
    delete = []
    for path in sorted(set(manifest.files) - set(pages)):
        current = _digest(content / path)
        if current is None:
            continue
        if manifest.files[path] and current != manifest.files[path]:
            problems.append(_problem(path, EDITED.format(path=path, source=source_of(path))))
            continue
        delete.append(path)
    problems += _left_at_withheld(content, withheld, set(manifest.files))
    if problems:
        return None, sorted(set(problems))
    new = Manifest(digests, dict(inputs), as_of)
    return Plan(write, delete, new, unchanged), []


def withheld_paths(content: Path, slugs: Iterable[str]) -> list[str]:
    """Every file (or link) at the address of one of `slugs`: `reviews/<slug>/...`, whether a
    real folder or a link to one, and `reviews/<slug>.md`, which MkDocs also publishes at
    /reviews/<slug>/."""
    found = []
    for slug in sorted(slugs):
        folder = content / "reviews" / slug
        page = content / "reviews" / f"{slug}.md"
        if page.exists() or page.is_symlink():
            found.append(page.relative_to(content).as_posix())
        if folder.is_symlink() or folder.is_file():
            found.append(folder.relative_to(content).as_posix())
        elif folder.is_dir():
            found += [
                file.relative_to(content).as_posix()
                for file in sorted(folder.rglob("*"))
                if file.is_file() or file.is_symlink()
            ]
    return found


def _left_at_withheld(content: Path, withheld: Mapping[str, str], ours: set[str]) -> list[Problem]:
    """Files the generator did not write, at the address of a review that is not public."""
    problems = []
    for slug, why in sorted(withheld.items()):
        for path in withheld_paths(content, [slug]):
            if path not in ours:
                problems.append(_problem(path, WITHHELD.format(path=path, slug=slug, why=why)))
    return problems


# --- carrying it out -----------------------------------------------------------------------------


def write_plan(content: Path, plan: Plan) -> Report:
    """Stage every changed page, commit the journal, then move the pages in (see the docstring)."""
    report = Report(written=sorted(plan.write), unchanged=plan.unchanged, deleted=list(plan.delete))
    old = read_manifest(content)
    if not plan.write and not plan.delete and old == plan.manifest:
        return report
    staging = content / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    for path, data in plan.write.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # Every staged page reaches the disk before the journal decides the run: one sync for them
    # all (an fsync per page cost 3.5 s of a first run at 1,000 reviews, 4,388 pages).
    if plan.write:
        os.sync()
    journal = {
        "format": FORMAT,
        "write": sorted(plan.write),
        "delete": plan.delete,
        "manifest": json.loads(plan.manifest.as_json()),
    }
    write_atomic(content / JOURNAL, json.dumps(journal).encode(), durable=True)  # the run is decided
    _apply(content)
    return report


def recover(content: Path) -> bool:
    """Finish a run that was interrupted after it was decided; throw away one that was not.

    Called at the start of every generate run, under the lock. True when there was one to finish.
    """
    if (content / JOURNAL).exists():
        _apply(content)
        return True
    shutil.rmtree(content / STAGING, ignore_errors=True)
    return False


def pending(content: Path) -> bool:
    """A run was decided but not finished: content/ is between two states."""
    return (content / JOURNAL).exists()


def _apply(content: Path) -> None:
    """Move the staged pages in, delete the old ones, write the manifest: each step can be done
    again, so a run killed here is finished by the next one."""
    journal = _read_journal(content)
    staging = content / STAGING
    for path in journal["write"]:
        staged = staging / path
        if staged.exists():
            (content / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, content / path)
    for path in journal["delete"]:
        (content / path).unlink(missing_ok=True)
        _remove_empty_parents(content, (content / path).parent)
    manifest = journal["manifest"]
    write_atomic(content / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode(), durable=True)
    (content / JOURNAL).unlink()
    _fsync_folder(content)
    shutil.rmtree(staging, ignore_errors=True)


def _read_journal(content: Path) -> dict[str, Any]:
    """The journal, checked: a journal is only ever written whole (atomic rename), so one that
    does not read is not ours to act on."""
    data = json.loads((content / JOURNAL).read_text(encoding="utf-8"))
    ok = (
        isinstance(data, dict)
        and data.get("format") == FORMAT
        and all(isinstance(p, str) and _owned(p) for p in data.get("write", [None]))
        and all(isinstance(p, str) and _owned(p) for p in data.get("delete", [None]))
        and isinstance(data.get("manifest"), dict)
    )
    if not ok:
        raise ValueError(f"content/{JOURNAL} is not a journal this generator wrote; delete it and run again")
    return dict(data)


def _remove_empty_parents(content: Path, folder: Path) -> None:
    while folder != content and folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
