"""Projects: CRUD, the caller's default project, members with roles, the billing account."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conveyor_sandbox import SandboxServer

from .conftest import checked_client

CALLER = "urn:ivcap:user:00000000-0000-4000-8000-000000000002"
ANA = "urn:ivcap:user:6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0f"
RAJ = "urn:ivcap:user:7e8f90a1-b2c3-4d4e-9f5a-6b7c8d9e0f1a"
OTHER_ACCOUNT = "urn:ivcap:account:11111111-2222-4333-8444-555555555555"


@pytest.fixture
def c(fresh_server: SandboxServer) -> Iterator[httpx.Client]:
    with checked_client(fresh_server) as client:
        yield client


def create(c: httpx.Client, name: str = "Reef survey", **extra: Any) -> dict[str, Any]:
    r = c.post("/1/project", json={"name": name, **extra})
    assert r.status_code == 200, r.text
    record: dict[str, Any] = r.json()
    return record


def members(c: httpx.Client, urn: str, **params: str) -> list[tuple[str, str]]:
    r = c.get(f"/1/project/{urn}/members", params=params)
    assert r.status_code == 200, r.text
    return [(m["urn"], m["role"]) for m in r.json()["members"]]


def test_create_read_update_delete(c: httpx.Client) -> None:
    made = create(c, properties={"details": "Coral cover."})
    urn = made["urn"]
    assert urn.startswith("urn:ivcap:project:") and made["status"] == "active"
    assert made["role"] == "owner" and made["account"].startswith("urn:ivcap:account:")
    assert made["properties"] == {"details": "Coral cover."}
    assert made["created_at"] == made["modified_at"]
    assert c.get(f"/1/project/{urn}").json() == made
    time.sleep(0.002)
    r = c.put(f"/1/project/{urn}", json={"name": "Reef survey 2026", "urn": urn})
    updated = r.json()
    assert updated["name"] == "Reef survey 2026" and updated["properties"] == made["properties"]
    assert updated["modified_at"] > made["modified_at"]
    r = c.put(f"/1/project/{urn}", json={"urn": "urn:ivcap:project:someone-else"})
    assert r.status_code == 422 and r.json()["name"] == "urn"
    assert c.delete(f"/1/project/{urn}").status_code == 204
    for method in ("GET", "DELETE"):
        assert c.request(method, f"/1/project/{urn}").status_code == 404
    assert c.put(f"/1/project/{urn}", json={"name": "again"}).status_code == 404


def test_bad_definitions_are_422_naming_the_field(c: httpx.Client) -> None:
    for body, field in (
        ({"name": "ab"}, "name"),
        ({}, "name"),
        ({"name": None}, "name"),
        ({"name": "Fine", "urn": "urn:ivcap:artifact:1"}, "urn"),
        ({"name": "Fine", "account": "not a urn"}, "account"),
        ({"name": "Fine", "parent": "urn:ivcap:project:missing"}, "parent"),
        ({"name": "Fine", "properties": {"details": 3}}, "properties"),
        ({"name": "Fine", "properties": []}, "properties"),
    ):
        r = c.post("/1/project", json=body)
        assert r.status_code == 422 and r.json()["name"] == field, (body, r.text)
    assert c.get("/1/project").json()["projects"] == []


def test_a_chosen_urn_is_used_once_and_parents_never_loop(c: httpx.Client) -> None:
    urn = "urn:ivcap:project:5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
    assert create(c, urn=urn)["urn"] == urn
    r = c.post("/1/project", json={"name": "Twin", "urn": urn})
    assert r.status_code == 409 and r.json()["id"] == urn
    child = create(c, "Child", parent=urn)["urn"]
    assert c.get(f"/1/project/{child}").json()["parent"] == urn
    r = c.put(f"/1/project/{urn}", json={"parent": child})
    assert r.status_code == 422 and r.json()["name"] == "parent"
    r = c.put(f"/1/project/{urn}", json={"parent": urn})
    assert r.status_code == 422 and r.json()["name"] == "parent"


def test_the_list_shows_the_callers_projects_page_by_page(c: httpx.Client) -> None:
    made = [create(c, f"Project {i}")["urn"] for i in range(5)]
    seen: list[str] = []
    page = c.get("/1/project", params={"limit": "2", "order-desc": "false"}).json()
    while True:
        seen += [p["urn"] for p in page["projects"]]
        assert all(p["role"] == "owner" for p in page["projects"])
        if not page.get("page"):
            break
        page = c.get("/1/project", params={"page": page["page"]}).json()
    assert seen == made
    named = c.get("/1/project", params={"filter": "name == 'Project 3'"}).json()["projects"]
    assert [p["urn"] for p in named] == [made[3]]
    newest = c.get("/1/project", params={"order-by": "created_at", "limit": "1"}).json()
    assert newest["projects"][0]["urn"] == made[-1]
    # A project the caller left is no longer listed, but can still be read.
    c.delete(f"/1/project/{made[0]}/memberships/{CALLER}")
    assert made[0] not in [p["urn"] for p in c.get("/1/project").json()["projects"]]
    read = c.get(f"/1/project/{made[0]}").json()
    assert "role" not in read
    # A deleted project is still in a list of an earlier instant.
    before = c.get("/1/project").json()["at-time"]
    c.delete(f"/1/project/{made[1]}")
    assert made[1] not in [p["urn"] for p in c.get("/1/project").json()["projects"]]
    then = c.get("/1/project", params={"at-time": before}).json()["projects"]
    assert made[1] in [p["urn"] for p in then]
    assert c.get("/1/project", params={"order-by": "nope"}).status_code == 422


def test_the_default_project(c: httpx.Client, fresh_server: SandboxServer) -> None:
    r = c.get("/1/project/default")
    assert r.status_code == 404
    urn = create(c)["urn"]
    unknown = "urn:ivcap:project:00000000-0000-4000-8000-000000000000"
    r = c.put("/1/project/default", json={"project_urn": unknown})
    assert r.status_code == 404 and r.json()["id"] == unknown
    assert c.put("/1/project/default", json={"project_urn": "nope"}).status_code == 422
    assert c.put("/1/project/default", json={}).json()["name"] == "project_urn"
    assert c.put("/1/project/default", json={"project_urn": urn}).status_code == 204
    assert c.get("/1/project/default").json()["urn"] == urn
    # Another user's default is theirs alone.
    other = create(c, "Other")["urn"]
    r = c.put("/1/project/default", json={"project_urn": other, "user_urn": ANA})
    assert r.status_code == 204 and c.get("/1/project/default").json()["urn"] == urn
    c.delete(f"/1/project/{urn}")
    assert c.get("/1/project/default").status_code == 404
    # Not a project's id: DELETE is not an operation of /1/project/default.
    auth = {"Authorization": f"Bearer {fresh_server.token}"}
    with httpx.Client(base_url=fresh_server.url, headers=auth) as raw:
        r = raw.delete("/1/project/default")
        assert r.status_code == 405 and r.headers["allow"] == "GET, PUT"


def test_members_with_roles(c: httpx.Client) -> None:
    urn = create(c)["urn"]
    assert members(c, urn) == [(CALLER, "owner")]
    base = f"/1/project/{urn}/memberships"
    assert c.put(f"{base}/{RAJ}", json={"role": "Member"}).status_code == 204
    assert c.put(f"{base}/{ANA}", json={"role": "member"}).status_code == 204
    assert c.put(f"{base}/{ANA}", json={"role": "OWNER"}).status_code == 204  # a new role
    assert members(c, urn) == [(CALLER, "owner"), (ANA, "owner"), (RAJ, "member")]
    assert members(c, urn, role="member") == [(RAJ, "member")]
    assert members(c, urn, role="all") == members(c, urn)
    for role in ("admin", "", None, 3):
        r = c.put(f"{base}/{RAJ}", json={"role": role})
        assert r.status_code == 422 and r.json()["name"] == "role", (role, r.text)
    r = c.get(f"/1/project/{urn}/members", params={"role": "admin"})
    assert r.status_code == 422 and r.json()["name"] == "role"
    assert c.put(f"{base}/not-a-urn", json={"role": "member"}).status_code == 400
    assert c.delete(f"{base}/{RAJ}").status_code == 204
    r = c.delete(f"{base}/{RAJ}")
    assert r.status_code == 404 and r.json()["id"] == RAJ
    assert members(c, urn) == [(CALLER, "owner"), (ANA, "owner")]
    unknown = "urn:ivcap:project:00000000-0000-4000-8000-000000000000"
    assert (
        c.put(f"/1/project/{unknown}/memberships/{RAJ}", json={"role": "member"}).status_code == 404
    )
    assert c.get(f"/1/project/{unknown}/members").status_code == 404


def test_members_page_by_page(c: httpx.Client) -> None:
    urn = create(c)["urn"]
    users = [f"urn:ivcap:user:{i:08d}-0000-4000-8000-000000000000" for i in range(5)]
    for user in users:
        c.put(f"/1/project/{urn}/memberships/{user}", json={"role": "member"})
    seen: list[str] = []
    page = c.get(f"/1/project/{urn}/members", params={"limit": "2"}).json()
    while True:
        seen += [m["urn"] for m in page["members"]]
        if not page.get("page"):
            break
        page = c.get(f"/1/project/{urn}/members", params={"page": page["page"]}).json()
    assert seen == sorted([*users, CALLER])
    # A token belongs to its own project's member list.
    other = create(c, "Other")["urn"]
    token = c.get(f"/1/project/{urn}/members", params={"limit": "1"}).json()["page"]
    assert c.get(f"/1/project/{other}/members", params={"page": token}).status_code == 400


def test_the_billing_account(c: httpx.Client) -> None:
    made = create(c)
    urn = made["urn"]
    assert c.get(f"/1/project/{urn}/account").json() == {"account_urn": made["account"]}
    r = c.put(f"/1/project/{urn}/account", json={"account_urn": OTHER_ACCOUNT})
    assert r.status_code == 204
    assert c.get(f"/1/project/{urn}/account").json() == {"account_urn": OTHER_ACCOUNT}
    assert c.get(f"/1/project/{urn}").json()["account"] == OTHER_ACCOUNT
    for body in ({}, {"account_urn": "nope"}, {"account_urn": None}):
        r = c.put(f"/1/project/{urn}/account", json=body)
        assert r.status_code == 422 and r.json()["name"] == "account_urn"
    c.delete(f"/1/project/{urn}")
    assert c.get(f"/1/project/{urn}/account").status_code == 404
