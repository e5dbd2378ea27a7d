"""Projects: a name, a billing account, members with roles, and each user's default project.

The sandbox has one caller (:data:`CALLER`, whoever holds the token), who
becomes the owner of every project they create. Lists show the projects
the caller is a member of; a project is read by URN whether or not the
caller is still a member (the sandbox authorises nothing beyond its one
token). Roles are the contract's known ones, compared without regard to
case and stored lower-case; any other role is refused (422 naming
``role``). Deleting a project hides it (404 afterwards) but keeps its row,
so a list at an earlier ``at-time`` still shows it and its URN is never
reused.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._db import Database
from .._errors import conflict, invalid, not_found
from .._lists import ListSpec, Page, fields, list_page
from .._util import ACCOUNT, new_id, now

#: The one user of the sandbox (the uuid of its principal, as a user URN).
CALLER = "urn:ivcap:user:00000000-0000-4000-8000-000000000002"
ROLES = ("owner", "member")
MIN_NAME_LENGTH = 3
MAX_NAME_LENGTH = 256
MAX_DETAILS_LENGTH = 4096
_PREFIX = "urn:ivcap:project:"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS projects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    urn TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    account TEXT NOT NULL,
    parent TEXT,
    properties TEXT,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE TABLE IF NOT EXISTS project_members (
    project TEXT NOT NULL,
    user TEXT NOT NULL,
    role TEXT NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (project, user)
);
CREATE TABLE IF NOT EXISTS project_defaults (
    user TEXT PRIMARY KEY,
    project TEXT NOT NULL
);
"""

# Project records spell their times with underscores; both spellings sort and filter.
PROJECTS = ListSpec(
    table="projects",
    fields=fields(
        ("urn", "urn", "text"),
        ("name", "name", "text"),
        ("status", "status", "text"),
        ("account", "account", "text"),
        ("parent", "parent", "text"),
        ("created_at", "created_at", "time"),
        ("modified_at", "modified_at", "time"),
    ),
    default_order="created_at",
    visible_at="created_at <= ? AND (deleted_at IS NULL OR deleted_at > ?)",
    order_aliases={"created-at": "created_at", "modified-at": "modified_at"},
)


def check_role(value: object, field: str = "role") -> str:
    """The role, lower-cased; 422 naming ``field`` unless it is ``owner`` or ``member``."""
    if isinstance(value, str) and value.strip().lower() in ROLES:
        return value.strip().lower()
    shown = None if value is None else str(value)[:200]
    raise invalid(field, shown, f"{field} must be one of: {', '.join(ROLES)}")


def check_name(body: dict[str, Any], *, required: bool) -> str | None:
    """The body's project name (3 to 256 characters); 422 naming ``name`` otherwise."""
    if "name" not in body and not required:
        return None
    value = body.get("name")
    if not isinstance(value, str) or not MIN_NAME_LENGTH <= len(value.strip()) <= MAX_NAME_LENGTH:
        shown = None if value is None else str(value)[:200]
        raise invalid(
            "name", shown, f"name must be {MIN_NAME_LENGTH} to {MAX_NAME_LENGTH} characters long"
        )
    return value


def check_properties(body: dict[str, Any]) -> dict[str, Any] | None:
    """The body's ProjectProperties: an object whose ``details``, if any, is text; 422 otherwise."""
    if "properties" not in body:
        return None
    value = body["properties"]
    if not isinstance(value, dict):
        raise invalid("properties", json.dumps(value)[:200], "properties must be a JSON object")
    details = value.get("details", "")
    if not isinstance(details, str) or len(details) > MAX_DETAILS_LENGTH:
        raise invalid(
            "properties",
            json.dumps(value)[:200],
            f"properties.details must be text of at most {MAX_DETAILS_LENGTH} characters",
        )
    return value


def check_project_urn(value: str, field: str) -> str:
    """422 naming ``field`` unless ``value`` is a project URN (``urn:ivcap:project:<id>``)."""
    tail = value[len(_PREFIX) :]
    if not value.startswith(_PREFIX) or not tail or any(c.isspace() for c in tail):
        raise invalid(field, value, f"{field} must be a project URN such as {_PREFIX}<uuid>")
    return value


@dataclass(frozen=True)
class ProjectChange:
    """The fields of a create or update request, already checked (None: not given)."""

    name: str | None = None
    account: str | None = None
    parent: str | None = None
    properties: dict[str, Any] | None = None


@dataclass(frozen=True)
class MemberPage:
    """One page of members: ``(user, role)`` pairs and the user to continue after."""

    members: list[tuple[str, str]]
    cursor: str | None


