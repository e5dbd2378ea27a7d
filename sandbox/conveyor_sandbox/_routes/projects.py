"""``/1/project``: projects, their members and billing account, and the caller's default.

Project lists differ from the others, as the contract says: a page names
its items ``projects`` (or ``members``) and carries the next page's token
in ``page`` (absent on the last page) instead of links. The contract
defines no header or parameter that scopes other calls by project, so the
default project is recorded and answered but scopes nothing here.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._errors import ApiError, invalid
from .._stores.projects import (
    PROJECTS,
    ProjectChange,
    ProjectStore,
    check_name,
    check_project_urn,
    check_properties,
    check_role,
)
from .._util import check_path_id, now
from . import inputs
from .http import Guard, json_response, query_limit
from .listing import Listing


def project_record(row: sqlite3.Row, role: str | None) -> dict[str, Any]:
    """A ProjectStatus (``role``: the caller's, absent when not a member)."""
    record = {
        "urn": row["urn"],
        "name": row["name"],
        "status": row["status"],
        "role": role,
        "account": row["account"],
        "parent": row["parent"],
        "properties": None if row["properties"] is None else json.loads(row["properties"]),
        "created_at": row["created_at"],
        "modified_at": row["modified_at"],
    }
    return {k: v for k, v in record.items() if v is not None}


def _project_id(request: Request, param: str = "id") -> str:
    raw: str = request.path_params[param]
    value, _ours = check_path_id(raw, "project")
    return value


def _change(body: dict[str, Any], *, creating: bool) -> ProjectChange:
    parent = inputs.urn(body, "parent")
    return ProjectChange(
        name=check_name(body, required=creating),
        account=inputs.urn(body, "account"),
        parent=None if parent is None else check_project_urn(parent, "parent"),
        properties=check_properties(body),
    )


class ProjectRoutes:
    """Projects, members, billing accounts and default projects."""

    def __init__(self, projects: ProjectStore, listing: Listing) -> None:
        self.projects = projects
        self.listing = listing

    def routes(self, guard: Guard) -> list[Route]:
        """The Starlette routes of projects, each handler wrapped by ``guard``."""
        return [
            Route("/1/project", guard(self.collection), methods=["GET", "POST"]),
            # Before /1/project/{id}, which would otherwise take "default" as an id.
            Route("/1/project/default", guard(self.default), methods=["GET", "PUT"]),
            Route("/1/project/{id}", guard(self.one), methods=["GET", "PUT", "DELETE"]),
            Route("/1/project/{id}/members", guard(self.members), methods=["GET"]),
            Route(
                "/1/project/{id}/memberships/{user_id}",
                guard(self.membership),
                methods=["PUT", "DELETE"],
            ),
            Route("/1/project/{id}/account", guard(self.account), methods=["GET", "PUT"]),
        ]

    def _answer(self, row: sqlite3.Row) -> Response:
        return json_response(project_record(row, self.projects.role(row["urn"])))

    async def collection(self, request: Request) -> Response:
        """GET (the caller's projects) and POST (create) /1/project."""
        if request.method == "POST":
            body = await inputs.read_object(request, "a project definition")
            given = inputs.urn(body, "urn")
            urn = None if given is None else check_project_urn(given, "urn")
            created = self.projects.create(_change(body, creating=True), urn)
            return self._answer(self.projects.row(created))
        state, limit = self.listing.state(request, "/1/project", PROJECTS)
        page = self.projects.page(state, limit)
        out: dict[str, Any] = {
            "projects": [project_record(r, self.projects.role(r["urn"])) for r in page.rows],
            "at-time": state["at"],
        }
        if page.cursor is not None:
            out["page"] = self.listing.tokens.issue("/1/project", {**state, "cursor": page.cursor})
        return json_response(out)

    async def default(self, request: Request) -> Response:
        """GET and PUT /1/project/default (the caller's, or ``user_urn``'s, default project)."""
        if request.method == "GET":
            return self._answer(self.projects.default())
        body = await inputs.read_object(request, "a default project request")
        urn = inputs.urn(body, "project_urn", required=True)
        user = inputs.urn(body, "user_urn")
        assert urn is not None  # required above
        if user is None:
            self.projects.set_default(urn)
        else:
            self.projects.set_default(urn, user)
        return Response(status_code=204)

    async def one(self, request: Request) -> Response:
        """GET, PUT (change the fields given) and DELETE /1/project/{id}."""
        if request.path_params["id"] == "default":
            # /1/project/default has its own route; this one would take it for an id.
            allowed = {"Allow": "GET, PUT"}
            raise ApiError(
                405, f"{request.method} is not allowed on {request.url.path}", headers=allowed
            )
        urn = _project_id(request)
        if request.method == "DELETE":
            self.projects.delete(urn)
            return Response(status_code=204)
        if request.method == "PUT":
            body = await inputs.read_object(request, "a project update")
            given = inputs.urn(body, "urn")
            if given is not None and given != urn:
                raise invalid("urn", given, "urn must be the project's own URN (or be left out)")
            self.projects.update(urn, _change(body, creating=False))
        return self._answer(self.projects.row(urn))

    async def members(self, request: Request) -> Response:
        """GET /1/project/{id}/members, optionally only those with ``role``."""
        urn = _project_id(request)
        scope = f"/1/project/{urn}/members"
        carried = self.listing.carried(request, scope)
        if carried is not None:
            state, limit = carried
        else:
            raw_role = request.query_params.get("role") or "all"
            role = None if raw_role.strip().lower() == "all" else check_role(raw_role)
            limit = query_limit(request)
            state = {"role": role, "cursor": None, "limit": limit, "at": now()}
        page = self.projects.members(urn, state.get("role"), state.get("cursor"), limit)
        out: dict[str, Any] = {
            "members": [{"urn": user, "role": role} for user, role in page.members],
            "at-time": state["at"],
        }
        if page.cursor is not None:
            out["page"] = self.listing.tokens.issue(scope, {**state, "cursor": page.cursor})
        return json_response(out)

    async def membership(self, request: Request) -> Response:
        """PUT (add a member or change their role) and DELETE .../memberships/{user_id}."""
        urn = _project_id(request)
        user, _ours = check_path_id(request.path_params["user_id"], "user")
        if request.method == "DELETE":
            self.projects.remove_member(urn, user)
            return Response(status_code=204)
        body = await inputs.read_object(request, "a membership request")
        self.projects.set_member(urn, user, check_role(body.get("role")))
        return Response(status_code=204)

    async def account(self, request: Request) -> Response:
        """GET and PUT /1/project/{id}/account (the project's billing account)."""
        urn = _project_id(request)
        if request.method == "GET":
            return json_response({"account_urn": self.projects.row(urn)["account"]})
        body = await inputs.read_object(request, "a project account")
        account = inputs.urn(body, "account_urn", required=True)
        assert account is not None  # required above
        self.projects.set_account(urn, account)
        return Response(status_code=204)
