"""The command line in a real (pseudo-)terminal: data printed as written, colours for
statuses and errors, the download bar, and Ctrl-C or --timeout while waiting."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conveyor import Client, OrderFailed

from .conftest import TOKEN
from .terminal import CTRL_C, Terminal, plain, run_in_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

TRICKY = ("run:ok:done.txt", "[bold]warn.txt", "[red on white]alert.txt")
SCHEMA = "urn:x:s.1"
RED, GREEN = "\x1b[31m", "\x1b[32m"


@pytest.fixture(scope="module")
def tricky(server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Artifacts whose names, and an aspect whose schema, look like rich markup or emoji codes."""
    with Client(server.url, token=TOKEN, cache_dir=tmp_path_factory.mktemp("c")) as client:
        made = [client.artifacts.upload(name.encode(), name=name, force=True) for name in TRICKY]
        aspect = made[0].add_metadata({"$schema": SCHEMA, "ok": True})
        service = client.services.get_by_name("word-count")
        succeeded = service.place_order("fine", text=made[0]).wait(timeout=30)
        failed = client.services.get_by_name("fail").place_order("broken", message="on purpose")
        with contextlib.suppress(OrderFailed):
            failed.wait(timeout=30)
        yield {"artifacts": made, "aspect": aspect, "succeeded": succeeded, "failed": failed}


def test_tables_and_describe_print_data_as_written(env: dict[str, str], tricky: Any) -> None:
    code, out = run_in_terminal("artifacts", "list", "--limit", "0")
    assert code == 0, out
    shown = plain(out)
    for name in TRICKY:
        assert name in shown, shown
    assert "\U0001f197" not in out  # the :ok: emoji

    entity = tricky["artifacts"][0].id
    code, out = run_in_terminal("aspects", "list", "--entity", entity)
    assert code == 0 and SCHEMA in plain(out) and "\u274c" not in out  # not the :x: emoji

    code, out = run_in_terminal("artifacts", "show", tricky["artifacts"][1].id)
    assert code == 0 and "Artifact [bold]warn.txt" in plain(out)
    assert f"{SCHEMA}  {tricky['aspect'].id}" in plain(
        run_in_terminal("artifacts", "show", entity)[1]
    )


def test_statuses_are_coloured_on_a_terminal(env: dict[str, str], tricky: Any) -> None:
    code, out = run_in_terminal("orders", "list", "--limit", "0")
    assert code == 0, out
    assert re.search(re.escape(RED) + r"(\x1b\[[0-9;]*m)*failed", out), out
    assert re.search(re.escape(GREEN) + r"(\x1b\[[0-9;]*m)*succeeded", out), out
    # Other columns stay uncoloured: a red name would read as a failure.
    assert not re.search(re.escape(RED) + r"(\x1b\[[0-9;]*m)*broken", out)


def test_error_prefix_is_red_on_a_terminal_only(
    env: dict[str, str], run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = "urn:ivcap:order:0f1e2d3c-4b5a-4697-8877-665544332211"
    code, out = run_in_terminal("orders", "show", missing)
    assert code == 1 and re.search(re.escape(RED) + r"(\x1b\[[0-9;]*m)*error:", out), out
    assert plain(out).startswith("error: 404")
    piped = run("orders", "show", missing, code=1)  # not a terminal: no escape codes
    assert piped.stderr.startswith("error: 404") and "\x1b" not in piped.stderr

    monkeypatch.setenv("NO_COLOR", "1")
    code, out = run_in_terminal("orders", "show", missing, env=dict(os.environ))
    assert code == 1 and "\x1b[31m" not in out and "error: 404" in out


def test_download_shows_a_bar(env: dict[str, str], server: Any, tmp_path: Path) -> None:
    with Client(server.url, token=TOKEN, cache_dir=tmp_path / "c") as client:
        big = client.artifacts.upload(os.urandom(3 * 2**20), name="big.bin", force=True)
    code, out = run_in_terminal("artifacts", "download", big.id, "got/", cwd=str(tmp_path))
    assert code == 0, out
    assert "downloading big.bin" in plain(out)
    assert "saved big.bin to got/big.bin" in plain(out)
    assert (tmp_path / "got" / "big.bin").stat().st_size == 3 * 2**20


def test_ctrl_c_while_waiting_names_the_order_and_how_to_go_on(env: dict[str, str]) -> None:
    terminal = Terminal("orders", "place", "sleep", "seconds=10", "--wait")
    try:
        terminal.expect(r"waiting for order urn:ivcap:order:")
        terminal.send(CTRL_C)
        code = terminal.wait(30)
    finally:
        terminal.close()
    shown = plain(terminal.output)
    found = re.search(
        r"interrupted: order (urn:ivcap:order:\S+) runs on, "
        r"to wait again: conveyor orders wait (urn:ivcap:order:\S+)",
        shown,
    )
    assert found and found[1] == found[2], shown
    assert code == 130 and "Traceback" not in shown


def test_timeout_while_waiting_has_its_own_exit_status(env: dict[str, str]) -> None:
    code, out = run_in_terminal(
        "orders", "place", "sleep", "seconds=5", "--wait", "--timeout", "0.3"
    )
    shown = plain(out)
    assert code == 124, shown
    assert re.search(
        r"error: order (urn:ivcap:order:\S+) still \w+ after 0\.3 s; it runs on, "
        r"to wait again: conveyor orders wait \1$",
        shown.strip(),
    ), shown


def test_an_order_names_its_service_alike_in_list_show_and_json(
    env: dict[str, str], tricky: Any, run: Any
) -> None:
    order = tricky["succeeded"]
    code, out = run_in_terminal("orders", "list", "--limit", "0")
    row = next(line for line in plain(out).splitlines() if line.startswith(order.id))
    assert code == 0 and "word-count" in row and "urn:ivcap:service" not in row
    code, out = run_in_terminal("orders", "show", order.id)
    assert code == 0 and f"service      word-count ({order.service_id})" in plain(out), out
    shown = json.loads(run("-o", "json", "orders", "show", order.id).stdout)
    listed = json.loads(run("-o", "json", "orders", "list", "--limit", "0").stdout)
    [same] = [item for item in listed if item["id"] == order.id]
    for key in ("service", "service_name", "status", "name", "ordered_at"):
        assert same[key] == shown[key], key
    assert shown["service_name"] == "word-count" and "parameters" not in same


def test_a_stopped_sandbox_profile_is_named_before_the_error(env: dict[str, str], run: Any) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    run("profiles", "add", "sandbox", url)
    code, out = run_in_terminal("--profile", "sandbox", "--retries", "0", "services", "list")
    lines = plain(out).strip().splitlines()
    assert code == 1, out
    assert lines[0].startswith(f"warning: profile 'sandbox' points at {url}"), lines
    assert lines[-1].startswith("error: ") and "came from profile 'sandbox'" in lines[-1]
    assert re.search(re.escape(RED) + r"(\x1b\[[0-9;]*m)*error:", out)
