"""Collections against a live sandbox: membership, history, retraction, uploads into one."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from conveyor import Client, Collection, InvalidParameter, NotFound
from conveyor.collection import COLLECTION_ITEM_SCHEMA, COLLECTION_SCHEMA


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with Client.local(cache_dir=tmp_path_factory.mktemp("cache")) as local:
        yield local


def test_a_collection_is_stored_as_ivcap_stores_it(client: Client) -> None:
    surveys = client.collections.create("surveys", "every CTD cast")
    assert surveys.id.startswith("urn:ivcap:collection:")
    [definition] = client.aspects.list(entity=surveys.id, schema=COLLECTION_SCHEMA)
    assert definition.content == {"name": "surveys", "description": "every CTD cast"}
    cast = client.artifacts.upload(b"depth,temp\n1,12\n", name="cast.csv", force=True)
    assert surveys.add([cast, cast.id]) == [cast.id]  # the same member once
    [member] = client.aspects.list(entity=surveys.id, schema=COLLECTION_ITEM_SCHEMA)
    assert member.content == {"collection": surveys.id, "item": cast.id}


def test_add_skips_members_so_a_retried_add_records_nothing_twice(client: Client) -> None:
    group = client.collections.create("retried")
    one = client.artifacts.upload(b"one", name="one.txt", force=True)
    two = client.artifacts.upload(b"two", name="two.txt", force=True)
    assert group.add(one) == [one.id]
    assert group.add([one, two]) == [two.id]  # as if the first add were retried
    assert sorted(group.items()) == sorted([one.id, two.id])
    assert len(list(client.aspects.list(entity=group.id, schema=COLLECTION_ITEM_SCHEMA))) == 2


def test_remove_twice_removes_once_and_history_stays(client: Client) -> None:
    group = client.collections.create("history")
    item = client.artifacts.upload(b"kept in history", name="h.txt", force=True)
    group.add(item)
    before = datetime.datetime.now(datetime.UTC)
    assert group.remove(item) == [item.id]
    assert group.remove(item) == []  # not a member any more: skipped, as IVCAP's client does
    assert list(group.items()) == []
    assert list(group.items(at_time=before)) == [item.id]


def test_get_list_and_retract(client: Client) -> None:
    group = client.collections.create("to retract", "soon gone")
    item = client.artifacts.upload(b"member", name="m.txt", force=True)
    group.add(item)
    again = client.collections.get(group.id)
    assert (again.name, again.description, again) == ("to retract", "soon gone", group)
    assert group.id in {c.id for c in client.collections.list(name="to retract")}
    assert group.retract() == 2  # one member and the definition
    assert group.valid_to is not None
    with pytest.raises(NotFound):
        client.collections.get(group.id)
    with pytest.raises(NotFound):
        group.add(item)  # nothing half-made: no member for a collection that is gone


def test_create_again_renames_and_keeps_members(client: Client) -> None:
    group = client.collections.create("old name")
    item = client.artifacts.upload(b"stays", name="s.txt", force=True)
    group.add(item)
    renamed = client.collections.create("new name", urn=group.id)
    assert renamed.id == group.id and renamed.name == "new name"
    assert list(renamed.items()) == [item.id]
    assert len(list(client.aspects.list(entity=group.id, schema=COLLECTION_SCHEMA))) == 1


def test_upload_into_a_collection_checks_it_first(client: Client, tmp_path: Path) -> None:
    group = client.collections.create("uploads")
    path = tmp_path / "into.txt"
    path.write_bytes(b"uploaded into a collection")
    artifact = client.artifacts.upload(path, collection=group, force=True)
    assert list(group.items()) == [artifact.id]
    before = len(list(client.artifacts.list()))
    missing = "urn:ivcap:collection:00000000-0000-4000-8000-00000000dead"
    with pytest.raises(NotFound):
        client.artifacts.upload(b"never sent", collection=missing, force=True)
    with pytest.raises(InvalidParameter):
        client.artifacts.upload(b"never sent", collection="not-a-urn", force=True)
    assert len(list(client.artifacts.list())) == before


def test_bad_input_is_refused_before_any_request(client: Client) -> None:
    with pytest.raises(InvalidParameter, match="name"):
        client.collections.create("")
    with pytest.raises(InvalidParameter, match="urn"):
        client.collections.create(
            "x", urn="urn:ivcap:artifact:00000000-0000-4000-8000-000000000001"
        )
    with pytest.raises(InvalidParameter, match="collection"):
        client.collections.get("urn:ivcap:order:00000000-0000-4000-8000-000000000001")
    group = Collection._wrap(client, None)  # never sent: the items are checked first
    with pytest.raises(InvalidParameter, match="items"):
        group._add_flow(42, None).send(None)
