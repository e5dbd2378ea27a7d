"""Registering Python callables as job services, and the tool definition they publish.

IVCAP's Python client builds a service's ``request_model`` from the one
current aspect of schema ``urn:sd-core:schema.ai-tool.1`` on the service,
reading its ``fn_schema``; the sandbox keeps exactly one for every service
that runs jobs, and none for the others.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor_sandbox import (
    JobContext,
    RegisteredJobService,
    SandboxServer,
    ServiceRegistry,
    job_service,
    service_id_for,
)

from .conftest import checked_client

TOOL = "urn:sd-core:schema.ai-tool.1"
SCHEMA = {
    "type": "object",
    "properties": {
        "text": {"type": "string"},
        "times": {"type": "integer", "default": 2},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["text"],
}


def repeat(request: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Repeat the text."""
    return {"text": " ".join([request["text"]] * request.get("times", 2))}


def tools(client: httpx.Client, entity: str, **params: str) -> list[dict[str, Any]]:
    r = client.get(
        "/1/aspects",
        params={"entity": entity, "schema": TOOL, "include-content": "true", **params},
    )
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def test_three_ways_to_register() -> None:
    reg = ServiceRegistry(builtins=False)
    entry = reg.register_job(repeat, name="repeat", request_schema=SCHEMA, tags=["t"])
    assert isinstance(entry, RegisteredJobService) and entry.id == service_id_for("repeat")

    @reg.job_service("echo", description="Echoes.", request_schema={"type": "object"})
    def echo(request: Any, ctx: JobContext) -> Any:
        return request

    @job_service("shout", registry=reg, request_schema={"type": "string"})
    def shout(request: str, ctx: JobContext) -> str:
        return request.upper()

    assert reg.names() == ["echo", "repeat", "shout"]
    assert echo({"a": 1}, None) == {"a": 1}  # type: ignore[arg-type]  # the decorator returns it as is


def test_registration_refuses_bad_schemas_and_taken_names() -> None:
    reg = ServiceRegistry()
    with pytest.raises(ValueError, match="not a valid JSON Schema"):
        reg.register_job(repeat, name="bad", request_schema={"type": "text"})
    with pytest.raises(ValueError, match="must be JSON"):
        reg.register_job(repeat, name="bad", request_schema={"default": object()})
    with pytest.raises(ValueError, match="result schema"):
        reg.register_job(repeat, name="bad", request_schema={}, result_schema={"minimum": "x"})
    # Orders and jobs share one namespace of names.
    with pytest.raises(ValueError, match="already registered"):
        reg.register_job(repeat, name="hello", request_schema={})
    with pytest.raises(ValueError, match="without spaces"):
        reg.register_job(repeat, name="two words", request_schema={})
    reg.register_job(repeat, name="hello", request_schema={}, replace=True)
    assert isinstance(reg.get("hello"), RegisteredJobService)


def test_a_job_service_publishes_its_tool_definition(tmp_path: Path) -> None:
    reg = ServiceRegistry()
    reg.register_job(
        repeat,
        name="repeat-text",
        description="Repeats a text.",
        request_schema=SCHEMA,
        result_schema={"type": "object"},
    )
    sid = service_id_for("repeat-text")
    with SandboxServer(data_dir=tmp_path, registry=reg) as server, checked_client(server) as c:
        [tool] = tools(c, sid)
        assert tool["content"] == {
            "$schema": TOOL,
            "id": "urn:sd-core:ai-tool.repeat_text",
            "name": "repeat_text",
            "service-id": sid,
            "description": "Repeats a text.",
            "fn_signature": (
                "repeat_text(text: str, times: Optional[int], tags: Optional[array[str]]) -> dict"
            ),
            "fn_schema": SCHEMA,
        }
        first = tool["id"]
        # Services that run orders have none.
        assert tools(c, service_id_for("hello")) == []
        description = c.get(f"/1/services2/{sid}").json()
        assert description["controller-schema"] == "urn:ivcap:schema.service.rest.1"
        assert description["controller"] == {"image": "repeat-text", "command": []}
        assert description["parameters"] == []
    # Published again at the next start, unchanged: the same aspect stays.
    with SandboxServer(data_dir=tmp_path, registry=reg) as server, checked_client(server) as c:
        assert [t["id"] for t in tools(c, sid)] == [first]


def test_services_published_over_http_get_the_tool_of_their_callable(
    fresh_server: SandboxServer,
) -> None:
    with checked_client(fresh_server) as c:
        sid = f"urn:ivcap:service:{uuid.uuid4()}"
        body = {
            "id": sid,
            "name": "stats-again",
            "description": "word-stats under another name",
            "controller-schema": "urn:ivcap:schema.service.rest.1",
            "controller": {"image": "word-stats"},
            "parameters": [],
            "policy": "urn:ivcap:policy:ivcap.open.metadata",
        }
        assert c.post("/1/services2", json=body).status_code == 201
        [tool] = tools(c, sid)
        assert tool["content"]["service-id"] == sid
        assert tool["content"]["fn_schema"]["required"] == ["text"]
        # Replaced by a callable that runs orders: the tool is retracted.
        basic = {"type": "basic", "basic": {"image": "hello", "command": []}}
        body = {
            **body,
            "controller-schema": "urn:conveyor:schema:workflow.basic.1",
            "controller": basic,
        }
        assert c.put(f"/1/services2/{sid}", json=body).status_code == 200
        assert tools(c, sid) == []
        history = tools(c, sid, **{"at-time": tool["valid-from"]})
        assert [t["id"] for t in history] == [tool["id"]]
