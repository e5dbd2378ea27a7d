"""Fixtures for the command-line tests: one sandbox on loopback, and a runner that checks output.

`run` invokes the ``conveyor`` command in-process through click's
``CliRunner`` with ``CONVEYOR_URL``/``CONVEYOR_TOKEN`` pointing at the
sandbox, a private profiles file and a private cache. Every invocation's
stdout and stderr are checked for the sandbox token, so no test can print it
unnoticed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

TOKEN = "cvy-cli-test-token-4d1c9b7e2a"


@pytest.fixture(scope="session")
def server() -> Iterator[Any]:
    """A sandbox platform on a loopback port, shared by the CLI tests."""
    from conveyor_sandbox import SandboxServer

    with SandboxServer(token=TOKEN) as sandbox:
        yield sandbox


@pytest.fixture
def env(tmp_path: Path, server: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of a CLI run: the sandbox, a private profiles file and cache."""
    for name in (
        "CONVEYOR_PROFILE",
        "IVCAP_URL",
        "IVCAP_BASE_URL",
        "IVCAP_JWT",
        "CONVEYOR_SANDBOX_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
    values = {
        "CONVEYOR_URL": server.url,
        "CONVEYOR_TOKEN": TOKEN,
        "CONVEYOR_CONFIG": str(tmp_path / "config" / "config.toml"),
        "CONVEYOR_CACHE_DIR": str(tmp_path / "cache"),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return values


Run = Callable[..., Result]


def check_no_token(result: Result, *secrets: str) -> None:
    """Fail if a token appears anywhere in the run's output."""
    for secret in (TOKEN, *secrets):
        assert secret not in result.stdout, "token printed on stdout"
        assert secret not in result.stderr, "token printed on stderr"


@pytest.fixture
def run(env: dict[str, str]) -> Run:
    """``run(*args, input=None, code=0)``: invoke ``conveyor`` and check its exit status."""
    from conveyor.cli import cli

    def invoke(*args: str, input: str | bytes | None = None, code: int | None = 0) -> Result:
        result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
        check_no_token(result)
        if code is not None:
            assert result.exit_code == code, (
                f"exit {result.exit_code}, expected {code}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result

    return invoke


@pytest.fixture
def run_json(run: Run) -> Callable[..., Any]:
    """``run_json(*args)``: invoke with ``--output json`` and return the parsed stdout."""

    def invoke(*args: str, input: str | bytes | None = None) -> Any:
        result = run("--output", "json", *args, input=input)
        return json.loads(result.stdout)

    return invoke


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A small text file to upload."""
    path = tmp_path / "notes.txt"
    path.write_text("the cat sat on the mat with the other cat\n", encoding="utf-8")
    return path


def one_error_line(result: Result) -> str:
    """The stderr of a failed run, checked to be one ``error:`` line without a traceback."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr
    assert lines and lines[0].startswith("error: "), result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]
