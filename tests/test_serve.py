"""`make serve`: saving a YAML file regenerates the page; a mistake never stops the server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import VALID_REVIEW, copy_sample


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, wanted: str, seconds: float = 40) -> str:
    """Poll a loopback URL until its body contains `wanted` (bounded in time)."""
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if wanted in body:
                return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {wanted!r}")


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    copy_sample(tmp_path)
    (tmp_path / "reviews/child-t.yaml").write_text(VALID_REVIEW, encoding="utf-8")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    try:
        yield tmp_path, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_saving_yaml_regenerates_and_errors_do_not_stop_the_server(server) -> None:  # type: ignore[no-untyped-def]
    root, base = server
    page = f"{base}/reviews/child-t/"
    _wait_for(page, "Child T")
    review = root / "reviews/child-t.yaml"
    review.write_text(VALID_REVIEW.replace("Child T", "Child T renamed"), encoding="utf-8")
    _wait_for(page, "Child T renamed")
    review.write_text(VALID_REVIEW.replace("due: 2020-08", "due: next summer"), encoding="utf-8")
    expected = "expected a date like 2016-08-31, got 'next summer'"
    deadline = time.monotonic() + 40
    while expected not in (root / "serve.log").read_text() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert expected in (root / "serve.log").read_text()
    _wait_for(page, "Child T renamed")  # still serving the last good page
    review.write_text(VALID_REVIEW.replace("Child T", "Child T fixed"), encoding="utf-8")
    _wait_for(page, "Child T fixed")
