"""The SDK's public surface against Prism mocking the upstream IVCAP specs (v0.43 and v0.44).

Each test runs against the four mocks of ``conftest.py`` (the spec's
examples and answers generated from its schemas, for each version). Every
request the SDK sends is validated by Prism against the unmodified upstream
spec; after each test the wire fails it on any request Prism did not allow
or any path the spec does not have. The answers are Prism's (``wire.py``
says why three things in them are rewritten: ids that are no URNs, next-page
links, and artifact records pointing at the test's content server), and each
test compares what the SDK made of them with what the mock sent.

One rule covers answers that break the upstream spec themselves (a dozen
of its examples do: a product without its required ``id``, an aspect's
``content`` as a string): the SDK may refuse such an answer with
`MalformedResponse`, and only such an answer (`outcome`). URNs where the
spec says ``uuid`` and sizes past 2^53 are not breaks of that kind: real
deployments send them and the SDK must take them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from conveyor import (
    Ambiguous,
    APIError,
    Artifact,
    AsyncClient,
    Client,
    InvalidParameter,
    MalformedResponse,
    NotFound,
    Order,
    OrderFailed,
    WaitTimeout,
)

from .conftest import TOKEN, Mock
from .wire import NEXT_PAGE, ContentServer, MockWire

T = TypeVar("T")

# Ids as the upstream examples write them.
SERVICE = "urn:ivcap:service:123e4567-e89b-12d3-a456-426614174000"
ORDER = "urn:ivcap:order:123e4567-e89b-12d3-a456-426614174000"
ARTIFACT = "urn:ivcap:artifact:123e4567-e89b-12d3-a456-426614174000"
ASPECT = "urn:ivcap:aspect:123e4567-e89b-12d3-a456-426614174000"
QUEUE = "urn:ivcap:queue:123e4567-e89b-12d3-a456-426614174000"
PROJECT = "urn:ivcap:project:8a82775b-27d9-4635-b006-7ef5553656d1"
USER = "urn:ivcap:user:0b755f6b-0e3a-4c2a-9d3e-2f1e8c6e5a4b"
JOB = "urn:ivcap:job:123e4567-e89b-12d3-a456-426614174000"
ACCOUNT = "urn:ivcap:account:123e4567-e89b-12d3-a456-426614174000"
POLICY = "urn:ivcap:policy:123e4567-e89b-12d3-a456-426614174000"
SCHEMA = "urn:example:schema:reviewed.1"


class Refused:
    """What `outcome` returns when the SDK refused an answer that breaks the upstream spec."""

    def __init__(self, error: MalformedResponse) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"Refused({self.error})"


def outcome(wire: MockWire, action: Callable[[], T]) -> T | Refused:
    """Run an SDK call: its result, or `Refused` when it refused an answer of the wrong shape.

    A `MalformedResponse` about an answer that the upstream spec allows
    propagates and fails the test.
    """
    start = len(wire.exchanges)
    try:
        return action()
    except MalformedResponse as exc:
        if any(e.answer_misshapen for e in wire.exchanges[start:] if e.to_mock):
            return Refused(exc)
        raise


async def aoutcome(wire: MockWire, action: Callable[[], Awaitable[T]]) -> T | Refused:
    """`outcome` of an awaited SDK call."""
    start = len(wire.exchanges)
    try:
        return await action()
    except MalformedResponse as exc:
        if any(e.answer_misshapen for e in wire.exchanges[start:] if e.to_mock):
            return Refused(exc)
        raise


def items_sent(wire: MockWire, method: str, path: str) -> list[dict[str, Any]]:
    """The items of every page the mock answered to ``method path``, in order."""
    found: list[dict[str, Any]] = []
    for exchange in wire.to_mock():
        request = exchange.request
        if request.method == method and re.fullmatch(path, request.url.path):
            body = exchange.body if isinstance(exchange.body, dict) else {}
            for key in ("items", "projects", "members"):
                if isinstance(body.get(key), list):
                    found += body[key]
    return found


def pages_asked(wire: MockWire, path: str) -> list[dict[str, str]]:
    """The query of each GET of ``path`` (to see the second page was asked for properly)."""
    return [
        dict(e.request.url.params)
        for e in wire.to_mock()
        if e.request.method == "GET" and re.fullmatch(path, e.request.url.path)
    ]


def value_for(parameter: Any) -> Any:
    """A value a service parameter of this declared type takes."""
    options = list(parameter.options or [])
    return {
        "int": 3,
        "float": 0.5,
        "bool": True,
        "artifact": ARTIFACT,
        "collection": "urn:ivcap:collection:123e4567-e89b-12d3-a456-426614174000",
        "option": options[0] if options else None,
    }.get(parameter.type, options[0] if options else "Upper Valley")


def only_044(mock: Mock) -> None:
    if mock.version == "0.43":
        pytest.skip("v0.43 has no /1/services2 (services as 0.44 describes them, and jobs)")


# -- the mock itself --------------------------------------------------------


def test_the_mock_refuses_requests_the_upstream_spec_does_not_allow(
    mock: Mock, client: Client, wire: MockWire
) -> None:
    bad_limit = client.http.get("/1/services", params={"limit": "many"})
    no_entity = client.http.post("/1/aspects", json={"$schema": SCHEMA})
    no_such_path = client.http.get(f"/1/artifacts/{ARTIFACT}/blob")

    assert (bad_limit.status_code, no_entity.status_code, no_such_path.status_code) == (
        422,
        422,
        404,
    )
    problems = "\n".join(wire.problems())
    assert "request.query.limit: Request query parameter limit must be integer" in problems
    assert "Request query must have required property 'entity'" in problems
    assert "the mock has no such operation (NO_PATH_MATCHED_ERROR)" in problems
    assert "Violation: request.query.limit" in mock.server.log_text()
    wire.exchanges.clear()  # refused on purpose: the check after the test would fail it


# -- services ---------------------------------------------------------------


def test_services_list_pages_get_and_parameters(client: Client, wire: MockWire) -> None:
    listed = list(client.services.list(page_size=2, limit=5))

    sent = items_sent(wire, "GET", "/1/services")
    assert [(s.id, s.name) for s in listed] == [(i["id"], i.get("name")) for i in sent][:5]
    asked = pages_asked(wire, "/1/services")
    assert asked[0] == {"limit": "2"}
    if len(asked) > 1:  # the first page held fewer than 5: the next one by its token
        assert asked[1]["page"] == NEXT_PAGE

    service = client.services.get(SERVICE)
    body = wire.last("GET", "/1/services/.+").body
    assert (service.id, service.name, service.description) == (
        body["id"],
        body.get("name"),
        body.get("description"),
    )
    assert [p.name for p in service.parameters] == [p["name"] for p in body["parameters"]]
    assert service.id in str(service.describe())  # every shown field displays


def test_services_get_by_name_finds_one_or_says_why_not(client: Client, wire: MockWire) -> None:
    first = next(iter(client.services.list(limit=1)), None)
    name = first.name if first is not None and first.name else "Fire risk for region"
    wire.exchanges.clear()

    try:
        found: Any = client.services.get_by_name(name)
    except (NotFound, Ambiguous) as exc:
        found = exc
    filtered = wire.to_mock()[0].request
    assert filtered.url.params["filter"] == f"name == '{name}'"
    matches = [i for i in items_sent(wire, "GET", "/1/services") if i.get("name") == name]
    if len(matches) == 1:
        assert found.id == wire.last("GET", "/1/services/.+").body["id"]
    else:
        assert isinstance(found, Ambiguous if matches else NotFound), found


def test_services_create_update_and_delete(
    request: pytest.FixtureRequest, mock: Mock, client: Client, wire: MockWire
) -> None:
    common = {"name": "mock-hello", "description": "says hello", "policy": POLICY}
    parameters = [{"name": "msg", "type": "string", "description": "what to say"}]
    if mock.version == "0.44":
        definition: dict[str, Any] = {
            **common,
            "id": SERVICE,
            "controller-schema": "urn:ivcap:schema.service.rest.1",
            "controller": {"image": "hello:1", "command": ["/hello"]},
            "parameters": parameters,
        }
        path = "/1/services2"
    else:
        definition = {
            **common,
            "parameters": parameters,
            "workflow": {"type": "basic", "basic": {"image": "hello:1", "command": ["/hello"]}},
        }
        path = "/1/services"
        # The SDK tries the current API first: a v0.43 platform has no /1/services2,
        # and its 404 there sends the SDK to DELETE /1/services/{id}.
        wire.expected_missing.append(("DELETE", "/1/services2/.+"))

    created = outcome(wire, lambda: client.services.create(definition))
    answer = wire.last("POST", path).body
    if not isinstance(created, Refused):
        assert created.id == answer["id"]
    updated = outcome(wire, lambda: client.services.update(SERVICE, definition, force_create=True))
    assert wire.last("PUT", f"{path}/.+").request.url.params["force-create"] == "true"
    if not isinstance(updated, Refused):
        assert updated.id == wire.last("PUT", f"{path}/.+").body["id"]
    client.services.delete(SERVICE)
    assert wire.last("DELETE", f"{path}/.+").status == 204


# -- orders -----------------------------------------------------------------


def read_order(order: Order) -> tuple[Order, str | None, dict[str, Any], list[Artifact]]:
    """The order with the fields that parse its record."""
    return order, order.name, order.parameters, order.products


def test_orders_list_get_products_logs_and_top(client: Client, wire: MockWire) -> None:
    listed = list(client.orders.list(page_size=1, limit=3))
    sent = items_sent(wire, "GET", "/1/orders")
    assert [(o.id, o.status) for o in listed] == [(i["id"], i.get("status")) for i in sent][:3]

    # Fields are parsed when read: an answer of the wrong shape is refused then.
    read = outcome(wire, lambda: read_order(client.orders.get(ORDER)))
    if isinstance(read, Refused):
        misshapen = wire.last("GET", "/1/orders/[^/]+").answer_misshapen
        assert any(".products.items.0" in v for v in misshapen), misshapen
        return
    order, name, parameters, products = read
    body = wire.last("GET", "/1/orders/[^/]+").body
    assert (order.id, name) == (body["id"], body.get("name"))
    placed = {p["name"]: p["value"] for p in body.get("parameters", [])}
    assert order.wire_parameters == placed
    assert len(parameters) == len(placed)
    assert [a.id for a in products][: len(body["products"]["items"])] == [
        i["id"] for i in body["products"]["items"]
    ]
    service = order.service
    read_service = wire.last("GET", "/1/services/.+")
    assert read_service.request.url.path == f"/1/services/{body['service']}"
    assert service.id == read_service.body["id"]
    lines = list(order.logs())
    assert "\n".join(lines) == wire.last("GET", "/1/orders/[^/]+/logs").text.rstrip("\n")
    processes = order.top()
    assert len(processes) == len(wire.last("GET", "/1/orders/[^/]+/top").body)


def test_orders_place_and_wait(client: Client, wire: MockWire) -> None:
    service = client.services.get(SERVICE)
    given = {p.name: value_for(p) for p in service.parameters if p.mandatory}

    order = outcome(wire, lambda: service.place_order("mock order", parameters=given))
    placed = wire.last("POST", "/1/orders")
    assert placed.request.headers["content-type"] == "application/json"
    if isinstance(order, Refused):
        return
    assert order.id == placed.body["id"]
    try:
        order.wait(timeout=2)
        ended: Any = "succeeded"
    except OrderFailed:
        ended = "failed"
    except WaitTimeout:
        ended = "still running"
    status = wire.to_mock()[-1].body.get("status")
    expected = {"succeeded": "succeeded", "failed": "failed", "error": "failed"}
    assert ended == expected.get(status, "still running"), status


# -- artifacts --------------------------------------------------------------


def test_artifacts_list_and_get(client: Client, wire: MockWire) -> None:
    listed = list(client.artifacts.list(page_size=1, limit=3))
    sent = items_sent(wire, "GET", "/1/artifacts")
    assert [(a.id, a.name, a.size) for a in listed] == [
        (i["id"], i.get("name"), i.get("size")) for i in sent
    ][:3]

    artifact = client.artifacts.get(ARTIFACT)
    body = wire.last("GET", "/1/artifacts/.+").body
    assert (artifact.id, artifact.name, artifact.size, artifact.mime_type) == (
        body["id"],
        body.get("name"),
        body.get("size"),
        body.get("mime-type"),
    )
    assert artifact.id in str(artifact.describe())


def _hold_content(wire: MockWire, content: ContentServer, key: str) -> None:
    """Make the mock's artifact records point at ``key`` on the content server, with its state."""

    def created(request: Any, body: Any) -> Any:
        announced = int(request.headers.get("x-content-length", "-1"))
        body.update({"data-href": content.href(key), "status": "pending"})
        body["size"] = announced if announced >= 0 else 0
        return body

    def read(request: Any, body: Any) -> Any:
        held = content.held(key)
        body.update({"data-href": content.href(key), "status": "ready", "size": len(held)})
        body.pop("etag", None)  # the example's etag is no digest of these bytes
        return body

    wire.rewrite("POST", "/1/artifacts", created)
    wire.rewrite("GET", "/1/artifacts/[^/]+", read)


