"""`--check`: passes on the committed tree, names what differs after a hand edit."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from .conftest import CONTRACT, GENERATED, run_regen


def test_check_passes_on_the_committed_tree() -> None:
    result = run_regen("--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "generated/conveyor_api is up to date" in result.stdout
    assert "generated in" in result.stdout


def test_check_names_edited_missing_and_extra_files(tmp_path: Path) -> None:
    copy = tmp_path / "conveyor_api"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    edited = copy / "api" / "orders" / "read_order.py"
    edited.write_text(edited.read_text().replace("Read an order", "Read an order (edited)"))
    (copy / "models" / "link.py").unlink()
    (copy / "api" / "orders" / "notes.py").write_text("# hand-written\n")

    result = run_regen("--check", "--output", copy)

    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "changed  api/orders/read_order.py" in out
    assert "missing  models/link.py" in out
    assert "extra    api/orders/notes.py" in out
    # a short unified diff of the edited file
    assert '-"""GET /1/orders/{id}: Read an order (edited)."""' in out
    assert '+"""GET /1/orders/{id}: Read an order."""' in out
    assert "./dev regen" in out


def test_check_ignores_bytecode_caches(tmp_path: Path) -> None:
    copy = tmp_path / "conveyor_api"
    shutil.copytree(GENERATED, copy)
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "client.cpython-311.pyc").write_bytes(b"\0")
    result = run_regen("--check", "--output", copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_regenerating_repairs_the_tree_and_keeps_unchanged_files(tmp_path: Path) -> None:
    copy = tmp_path / "conveyor_api"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "api" / "orders" / "read_order.py").write_text("broken\n")
    (copy / "api" / "stale").mkdir()
    (copy / "api" / "stale" / "gone.py").write_text("")
    untouched = copy / "client.py"
    before = untouched.stat().st_mtime_ns

    result = run_regen("--output", copy)

    assert result.returncode == 0, result.stderr
    assert "1 changed, 0 new, 1 removed files" in result.stdout
    assert not (copy / "api" / "stale").exists()
    assert untouched.stat().st_mtime_ns == before
    assert run_regen("--check", "--output", copy).returncode == 0


def test_refuses_to_write_into_a_folder_that_is_not_generated(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    result = run_regen("--output", tmp_path)
    assert result.returncode == 2
    assert "refusing to write" in result.stderr
    assert (tmp_path / "precious.txt").exists()


@pytest.fixture
def served_contract() -> Iterator[str]:
    """openapi/ served over loopback HTTP; yields the contract's URL."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(CONTRACT.parent))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{CONTRACT.name}"
    finally:
        server.shutdown()
        server.server_close()


def test_spec_read_from_a_url_produces_the_same_package(served_contract: str) -> None:
    result = run_regen("--check", "--spec", served_contract)
    assert result.returncode == 0, result.stdout + result.stderr
    assert served_contract in result.stdout


def test_report_against_a_url(served_contract: str) -> None:
    result = run_regen("--report-only", "--against", served_contract)
    assert result.returncode == 0, result.stderr
    assert f"No client-visible changes from {served_contract} to openapi/platform.yaml" in (
        result.stdout
    )


def test_unreachable_url_fails_clearly() -> None:
    result = run_regen("--report-only", "--spec", "http://127.0.0.1:9/openapi3.json")
    assert result.returncode == 2
    assert "cannot fetch the spec" in result.stderr
