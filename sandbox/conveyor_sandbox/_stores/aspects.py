"""Aspects: JSON statements about an entity under a schema, with their history.

An aspect is never changed: replacing one retracts it (ends its validity)
and adds its successor, so a list at an earlier time shows what was
asserted then.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from .._db import Database
from .._errors import ApiError, invalid
from .._filter import like_to_glob
from .._jsonpath import parse_path
from .._lists import ListSpec, Page, fields, list_page
from .._util import ACCOUNT, DEFAULT_POLICY, PRINCIPAL, new_id, now, require_urn
from .common import find_record

MAX_SCHEMA_LENGTH = 512

ASPECTS = ListSpec(
    table="aspects",
    fields=fields(
        ("id", "id", "text"),
        ("entity", "entity", "text"),
        ("schema", "schema", "text"),
        ("content-type", "content_type", "text"),
        ("valid-from", "valid_from", "time"),
        ("valid-to", "valid_to", "time"),
        ("asserter", "asserter", "text"),
        ("retracter", "retracter", "text"),
        ("replaces", "replaces", "text"),
        ("policy", "policy", "text"),
        ("account", "account", "text"),
    ),
    default_order="valid-from",
    visible_at="valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
    order_aliases={"created-by": "asserter", "retracted-by": "retracter"},
)


def require_schema(schema: str) -> str:
    """The schema an aspect is written under: a URN; 422 naming ``schema`` otherwise.

    The contract's ``Urn`` pattern (``urn:<nid>:<anything without spaces>``,
    the check of :func:`~conveyor_sandbox._util.require_urn`), and no ``%``,
    which lists read as a wildcard: ``../../x`` or ``urn:a:%`` are refused.
    """
    if len(schema) > MAX_SCHEMA_LENGTH or "%" in schema:
        raise invalid("schema", schema, "schema must be a URN without '%'")
    return require_urn("schema", schema)


def check_target(entity: str | None, schema: str | None, policy: str | None) -> tuple[str, str]:
    """Validate the entity/schema/policy query parameters of a write."""
    if not entity:
        raise invalid("entity", entity, "entity is required: the URN the aspect is about")
    require_urn("entity", entity)
    if not schema:
        raise invalid("schema", schema, "schema is required: the URN of the aspect's schema")
    require_schema(schema)
    if policy is not None:
        require_urn("policy", policy)
    return entity, schema


def check_content(content: Any, schema: str) -> dict[str, Any]:
    """The content must be a JSON object whose ``$schema``, if any, is ``schema``."""
    if not isinstance(content, dict):
        raise invalid("content", json.dumps(content)[:200], "aspect content must be a JSON object")
    declared = content.get("$schema")
    if declared is not None and declared != schema:
        raise invalid("schema", schema, f"the content's $schema is {declared!r}, not {schema!r}")
    return content


class AspectStore:
    """The ``aspects`` table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def row(self, aspect_id: str) -> sqlite3.Row:
        """The aspect ``aspect_id`` (current or retracted); 404 otherwise."""
        return find_record(self.db, "aspect", aspect_id)

    def page(self, state: Mapping[str, Any], limit: int) -> Page:
        """One page of aspects, narrowed by the state's entity, schema and content path."""
        where: list[tuple[str, list[Any]]] = []
        if state.get("entity"):
            where.append(("entity = ?", [state["entity"]]))
        if state.get("schema"):
            schema = state["schema"]
            if "%" in schema:
                # Only % is a wildcard, as in the contract; GLOB keeps it case-sensitive.
                where.append(("schema GLOB ?", [like_to_glob(schema)]))
            else:
                where.append(("schema = ?", [schema]))
        keep = None
        if state.get("path"):
            path = parse_path(state["path"])

            def keep(row: sqlite3.Row) -> bool:
                return path.matches(json.loads(row["content"]))

        return list_page(self.db.conn(), ASPECTS, state, limit, where=where, keep=keep)

    def insert(
        self,
        conn: sqlite3.Connection,
        entity: str,
        schema: str,
        content: dict[str, Any],
        policy: str | None,
        stamp: str,
        replaces: str | None = None,
    ) -> str:
        """Add an aspect inside the caller's transaction ``conn``; returns its id."""
        aspect_id = new_id("aspect")
        conn.execute(
            """INSERT INTO aspects(id, entity, schema, content, content_type, valid_from, asserter,
                   replaces, account, policy)
               VALUES (?, ?, ?, ?, 'application/json', ?, ?, ?, ?, ?)""",
            (
                aspect_id,
                entity,
                schema,
                json.dumps(content, ensure_ascii=False, separators=(",", ":")),
                stamp,
                PRINCIPAL,
                replaces,
                ACCOUNT,
                policy or DEFAULT_POLICY,
            ),
        )
        return aspect_id

    def set_current(
        self,
        conn: sqlite3.Connection,
        entity: str,
        schema: str,
        content: dict[str, Any] | None,
        stamp: str,
    ) -> str | None:
        """Make ``content`` the one current aspect of entity+schema (None: no current one).

        For the platform's own aspects (tool definitions, job records), in
        the caller's transaction. Every other current aspect of the pair is
        retracted; one whose content is already ``content`` is kept as it is.
        Returns the id of the current aspect.
        """
        current = conn.execute(
            "SELECT id, content FROM aspects WHERE entity=? AND schema=? AND valid_to IS NULL"
            " ORDER BY seq",
            (entity, schema),
        ).fetchall()
        if (
            content is not None
            and len(current) == 1
            and json.loads(current[0]["content"]) == content
        ):
            kept: str = current[0]["id"]
            return kept
        for row in current:
            conn.execute(
                "UPDATE aspects SET valid_to=?, retracter=? WHERE id=?",
                (stamp, PRINCIPAL, row["id"]),
            )
        if content is None:
            return None
        replaces = current[-1]["id"] if current else None
        return self.insert(conn, entity, schema, content, None, stamp, replaces)

    def create(self, entity: str, schema: str, content: dict[str, Any], policy: str | None) -> str:
        """Add an aspect; returns its id."""
        with self.db.transaction() as conn:
            return self.insert(conn, entity, schema, content, policy, now())

    def replace(self, entity: str, schema: str, content: dict[str, Any], policy: str | None) -> str:
        """Add an aspect retracting the current one for entity+schema (424 when several)."""
        with self.db.transaction() as conn:
            current = conn.execute(
                "SELECT id FROM aspects WHERE entity=? AND schema=? AND valid_to IS NULL",
                (entity, schema),
            ).fetchall()
            if len(current) > 1:
                raise ApiError(
                    424,
                    f"{len(current)} current aspects of {entity} have schema {schema}; "
                    "retract all but one, or add instead of replacing",
                )
            stamp = now()
            replaces = current[0]["id"] if current else None
            if replaces:
                conn.execute(
                    "UPDATE aspects SET valid_to=?, retracter=? WHERE id=?",
                    (stamp, PRINCIPAL, replaces),
                )
            return self.insert(conn, entity, schema, content, policy, stamp, replaces)

    def retract(self, aspect_id: str) -> None:
        """End an aspect's validity now (retracting twice changes nothing)."""
        self.row(aspect_id)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE aspects SET valid_to=?, retracter=? WHERE id=? AND valid_to IS NULL",
                (now(), PRINCIPAL, aspect_id),
            )