class ProjectStore:
    """The ``projects``, ``project_members`` and ``project_defaults`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.conn().executescript(_SCHEMA)

    def row(self, urn: str, conn: sqlite3.Connection | None = None) -> sqlite3.Row:
        """The live project ``urn``; 404 when there is none (or it was deleted)."""
        found: sqlite3.Row | None = (
            (conn or self.db.conn())
            .execute("SELECT * FROM projects WHERE urn=? AND deleted_at IS NULL", (urn,))
            .fetchone()
        )
        if found is None:
            raise not_found("no such project", urn)
        return found

    def role(self, urn: str, user: str = CALLER) -> str | None:
        """``user``'s role in the project (None when not a member)."""
        found = (
            self.db.conn()
            .execute("SELECT role FROM project_members WHERE project=? AND user=?", (urn, user))
            .fetchone()
        )
        return None if found is None else str(found["role"])

    def page(self, state: Mapping[str, Any], limit: int) -> Page:
        """One page of the projects the caller is a member of."""
        member_of = "urn IN (SELECT project FROM project_members WHERE user=?)"
        return list_page(self.db.conn(), PROJECTS, state, limit, where=[(member_of, [CALLER])])

    def _check_parent(self, conn: sqlite3.Connection, urn: str, parent: str) -> None:
        # Walking up from the parent must never reach the project itself.
        seen = {urn}
        current: str | None = parent
        while current is not None:
            if current in seen:
                raise invalid("parent", parent, "a project cannot be its own ancestor")
            seen.add(current)
            found = conn.execute(
                "SELECT parent FROM projects WHERE urn=? AND deleted_at IS NULL", (current,)
            ).fetchone()
            if found is None:
                raise invalid("parent", parent, f"no such project: {current}")
            current = found["parent"]

    def create(self, change: ProjectChange, urn: str | None) -> str:
        """A new active project owned by the caller; 409 when ``urn`` is taken. Returns its URN."""
        urn = urn or new_id("project")
        stamp = now()
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM projects WHERE urn=?", (urn,)).fetchone():
                raise conflict("a project with this URN exists (or existed)", urn)
            if change.parent is not None:
                self._check_parent(conn, urn, change.parent)
            conn.execute(
                """INSERT INTO projects(urn, name, status, account, parent, properties,
                       created_at, modified_at)
                   VALUES (?, ?, 'active', ?, ?, ?, ?, ?)""",
                (
                    urn,
                    change.name,
                    change.account or ACCOUNT,
                    change.parent,
                    None if change.properties is None else json.dumps(change.properties),
                    stamp,
                    stamp,
                ),
            )
            conn.execute(
                "INSERT INTO project_members(project, user, role, since) VALUES (?, ?, 'owner', ?)",
                (urn, CALLER, stamp),
            )
        return urn

    def update(self, urn: str, change: ProjectChange) -> None:
        """Change the fields ``change`` gives; the others keep their values."""
        with self.db.transaction() as conn:
            self.row(urn, conn)
            if change.parent is not None:
                self._check_parent(conn, urn, change.parent)
            sets = [
                (column, value)
                for column, value in (
                    ("name", change.name),
                    ("account", change.account),
                    ("parent", change.parent),
                    (
                        "properties",
                        None if change.properties is None else json.dumps(change.properties),
                    ),
                )
                if value is not None
            ]
            assignments = "".join(f"{column}=?, " for column, _ in sets)
            conn.execute(
                f"UPDATE projects SET {assignments}modified_at=? WHERE urn=?",
                [*(value for _, value in sets), now(), urn],
            )

    def delete(self, urn: str) -> None:
        """Delete the project (it is 404 from now on)."""
        with self.db.transaction() as conn:
            self.row(urn, conn)
            stamp = now()
            conn.execute(
                "UPDATE projects SET status='deleted', deleted_at=?, modified_at=? WHERE urn=?",
                (stamp, stamp, urn),
            )

    def set_account(self, urn: str, account: str) -> None:
        """Make ``account`` pay for the project."""
        self.update(urn, ProjectChange(account=account))

    # Members

    def members(self, urn: str, role: str | None, cursor: str | None, limit: int) -> MemberPage:
        """Members of the live project ``urn`` in user order, after ``cursor``, with ``role``."""
        self.row(urn)
        query = "SELECT user, role FROM project_members WHERE project=?"
        params: list[Any] = [urn]
        if role is not None:
            query += " AND role=?"
            params.append(role)
        if cursor is not None:
            query += " AND user > ?"
            params.append(cursor)
        rows = self.db.conn().execute(query + " ORDER BY user LIMIT ?", [*params, limit + 1])
        found = [(str(r["user"]), str(r["role"])) for r in rows]
        if len(found) > limit:
            return MemberPage(found[:limit], found[limit - 1][0])
        return MemberPage(found, None)

    def set_member(self, urn: str, user: str, role: str) -> None:
        """Make ``user`` a member with ``role`` (or give a member that role)."""
        with self.db.transaction() as conn:
            self.row(urn, conn)
            conn.execute(
                """INSERT INTO project_members(project, user, role, since) VALUES (?, ?, ?, ?)
                   ON CONFLICT(project, user) DO UPDATE SET role=excluded.role""",
                (urn, user, role, now()),
            )

    def remove_member(self, urn: str, user: str) -> None:
        """Remove ``user`` from the project; 404 when they are not a member."""
        with self.db.transaction() as conn:
            self.row(urn, conn)
            gone = conn.execute(
                "DELETE FROM project_members WHERE project=? AND user=?", (urn, user)
            ).rowcount
            if not gone:
                raise not_found("no such member of the project", user)

    # The default project of each user

    def default(self, user: str = CALLER) -> sqlite3.Row:
        """``user``'s default project; 404 when none is set (or it was deleted)."""
        found = (
            self.db.conn()
            .execute("SELECT project FROM project_defaults WHERE user=?", (user,))
            .fetchone()
        )
        if found is None:
            raise not_found("no default project is set", user)
        return self.row(str(found["project"]))

    def set_default(self, urn: str, user: str = CALLER) -> None:
        """Make the live project ``urn`` the default of ``user``; 404 for an unknown project."""
        with self.db.transaction() as conn:
            self.row(urn, conn)
            conn.execute(
                """INSERT INTO project_defaults(user, project) VALUES (?, ?)
                   ON CONFLICT(user) DO UPDATE SET project=excluded.project""",
                (user, urn),
            )
