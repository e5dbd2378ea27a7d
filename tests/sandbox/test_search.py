"""Search: the Mangle subset over aspects and entities."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor_sandbox import SandboxServer, service_id_for

from .conftest import checked_client

MANGLE = {"Content-Type": "application/datalog+mangle"}
UPSTREAM = (
    Path(__file__).resolve().parents[2] / "openapi/upstream/ivcap-core-api-0.44.openapi3.json"
)


@pytest.fixture(scope="module")
def world(server: SandboxServer) -> dict[str, str]:
    with checked_client(server) as c:
        art = c.post(
            "/1/artifacts",
            content=b"a b a",
            headers={"X-Name": "in.txt", "X-Content-Type": "text/plain"},
        ).json()["id"]
        order = c.post(
            "/1/orders",
            json={
                "service": service_id_for("word-count"),
                "parameters": [{"name": "text", "value": art}],
            },
        ).json()["id"]
        server.wait_for_order(order)
        product = c.get(f"/1/orders/{order}").json()["products"]["items"][0]["id"]
        c.post(
            "/1/aspects",
            params={"entity": product, "schema": "urn:example:schema:review.1"},
            json={"ok": True, "score": 9},
        )
        c.post(
            "/1/aspects",
            params={"entity": art, "schema": "urn:example:schema:review.1"},
            json={"ok": False, "score": 2},
        )
    return {"art": art, "order": order, "product": product}


def search(client: httpx.Client, query: str, **params: str) -> httpx.Response:
    return client.post("/1/search", content=query.encode(), headers=MANGLE, params=params)


def rows_of(response: httpx.Response) -> list[dict[str, Any]]:
    """The rows of a search answer: each a string, the JSON text of one object."""
    items = response.json()["items"]
    assert all(isinstance(item, str) for item in items), items
    return [json.loads(item) for item in items]


def test_lineage_join(client: httpx.Client, world: dict[str, str]) -> None:
    q = """?aspect(_, Product, "urn:conveyor:schema:artifact.produced-by.1", C),
           :json_path(C, "$.order"), product(Order, Product),
           artifact(Product, Name, "ready", Mime)."""
    rows = rows_of(search(client, q))
    mine = [r for r in rows if r["Product"] == world["product"]]
    assert len(mine) == 1
    assert mine[0]["Order"] == world["order"] and mine[0]["Name"] == "word-counts.json"
    assert mine[0]["Mime"] == "application/json" and mine[0]["C"]["order"] == world["order"]
    assert list(mine[0]) == ["Product", "C", "Order", "Name", "Mime"]


def test_constants_checks_and_text_plain(client: httpx.Client, world: dict[str, str]) -> None:
    q = (
        'aspect(Id, E, "urn:example:schema:review.1", C), :json_path(C, "$.score ? (@ > 5)"), '
        ':match_prefix(E, "urn:ivcap:artifact:")'
    )
    rows = rows_of(client.post("/1/search", content=q, headers={"Content-Type": "text/plain"}))
    assert [r["E"] for r in rows] == [world["product"]]
    rows = rows_of(search(client, f'order(O, S, Status, _), O = "{world["order"]}"'))
    assert rows == [{"O": world["order"], "S": service_id_for("word-count"), "Status": "succeeded"}]
    rows = rows_of(search(client, 'service(S, "hello")'))
    assert rows == [{"S": service_id_for("hello")}]


def test_paging_through_results(client: httpx.Client, world: dict[str, str]) -> None:
    first = search(client, "service(S, N)", limit="2").json()
    got = list(first["items"])
    page = first
    while nxt := [lk["href"] for lk in page["links"] if lk["rel"] == "next"]:
        page = client.post(nxt[0], headers=MANGLE).json()
        got += page["items"]
    assert len(got) == len(search(client, "service(S, N)", limit="50").json()["items"]) >= 4


def test_rules_facts_and_recursion(client: httpx.Client, world: dict[str, str]) -> None:
    program = """
    reviewed(A, Score) :- aspect(_, A, "urn:example:schema:review.1", C), artifact(A, _, _, _),
                          :json_path(C, "$.ok ? (@ == true)"), score(A, Score).
    score(A, 9) :- product(_, A).
    edge("a", "b"). edge("b", "c"). edge("c", "d").
    path(X, Y) :- edge(X, Y).
    path(X, Z) :- path(X, Y), edge(Y, Z).
    ?path("a", Y), reviewed(Product, S).
    """
    rows = rows_of(search(client, program))
    assert {r["Y"] for r in rows} == {"b", "c", "d"}
    assert {(r["Product"], r["S"]) for r in rows} == {(world["product"], 9)}


def test_the_predicate_query_answers_without_a_query(client: httpx.Client) -> None:
    program = 'query(Name, /service) :- service(_, Name), :match_prefix(Name, "word-c").'
    assert rows_of(search(client, program)) == [{"Name": "word-count", "_2": "/service"}]


def test_load_aspect_as_upstream_writes_it(client: httpx.Client, world: dict[str, str]) -> None:
    collection = "urn:ivcap:collection:5d9e1c2b-0a7f-4e55-9b1a-6a2f1e3c4d5e"
    entity = "urn:ivcap:order:550e8400-e29b-41d4-a716-446655440000"
    client.post(
        "/1/aspects",
        params={"entity": entity, "schema": "urn:ivcap:schema:order-placed.1"},
        json={"parameters": [{"name": "images", "value": collection}, {"name": "n", "value": "3"}]},
    )
    client.post(
        "/1/aspects",
        params={"entity": collection, "schema": "urn:ivcap:schema:artifact-collection.1"},
        json={"collection": collection, "artifacts": [world["art"], world["product"]]},
    )
    # Upstream's own example query (its spec's request example), unchanged.
    spec = json.loads(UPSTREAM.read_text(encoding="utf-8"))
    media = spec["paths"]["/1/search"]["post"]["requestBody"]["content"]
    program = media["application/datalog+mangle"]["example"]
    assert ":load_aspect(/order_parameter" in program and ":-" in program
    rows = rows_of(search(client, program))
    assert sorted(r["Artifact"] for r in rows) == sorted([world["art"], world["product"]])
    params = rows_of(
        search(
            client,
            ':load_aspect(/p, "urn:ivcap:schema:order-placed.1",'
            f' ["entity", ".parameters[*].name|value"]). ?p("{entity}", N, V).',
        )
    )
    assert params == [{"N": "images", "V": collection}, {"N": "n", "V": "3"}]


@pytest.mark.parametrize(
    ("query", "construct"),
    [
        ("aspect(X, _, _, _), !artifact(X, _, _, _)", "negation"),
        ("aspect(X, _, _, _) |> do fn:count()", "transforms"),
        ("graph(X)", "the predicate graph"),
        (":lt(1, 2), service(S, N)", "the built-in :lt"),
        ('Decl p(X). p("a"). ?p(X).', "declarations (Decl)"),
    ],
)
def test_outside_the_subset_is_422_naming_it(
    client: httpx.Client, query: str, construct: str
) -> None:
    r = search(client, query)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["name"] == "query" and body["message"].startswith(construct)
    assert "subset of Mangle" in body["message"]


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("", "empty"),
        ('edge("a", "b").', "no query"),
        ("p(X, Y) :- service(X, _). ?p(A, B).", "not bound by its body"),
        (':load_aspect(/p, "s", ["nope"]). ?p(X).', "projection"),
        ('p("a"). p("a", "b"). ?p(X).', "arguments in one clause"),
        ("?service(S, N). ?service(S, N).", "at most one query"),
        ("aspect(X, Y)", "takes 4 arguments"),
        ("service(S, N), X = 1", "not bound"),
        ("service(S, N", "expected"),
        ('service(S, N), :json_path(N, "nope")', "a path starts with"),
    ],
)
def test_mistakes_are_400(client: httpx.Client, query: str, needle: str) -> None:
    r = search(client, query)
    assert r.status_code == 400 and needle in r.json()["message"]


def test_other_query_languages_are_415(client: httpx.Client) -> None:
    r = client.post(
        "/1/search",
        content=b"SELECT * WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 415 and "application/datalog+mangle" in r.json()["message"]


def test_at_time(client: httpx.Client, world: dict[str, str]) -> None:
    rows = search(client, "artifact(A, _, _, _)", **{"at-time": "2000-01-01T00:00:00Z"}).json()
    assert rows["items"] == [] and rows["at-time"].startswith("2000-01-01")
