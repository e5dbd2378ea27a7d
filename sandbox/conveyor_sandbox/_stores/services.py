"""Services: what orders and jobs run, each published under an id and backed by a callable.

A service defined over HTTP must name a callable of the registry (how the
two formats say so: :mod:`conveyor_sandbox._stores.service_definitions`);
the registry's own callables are re-published under their stable ids at
every start. A service backed by a job callable carries its tool definition
(aspect ``urn:sd-core:schema.ai-tool.1``, the request schema as
``fn_schema``), kept current whenever the service is published. Retiring a
service keeps its record (and its orders and jobs), so a list at an earlier
time still shows it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .._db import Database
from .._errors import conflict, invalid, not_found
from .._lists import ListSpec, Page, fields, list_page
from .._registry import ServiceRegistry
from .._service_kit import TOOL_SCHEMA, RegisteredJobService
from .._util import ACCOUNT, is_our_id, new_id, now
from .aspects import AspectStore
from .common import find_record
from .service_definitions import (
    REST_CONTROLLER_SCHEMA,
    Definition,
    check_definition,
    check_description,
)

SERVICES = ListSpec(
    table="services",
    fields=fields(
        ("id", "id", "text"),
        ("name", "name", "text"),
        ("description", "description", "text"),
        ("banner", "banner", "text"),
        ("policy", "policy", "text"),
        ("account", "account", "text"),
        ("published-at", "published_at", "time"),
    ),
    default_order="published-at",
    visible_at="published_at <= ? AND (deleted_at IS NULL OR deleted_at > ?)",
    # What a ServiceListItem is built from: not the definition, the largest column.
    columns=("id", "name", "description", "banner", "policy", "account", "published_at"),
)
#: The same services listed at ``/1/services2`` (IVCAP's later service API),
#: whose items call publication and retirement ``valid-from`` / ``valid-to``.
SERVICE_DESCRIPTIONS = replace(
    SERVICES,
    fields={
        **SERVICES.fields,
        **fields(("valid-from", "published_at", "time"), ("valid-to", "deleted_at", "time")),
    },
    columns=None,
)


class ServiceStore:
    """The ``services`` table, the registry whose callables it publishes, and their tool aspects."""

    def __init__(self, db: Database, registry: ServiceRegistry, aspects: AspectStore) -> None:
        self.db = db
        self.registry = registry
        self.aspects = aspects

    def publish_registered(self) -> None:
        """Publish every registered callable under its stable id (re-published at each start)."""
        stamp = now()
        with self.db.transaction() as conn:
            for entry in self.registry:
                stored: dict[str, Any] = {"tags": list(entry.tags), "references": []}
                if isinstance(entry, RegisteredJobService):
                    stored["parameters"] = []
                    stored["controller-schema"] = REST_CONTROLLER_SCHEMA
                    stored["controller"] = {"image": entry.name, "command": []}
                else:
                    stored["parameters"] = [p.to_wire() for p in entry.parameters]
                    stored["workflow"] = {
                        "type": "basic",
                        "basic": {"image": entry.name, "command": []},
                    }
                conn.execute(
                    """INSERT INTO services(id, name, description, account, status, published_at,
                           impl, builtin, definition)
                       VALUES (?, ?, ?, ?, 'active', ?, ?, 1, ?)
                       ON CONFLICT(id) DO UPDATE SET name=excluded.name,
                           description=excluded.description, impl=excluded.impl,
                           definition=excluded.definition, deleted_at=NULL, status='active'""",
                    (
                        entry.id,
                        entry.name,
                        entry.description or None,
                        ACCOUNT,
                        stamp,
                        entry.name,
                        json.dumps(stored),
                    ),
                )
                self._publish_tool(conn, entry.id, entry.name, stamp)

    def _publish_tool(
        self, conn: sqlite3.Connection, service_id: str, impl: str, stamp: str
    ) -> None:
        # Exactly one current tool aspect for a job service (IVCAP's client
        # refuses none or several), none for a service that runs orders.
        entry = self.registry.get(impl)
        tool = (
            entry.tool_definition(service_id) if isinstance(entry, RegisteredJobService) else None
        )
        self.aspects.set_current(conn, service_id, TOOL_SCHEMA, tool, stamp)

    def row(self, service_id: str) -> sqlite3.Row:
        """The live service ``service_id``; 404 otherwise."""
        return find_record(self.db, "service", service_id, live="deleted_at IS NULL")

    def ever(self, service_id: str) -> sqlite3.Row:
        """The service ``service_id``, live or retired; 404 when it never existed."""
        return find_record(self.db, "service", service_id)

    def status(self, row: sqlite3.Row) -> str:
        """``active`` while its callable is registered, ``inactive`` otherwise."""
        return "active" if row["impl"] in self.registry else "inactive"

    def page(self, state: Mapping[str, Any], limit: int, spec: ListSpec = SERVICES) -> Page:
        """One page of services (``spec`` is :data:`SERVICES` or :data:`SERVICE_DESCRIPTIONS`)."""
        return list_page(self.db.conn(), spec, state, limit)

    def _name_taken(
        self, conn: sqlite3.Connection, name: str, other_than: str | None
    ) -> str | None:
        if not name:
            return None
        row = conn.execute(
            "SELECT id FROM services WHERE name=? AND deleted_at IS NULL AND id IS NOT ?",
            (name, other_than),
        ).fetchone()
        return None if row is None else str(row["id"])

    def create(self, body: Any) -> sqlite3.Row:
        """Publish a service defined over HTTP (v0.43: its workflow names a registered callable)."""
        return self._insert(check_definition(body, self.registry))

    def create_description(self, body: Any) -> sqlite3.Row:
        """Publish a service described over HTTP (v0.44: its controller names the callable).

        The description names the URN to publish under; one already used
        (even by a retired service) is 409.
        """
        return self._insert(check_description(body, self.registry))

    def _insert(self, d: Definition) -> sqlite3.Row:
        service_id = d.id or new_id("service")
        stamp = now()
        with self.db.transaction() as conn:
            if (
                d.id is not None
                and conn.execute("SELECT 1 FROM services WHERE id=?", (d.id,)).fetchone()
            ):
                raise conflict("a service with this id exists already", d.id)
            taken = self._name_taken(conn, d.name, None)
            if taken:
                raise conflict(f"a service named {d.name!r} already exists", taken)
            conn.execute(
                """INSERT INTO services(id, name, description, banner, policy, account, status,
                       published_at, impl, definition)
                   VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)""",
                (
                    service_id,
                    d.name,
                    d.description,
                    d.banner,
                    d.policy,
                    ACCOUNT,
                    stamp,
                    d.impl,
                    json.dumps(d.stored),
                ),
            )
            self._publish_tool(conn, service_id, d.impl, stamp)
        return self.row(service_id)

    def update(self, service_id: str, body: Any, force_create: bool) -> sqlite3.Row:
        """Replace a service's definition (v0.43), creating it with ``force_create``."""
        return self._replace(service_id, check_definition(body, self.registry), force_create)

    def update_description(self, service_id: str, body: Any, force_create: bool) -> sqlite3.Row:
        """Replace a service's description (v0.44), creating it with ``force_create``."""
        d = check_description(body, self.registry)
        if d.id != service_id:
            raise invalid("id", d.id, f"the description's id differs from the path's {service_id}")
        return self._replace(service_id, d, force_create)

    def _replace(self, service_id: str, d: Definition, force_create: bool) -> sqlite3.Row:
        stamp = now()
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM services WHERE id=?", (service_id,)).fetchone()
            exists = row is not None and row["deleted_at"] is None
            if not exists and not force_create:
                raise not_found("no such service", service_id)
            if not exists and not is_our_id(service_id, "service"):
                raise not_found(
                    "a service created here needs an id urn:ivcap:service:<uuid>", service_id
                )
            if self._name_taken(conn, d.name, service_id):
                raise invalid("name", d.name, "another service already has this name")
            values = (d.name, d.description, d.banner, d.policy, d.impl, json.dumps(d.stored))
            if row is None:
                conn.execute(
                    """INSERT INTO services(name, description, banner, policy, impl, definition,
                           id, account, status, published_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)""",
                    (*values, service_id, ACCOUNT, stamp),
                )
            else:
                revived = ", deleted_at=NULL, published_at=?" if not exists else ""
                extra: tuple[Any, ...] = (stamp,) if not exists else ()
                conn.execute(
                    f"""UPDATE services SET name=?, description=?, banner=?, policy=?, impl=?,
                           definition=?{revived} WHERE id=?""",
                    (*values, *extra, service_id),
                )
            self._publish_tool(conn, service_id, d.impl, stamp)
        return self.row(service_id)

    def delete(self, service_id: str) -> None:
        """Retire a service; its orders and jobs stay."""
        self.row(service_id)
        with self.db.transaction() as conn:
            conn.execute("UPDATE services SET deleted_at=? WHERE id=?", (now(), service_id))
