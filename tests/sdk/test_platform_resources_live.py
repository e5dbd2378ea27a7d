"""Secrets, queues, projects and packages against a live sandbox (``Client.local()``)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conveyor import (
    AsyncClient,
    Client,
    Conflict,
    InvalidParameter,
    NotFound,
    ProjectRole,
    TransportError,
)
from conveyor._display import as_dict

from .test_packages import CONFIG, LAYER_A, LAYER_B, docker_archive, sha


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with Client.local(cache_dir=tmp_path_factory.mktemp("cache")) as local:
        yield local


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# -- secrets ------------------------------------------------------------------------------


def test_a_secret_round_trip_never_shows_its_value(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    name, value = unique("db-password"), f"live-value-{uuid.uuid4().hex}"
    client.secrets.set(name, value)
    secret = client.secrets.get(name)
    listed = [s for s in client.secrets.list(filter=f"^{name}$")]
    assert [s.name for s in listed] == [name]
    texts = [repr(secret), secret.describe(), json.dumps(as_dict(secret)), repr(listed)]
    texts += [r.getMessage() for r in caplog.records]
    assert caplog.records
    for text in texts:
        assert value not in text, text
    assert secret.reveal() == value  # the sandbox answers the value itself
    assert listed[0].reveal() == value


def test_bad_secret_names_and_unknown_secrets(client: Client) -> None:
    for name in ("a/b", "a\x00b", "", "x" * 257):
        with pytest.raises(InvalidParameter):
            client.secrets.set(name, "some-value")
    with pytest.raises(NotFound):
        client.secrets.get(unique("never-set"))


# -- queues -------------------------------------------------------------------------------


def test_a_queue_takes_each_message_once_and_drains(client: Client) -> None:
    queue = client.queues.create(unique("readings"), "buoys")
    assert client.queues.get(queue.id).name == queue.name
    for n in range(7):
        queue.enqueue({"$schema": "urn:example:schema:reading.1", "n": n})
    assert queue.refresh().total_messages == 7
    first = queue.dequeue(limit=2)
    assert [m.content["n"] for m in first] == [0, 1]
    assert first[0].schema == "urn:example:schema:reading.1"
    assert [m.content["n"] for m in queue.drain(batch=2)] == [2, 3, 4, 5, 6]
    assert queue.dequeue() == []
    with pytest.raises(Conflict):
        client.queues.create(queue.name or "")
    queue.delete()
    with pytest.raises(NotFound):
        queue.dequeue()
    with pytest.raises(NotFound):
        queue.enqueue({"late": True})


def test_messages_the_sandbox_refuses_are_refused_first(client: Client) -> None:
    queue = client.queues.create(unique("limits"))
    with pytest.raises(InvalidParameter, match="more than the"):
        queue.enqueue("x" * (1024 * 1024))
    with pytest.raises(InvalidParameter, match="not JSON"):
        queue.enqueue({"x": float("nan")})
    assert queue.refresh().total_messages == 0
    queue.enqueue("x" * (1024 * 1024 - 2))  # the limit itself is allowed
    [message] = queue.dequeue()
    assert len(message.content) == 1024 * 1024 - 2


def test_async_drain(client: Client) -> None:
    queue = client.queues.create(unique("async"))
    for n in range(5):
        queue.enqueue(n)

    async def drain() -> list[int]:
        async with AsyncClient(client.url, token=client._token) as aclient:
            aqueue = await aclient.queues.get(queue.id)
            return [m.content async for m in aqueue.drain(batch=2)]

    assert asyncio.run(drain()) == [0, 1, 2, 3, 4]


# -- projects -----------------------------------------------------------------------------


def test_projects_members_roles_default_and_account(client: Client) -> None:
    project = client.projects.create(unique("Reef survey"), details="Coral cover")
    assert project.id.startswith("urn:ivcap:project:") and project.details == "Coral cover"
    assert project.role == ProjectRole.OWNER
    assert project in list(client.projects.list())
    user = f"urn:ivcap:user:{uuid.uuid4()}"
    project.set_member(user, "Member")
    roles = {m.user: m.role for m in project.members()}
    assert roles[user] == ProjectRole.MEMBER
    with pytest.raises(InvalidParameter) as caught:
        project.set_member(user, "admin")
    assert caught.value.parameter == "role"
    project.remove_member(user)
    with pytest.raises(NotFound):
        project.remove_member(user)
    account = project.read_account()
    assert account.startswith("urn:ivcap:account:")
    client.projects.set_default(project)
    assert client.projects.default() == project == client.projects.current()
    assert project.update(name=unique("Renamed")).name.startswith("Renamed")  # type: ignore[union-attr]
    with Client(client.url, token=client._token, project=project.id) as scoped:
        assert [m.role for m in scoped.projects.members()] == [ProjectRole.OWNER]
        assert scoped.projects.read_account() == account
    project.delete()
    with pytest.raises(NotFound):
        client.projects.get(project.id)


# -- packages -----------------------------------------------------------------------------


def test_a_package_round_trip(client: Client, tmp_path: Path) -> None:
    tag = f"{unique('word-count')}:1.2.0"
    archive = docker_archive(tmp_path / "image.tar", tags=[tag])
    pushed = client.packages.push(archive)
    assert pushed.tag == tag and pushed.parts == 4 and pushed.existing == 0
    assert tag in list(client.packages.list(tag=tag.split(":")[0]))
    assert client.packages.status(tag, sha(LAYER_A)).status
    assert client.packages.push(archive, force=True).digest == pushed.digest
    twin = client.packages.push(archive, tag=f"{unique('twin')}:1")
    assert twin.digest == pushed.digest and twin.existing >= 1  # its parts were stored already
    with pytest.raises(Conflict):
        client.packages.push(archive)
    pulled = client.packages.pull(tag, tmp_path / "pulled.tar")
    assert pulled is not None
    with tarfile.open(pulled) as tar:
        blob = tar.extractfile(f"blobs/sha256/{sha(LAYER_B)[7:]}")
        assert blob is not None and blob.read() == LAYER_B
        config = tar.extractfile(f"blobs/sha256/{hashlib.sha256(CONFIG).hexdigest()}")
        assert config is not None and config.read() == CONFIG
    # The pulled archive pushes again under another tag, its manifest unchanged.
    other = f"{unique('copy')}:1"
    assert client.packages.push(pulled, tag=other).digest == pushed.digest
    client.packages.remove(tag)
    assert tag not in list(client.packages.list())
    with pytest.raises(NotFound):
        client.packages.pull(tag, tmp_path / "gone.tar")
    assert not (tmp_path / "gone.tar").exists()


def test_an_interrupted_push_shows_nothing(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import conveyor._call as call

    tag = f"{unique('interrupted')}:1"
    archive = docker_archive(tmp_path / "image.tar", layers=(LAYER_A, LAYER_B * 50))
    pieces = call.BodySource.pieces

    def cut(self: call.BodySource) -> Iterator[bytes]:
        for count, piece in enumerate(pieces(self)):
            if count == 1 and self.length > 30_000:
                # What httpx raises when the connection drops while the body is sent.
                raise httpx.WriteError("connection dropped")
            yield piece

    monkeypatch.setattr(call.BodySource, "pieces", cut)
    monkeypatch.setattr("conveyor.package.PIECE_SIZE", 16 * 1024)
    with pytest.raises(TransportError, match="interrupted"):
        client.packages.push(archive, tag=tag)
    assert tag not in list(client.packages.list())
    with pytest.raises(NotFound):
        client.packages.pull(tag, tmp_path / "none.tar")
    monkeypatch.undo()
    assert client.packages.push(archive, tag=tag).tag == tag  # pushed again, it completes
