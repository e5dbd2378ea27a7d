"""The `<Tag>Api` classes and `request_args` against a live sandbox over loopback HTTP."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conveyor_api import AuthenticatedClient, Client
from conveyor_api.api.artifacts import (
    ArtifactsApi,
    download_artifact_content,
    list_artifacts,
    read_artifact,
    upload_artifact,
)
from conveyor_api.api.aspects import AspectsApi, create_aspect
from conveyor_api.api.openapi import OpenapiApi
from conveyor_api.api.orders import OrdersApi
from conveyor_api.api.services import ServicesApi
from conveyor_api.models import (
    ArtifactList,
    ArtifactStatus,
    Aspect,
    AspectContent,
    AspectIdResult,
    AspectList,
    ErrorMessage,
    InvalidParameterError,
    OrderRequest,
    OrderStatus,
    OrderStatusValue,
    Parameter,
    ProductList,
    ServiceList,
    ServiceStatus,
)
from conveyor_api.types import File
from conveyor_sandbox import SandboxServer

SCHEMA = "urn:example:schema:tag-api-test.1"
UNKNOWN_ARTIFACT = "urn:ivcap:artifact:00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def api_client(sandbox: SandboxServer) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=sandbox.url, token=sandbox.token, timeout=30) as client:
        yield client


def upload(api_client: AuthenticatedClient, payload: bytes, name: str) -> ArtifactStatus:
    record = ArtifactsApi(api_client).upload_artifact(
        body=File(payload=payload), x_name=name, x_content_type="text/plain"
    )
    assert isinstance(record, ArtifactStatus), record
    return record


def test_services_are_listed_and_read(api_client: AuthenticatedClient) -> None:
    services = ServicesApi(api_client)
    page = services.list_services(limit=50)
    assert isinstance(page, ServiceList)
    by_name = {item.name: item for item in page.items}
    assert {"hello", "word-count"} <= set(by_name)

    hello = services.read_service(by_name["hello"].id)
    assert isinstance(hello, ServiceStatus)
    assert hello.name == "hello"
    assert [parameter.name for parameter in hello.parameters] == ["message"]

    detailed = services.list_services_detailed(limit=1)
    assert detailed.status_code == 200
    assert isinstance(detailed.parsed, ServiceList) and len(detailed.parsed.items) == 1


def test_an_artifact_is_uploaded_read_listed_and_downloaded(
    api_client: AuthenticatedClient,
) -> None:
    artifacts = ArtifactsApi(api_client)
    record = upload(api_client, b"the cat sat on the mat\n", "tag-api.txt")
    assert (record.status, record.size, record.name) == ("ready", 23, "tag-api.txt")

    read = artifacts.read_artifact(record.id)
    assert isinstance(read, ArtifactStatus)
    assert (read.id, read.mime_type, read.etag) == (record.id, "text/plain", record.etag)

    page = artifacts.list_artifacts(limit=50)
    assert isinstance(page, ArtifactList)
    assert record.id in [item.id for item in page.items]

    content = artifacts.download_artifact_content_detailed(record.id)
    assert (content.status_code, content.content) == (200, b"the cat sat on the mat\n")
    part = artifacts.download_artifact_content_detailed(record.id, range_="bytes=4-6")
    assert (part.status_code, part.content) == (206, b"cat")


def test_errors_come_back_as_the_declared_models(api_client: AuthenticatedClient) -> None:
    artifacts = ArtifactsApi(api_client)
    missing = artifacts.read_artifact_detailed(UNKNOWN_ARTIFACT)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, ErrorMessage)

    refused = OrdersApi(api_client).create_order(
        body=OrderRequest(
            service=_service_id(api_client, "hello"),
            parameters=[Parameter(name="no-such-parameter", value="x")],
        )
    )
    assert isinstance(refused, InvalidParameterError)
    assert refused.name == "no-such-parameter"


def test_an_aspect_is_created_read_listed_and_retracted(api_client: AuthenticatedClient) -> None:
    aspects = AspectsApi(api_client)
    artifact = upload(api_client, b"reviewed\n", "reviewed.txt")
    created = aspects.create_aspect(
        entity=artifact.id,
        schema=SCHEMA,
        body=AspectContent.from_dict({"$schema": SCHEMA, "ok": True, "score": 3}),
    )
    assert isinstance(created, AspectIdResult)

    record = aspects.read_aspect(created.id)
    assert isinstance(record, Aspect)
    assert (record.entity, record.schema) == (artifact.id, SCHEMA)
    assert record.content.to_dict() == {"$schema": SCHEMA, "ok": True, "score": 3}

    listed = aspects.list_aspects(entity=artifact.id, include_content=True)
    assert isinstance(listed, AspectList)
    assert [(item.id, item.content["score"]) for item in listed.items] == [(created.id, 3)]

    assert aspects.retract_aspect_detailed(created.id).status_code == 204
    after = aspects.list_aspects(entity=artifact.id)
    assert isinstance(after, AspectList) and after.items == []


def _service_id(api_client: AuthenticatedClient, name: str) -> str:
    page = ServicesApi(api_client).list_services(limit=50)
    assert isinstance(page, ServiceList)
    return next(item.id for item in page.items if item.name == name)


def test_an_order_runs_and_its_product_is_read(api_client: AuthenticatedClient) -> None:
    orders = OrdersApi(api_client)
    placed = orders.create_order(
        body=OrderRequest(
            service=_service_id(api_client, "hello"),
            parameters=[Parameter(name="message", value="tag api")],
        )
    )
    assert isinstance(placed, OrderStatus), placed
    deadline = time.monotonic() + 30
    order = placed
    while order.status not in (OrderStatusValue.SUCCEEDED, OrderStatusValue.FAILED):
        assert time.monotonic() < deadline, f"order still {order.status}"
        time.sleep(0.05)
        read = orders.read_order(placed.id)
        assert isinstance(read, OrderStatus)
        order = read
    assert order.status == OrderStatusValue.SUCCEEDED

    products = orders.list_order_products(placed.id)
    assert isinstance(products, ProductList)
    [product] = products.items
    content = ArtifactsApi(api_client).download_artifact_content_detailed(product.id)
    assert content.content.decode().strip() == "hello, tag api"


def test_the_async_methods_share_the_client(api_client: AuthenticatedClient) -> None:
    record = upload(api_client, b"async\n", "async.txt")

    async def run() -> tuple[Any, Any]:
        artifacts = ArtifactsApi(api_client)
        read = await artifacts.read_artifact_async(record.id)
        missing = await artifacts.read_artifact_detailed_async(UNKNOWN_ARTIFACT)
        await api_client.get_async_httpx_client().aclose()
        return read, missing

    read, missing = asyncio.run(run())
    assert isinstance(read, ArtifactStatus) and read.name == "async.txt"
    assert missing.status_code == 404


def test_the_served_contract_needs_no_token(sandbox: SandboxServer) -> None:
    with Client(base_url=sandbox.url, timeout=30) as anonymous:
        document = OpenapiApi(anonymous).get_openapi_document()
    assert document is not None
    assert "/1/artifacts/{id}" in document["paths"]


def test_request_args_sent_by_hand_get_the_same_answers(
    sandbox: SandboxServer, api_client: AuthenticatedClient
) -> None:
    """Built by `request_args` and sent with a plain httpx client: same requests, same answers."""
    sent: list[httpx.Request] = []
    with AuthenticatedClient(
        base_url=sandbox.url,
        token=sandbox.token,
        timeout=30,
        httpx_args={"event_hooks": {"request": [sent.append]}},
    ) as watched:
        record = ArtifactsApi(watched).upload_artifact(
            body=File(payload=b"by hand\n"), x_name="by-hand.txt", x_content_type="text/plain"
        )
        assert isinstance(record, ArtifactStatus)
        by_api = ArtifactsApi(watched).read_artifact(record.id)
    assert isinstance(by_api, ArtifactStatus)

    with httpx.Client(
        base_url=sandbox.url, headers={"Authorization": f"Bearer {sandbox.token}"}, timeout=30
    ) as http:
        upload_args = upload_artifact.request_args(
            body=File(payload=b"by hand\n"), x_name="by-hand.txt", x_content_type="text/plain"
        )
        expected = http.build_request(**upload_args)
        assert (sent[0].method, sent[0].url.path, sent[0].read()) == (
            expected.method,
            expected.url.path,
            expected.read(),
        )
        for name in ("Content-Type", "X-Name", "X-Content-Type", "Authorization"):
            assert sent[0].headers[name] == expected.headers[name], name

        created = http.request(**upload_args)
        assert created.status_code == 201
        again = ArtifactStatus.from_dict(created.json())
        assert (again.size, again.etag, again.name) == (record.size, record.etag, record.name)

        response = http.request(**read_artifact.request_args(record.id))
        assert response.status_code == 200
        assert ArtifactStatus.from_dict(response.json()).to_dict() == by_api.to_dict()
        assert sent[1].url == http.build_request(**read_artifact.request_args(record.id)).url

        listing = http.request(**list_artifacts.request_args(limit=2, order_desc=True))
        assert ArtifactList.from_dict(listing.json()).items[0].id == again.id

        content = http.request(**download_artifact_content.request_args(again.id))
        assert content.content == b"by hand\n"

        aspect = http.request(
            **create_aspect.request_args(
                entity=again.id, schema=SCHEMA, body=AspectContent.from_dict({"by": "hand"})
            )
        )
        assert aspect.status_code == 200
        stored = AspectsApi(api_client).read_aspect(AspectIdResult.from_dict(aspect.json()).id)
        assert isinstance(stored, Aspect) and stored.content.to_dict() == {"by": "hand"}
