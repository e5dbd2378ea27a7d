"""``conveyor profiles``: the same file the SDK reads, tokens stored but never shown."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from .conftest import TOKEN, Run, one_error_line


@pytest.fixture
def no_env_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only profiles configure the platform in these tests."""
    monkeypatch.delenv("CONVEYOR_URL")
    monkeypatch.delenv("CONVEYOR_TOKEN")


def test_add_use_list_remove(
    run: Run, run_json: Any, env: dict[str, str], server: Any, no_env_platform: None
) -> None:
    config = Path(env["CONVEYOR_CONFIG"])
    assert "no profiles" in run("profiles", "list").stderr

    added = run("profiles", "add", "local", server.url, "--token-stdin", input=TOKEN + "\n")
    assert "profile 'local' saved" in added.stdout and "(default)" in added.stdout
    run("profiles", "add", "other", "https://analytics.example.org", "--token", "other-secret-1")
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600  # it holds tokens

    from conveyor import Client, ProfileStore

    store = ProfileStore(config)
    assert store.default == "local" and store.get("local").token == TOKEN
    # The SDK reads what the command line wrote.
    with Client() as client:
        assert client.url == server.url
        assert client.services.get_by_name("hello").name == "hello"

    listed = run_json("profiles", "list")
    assert listed == [
        {"name": "local", "url": server.url, "has_token": True, "default": True},
        {
            "name": "other",
            "url": "https://analytics.example.org",
            "has_token": True,
            "default": False,
        },
    ]
    table = run("profiles", "list")
    assert "other-secret-1" not in table.stdout and "set" in table.stdout

    assert "word-count" in run("services", "list").stdout  # the default profile
    assert "word-count" in run("--profile", "local", "services", "list").stdout

    assert "now 'other'" in run("profiles", "use", "other").stdout
    assert ProfileStore(config).default == "other"
    assert run_json("profiles", "use", "local")["default"] is True

    assert "removed" in run("profiles", "remove", "other").stdout
    assert [p.name for p in ProfileStore(config)] == ["local"]
    missing = run("profiles", "remove", "other", code=1)
    assert "no profile named 'other'" in one_error_line(missing)
    unknown = run("--profile", "nope", "services", "list", code=1)
    assert "no profile named 'nope'" in one_error_line(unknown)


def test_add_refuses_bad_input(run: Run, no_env_platform: None) -> None:
    no_scheme = run("profiles", "add", "x", "example.org", code=2)
    assert "scheme" in no_scheme.stderr
    bad_name = run("profiles", "add", "bad name", "https://example.org", code=1)
    assert "profile names" in one_error_line(bad_name)
    both = run("profiles", "add", "x", "https://e.org", "--token", "t", "--token-stdin", code=2)
    assert "not both" in both.stderr
