"""`request_args`: every operation's public request builder, and the one its module sends."""

from __future__ import annotations

import asyncio
import datetime
import importlib
import inspect
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

from .conftest import GENERATED
from .test_output import OPERATIONS

BASE_URL = "http://platform.test"
ARTIFACT = "urn:ivcap:artifact:6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b"


def module_of(operation_id: str) -> ModuleType:
    tag = next(tag for tag, _, _, op in OPERATIONS if op["operationId"] == operation_id)
    return importlib.import_module(f"conveyor_api.api.{tag}.{operation_id}")


@pytest.mark.parametrize(
    ("tag", "method", "path", "operation"),
    OPERATIONS,
    ids=[operation["operationId"] for *_, operation in OPERATIONS],
)
def test_every_operation_has_a_documented_builder_with_its_parameters(
    tag: str, method: str, path: str, operation: dict[str, Any]
) -> None:
    module = importlib.import_module(f"conveyor_api.api.{tag}.{operation['operationId']}")
    assert not hasattr(module, "_get_kwargs")
    builder = module.request_args
    doc = inspect.getdoc(builder) or ""
    summary = f"keyword arguments for {method.upper()} {path}; nothing is sent."
    assert doc.splitlines()[0] == f"The `httpx.Client.request` {summary}"
    assert "\nReturns:\n    A new dict with `method`" in doc
    operation_parameters = [
        parameter
        for name, parameter in inspect.signature(module.sync_detailed).parameters.items()
        if name != "client"
    ]
    assert list(inspect.signature(builder).parameters.values()) == operation_parameters
    for sender in (module.sync_detailed, module.asyncio_detailed):
        source = inspect.getsource(sender)
        assert "request_args(" in source and "_get_kwargs" not in source


def _file(payload: bytes) -> Any:
    from conveyor_api.types import File

    return File(payload=payload)


def _aspect(content: dict[str, Any]) -> Any:
    from conveyor_api.models import AspectContent

    return AspectContent.from_dict(content)


# (operation, arguments): every kind of argument the contract has, each key of the result.
CASES: list[tuple[str, Callable[[], dict[str, Any]]]] = [
    ("read_artifact", lambda: {"id": ARTIFACT}),
    (
        "list_artifacts",
        lambda: {
            "limit": 3,
            "filter_": "name ~= 'notes'",
            "order_desc": False,
            "at_time": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        },
    ),
    (
        "upload_artifact",
        lambda: {"body": _file(b"abc"), "x_name": "notes.txt", "x_content_length": 3},
    ),
    (
        "append_upload_chunk",
        lambda: {"id": ARTIFACT, "body": _file(b"x"), "upload_offset": 7, "tus_resumable": "1.0.0"},
    ),
    (
        "create_aspect",
        lambda: {
            "entity": ARTIFACT,
            "schema": "urn:example:schema:review.1",
            "body": _aspect({"$schema": "urn:example:schema:review.1", "ok": True}),
        },
    ),
    ("search", lambda: {"body": _file(b"?- x(A)."), "limit": 2}),
    ("download_artifact_content", lambda: {"id": ARTIFACT, "range_": "bytes=0-1"}),
]


def recording_client(seen: list[httpx.Request]) -> Any:
    from conveyor_api import AuthenticatedClient

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(418)  # undocumented everywhere: nothing to parse

    transport = httpx.MockTransport(answer)
    return AuthenticatedClient(
        base_url=BASE_URL,
        token="t0ken",
        headers={"User-Agent": "test"},
        httpx_args={"transport": transport},
    )


def wire(request: httpx.Request) -> tuple[str, str, list[tuple[str, str]], bytes]:
    return (request.method, str(request.url), sorted(request.headers.items()), request.read())


@pytest.mark.parametrize(("operation_id", "arguments"), CASES, ids=[case[0] for case in CASES])
def test_the_operation_sends_exactly_what_the_builder_builds(
    operation_id: str, arguments: Callable[[], dict[str, Any]]
) -> None:
    module = module_of(operation_id)
    seen: list[httpx.Request] = []
    client = recording_client(seen)

    assert module.sync_detailed(client=client, **arguments()).status_code == 418
    assert asyncio.run(module.asyncio_detailed(client=client, **arguments())).status_code == 418

    built = client.get_httpx_client().build_request(**module.request_args(**arguments()))
    assert [wire(request) for request in seen] == [wire(built), wire(built)]


@pytest.mark.parametrize(("operation_id", "arguments"), CASES, ids=[case[0] for case in CASES])
def test_the_docstring_names_the_keys_of_the_result(
    operation_id: str, arguments: Callable[[], dict[str, Any]]
) -> None:
    module = module_of(operation_id)
    doc = inspect.getdoc(module.request_args) or ""
    returns = doc.split("\nReturns:\n", 1)[1]
    assert set(module.request_args(**arguments())) == set(re.findall(r"`(\w+)`", returns))


def test_an_optional_body_adds_its_key_only_when_given() -> None:
    upload = module_of("upload_artifact")
    assert set(upload.request_args()) == {"method", "url", "headers"}
    assert upload.request_args()["headers"] == {}
    with_body = upload.request_args(body=_file(b"abc"))
    assert with_body["content"] == b"abc"
    assert with_body["headers"] == {"Content-Type": "application/octet-stream"}


def test_each_call_returns_a_new_dict() -> None:
    upload = module_of("upload_artifact")
    first = upload.request_args(x_name="a.txt")
    first["headers"]["X-Name"] = "changed"
    first["extensions"] = {"timeout": {}}
    assert upload.request_args(x_name="a.txt") == {
        "method": "post",
        "url": "/1/artifacts",
        "headers": {"X-Name": "a.txt"},
    }


def test_the_operation_calls_the_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    """One builder: replacing it changes what both `sync_detailed` and `asyncio_detailed` send."""
    module = module_of("read_order")
    calls: list[str] = []

    def spy(id: str) -> dict[str, Any]:
        calls.append(id)
        return {"method": "get", "url": "/elsewhere"}

    monkeypatch.setattr(module, "request_args", spy)
    seen: list[httpx.Request] = []
    client = recording_client(seen)
    module.sync_detailed("urn:ivcap:order:1", client=client)
    asyncio.run(module.asyncio_detailed("urn:ivcap:order:1", client=client))
    assert calls == ["urn:ivcap:order:1", "urn:ivcap:order:1"]
    assert [request.url.path for request in seen] == ["/elsewhere", "/elsewhere"]


def test_no_generated_module_has_the_private_builder() -> None:
    for path in GENERATED.glob("api/*/*.py"):
        assert "_get_kwargs" not in path.read_text(encoding="utf-8"), path
