"""A progress line for long runs: shown on a terminal only, and only once a run has taken a while.

The pipeline reports how far it has got (`reading 412/1000 files`); this module decides whether a
person is watching. On a terminal, after DELAY seconds, the line is redrawn in place with `\\r`; in
a log, a pipe or CI nothing is printed, so output stays exact and quiet.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO


def silent(message: str) -> None:
    """Progress nobody is told about: the default for every step that reports progress."""


DELAY = 1.0  # seconds before the line appears: short runs never flicker
INTERVAL = 0.1  # seconds between redraws


class Progress:
    def __init__(
        self,
        stream: TextIO,
        delay: float = DELAY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._enabled = stream.isatty()
        self._show_from = clock() + delay
        self._next = 0.0
        self._width = 0  # of the line on screen, 0 when none is

    def __call__(self, message: str) -> None:
        """Show `message` in place of the last one, if a person is watching a long run."""
        if not self._enabled:
            return
        now = self._clock()
        if now < self._show_from or now < self._next:
            return
        self._next = now + INTERVAL
        self._stream.write("\r" + message.ljust(self._width))
        self._stream.flush()
        self._width = len(message)

    def clear(self) -> None:
        """Remove the line, so that what is printed next starts on a clean line."""
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0
