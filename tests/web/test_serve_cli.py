from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from dateline.cli import main


def test_serve_without_an_archive_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1
    assert "dateline ingest" in result.output


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_answers_on_the_given_port(archive_path: Path, workers: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-c", "from dateline.cli import main; main()", "serve", "--db", str(archive_path), "--port", str(port),
           "--workers", workers]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/sites", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "server did not start"
                time.sleep(0.1)
        assert response.json()["ok"] is True
        assert httpx.post(f"http://127.0.0.1:{port}/api/ingest", json={}).status_code == 405
    finally:
        proc.terminate()
        proc.wait(timeout=10)
