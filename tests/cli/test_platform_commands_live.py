"""``secrets``, ``queues``, ``projects`` and ``packages`` commands against the live sandbox."""

from __future__ import annotations

import tarfile
import uuid
from pathlib import Path
from typing import Any

from ..sdk.test_packages import LAYER_A, docker_archive, sha
from .conftest import Run, check_no_token, one_error_line


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_secrets_set_get_reveal_and_list(run: Run, run_json: Any) -> None:
    name, value = unique("db-password"), f"cli-live-{uuid.uuid4().hex}"
    stored = run("secrets", "set", name, input=value + "\n")
    shown = run("secrets", "get", name)
    listed = run("secrets", "list", "--filter", f"^{name}$")
    for result in (stored, shown, listed):
        check_no_token(result, value)  # the value shows nowhere unasked
    assert name in listed.stdout and "never" in listed.stdout
    assert run_json("secrets", "get", name, "--reveal")["value"] == value
    assert value in run("secrets", "get", name, "--reveal").stdout
    missing = run("secrets", "get", unique("never-set"), code=1)
    assert "404" in one_error_line(missing)


def test_queues_create_enqueue_drain_and_delete(run: Run, run_json: Any) -> None:
    name = unique("readings")
    created = run_json("queues", "create", name, "--description", "buoys")
    assert created["kind"] == "queue" and created["name"] == name
    for n in range(3):
        run("queues", "enqueue", name, f'{{"n": {n}}}')
    assert run_json("queues", "show", name)["total_messages"] == 3
    assert [m["content"] for m in run_json("queues", "dequeue", name, "--limit", "1")] == [{"n": 0}]
    assert [m["content"]["n"] for m in run_json("queues", "drain", name)] == [1, 2]
    assert "the queue is empty" in run("queues", "drain", name).stderr
    run("queues", "delete", name)
    assert "no queue named" in one_error_line(run("queues", "dequeue", name, code=1))


def test_projects_create_members_and_roles(run: Run, run_json: Any) -> None:
    project = run_json("projects", "create", unique("Reef survey"), "--details", "Coral")
    urn = project["id"]
    assert project["role"] == "owner" and project["details"] == "Coral"
    user = f"urn:ivcap:user:{uuid.uuid4()}"
    run("projects", "set-member", user, "member", "--project", urn)
    members = {m["user"]: m["role"] for m in run_json("projects", "members", "--project", urn)}
    assert members[user] == "member"
    wrong = run("projects", "set-member", user, "admin", "--project", urn, code=2)
    assert "role: one of" in one_error_line(wrong)
    run("projects", "remove-member", user, "--project", urn)
    assert run_json("projects", "account", "--project", urn)["account"].startswith("urn:ivcap:")
    run("projects", "default", urn)
    assert run_json("projects", "show")["id"] == urn
    run("projects", "delete", urn)


def test_packages_push_pull_list_and_remove(run: Run, run_json: Any, tmp_path: Path) -> None:
    tag = f"{unique('word-count')}:1.2.0"
    archive = docker_archive(tmp_path / "image.tar", tags=[tag])
    pushed = run_json("packages", "push", str(archive))
    assert pushed["tag"] == tag and pushed["parts"] == 4
    assert tag in run_json("packages", "list")
    status = run_json("packages", "status", tag, sha(LAYER_A))
    assert status["status"]
    run("packages", "pull", tag, str(tmp_path))
    pulled = tmp_path / f"{tag.replace(':', '_')}.tar"
    with tarfile.open(pulled) as tar:
        assert f"blobs/sha256/{sha(LAYER_A)[7:]}" in tar.getnames()
    conflict = run("packages", "push", str(archive), code=1)
    # The progress bar's last state comes first (stderr is not a terminal here).
    last = conflict.stderr.strip().splitlines()[-1]
    assert last.startswith("error: 409") and "Traceback" not in conflict.stderr
    run("packages", "remove", tag)
    assert tag not in run_json("packages", "list")
