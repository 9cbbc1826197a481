"""MkDocs hook for `make serve`: regenerate pages whenever a watched YAML file is saved.

Only acts under `mkdocs serve`; `make site` runs the generator itself with `--as-of`. Problems are
printed, not raised, so a mistake in a YAML file never stops the preview server: fix the file,
save, and the page reloads.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config: Any) -> None:
    if not _serving:
        return
    root = Path(config.config_file_path).resolve().parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from generator import pipeline
    from generator.cli import default_as_of

    checked, report = pipeline.generate(root, default_as_of())
    for problem in checked.problems:
        print(problem, file=sys.stderr)
    if report is None:
        print("generate: nothing written; the preview shows the last good pages", file=sys.stderr)
    elif report.written or report.deleted:
        print(f"generate: {len(report.written)} written, {len(report.deleted)} removed", file=sys.stderr)
