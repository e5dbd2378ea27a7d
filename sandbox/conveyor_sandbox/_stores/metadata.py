"""Metadata records: the data fabric's older interface, kept over the aspects themselves.

The contract calls ``/1/metadata`` an older interface to "the same kind of
statements as ``/1/aspects``", and the shapes line up field for field
(``entity-id`` is an aspect's ``entity``, ``aspect`` its ``content``,
``revoker`` its ``retracter``, revoking is retracting). So a record *is* an
aspect: it is stored in the ``aspects`` table, its id is the aspect's URN
(``urn:ivcap:aspect:<uuid>``), and what one interface writes the other
reads. Only what differs lives here: names, defaults and the replacement
of one record by another.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from .._errors import invalid, not_found
from .._lists import Page
from .._util import PRINCIPAL, now, require_urn
from .aspects import AspectStore, require_schema


def check_schema(schema: str | None, *, required: bool = True) -> str | None:
    """A record's schema (a URN without ``%``); 422 naming ``schema`` otherwise."""
    if schema is None or schema == "":
        if required:
            raise invalid("schema", schema, "schema is required: the URN of the record's schema")
        return None
    return require_schema(schema)


def check_entity(entity: str | None, *, required: bool = True) -> str | None:
    """The entity a record is about (a URN); 422 naming ``entity-id`` otherwise."""
    if entity is None or entity == "":
        if required:
            raise invalid("entity-id", entity, "entity-id is required: the URN of the entity")
        return None
    return require_urn("entity-id", entity)


def check_policy(policy: str | None) -> str | None:
    """An optional policy URN; 422 naming ``policy-id`` otherwise."""
    return None if not policy else require_urn("policy-id", policy)


class MetadataStore:
    """Metadata records, which are the platform's aspects."""

    def __init__(self, aspects: AspectStore) -> None:
        self.aspects = aspects

    def row(self, record_id: str) -> sqlite3.Row:
        """The record (valid or revoked); 404 when there is none."""
        return self.aspects.row(record_id)

    def page(self, state: Mapping[str, Any], limit: int) -> Page:
        """One page of records, narrowed by the state's entity, schema and path."""
        return self.aspects.page(state, limit)

    def add(self, entity: str, schema: str, content: dict[str, Any], policy: str | None) -> str:
        """Record a statement; returns its id."""
        return self.aspects.create(entity, schema, content, policy)

    def update(
        self,
        record_id: str,
        entity: str | None,
        schema: str | None,
        content: dict[str, Any],
        policy: str | None,
    ) -> str:
        """Revoke a valid record and record ``content`` in its place; returns the new id.

        ``entity``, ``schema`` and ``policy`` default to the revoked record's.
        A record that is already revoked cannot be replaced (404).
        """
        self.row(record_id)
        with self.aspects.db.transaction() as conn:
            old = conn.execute(
                "SELECT * FROM aspects WHERE id=? AND valid_to IS NULL", (record_id,)
            ).fetchone()
            if old is None:
                raise not_found(
                    "the record was revoked; only a valid record can be replaced", record_id
                )
            stamp = now()
            conn.execute(
                "UPDATE aspects SET valid_to=?, retracter=? WHERE id=?",
                (stamp, PRINCIPAL, record_id),
            )
            return self.aspects.insert(
                conn,
                entity or old["entity"],
                schema or old["schema"],
                content,
                policy or old["policy"],
                stamp,
                replaces=record_id,
            )

    def revoke(self, record_id: str) -> None:
        """End the record's validity now (revoking twice changes nothing)."""
        self.aspects.retract(record_id)
