"""``secrets``, ``queues``, ``projects`` and ``packages`` commands on a scripted platform.

The client of every invocation is a `tests.sdk.mock` client, so these run
without a sandbox; ``test_platform_commands_live.py`` runs the same groups
against one.
"""

from __future__ import annotations

import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from ..sdk.mock import SECRET, Recorder, json_response, make
from ..sdk.test_packages import CONFIG, TAG, Registry, docker_archive, registry_parts, sha
from .conftest import one_error_line

VALUE = "hunter2-but-much-longer-9c1e"
QUEUE = "urn:ivcap:queue:2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"
PROJECT = "urn:ivcap:project:5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
ANA = "urn:ivcap:user:6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0f"

Invoke = Callable[..., Result]


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Invoke]:
    """``scripted(*answers)`` gives ``run(*args, input=None, code=0)`` against those answers."""
    from conveyor.cli import cli
    from conveyor.cli._core import State

    def prepare(*answers: Any) -> Invoke:
        recorder = Recorder(*answers)

        def client(self: State) -> Any:
            if self._client is None:
                self._client = make(recorder)
            return self._client

        monkeypatch.setattr(State, "client", client)

        def run(*args: str, input: str | None = None, code: int = 0) -> Result:
            result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
            for text in (result.stdout, result.stderr):
                assert SECRET not in text
            assert result.exit_code == code, (result.stdout, result.stderr)
            return result

        run.recorder = recorder  # type: ignore[attr-defined]
        return run

    return prepare


def secret_answer() -> httpx.Response:
    return json_response(
        200, {"secret-name": "db-password", "secret-value": VALUE, "expiry-time": 0}
    )


def test_help_lists_the_groups(scripted: Callable[..., Invoke]) -> None:
    out = scripted()("--help").stdout
    for group in ("secrets", "queues", "projects", "packages"):
        assert group in out


def test_secrets_get_shows_the_value_only_when_revealed(scripted: Callable[..., Invoke]) -> None:
    run = scripted(secret_answer())
    for args in (
        ("secrets", "get", "db-password"),
        ("-o", "json", "secrets", "get", "db-password"),
    ):
        result = run(*args)
        assert "db-password" in result.stdout
        assert VALUE not in result.stdout and VALUE not in result.stderr
    shown = json.loads(run("-o", "json", "secrets", "get", "db-password").stdout)
    assert shown == {"kind": "secret", "id": "db-password", "expires_at": None}
    assert VALUE in run("secrets", "get", "db-password", "--reveal").stdout
    revealed = json.loads(run("-o", "json", "secrets", "get", "db-password", "--reveal").stdout)
    assert revealed["value"] == VALUE


def test_secrets_set_reads_the_value_unechoed_and_hides_an_echo(
    scripted: Callable[..., Invoke], tmp_path: Path
) -> None:
    echo = json_response(422, {"message": f"value {VALUE} refused", "name": "secret-value"})
    run = scripted(echo)
    refused = run("secrets", "set", "db-password", input=VALUE + "\n", code=1)
    assert VALUE not in refused.stderr and VALUE not in refused.stdout
    assert "refused" in one_error_line(refused)
    assert json.loads(run.recorder.requests[0].content)["secret-value"] == VALUE  # type: ignore[attr-defined]

    run = scripted(httpx.Response(204))
    path = tmp_path / "value.txt"
    path.write_text(VALUE + "\n")
    stored = run("-o", "json", "secrets", "set", "api-key", "--value-file", str(path))
    assert json.loads(stored.stdout)["id"] == "api-key" and VALUE not in stored.stdout
    body = json.loads(run.recorder.requests[0].content)  # type: ignore[attr-defined]
    assert body["secret-value"] == VALUE  # the file's last newline is not part of it


def test_a_bad_secret_name_is_a_usage_error_before_the_value_is_asked(
    scripted: Callable[..., Invoke],
) -> None:
    run = scripted()
    result = run("secrets", "set", "a/b", code=2)
    assert "without '/' or NUL" in one_error_line(result)
    assert run.recorder.requests == []  # type: ignore[attr-defined]


def test_secrets_list(scripted: Callable[..., Invoke]) -> None:
    page = json_response(
        200, {"items": [{"secret-name": "db-password", "expiry-time": 0}], "links": []}
    )
    run = scripted(page)
    table = run("secrets", "list", "--filter", "^db").stdout
    assert "db-password" in table and "never" in table
    assert run.recorder.requests[0].url.params["filter"] == "^db"  # type: ignore[attr-defined]


def queue_item() -> dict[str, Any]:
    return {"id": QUEUE, "name": "readings", "href": f"/1/queues/{QUEUE}"}


