"""``orders place`` checks everything before uploading, and messages speak the command line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conveyor import Client

from .conftest import TOKEN, Run, one_error_line


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "big-unique-upload.bin"
    path.write_bytes(b"never to be uploaded " * 1000)
    return path


def uploaded(server: Any, name: str) -> list[str]:
    with Client(server.url, token=TOKEN) as client:
        return [a.id for a in client.artifacts.list(filter=f"name == '{name}'")]


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (("txt=@{big}",), "txt: the service has no such parameter"),
        (("text=@{big}", "min-length=abc"), "min-length: expects an integer, got 'abc'"),
        (("text=@{big}", "min_length=abc"), "min-length: expects an integer"),
        (("text=@{big}", "case=upper"), "case: expects one of 'fold', 'keep'"),
        (("min-length=@{big}",), "min-length: @FILE uploads a file as an artifact"),
        (("text=@{big}", "mn-length=3"), "did you mean 'min-length'?"),
        (("min-length=3",), "text: missing, and the service needs it"),
    ],
)
def test_a_wrong_parameter_is_refused_before_any_upload(
    run: Run, server: Any, big: Path, arguments: tuple[str, ...], says: str
) -> None:
    given = [a.format(big=big) for a in arguments]
    result = run("orders", "place", "word-count", *given, code=2)
    line = one_error_line(result)
    assert says in line, line
    assert "min_length" not in line  # the command line's names, not Python's
    assert "uploading" not in result.stderr
    assert uploaded(server, big.name) == []


def test_a_missing_file_is_named_with_its_parameter(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    line = one_error_line(run("orders", "place", "word-count", f"text=@{missing}", code=2))
    assert line == f"error: text: no such file: {str(missing)!r}"


def test_a_right_order_still_uploads_and_runs(run_json: Any, big: Path, server: Any) -> None:
    order = run_json("orders", "place", "word-count", f"text=@{big}", "min-length=3", "--wait")
    assert order["status"] == "succeeded"
    (artifact,) = uploaded(server, big.name)
    assert order["parameters"]["text"] == artifact


def test_sdk_advice_is_given_as_flags(
    run: Run, run_json: Any, notes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    artifact = run_json("artifacts", "upload", str(notes))
    no_schema = one_error_line(run("aspects", "add", artifact["id"], '{"a": 1}', code=2))
    assert "give --schema or put a '$schema' key" in no_schema and "schema=" not in no_schema

    order = run_json("orders", "place", "word-count", f"text={artifact['id']}", "--wait")
    monkeypatch.setenv("PATH", str(tmp_path / "no-graphviz-here"))
    graph = run("lineage", order["products"][0]["id"], "--image", "out.svg", code=1)
    line = one_error_line(graph)
    assert "--format svg, mermaid or dot" in line and "to_mermaid()" not in line


def test_every_mapped_sdk_phrase_is_still_in_the_sdk() -> None:
    from conveyor.cli._core import CLI_PHRASES

    sources = Path(__file__).resolve().parents[2] / "extensions" / "conveyor"
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in sources.rglob("*.py") if "cli" not in p.parts
    )
    # Messages may be split across string literals: compare without the joins.
    joined = re.sub(r'"\s*\n\s*f?"', "", text)
    for python, _ in CLI_PHRASES:
        assert python in joined, f"the SDK no longer says {python!r}: update CLI_PHRASES"


def test_tables_print_markup_and_control_characters_as_written(
    run: Run, run_json: Any, tmp_path: Path
) -> None:
    for index, name in enumerate(["run:ok:done.txt", "[bold]warn.txt"]):
        path = tmp_path / f"f{index}.txt"
        path.write_text(f"content {index}")
        run_json("artifacts", "upload", str(path), "--name", name, "--force")
    table = run("artifacts", "list", "--limit", "0").stdout
    assert "run:ok:done.txt" in table and "[bold]warn.txt" in table

    # The sandbox refuses control characters in artifact names, not in order names.
    name = "bell\x07\x1b[2Jname"
    order = run_json("orders", "place", "hello", "--name", name)
    listed = run("orders", "list", "--limit", "0").stdout
    assert "bell\\x07\\x1b[2Jname" in listed and "\x1b" not in listed
    shown = run("orders", "show", order["id"]).stdout
    assert "Order bell\\x07\\x1b[2Jname" in shown and "\x07" not in shown
    # JSON keeps the data exactly as it is.
    assert run_json("orders", "show", order["id"])["name"] == name


def test_a_mistyped_service_name_gets_the_closest_names(run: Run) -> None:
    typo = one_error_line(run("orders", "place", "word-cont", "text=x", code=1))
    assert typo.endswith("no service named 'word-cont'; did you mean 'word-count'?"), typo
    case = one_error_line(run("services", "show", "Word-Count", code=1))
    assert "did you mean 'word-count'? (names are case-sensitive)" in case
    assert "did you mean" not in one_error_line(run("services", "show", "zzzzzzzz", code=1))


def test_did_you_mean() -> None:
    from conveyor.errors import did_you_mean

    names = ["word-count", "word-stats", "hello", "Sleep"]
    assert did_you_mean("word-cont", names) == "; did you mean 'word-count'?"
    assert did_you_mean("sleep", names) == "; did you mean 'Sleep'? (names are case-sensitive)"
    assert did_you_mean("word-stat", names) == "; did you mean 'word-stats'?"
    assert did_you_mean("qqq", names) == "" and did_you_mean("x", []) == ""


def test_a_refused_token_says_where_the_platform_came_from(
    run: Run, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "wrong-token-5e1d2c3b"
    line = one_error_line(run("--url", server.url, "--token", wrong, "services", "list", code=1))
    assert "401" in line and wrong not in line
    assert line.endswith(
        f"the platform {server.url} came from --url and a token was sent and refused: "
        "give --token (or set CONVEYOR_TOKEN)"
    ), line

    monkeypatch.setenv("CONVEYOR_TOKEN", wrong)
    line = one_error_line(run("services", "list", code=1))
    assert "came from environment (CONVEYOR_URL)" in line and "set CONVEYOR_TOKEN" in line

    monkeypatch.delenv("CONVEYOR_TOKEN")
    line = one_error_line(run("--url", server.url, "services", "list", code=1))
    assert "no token was sent: give --token" in line

    run("profiles", "add", "stale", server.url, "--token-stdin", input=wrong)
    monkeypatch.delenv("CONVEYOR_URL")
    line = one_error_line(run("--profile", "stale", "services", "list", code=1))
    assert wrong not in line
    assert line.endswith(
        f"save one in it: conveyor profiles add stale {server.url} --token-stdin"
    ), line
