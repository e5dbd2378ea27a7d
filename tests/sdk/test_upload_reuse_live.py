"""Reusing uploaded content never drops the name, collection or access policy asked for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conveyor import Client

P1 = "urn:ivcap:policy:ivcap.open.metadata"
P2 = "urn:ivcap:policy:ivcap.base.metadata"


@pytest.fixture
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with Client.local(cache_dir=tmp_path_factory.mktemp("cache")) as local:
        yield local


def test_the_same_record_is_reused(client: Client) -> None:
    first = client.artifacts.upload(b"same bytes", name="v1.txt")
    again = client.artifacts.upload(b"same bytes", name="v1.txt")
    assert again.id == first.id


def test_another_name_or_policy_makes_a_new_record(client: Client) -> None:
    first = client.artifacts.upload(b"same", name="v1.txt", policy=P1)
    renamed = client.artifacts.upload(b"same", name="v4.txt", policy=P1)
    assert renamed.id != first.id and renamed.name == "v4.txt" and renamed.policy == P1
    other_policy = client.artifacts.upload(b"same", name="v1.txt", policy=P2)
    assert other_policy.id != first.id and other_policy.policy == P2
    default = client.artifacts.upload(b"same", name="v1.txt")
    assert default.id not in {first.id, other_policy.id}  # no policy asked: none handed back
    assert client.artifacts.upload(b"same", name="v1.txt").id == default.id


def test_another_collection_makes_a_new_record(client: Client) -> None:
    group = client.collections.create("reuse")
    loose = client.artifacts.upload(b"grouped later", name="g.txt")
    grouped = client.artifacts.upload(b"grouped later", name="g.txt", collection=group)
    assert grouped.id != loose.id and grouped.collection == group.id
    assert list(group.items()) == [grouped.id]
