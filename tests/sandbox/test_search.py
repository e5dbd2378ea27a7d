"""Search: the Mangle subset over aspects and entities."""

from __future__ import annotations

import httpx
import pytest
from conveyor_sandbox import SandboxServer, service_id_for

from .conftest import checked_client

MANGLE = {"Content-Type": "application/datalog+mangle"}


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


def test_lineage_join(client: httpx.Client, world: dict[str, str]) -> None:
    q = """?aspect(_, Product, "urn:conveyor:schema:artifact.produced-by.1", C),
           :json_path(C, "$.order"), product(Order, Product),
           artifact(Product, Name, "ready", Mime)."""
    rows = search(client, q).json()["items"]
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
    rows = client.post("/1/search", content=q, headers={"Content-Type": "text/plain"}).json()[
        "items"
    ]
    assert [r["E"] for r in rows] == [world["product"]]
    rows = search(client, f'order(O, S, Status, _), O = "{world["order"]}"').json()["items"]
    assert rows == [{"O": world["order"], "S": service_id_for("word-count"), "Status": "succeeded"}]
    rows = search(client, 'service(S, "hello")').json()["items"]
    assert rows == [{"S": service_id_for("hello")}]


def test_paging_through_results(client: httpx.Client, world: dict[str, str]) -> None:
    first = search(client, "service(S, N)", limit="2").json()
    got = list(first["items"])
    page = first
    while nxt := [lk["href"] for lk in page["links"] if lk["rel"] == "next"]:
        page = client.post(nxt[0], headers=MANGLE).json()
        got += page["items"]
    assert len(got) == len(search(client, "service(S, N)", limit="50").json()["items"]) >= 4


@pytest.mark.parametrize(
    "query",
    [
        "reviewed(X) :- aspect(X, _, _, _).",
        "aspect(X, _, _, _), !artifact(X, _, _, _)",
        "aspect(X, _, _, _) |> do fn:count()",
        "graph(X)",
        "aspect(X, _, /foo, _)",
        ":lt(1, 2), service(S, N)",
    ],
)
def test_outside_the_subset_is_501(client: httpx.Client, query: str) -> None:
    r = search(client, query)
    assert r.status_code == 501
    assert "subset of Mangle" in r.json()["message"]


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("", "empty"),
        ("aspect(X, Y)", "takes 4 arguments"),
        ("service(S, N), X = 1", "not bound"),
        ("service(S, N", "expected"),
        ('service(S, N), :json_path(N, "nope")', "a path starts with"),
    ],
)
def test_mistakes_are_400(client: httpx.Client, query: str, needle: str) -> None:
    r = search(client, query)
    assert r.status_code == 400 and needle in r.json()["message"]


def test_other_query_languages_are_501(client: httpx.Client) -> None:
    r = client.post(
        "/1/search",
        content=b"SELECT * WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 501 and "application/datalog+mangle" in r.json()["message"]


def test_at_time(client: httpx.Client, world: dict[str, str]) -> None:
    rows = search(client, "artifact(A, _, _, _)", **{"at-time": "2000-01-01T00:00:00Z"}).json()
    assert rows["items"] == [] and rows["at-time"].startswith("2000-01-01")
