"""Projects on a scripted platform: records, token paging, members, roles, Client(project=)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from conveyor import AsyncClient, Client, InvalidParameter, NotFound, ProjectMember, ProjectRole

from .mock import BASE, SECRET, Recorder, json_response, make

PROJECT = "urn:ivcap:project:5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
OTHER = "urn:ivcap:project:11223344-5566-4778-899a-abbccddeeff0"
ANA = "urn:ivcap:user:6d7e8f90-a1b2-4c3d-8e4f-5a6b7c8d9e0f"
ACCOUNT = "urn:ivcap:account:00000000-0000-4000-8000-000000000001"


def project_record(urn: str = PROJECT, **extra: Any) -> dict[str, Any]:
    return {
        "urn": urn,
        "name": "Reef survey",
        "status": "active",
        "role": "owner",
        "account": ACCOUNT,
        "properties": {"details": "Coral cover"},
        "created_at": "2026-10-01T08:00:00Z",
        **extra,
    }


def answer(**extra: Any) -> httpx.Response:
    return json_response(200, project_record(**extra))


def test_get_reads_the_record_by_urn() -> None:
    recorder = Recorder(answer(role="Curator"))
    with make(recorder) as client:
        project = client.projects.get(PROJECT)
        assert project.id == PROJECT and project.name == "Reef survey"
        assert project.status == "active" and project.details == "Coral cover"
        assert project.role == "Curator"  # a role the SDK does not know is passed through
        assert project.account == ACCOUNT
        assert project.created_at is not None and project.created_at.year == 2026
        assert "Reef survey" in repr(project) and "Coral cover" in project.describe()
    assert recorder.requests[0].url.path == f"/1/project/{PROJECT}"


def test_list_pages_by_the_page_token() -> None:
    first = json_response(200, {"projects": [project_record()], "page": "cHJvamVjdHMuMQ=="})
    last = json_response(200, {"projects": [project_record(OTHER, name="Other")], "page": ""})
    recorder = Recorder(first, last)
    with make(recorder) as client:
        assert [p.name for p in client.projects.list(order_by="name")] == ["Reef survey", "Other"]
    assert recorder.requests[0].url.params["order-by"] == "name"
    assert recorder.requests[1].url.params["page"] == "cHJvamVjdHMuMQ=="


def test_create_checks_the_name_and_is_not_repeated() -> None:
    recorder = Recorder(httpx.Response(502), answer())
    with make(recorder, retries=3) as client:
        with pytest.raises(InvalidParameter) as caught:
            client.projects.create("ab")
        assert caught.value.parameter == "name" and recorder.requests == []
        with pytest.raises(Exception, match="Bad Gateway"):
            client.projects.create("Reef survey")
        assert len(recorder.requests) == 1
        recorder.answers = [answer()]
        project = client.projects.create("Reef survey", details="Coral cover", account=ACCOUNT)
    assert project.id == PROJECT
    assert json.loads(recorder.requests[-1].content) == {
        "name": "Reef survey",
        "account": ACCOUNT,
        "properties": {"details": "Coral cover"},
    }


def test_update_and_delete() -> None:
    recorder = Recorder(answer(), answer(name="Reef survey 2026"), httpx.Response(204))
    with make(recorder) as client:
        project = client.projects.get(PROJECT)
        assert project.update(name="Reef survey 2026") is project
        assert project.name == "Reef survey 2026"
        client.projects.delete(project)
    put, delete = recorder.requests[1:]
    assert put.method == "PUT" and json.loads(put.content) == {"name": "Reef survey 2026"}
    assert delete.method == "DELETE" and delete.url.path == f"/1/project/{PROJECT}"


def test_default_and_set_default() -> None:
    recorder = Recorder(answer(), httpx.Response(204), json_response(404, {"message": "none"}))
    with make(recorder) as client:
        assert client.projects.default().id == PROJECT
        client.projects.set_default(OTHER, user=ANA)
        with pytest.raises(NotFound):
            client.projects.default()
    get, put, _ = recorder.requests
    assert get.url.path == "/1/project/default"
    assert json.loads(put.content) == {"project_urn": OTHER, "user_urn": ANA}


def test_members_paged_and_roles() -> None:
    members = [
        {"urn": ANA, "email": "ana@example.org", "role": "owner"},
        {"urn": "urn:ivcap:user:7e", "email": "raj@example.org", "role": "Reviewer"},
    ]
    recorder = Recorder(
        answer(),
        json_response(200, {"members": members[:1], "page": "m2"}),
        json_response(200, {"members": members[1:]}),
        httpx.Response(204),
        httpx.Response(204),
    )
    with make(recorder) as client:
        project = client.projects.get(PROJECT)
        found = list(project.members(role="owner"))
        assert found == [
            ProjectMember(ANA, "ana@example.org", ProjectRole.OWNER),
            ProjectMember("urn:ivcap:user:7e", "raj@example.org", "Reviewer"),
        ]
        assert found[0].as_dict() == {"user": ANA, "email": "ana@example.org", "role": "owner"}
        project.set_member(ANA, "Member")  # roles compare without regard to case
        project.remove_member(found[0])
    listed, nxt, put, delete = recorder.requests[1:]
    assert (
        listed.url.path == f"/1/project/{PROJECT}/members" and listed.url.params["role"] == "owner"
    )
    assert nxt.url.params["page"] == "m2" and "role" not in nxt.url.params
    assert put.method == "PUT" and put.url.path == f"/1/project/{PROJECT}/memberships/{ANA}"
    assert json.loads(put.content) == {"role": "member"}
    assert delete.method == "DELETE" and delete.url.path == put.url.path


@pytest.mark.parametrize("role", ["admin", "", None, 3, "owner!"])
def test_an_unknown_role_is_refused_before_sending(role: Any) -> None:
    recorder = Recorder(answer())
    with make(recorder) as client:
        project = client.projects.get(PROJECT)
        with pytest.raises(InvalidParameter) as caught:
            project.set_member(ANA, role)
        assert caught.value.parameter == "role" and "member, owner" in str(caught.value)
        if role is not None:  # no role lists every member
            with pytest.raises(InvalidParameter):
                project.members(role=role)
    assert len(recorder.requests) == 1


def test_account_read_and_set() -> None:
    recorder = Recorder(answer(), json_response(200, {"account_urn": ACCOUNT}), httpx.Response(204))
    with make(recorder) as client:
        project = client.projects.get(PROJECT)
        assert project.read_account() == ACCOUNT
        project.set_account(ACCOUNT)
        with pytest.raises(InvalidParameter):
            project.set_account("not an account")
    get, put = recorder.requests[1:]
    assert get.url.path == put.url.path == f"/1/project/{PROJECT}/account"
    assert json.loads(put.content) == {"account_urn": ACCOUNT}


def test_client_project_is_the_default_of_project_calls() -> None:
    recorder = Recorder(
        json_response(200, {"members": []}),
        httpx.Response(204),
        json_response(200, {"account_urn": ACCOUNT}),
        answer(),
    )
    with make(recorder, project=PROJECT) as client:
        assert client.project == PROJECT
        assert list(client.projects.members()) == []
        client.projects.set_member(ANA, ProjectRole.MEMBER)
        assert client.projects.read_account() == ACCOUNT
        assert client.projects.current().id == PROJECT  # read, not the platform's default
        # Views of the client keep its project.
        assert client.with_options(timeout=5).project == PROJECT
    paths = [r.url.path for r in recorder.requests]
    assert paths == [
        f"/1/project/{PROJECT}/members",
        f"/1/project/{PROJECT}/memberships/{ANA}",
        f"/1/project/{PROJECT}/account",
        f"/1/project/{PROJECT}",
    ]
    # Other calls are unchanged: the platform has no per-call project scope.
    assert all("project" not in r.url.params for r in recorder.requests)


def test_without_a_client_project_the_calls_ask_for_one() -> None:
    recorder = Recorder(answer())
    with make(recorder) as client:
        with pytest.raises(InvalidParameter, match="give project=") as caught:
            client.projects.members()
        assert caught.value.parameter == "project"
        with pytest.raises(InvalidParameter):
            client.projects.set_member(ANA, "owner")
        assert recorder.requests == []
        assert client.projects.current().id == PROJECT  # the platform's default
    assert recorder.requests[0].url.path == "/1/project/default"


def test_a_bad_client_project_is_refused_at_once() -> None:
    with pytest.raises(InvalidParameter) as caught:
        Client(BASE, token=SECRET, project="urn:ivcap:artifact:0f1e2d3c")
    assert caught.value.parameter == "project"
    with pytest.raises(InvalidParameter):
        Client(BASE, token=SECRET, project="reef survey")


@pytest.mark.anyio
async def test_the_async_twins() -> None:
    recorder = Recorder(
        answer(),
        json_response(200, {"members": [{"urn": ANA, "role": "owner"}]}),
        httpx.Response(204),
        json_response(200, {"account_urn": ACCOUNT}),
    )
    async with AsyncClient(BASE, token=SECRET, transport=recorder.transport) as client:
        project = await client.projects.default()
        assert [m.user async for m in project.members()] == [ANA]
        await project.remove_member(ANA)
        assert await client.projects.read_account(project) == ACCOUNT
