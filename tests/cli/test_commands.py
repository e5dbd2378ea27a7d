"""Every ``conveyor`` command against a live sandbox, in table and JSON form, and its errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import TOKEN, Run, one_error_line

REVIEW = "urn:example:schema:cli-review.1"


def test_help_and_version(run: Run) -> None:
    result = run("--help")
    for command in (
        "services",
        "orders",
        "artifacts",
        "aspects",
        "search",
        "lineage",
        "profiles",
        "sandbox",
        "demo",
    ):
        assert command in result.stdout
    assert "--at-time" in result.stdout and "--output" in result.stdout
    from conveyor import __version__

    assert __version__ in run("--version").stdout


def test_services_list_and_show(run: Run, run_json: Any) -> None:
    table = run("services", "list").stdout
    assert "word-count" in table and "urn:ivcap:service:" in table

    listed = run_json("services", "list")
    assert {s["name"] for s in listed} >= {"hello", "word-count", "sleep", "fail"}
    assert all(s["kind"] == "service" and s["id"].startswith("urn:ivcap:service:") for s in listed)
    assert len(run_json("services", "list", "--limit", "2")) == 2
    # Naming a field sorts A to Z unless --descending says otherwise.
    names = [s["name"] for s in run_json("services", "list", "--order-by", "name")]
    assert names == sorted(names)
    backwards = [
        s["name"] for s in run_json("services", "list", "--order-by", "name", "--descending")
    ]
    assert backwards == sorted(names, reverse=True)

    shown = run("services", "show", "word-count").stdout
    assert shown.startswith("Service word-count")
    assert "min-length" in shown and "option (fold|keep), default fold" in shown

    detail = run_json("services", "show", "word-count")
    by_name = {p["name"]: p for p in detail["parameters"]}
    assert by_name["text"]["mandatory"] is True and by_name["text"]["type"] == "artifact"
    assert by_name["case"]["options"] == ["fold", "keep"]
    assert run_json("services", "show", detail["id"])["name"] == "word-count"


def test_upload_from_stdin(run_json: Any) -> None:
    text = b"piped words, piped words\n" * 500
    artifact = run_json(
        "artifacts", "upload", "-", "--name", "piped.txt", "--chunk-size", "4096", input=text
    )
    assert artifact["name"] == "piped.txt" and artifact["size"] == len(text)
    assert artifact["status"] == "ready" and artifact["mime_type"] == "text/plain"


def test_upload_place_wait_and_download(run: Run, run_json: Any, notes: Path) -> None:
    uploaded = run("artifacts", "upload", str(notes), "--force", "--name", "cli-notes.txt")
    assert uploaded.stdout.startswith("Artifact cli-notes.txt")
    assert "uploading notes.txt" in uploaded.stderr  # the progress bar, on stderr
    artifact = run_json("artifacts", "upload", str(notes), "--name", "cli-notes.txt")
    assert artifact["kind"] == "artifact" and artifact["size"] == notes.stat().st_size
    assert artifact["sha256"] and artifact["mime_type"] == "text/plain"

    order = run_json(
        "orders", "place", "word-count", f"text={artifact['id']}", "min-length=3", "--wait"
    )
    assert order["status"] == "succeeded"
    assert order["parameters"]["min-length"] == "3"
    (product,) = order["products"]
    assert product["name"] == "word-counts.json"

    # text=@FILE uploads the file first.
    placed = run("orders", "place", "word-count", f"text=@{notes}", "--name", "at-file", "--wait")
    assert "Order at-file" in placed.stdout and "succeeded" in placed.stdout
    assert "word-counts.json" in placed.stdout

    shown = run_json("orders", "show", order["id"])
    assert shown["id"] == order["id"] and shown["products"] == order["products"]
    assert run_json("orders", "wait", order["id"])["status"] == "succeeded"
    listed = run_json("orders", "list", "--limit", "0")
    assert order["id"] in {o["id"] for o in listed}
    table = run("orders", "list").stdout
    assert order["id"] in table and "word-count" in table  # service names, not URNs

    saved = run("artifacts", "download", product["id"], "out/")
    path = Path("out") / "word-counts.json"
    assert "saved word-counts.json" in saved.stdout
    counts = json.loads(path.read_text())
    assert counts["words"] == 9 and counts["top"][:2] == [["the", 3], ["cat", 2]]
    streamed = run("artifacts", "download", artifact["id"], "-")
    assert streamed.stdout == notes.read_text()

    assert artifact["id"] in run("artifacts", "list").stdout
    detail = run_json("artifacts", "show", product["id"])
    assert [m["schema"] for m in detail["metadata"]] == [
        "urn:conveyor:schema:artifact.produced-by.1"
    ]
    assert "metadata" in run("artifacts", "show", product["id"]).stdout


def test_failed_order_and_bad_parameters(run: Run, run_json: Any) -> None:
    failed = run("orders", "place", "fail", "message=on purpose", "--wait", code=1)
    assert "ended failed: on purpose" in one_error_line(failed)

    unknown = run("orders", "place", "word-count", "nosuch=1", code=2)
    assert "nosuch" in one_error_line(unknown) and "did you mean" not in unknown.stdout
    wrong = run("orders", "place", "hello", "message", code=2)
    assert "name=value" in wrong.stderr
    slow = run("orders", "place", "sleep", "seconds=5", "--wait", "--timeout", "0.2", code=124)
    line = one_error_line(slow)
    assert "after 0.2 s" in line
    order = re.search(r"order (urn:ivcap:order:\S+) still", line)
    assert order and line.endswith(f"it runs on, to wait again: conveyor orders wait {order[1]}")
    again = run("orders", "wait", order[1], "--timeout", "0.1", code=124)
    assert f"conveyor orders wait {order[1]}" in one_error_line(again)


def test_aspects_add_list_retract_and_at_time(run: Run, run_json: Any, tmp_path: Path) -> None:
    artifact = run_json("artifacts", "upload", str(_file(tmp_path, "a.txt", "aspect target")))
    content = json.dumps({"$schema": REVIEW, "ok": True})
    added = run_json("aspects", "add", artifact["id"], content)
    assert added["schema"] == REVIEW and added["content"] == {"$schema": REVIEW, "ok": True}
    assert added["valid_to"] is None

    from_file = _file(tmp_path, "note.json", json.dumps({"note": "from a file"}))
    other = run_json(
        "aspects", "add", artifact["id"], f"@{from_file}", "--schema", "urn:example:note.1"
    )
    assert other["content"] == {"note": "from a file"}
    from_stdin = run_json(
        "aspects", "add", artifact["id"], "-", "--replace", input=json.dumps({"$schema": REVIEW})
    )
    assert from_stdin["replaces"] == added["id"]

    listed = run_json("aspects", "list", "--entity", artifact["id"], "--schema", REVIEW)
    assert [a["id"] for a in listed] == [from_stdin["id"]]
    table = run("aspects", "list", "--entity", artifact["id"]).stdout
    assert other["id"] in table and "urn:example:note.1" in table
    # Identifiers are whole, so they can be pasted back into another command.
    every = run_json("aspects", "list", "--entity", artifact["id"])
    assert len(every) == 2 and all(a["id"] in table and a["schema"] in table for a in every)
    assert run_json("aspects", "show", other["id"])["content"] == {"note": "from a file"}

    retracted = run_json("aspects", "retract", other["id"])
    assert retracted["valid_to"] is not None
    assert "retracted" in run("aspects", "retract", from_stdin["id"]).stdout
    now = run_json("aspects", "list", "--entity", artifact["id"])
    assert [a for a in now if not a["schema"].startswith("urn:conveyor:")] == []
    # --at-time takes any date text: the aspects as they were before the retraction.
    before = run_json(
        "--at-time", added["valid_from"], "aspects", "list", "--entity", artifact["id"]
    )
    assert added["id"] in {a["id"] for a in before}
    assert run_json("--at-time", "3 days ago", "artifacts", "list") == []
    assert run_json("--at-time", "1 January 2001", "orders", "list") == []

    bad = run("aspects", "add", artifact["id"], "{not json", code=2)
    assert "not valid JSON" in bad.stderr
    no_schema = run("aspects", "add", artifact["id"], '{"a": 1}', code=2)
    assert "schema" in one_error_line(no_schema)


def test_search(run: Run, run_json: Any, tmp_path: Path) -> None:
    artifact = run_json("artifacts", "upload", str(_file(tmp_path, "s.txt", "searchable")))
    run("aspects", "add", artifact["id"], json.dumps({"$schema": REVIEW, "ok": True}))
    query = f'aspect(Id, "{artifact["id"]}", "{REVIEW}", Content)'
    rows = run_json("search", query)
    assert len(rows) == 1 and rows[0]["Content"] == {"$schema": REVIEW, "ok": True}
    assert '"ok": true' in run("search", query).stdout
    assert run_json("search", "-", input=query) == rows


def test_lineage_command(
    run: Run, run_json: Any, notes: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    order = run_json(
        "orders", "place", "word-count", f"text=@{notes}", "--name", "traced", "--wait"
    )
    product = order["products"][0]["id"]
    tree = run("lineage", product).stdout
    assert tree.splitlines()[0].startswith("artifact word-counts.json")
    assert 'produced by order "traced"' in tree and "service word-count" in tree
    assert "input notes.txt" in tree
    assert run("lineage", product, "--format", "mermaid").stdout.startswith("flowchart LR")
    assert run("lineage", order["id"], "--format", "dot").stdout.startswith("digraph lineage")
    svg = run("lineage", product, "--format", "svg").stdout
    assert svg.startswith("<svg") and ">notes.txt</text>" in svg
    graph = run_json("lineage", order["id"])
    assert graph["root"] == order["id"]
    assert {e["relation"] for e in graph["edges"]} == {"service", "input", "produced"}

    monkeypatch.setenv("PATH", str(tmp_path / "no-graphviz-here"))
    missing = run("lineage", product, "--image", "out.svg", code=1)
    assert "Graphviz" in one_error_line(missing)
    wrong = run("lineage", "urn:ivcap:service:x", code=2)
    assert "artifact or order URN" in wrong.stderr


def test_errors_are_one_line_without_traceback(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = "urn:ivcap:order:0f1e2d3c-4b5a-4697-8877-665544332211"
    not_found = run("orders", "show", missing, code=1)
    assert "404" in one_error_line(not_found) and not not_found.stdout
    malformed = run("artifacts", "show", "not-a-urn", code=2)
    assert "not a URN" in one_error_line(malformed)
    no_file = run("aspects", "add", missing, "@does-not-exist.json", code=1)
    assert "does-not-exist.json" in one_error_line(no_file)

    wrong_token = run("--token", "wrong-token-123456", "services", "list", code=1)
    line = one_error_line(wrong_token)
    assert "401" in line and "wrong-token-123456" not in wrong_token.stderr

    monkeypatch.delenv("CONVEYOR_URL")
    monkeypatch.delenv("CONVEYOR_TOKEN")
    unconfigured = run("services", "list", code=1)
    assert "conveyor profiles add" in one_error_line(unconfigured)
    refused = run("--url", "http://127.0.0.1:9", "--retries", "0", "services", "list", code=1)
    assert one_error_line(refused)
    bad_date = run("--at-time", "not a date", "services", "list", code=2)
    assert "not a date or time" in one_error_line(bad_date)


@pytest.mark.parametrize(
    ("args", "named", "help_of"),
    [
        (("--output", "xml", "services", "list"), "'xml' is not one of", ""),
        (("orders", "place", "hello", "no-equals-sign"), "name=value", " orders place"),
        (("artifacts", "upload", "/no/such/file"), "/no/such/file", " artifacts upload"),
        (("services", "frobnicate"), "No such command 'frobnicate'", " services"),
        (("orders", "list", "--bogus"), "--bogus", " orders list"),
    ],
)
def test_usage_errors_are_one_line_naming_the_help(
    run: Run, args: tuple[str, ...], named: str, help_of: str
) -> None:
    line = one_error_line(run(*args, code=2))
    # The program name is the runner's, not necessarily "conveyor".
    assert named in line and re.search(rf"\(see '\w+{help_of} --help'\)$", line), line


def test_a_bare_group_still_shows_its_help(run: Run) -> None:
    result = run("orders", code=2)
    assert "orders [OPTIONS] COMMAND" in result.stderr and "place" in result.stderr


def test_debug_shows_traceback_and_http_log_but_no_token(run: Run) -> None:
    missing = "urn:ivcap:artifact:0f1e2d3c-4b5a-4697-8877-665544332211"
    result = run("--debug", "artifacts", "show", missing, code=1)
    assert "Traceback" in result.stderr and "NotFound" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("error: 404")
    assert "debug: httpx: HTTP Request: GET" in result.stderr
    ok = run("--debug", "services", "list")
    assert "debug: httpx" in ok.stderr and TOKEN not in ok.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("services", "list"),
        ("services", "show", "hello"),
        ("artifacts", "list"),
        ("orders", "list"),
        ("aspects", "list"),
        ("profiles", "list"),
    ],
)
def test_json_output_parses(run: Run, args: tuple[str, ...]) -> None:
    result = run("-o", "json", *args)
    value = json.loads(result.stdout)
    assert isinstance(value, list | dict)
    items = value if isinstance(value, list) else [value]
    for item in items:
        assert isinstance(item, dict)
    if items and "kind" in items[0]:
        # The same keys for every item of a kind: machine-readable, stable.
        assert len({tuple(item) for item in items}) == 1


def _file(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bug_is_one_line_too(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from conveyor.cli._core import State

    def broken(self: State) -> Any:
        raise TypeError("boom")

    monkeypatch.setattr(State, "client", broken)
    result = run("services", "list", code=1)
    line = one_error_line(result)
    assert "unexpected TypeError: boom" in line and "--debug" in line
    debug = run("--debug", "services", "list", code=1)
    assert "Traceback" in debug.stderr and "TypeError: boom" in debug.stderr