def test_queues_by_name_enqueue_dequeue_and_drain(scripted: Callable[..., Invoke]) -> None:
    listing = json_response(200, {"items": [queue_item()], "links": []})
    messages = [{"id": "urn:ivcap:message:1", "content": {"n": 1}}]
    run = scripted(
        listing,
        json_response(200, {"id": "urn:ivcap:message:1"}),
        listing,
        json_response(200, {"messages": messages}),
        listing,
        json_response(200, {"messages": messages}),
        json_response(200, {"messages": []}),
    )
    queued = run("queues", "enqueue", "readings", '{"n": 1}')
    assert "queued urn:ivcap:message:1 on readings" in queued.stdout
    taken = json.loads(run("-o", "json", "queues", "dequeue", "readings", "--limit", "5").stdout)
    assert taken == [
        {"id": "urn:ivcap:message:1", "schema": None, "content_type": None, "content": {"n": 1}}
    ]
    drained = run("queues", "drain", "readings", "--batch", "10")
    assert '{"n": 1}' in drained.stdout
    requests = run.recorder.requests  # type: ignore[attr-defined]
    assert requests[0].url.params["filter"] == "name == 'readings'"
    assert json.loads(requests[1].content) == {"n": 1}
    assert requests[3].url.params["limit"] == "5"


def test_queue_errors_are_one_line(scripted: Callable[..., Invoke]) -> None:
    run = scripted(json_response(200, {"items": [], "links": []}))
    assert "no queue named 'nope'" in one_error_line(run("queues", "show", "nope", code=1))
    bad = run("queues", "create", "has space", code=2)
    assert "a queue's name" in one_error_line(bad)
    not_json = run("queues", "enqueue", QUEUE, "{nope", code=2)
    assert "not valid JSON" in one_error_line(not_json)


def test_projects_members_roles_and_account(scripted: Callable[..., Invoke]) -> None:
    record = {"urn": PROJECT, "name": "Reef survey", "role": "owner"}
    run = scripted(
        json_response(200, record),
        json_response(
            200, {"members": [{"urn": ANA, "email": "ana@example.org", "role": "owner"}]}
        ),
        httpx.Response(204),
        json_response(200, {"account_urn": "urn:ivcap:account:1"}),
    )
    table = run("projects", "members").stdout  # the default project's
    assert ANA in table and "ana@example.org" in table
    assert (
        "is a member of"
        in run("projects", "set-member", ANA, "Member", "--project", PROJECT).stdout
    )
    account = json.loads(run("-o", "json", "projects", "account", "--project", PROJECT).stdout)
    assert account == {"project": PROJECT, "account": "urn:ivcap:account:1"}
    paths = [r.url.path for r in run.recorder.requests]  # type: ignore[attr-defined]
    assert paths == [
        "/1/project/default",
        f"/1/project/{PROJECT}/members",
        f"/1/project/{PROJECT}/memberships/{ANA}",
        f"/1/project/{PROJECT}/account",
    ]


def test_an_unknown_role_is_a_usage_error_naming_it(scripted: Callable[..., Invoke]) -> None:
    run = scripted()
    result = run("projects", "set-member", ANA, "admin", "--project", PROJECT, code=2)
    assert "role: one of member, owner" in one_error_line(result)
    assert run.recorder.requests == []  # type: ignore[attr-defined]


def test_packages_push_pull_list_and_remove(
    scripted: Callable[..., Invoke], tmp_path: Path
) -> None:
    archive = docker_archive(tmp_path / "image.tar")
    registry = Registry(registry_parts(), chunk=100_000)

    def platform(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/1/packages/push":
            return json_response(201, {"digest": "x", "exists": False})
        if request.url.path == "/1/packages/list":
            return json_response(200, {"items": [TAG], "links": []})
        if request.method == "DELETE":
            return httpx.Response(204)
        return registry(request)

    run = scripted(platform)
    pushed = json.loads(run("-o", "json", "packages", "push", str(archive)).stdout)
    assert pushed["tag"] == TAG and pushed["parts"] == 4
    assert "pushed word-count:1.2.0" in run("packages", "push", str(archive), "--force").stdout
    pulled = run("packages", "pull", TAG, str(tmp_path / "out.tar")).stdout
    assert "docker load -i" in pulled
    with tarfile.open(tmp_path / "out.tar") as tar:
        member = tar.extractfile(f"blobs/sha256/{sha(CONFIG)[7:]}")
        assert member is not None and member.read() == CONFIG
    assert json.loads(run("-o", "json", "packages", "list").stdout) == [TAG]
    assert "removed" in run("packages", "remove", TAG).stdout
    missing = run("packages", "push", str(tmp_path / "none.tar"), "--tag", TAG, code=2)
    assert "no such file" in one_error_line(missing)
