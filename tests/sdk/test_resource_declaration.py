"""A resource declared as data: the recipe of docs/architecture.md, exercised end to end.

The resource below is declared exactly as a new read-only resource would be
(one ResourceSpec, typed fields, one-line twins and collections); the tests
prove that listing, lookup, refresh, metadata, describe(), JSON fields and
repr all derive from that declaration with nothing else written.
"""

from __future__ import annotations

from typing import Any

import pytest
from conveyor import InvalidParameter, MalformedResponse
from conveyor._base import AsyncEntity, Entity, ResourceSpec, _Entity
from conveyor._display import as_dict
from conveyor._fields import Field, Text, Texts, Time
from conveyor._resources import AsyncResources, SyncResources
from conveyor_api.api.services import list_services, read_service
from conveyor_api.models.service_list_item import ServiceListItem
from conveyor_api.models.service_status import ServiceStatus

from .mock import SERVICE, Recorder, json_response, make


class _Tool(_Entity[Any]):
    """A made-up resource, served by the services operations of the contract."""

    __slots__ = ()

    _spec = ResourceSpec(
        kind="service",
        read=read_service,
        record=ServiceStatus,
        list=list_services,
        item=ServiceListItem,
        repr=("name",),
        shown=("name", "tags", "published_at"),
        columns=("name", "id"),
    )

    name = Text("The tool's name.")
    tags = Texts("Keywords.")
    published_at = Time("When it was published.")
    status = Field[str | None]("Lifecycle state.", label="state")


class Tool(_Tool, Entity[Any]):
    """The sync twin."""

    __slots__ = ()


class AsyncTool(_Tool, AsyncEntity[Any]):
    """The async twin."""

    __slots__ = ()


class Tools(SyncResources[Tool]):
    """The sync collection."""

    __slots__ = ()
    _entity = Tool


class AsyncTools(AsyncResources[AsyncTool]):
    """The async collection."""

    __slots__ = ()
    _entity = AsyncTool


def _item(name: str, **extra: Any) -> dict[str, Any]:
    return {"id": SERVICE, "name": name, "href": f"/1/services/{SERVICE}", **extra}


def test_list_get_and_fields_derive_from_the_declaration() -> None:
    page = {"items": [_item("a"), _item("b")], "links": []}
    record = {
        **_item("a"),
        "status": "active",
        "parameters": [],
        "tags": ["x"],
        "published-at": "2026-11-01T09:30:40",
    }
    recorder = Recorder(json_response(200, page), json_response(200, record))
    with make(recorder) as client:
        tools = Tools(client)
        listed = list(tools.list(filter="name ~= 'a%'"))
        assert [t.name for t in listed] == ["a", "b"]
        assert listed[0].tags == []  # list items carry no tags
        assert recorder.requests[0].url.path == "/1/services"
        assert recorder.requests[0].url.params["filter"] == "name ~= 'a%'"

        tool = tools.get(SERVICE)
        assert recorder.requests[1].url.path == f"/1/services/{SERVICE}"
        assert tool.status == "active" and tool.tags == ["x"]
        assert tool.published_at is not None and tool.published_at.tzinfo is not None
        assert repr(tool) == f"<Tool {SERVICE} name='a'>"
        assert as_dict(tool) == {
            "kind": "service",
            "id": SERVICE,
            "name": "a",
            "tags": ["x"],
            "published_at": "2026-11-01T09:30:40+00:00",
        }
        assert tool.describe().splitlines()[0] == "Service a"


def test_fields_are_read_only_documented_and_checked() -> None:
    assert Tool.name.__doc__ == "The tool's name."
    assert Tool.status.label == "state" and Tool.status.source == "status"
    recorder = Recorder(json_response(200, {**_item("a"), "name": 7}))
    with make(recorder) as client:
        tool = Tools(client).get(SERVICE)
        with pytest.raises(MalformedResponse, match="name does not match the contract"):
            _ = tool.name
        with pytest.raises(AttributeError, match="cannot be set"):
            tool.name = "b"  # type: ignore[misc]


def test_get_refuses_a_urn_of_another_kind_before_any_request() -> None:
    recorder = Recorder()
    with make(recorder) as client, pytest.raises(InvalidParameter, match="expected an service"):
        Tools(client).get("urn:ivcap:order:0f1e2d3c-4b5a-4697-8877-665544332211")
    assert recorder.requests == []


def test_metadata_reaches_aspects_through_the_client() -> None:
    aspects = {
        "items": [
            {
                "id": "urn:ivcap:aspect:0f1e2d3c-4b5a-4697-8877-665544332299",
                "entity": SERVICE,
                "schema": "urn:example:schema:note.1",
                "content": {"ok": True},
            }
        ],
        "links": [],
    }
    recorder = Recorder(json_response(200, _item("a")), json_response(200, aspects))
    with make(recorder) as client:
        tool = Tools(client).get(SERVICE)
        [aspect] = tool.metadata
        assert aspect.content == {"ok": True} and type(aspect).__name__ == "Aspect"
        assert recorder.requests[1].url.params["entity"] == SERVICE


@pytest.mark.anyio
async def test_the_async_twin_needs_no_code_of_its_own() -> None:
    import httpx
    from conveyor import AsyncClient

    from .mock import BASE, SECRET

    recorder = Recorder(json_response(200, {"items": [_item("a")], "links": []}))
    async with AsyncClient(BASE, token=SECRET, transport=httpx.MockTransport(recorder)) as client:
        names = [tool.name async for tool in AsyncTools(client).list()]
    assert names == ["a"]
