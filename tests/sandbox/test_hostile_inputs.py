"""Hostile request bodies: lone surrogates, non-finite numbers, non-URN schemas.

Each of these once got a 500 or was stored and served back as invalid
JSON (issue 18). Every JSON body is decoded in one place
(``conveyor_sandbox._routes.http.decode_json``), so one rule answers them
all; the tests go through each entry point a client can reach, since a
route that read its body some other way would slip past the rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from conveyor_sandbox import SandboxServer, service_id_for

from .conftest import checked_client

HELLO = service_id_for("hello")
JSON = {"Content-Type": "application/json"}
LONE = "\\ud800"  # as JSON spells it: an escape of half a surrogate pair
ENTITY = "urn:ivcap:artifact:00000000-0000-4000-8000-00000000abcd"
SCHEMA = "urn:example:schema:hostile.1"


@pytest.fixture(scope="module")
def c(server: SandboxServer) -> Iterator[httpx.Client]:
    with checked_client(server) as client:
        yield client


def service(description: str) -> str:
    """A service definition (JSON text) whose description is spliced in verbatim."""
    return (
        '{"name":"hostile","description":"' + description + '","parameters":[],'
        '"workflow":{"type":"basic","basic":{"image":"hello","command":[]}}}'
    )


def order(name: str = "n", value: str = "v", tag: str = "t") -> str:
    """An order of ``hello`` (JSON text) with the three texts spliced in verbatim."""
    return (
        '{"service":"' + HELLO + '","name":"' + name + '",'
        '"parameters":[{"name":"message","value":"' + value + '"}],"tags":["' + tag + '"]}'
    )


#: (what, method, path, query, body, the field the answer must name)
SURROGATE_CASES = [
    (
        "aspect content",
        "POST",
        "/1/aspects",
        {"entity": ENTITY, "schema": SCHEMA},
        '{"a":"' + LONE + '"}',
        "the field a",
    ),
    (
        "aspect replacement",
        "PUT",
        "/1/aspects",
        {"entity": ENTITY, "schema": SCHEMA},
        '{"deep":[{"x":"ok"},{"y":"' + LONE + '"}]}',
        "the field deep[1].y",
    ),
    (
        "aspect key",
        "POST",
        "/1/aspects",
        {"entity": ENTITY, "schema": SCHEMA},
        '{"' + LONE + '":1}',
        "a key of the body",
    ),
    (
        "metadata record",
        "POST",
        "/1/metadata",
        {"entity-id": ENTITY, "schema": SCHEMA},
        '{"note":"x' + LONE + 'y"}',
        "the field note",
    ),
    ("order name", "POST", "/1/orders", {}, order(name=LONE), "the field name"),
    (
        "parameter value",
        "POST",
        "/1/orders",
        {},
        order(value=LONE),
        "the field parameters[0].value",
    ),
    ("order tag", "POST", "/1/orders", {}, order(tag="\\udfff"), "the field tags[0]"),
    ("service description", "POST", "/1/services", {}, service(LONE), "the field description"),
    ("queue", "POST", "/1/queues", {}, '{"name":"q' + LONE + '"}', "the field name"),
    (
        "project",
        "POST",
        "/1/project",
        {},
        '{"name":"p","properties":{"k":"' + LONE + '"}}',
        "the field properties.k",
    ),
    (
        "job request",
        "POST",
        f"/1/services2/{service_id_for('word-stats')}/jobs",
        {},
        '{"text":"' + LONE + '"}',
        "the field text",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "field"),
    [case[1:] for case in SURROGATE_CASES],
    ids=[case[0] for case in SURROGATE_CASES],
)
def test_a_lone_surrogate_is_a_400_naming_the_field(
    c: httpx.Client, method: str, path: str, query: dict[str, str], body: str, field: str
) -> None:
    r = c.request(method, path, params=query, content=body.encode(), headers=JSON)
    assert r.status_code == 400, r.text
    message = r.json()["message"]
    assert message.startswith(f"{field} holds a lone surrogate"), message


def test_a_lone_surrogate_in_a_queue_message_and_a_secret(c: httpx.Client) -> None:
    queue = c.post("/1/queues", json={"name": "hostile-messages"}).json()["id"]
    r = c.post(f"/1/queues/{queue}/messages", content=b'["' + LONE.encode() + b'"]', headers=JSON)
    assert r.status_code == 400 and r.json()["message"].startswith("the field [0] holds")
    r = c.post(
        "/1/secrets",
        content=('{"secret-name":"s","secret-value":"' + LONE + '"}').encode(),
        headers=JSON,
    )
    assert r.status_code == 400 and r.json()["message"].startswith("the field secret-value holds")


def test_a_lone_surrogate_in_a_search_constant_is_a_400(c: httpx.Client) -> None:
    query = '?aspect(Id, E, "urn:x' + LONE + '", C)'
    r = c.post(
        "/1/search", content=query.encode(), headers={"Content-Type": "application/datalog+mangle"}
    )
    assert r.status_code == 400, r.text
    assert "surrogate" in r.json()["message"]


def test_surrogate_pairs_and_escaped_backslashes_are_text(c: httpx.Client) -> None:
    # The escape of a whole pair is one character (an emoji), and "\\ud800"
    # with its backslash escaped is six plain characters: both are stored.
    body = b'{"emoji":"\\ud83d\\ude00","plain":"\\\\ud800"}'
    r = c.post(
        "/1/aspects", params={"entity": ENTITY, "schema": SCHEMA}, content=body, headers=JSON
    )
    assert r.status_code == 200, r.text
    content = c.get(f"/1/aspects/{r.json()['id']}").json()["content"]
    assert content == {"emoji": "\U0001f600", "plain": "\\ud800"}


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1E400", "NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused_on_the_way_in(c: httpx.Client, number: str) -> None:
    body = ('{"a":' + number + "}").encode()
    r = c.post(
        "/1/aspects", params={"entity": ENTITY, "schema": SCHEMA}, content=body, headers=JSON
    )
    assert r.status_code == 400, r.text
    r = c.post("/1/orders", content=order().replace('"v"', number).encode(), headers=JSON)
    assert r.status_code == 400, r.text


def test_no_answer_holds_a_non_finite_number(c: httpx.Client) -> None:
    # What is accepted is served back as valid JSON: the largest finite
    # double and a tiny one that rounds to zero stay numbers.
    body = b'{"big":1.7976931348623157e308,"tiny":1e-999}'
    r = c.post(
        "/1/aspects", params={"entity": ENTITY, "schema": SCHEMA}, content=body, headers=JSON
    )
    assert r.status_code == 200
    raw = c.get(f"/1/aspects/{r.json()['id']}").text
    content = json.loads(raw, parse_constant=lambda name: pytest.fail(f"{name} served"))["content"]
    assert content == {"big": 1.7976931348623157e308, "tiny": 0.0}


@pytest.mark.parametrize(
    "schema",
    [
        "../../pwned20",
        "pwned",
        "urn:",
        "urn:x",
        "urn::y",
        "urn:-a:b",
        "urn:a:b c",
        "urn:a:%",
        "http://example.com/schema",
        "urn:" + "n" * 33 + ":x",
    ],
)
@pytest.mark.parametrize(
    ("method", "path", "entity"),
    [
        ("POST", "/1/aspects", "entity"),
        ("PUT", "/1/aspects", "entity"),
        ("POST", "/1/metadata", "entity-id"),
    ],
)
def test_a_schema_that_is_no_urn_is_a_422(
    c: httpx.Client, method: str, path: str, entity: str, schema: str
) -> None:
    r = c.request(method, path, params={entity: ENTITY, "schema": schema}, json={"a": 1})
    assert r.status_code == 422, r.text
    assert r.json()["name"] == "schema"
    listed = c.get("/1/aspects", params={"entity": ENTITY, "schema": schema}).json()["items"]
    assert listed == [] or all(i["schema"] != schema for i in listed)


def test_a_urn_schema_is_still_taken(c: httpx.Client) -> None:
    r = c.post("/1/aspects", params={"entity": ENTITY, "schema": "urn:a:b"}, json={"a": 1})
    assert r.status_code == 200, r.text
