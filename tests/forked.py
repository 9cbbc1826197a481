"""What the test drivers (build_driver.py, cores_driver.py) ask after a run: are its children gone?"""

from __future__ import annotations

import os


def children_left() -> int:
    """How many child processes of this one are still running or not yet reaped."""
    left = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return left
        if pid == 0:
            return left + 1
        left += 1