def test_upload_sends_the_content_to_data_href_without_the_token(
    mock: Mock, client: Client, wire: MockWire, content: ContentServer, tmp_path: Path
) -> None:
    if mock.dynamic:
        pytest.skip(
            "Prism generates an Upload-Offset header beyond 2^53 for POST /1/artifacts, which "
            "its own check refuses: with --errors the creation is a 500 (a Prism limitation)"
        )
    data = b"the cat sat on the mat\n" * 100
    content.put("upload")
    _hold_content(wire, content, "upload")
    source = tmp_path / "notes.txt"
    source.write_bytes(data)

    artifact = client.artifacts.upload(source, chunk_size=1024)

    created = wire.last("POST", "/1/artifacts").request
    assert created.headers["x-content-length"] == str(len(data))
    assert created.headers["tus-resumable"] == "1.0.0"
    assert content.held("upload") == data
    patches = content.seen("PATCH")
    assert len(patches) == 3
    assert all(p.path == "/content/upload" for p in patches)
    assert all("authorization" not in p.headers for p in content.requests)
    assert artifact.size == len(data)


def test_download_reads_data_href_without_the_token(
    client: Client, wire: MockWire, content: ContentServer, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 40
    content.put("download", data)
    _hold_content(wire, content, "download")

    saved = client.artifacts.get(ARTIFACT).download(tmp_path / "out.bin")

    assert saved.read_bytes() == data
    gets = content.seen("GET")
    assert gets and all(g.path == "/content/download" for g in gets)
    assert all("authorization" not in g.headers for g in content.requests)


def test_a_trusted_content_host_gets_the_token(
    mock: Mock, wire: MockWire, content: ContentServer, tmp_path: Path
) -> None:
    from .conftest import client_options

    data = b"trusted bytes"
    content.put("download", data)
    _hold_content(wire, content, "download")
    options = client_options(wire, tmp_path)
    with Client(mock.url, content_hosts=[content.url], **options) as trusting:
        read = b"".join(trusting.artifacts.get(ARTIFACT).iter_bytes())

    assert read == data
    assert {r.headers.get("authorization") for r in content.requests} == {f"Bearer {TOKEN}"}


# -- aspects and metadata ---------------------------------------------------


def test_aspects_add_list_get_update_and_retract(client: Client, wire: MockWire) -> None:
    listed = outcome(
        wire, lambda: [(a.id, a.schema) for a in client.aspects.list(entity=ARTIFACT, limit=3)]
    )
    if not isinstance(listed, Refused):
        sent = items_sent(wire, "GET", "/1/aspects")
        assert listed == [(i["id"], i.get("schema")) for i in sent][:3]
    asked = pages_asked(wire, "/1/aspects")[0]
    assert asked["entity"] == ARTIFACT

    def read_aspect() -> tuple[str, str | None, str | None, Any]:
        aspect = client.aspects.get(ASPECT)
        return aspect.id, aspect.entity, aspect.schema, aspect.content

    read = outcome(wire, read_aspect)
    if not isinstance(read, Refused):
        body = wire.last("GET", "/1/aspects/.+").body
        assert read == (body["id"], body.get("entity"), body.get("schema"), body.get("content"))

    added = outcome(
        wire, lambda: client.aspects.create(ARTIFACT, {"$schema": SCHEMA, "ok": True}).content
    )
    sent_aspect = wire.last("POST", "/1/aspects").request
    assert dict(sent_aspect.url.params) == {"entity": ARTIFACT, "schema": SCHEMA}
    assert sent_aspect.headers["content-type"] == "application/json"
    if not isinstance(added, Refused):
        assert added == wire.last("GET", "/1/aspects/.+").body.get("content")
    updated = outcome(
        wire, lambda: client.aspects.update(ARTIFACT, {"$schema": SCHEMA, "ok": 1}).content
    )
    assert wire.last("PUT", "/1/aspects").request.url.params["schema"] == SCHEMA
    if not isinstance(updated, Refused):
        assert updated == wire.last("GET", "/1/aspects/.+").body.get("content")

    client.aspects.retract(ASPECT)
    assert wire.last("DELETE", "/1/aspects/.+").status == 204


def test_entity_metadata_through_the_artifact(client: Client, wire: MockWire) -> None:
    artifact = client.artifacts.get(ARTIFACT)
    metadata = outcome(wire, lambda: [(a.id, a.content) for a in artifact.metadata])
    assert pages_asked(wire, "/1/aspects")[0]["entity"] == artifact.id
    if not isinstance(metadata, Refused):
        sent = items_sent(wire, "GET", "/1/aspects")
        assert metadata == [(i["id"], i.get("content")) for i in sent]
    outcome(wire, lambda: artifact.add_metadata({"$schema": SCHEMA, "ok": True}))
    assert wire.last("POST", "/1/aspects").request.url.params["entity"] == artifact.id


# -- search -----------------------------------------------------------------

QUERY = """
:load_aspect(/order_parameter, "urn:ivcap:schema:order-placed.1",
    ["entity", ".parameters[*].name|value"]).
query(Order, Name) :- order_parameter(Order, Name, _).
"""


def rows_sent(wire: MockWire) -> list[str]:
    """The search rows the mock sent, as the SDK gives them: text (JSON text for non-strings).

    Upstream's rows are strings (v0.43: ``type: string``; Prism's v0.44
    generator makes small objects of them).
    """
    return [
        row if isinstance(row, str) else json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        for row in items_sent(wire, "POST", "/1/search")
    ]


def test_search_rows_as_upstream_sends_them(client: Client, wire: MockWire) -> None:
    rows = list(client.search(QUERY, page_size=2, limit=4))

    sent = wire.last("POST", "/1/search")
    assert sent.request.headers["content-type"] == "application/datalog+mangle"
    assert sent.request.content == QUERY.encode()
    asked = pages_asked_search(wire)
    assert asked[0] is None and asked[1:] in ([], [NEXT_PAGE])
    assert rows == rows_sent(wire)[:4]


@pytest.mark.anyio
async def test_search_rows_on_the_async_client(aclient: AsyncClient, wire: MockWire) -> None:
    rows = [row async for row in aclient.search(QUERY, page_size=2, limit=4)]

    assert rows == rows_sent(wire)[:4]


def pages_asked_search(wire: MockWire) -> list[str | None]:
    """The page token of each search request (none on the first)."""
    return [
        e.request.url.params.get("page")
        for e in wire.to_mock()
        if e.request.method == "POST" and e.request.url.path == "/1/search"
    ]


# -- paging behind a gateway ------------------------------------------------


def test_a_next_link_naming_the_public_host_is_asked_of_the_clients_own_url(
    client: Client, wire: MockWire
) -> None:
    wire.next_origin = "https://api.ivcap.example.org"
    listed = list(client.orders.list(page_size=1, limit=50))

    assert not wire.refused
    asked = pages_asked(wire, "/1/orders")
    assert [a.get("page") for a in asked] == [None, NEXT_PAGE]
    assert len(listed) == len(items_sent(wire, "GET", "/1/orders"))


# -- v0.44: jobs ------------------------------------------------------------


def test_jobs_list_get_and_create(mock: Mock, client: Client, wire: MockWire) -> None:
    only_044(mock)
    listed = list(client.jobs.list(SERVICE, page_size=1, limit=3))
    sent = items_sent(wire, "GET", "/1/services2/[^/]+/jobs")
    assert [j.id for j in listed] == [i["id"] for i in sent][:3]

    job = outcome(wire, lambda: client.jobs.get(JOB, SERVICE))
    if not isinstance(job, Refused):
        record = wire.last("GET", "/1/services2/[^/]+/jobs/[^/]+").body
        assert job.id == record["id"]
        assert job.status == record.get("status")
        result = outcome(wire, lambda: job.result)
        latest = wire.last("GET", "/1/services2/[^/]+/jobs/[^/]+").body
        if isinstance(result, Refused):
            pass
        elif latest.get("status") != "succeeded":
            assert result is None  # no result before the job succeeded
        elif latest.get("result-content") is not None:
            assert result == latest["result-content"]

    created = outcome(
        wire, lambda: client.jobs.create(SERVICE, {"text": "to be"}, wait=False, validate=False)
    )
    posted = wire.last("POST", "/1/services2/[^/]+/jobs")
    assert posted.request.headers["content-type"] == "application/json"
    assert posted.request.headers["timeout"] == "0"
    assert created is not None


# -- collections (aspects on a collection URN) ------------------------------


def test_collections_create_list_add_items_and_retract(client: Client, wire: MockWire) -> None:
    listed = outcome(wire, lambda: list(client.collections.list(limit=2)))
    assert pages_asked(wire, "/1/aspects")[0]["schema"] == "urn:ivcap:schema:collection.1"
    if not isinstance(listed, Refused):
        assert len(listed) == min(2, len(items_sent(wire, "GET", "/1/aspects")))

    wire.exchanges.clear()
    made = outcome(wire, lambda: client.collections.create("mock photos", "for a test"))
    # A definition is added with POST, or replaced with PUT when the lookup found one.
    if isinstance(made, Refused):
        return
    existing = items_sent(wire, "GET", "/1/aspects")
    written = wire.last("PUT" if existing else "POST", "/1/aspects").request
    assert written.url.params["schema"] == "urn:ivcap:schema:collection.1"
    added = outcome(wire, lambda: made.add(ARTIFACT))
    assert added is not None
    members = outcome(wire, lambda: list(made.items(limit=3)))
    assert members is not None
    retracted = outcome(wire, made.retract)
    assert retracted is not None


# -- secrets, queues, projects, packages ------------------------------------


def test_secrets_list_get_and_set(client: Client, wire: MockWire) -> None:
    listed = list(client.secrets.list(limit=3))
    sent = items_sent(wire, "GET", "/1/secrets/list")
    assert [s.id for s in listed] == [i.get("secret-name") for i in sent][:3]

    secret = client.secrets.get("test-purpose-secret")
    assert wire.last("GET", "/1/secrets").request.url.params["secret-name"] == "test-purpose-secret"
    assert secret.id == wire.last("GET", "/1/secrets").body.get("secret-name")

    client.secrets.set("mock-secret", "hush", expires=dt.timedelta(days=1))
    sent_body = wire.last("POST", "/1/secrets").request.content
    assert (
        b'"secret-name": "mock-secret"' in sent_body or b'"secret-name":"mock-secret"' in sent_body
    )
    assert "hush" not in repr(secret)


def test_queues_create_get_enqueue_dequeue_and_delete(
    mock: Mock, client: Client, wire: MockWire
) -> None:
    listed = list(client.queues.list(page_size=1, limit=3))
    sent = items_sent(wire, "GET", "/1/queues")
    assert [q.id for q in listed] == [i["id"] for i in sent][:3]

    made = client.queues.create("mock-queue", "for a test")
    assert made.id == wire.last("POST", "/1/queues").body["id"]
    queue = client.queues.get(QUEUE)
    assert queue.id == wire.last("GET", "/1/queues/[^/]+").body["id"]
    # v0.43 declares the body `type: string, format: binary` (Goa's raw body, whatever the
    # JSON): Prism wants a JSON string there, so v0.43 gets one and v0.44 an object.
    message: Any = '{"n": 1}' if mock.version == "0.43" else {"n": 1}
    queue.enqueue(message, schema=SCHEMA)
    assert json.loads(wire.last("POST", "/1/queues/[^/]+/messages").request.content) == message
    assert wire.last("POST", "/1/queues/[^/]+/messages").request.url.params["schema"] == SCHEMA
    messages = queue.dequeue(limit=2)
    answer = wire.last("GET", "/1/queues/[^/]+/messages").body
    assert [m.id for m in messages] == [m.get("id") for m in answer.get("messages", [])]
    queue.delete()
    assert wire.last("DELETE", "/1/queues/[^/]+").status == 204


def test_projects_list_get_default_members_and_account(
    mock: Mock, client: Client, wire: MockWire
) -> None:
    listed = list(client.projects.list(page_size=1, limit=3))
    sent = items_sent(wire, "GET", "/1/project")
    assert [p.id for p in listed] == [i["urn"] for i in sent][:3]

    project = client.projects.get(PROJECT)
    assert project.id == wire.last("GET", "/1/project/urn.+").body["urn"]
    default = client.projects.default()
    assert default.id == wire.last("GET", "/1/project/default").body["urn"]
    members = list(project.members(limit=3))
    sent_members = items_sent(wire, "GET", "/1/project/[^/]+/members")
    assert [m.user for m in members] == [m.get("urn") for m in sent_members][:3]
    project.set_member(USER, "member")
    assert wire.last("PUT", "/1/project/[^/]+/memberships/[^/]+").status == 204
    project.remove_member(USER)
    account = project.read_account()
    assert account == wire.last("GET", "/1/project/[^/]+/account").body["account_urn"]
    if mock.version == "0.44":
        updated = project.update(name="mock project", details="renamed")
        renamed = wire.last("PUT", "/1/project/[^/]+")
        assert json.loads(renamed.request.content)["name"] == "mock project"
        assert updated.id == renamed.body["urn"]
    else:  # v0.43 cannot rename a project: the call says so
        wire.expected_missing.append(("PUT", "/1/project/urn:.+"))
        with pytest.raises(APIError) as refused:
            project.update(name="mock project")
        assert refused.value.status == 405
    client.projects.set_default(PROJECT)
    assert wire.last("PUT", "/1/project/default").status == 204
    project.set_account(ACCOUNT)
    assert json.loads(wire.last("PUT", "/1/project/[^/]+/account").request.content) == {
        "account_urn": ACCOUNT
    }
    created = client.projects.create("mock project", details="for a test")
    assert created.id == wire.last("POST", "/1/project").body["urn"]
    client.projects.delete(PROJECT)
    assert wire.last("DELETE", "/1/project/[^/]+").status == 204


def test_packages_list_status_and_remove(client: Client, wire: MockWire) -> None:
    tags = list(client.packages.list(limit=3))
    assert tags == [str(t) for t in items_sent(wire, "GET", "/1/packages/list")][:3]
    digest = "sha256:" + "0" * 64
    status = client.packages.status("test_app:1.0.1", digest)
    assert wire.last("GET", "/1/packages/status").request.url.params["digest"] == digest
    assert status is not None
    client.packages.remove("test_app:1.0.1")
    assert wire.last("DELETE", "/1/packages/remove").status == 204


def test_packages_pull_refuses_a_manifest_the_platform_says_is_exabytes(
    mock: Mock, client: Client, wire: MockWire, tmp_path: Path
) -> None:
    if mock.dynamic:
        pytest.skip("Prism's generated total and available headers pass 2^53: a 500 with --errors")
    # The example's Total header says 5435156037084068188 bytes: far past MAX_MANIFEST.
    with pytest.raises(MalformedResponse, match="more than the"):
        client.packages.pull("test_app:1.0.1", tmp_path / "image.tar")
    first = wire.to_mock()[0]
    assert dict(first.request.url.params) == {"ref": "test_app:1.0.1", "type": "manifest"}
    assert len(wire.exchanges) < 10


def test_the_platforms_openapi_document(client: Client, wire: MockWire) -> None:
    try:
        document: Any = client.openapi()
    except MalformedResponse as exc:
        document = exc
    answer = wire.last("GET", "/1/openapi/openapi3.json")
    # Upstream declares no body for it: Prism answers with none, which is no document.
    if answer.text:
        assert document == answer.body
    else:
        assert isinstance(document, MalformedResponse), document


def test_bad_input_is_refused_before_any_request(client: Client, wire: MockWire) -> None:
    with pytest.raises(InvalidParameter):
        client.orders.get("urn:ivcap:service:not-an-order")
    assert wire.exchanges == []


# -- the async client -------------------------------------------------------


@pytest.mark.anyio
async def test_the_async_client_lists_gets_places_downloads_and_adds_metadata(
    mock: Mock, aclient: AsyncClient, wire: MockWire, content: ContentServer
) -> None:
    listed = [s async for s in aclient.services.list(page_size=2, limit=3)]
    sent = items_sent(wire, "GET", "/1/services")
    assert [(s.id, s.name) for s in listed] == [(i["id"], i.get("name")) for i in sent][:3]

    service = await aclient.services.get(SERVICE)
    definitions = await service.parameters
    given = {p.name: value_for(p) for p in definitions if p.mandatory}
    order = await aoutcome(wire, lambda: service.place_order("mock order", parameters=given))
    if not isinstance(order, Refused):
        assert order.id == wire.last("POST", "/1/orders").body["id"]

    data = b"async bytes " * 50
    content.put("download", data)
    _hold_content(wire, content, "download")
    artifact = await aclient.artifacts.get(ARTIFACT)
    read = b"".join([piece async for piece in artifact.iter_bytes()])
    assert read == data
    assert all("authorization" not in r.headers for r in content.requests)

    added = await aoutcome(
        wire, lambda: aclient.aspects.create(ARTIFACT, {"$schema": SCHEMA, "ok": True})
    )
    if not isinstance(added, Refused):
        assert added.id == wire.last("GET", "/1/aspects/.+").body["id"]
