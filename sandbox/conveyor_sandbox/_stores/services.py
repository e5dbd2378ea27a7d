"""Services: what orders run, each published under an id and backed by a registered callable.

A service defined over HTTP must name a callable of the registry in
``workflow.basic.image``; the registry's own callables are re-published
under their stable ids at every start. Retiring a service keeps its record
(and its orders), so a list at an earlier time still shows it.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .._db import Database
from .._errors import bad_request, conflict, invalid, not_found
from .._lists import ListSpec, Page, fields, list_page
from .._names import MAX_NAME_LENGTH
from .._registry import ServiceRegistry
from .._service_kit import ParameterSpec
from .._util import ACCOUNT, is_our_id, new_id, now, require_urn
from .common import find_record

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
    """The ``services`` table and the registry whose callables it publishes."""

    def __init__(self, db: Database, registry: ServiceRegistry) -> None:
        self.db = db
        self.registry = registry

    def publish_registered(self) -> None:
        """Publish every registered callable under its stable id (re-published at each start)."""
        stamp = now()
        with self.db.transaction() as conn:
            for entry in self.registry:
                definition = json.dumps(
                    {
                        "tags": list(entry.tags),
                        "references": [],
                        "parameters": [p.to_wire() for p in entry.parameters],
                        "workflow": {
                            "type": "basic",
                            "basic": {"image": entry.name, "command": []},
                        },
                    }
                )
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
                        definition,
                    ),
                )

    def row(self, service_id: str) -> sqlite3.Row:
        """The live service ``service_id``; 404 otherwise."""
        return find_record(self.db, "service", service_id, live="deleted_at IS NULL")

    def status(self, row: sqlite3.Row) -> str:
        """``active`` while its callable is registered, ``inactive`` otherwise."""
        return "active" if row["impl"] in self.registry else "inactive"

    def page(self, state: Mapping[str, Any], limit: int, spec: ListSpec = SERVICES) -> Page:
        """One page of services (``spec`` is :data:`SERVICES` or :data:`SERVICE_DESCRIPTIONS`)."""
        return list_page(self.db.conn(), spec, state, limit)

    def _check_definition(self, body: Any) -> tuple[dict[str, Any], str]:
        """Validate a ServiceDefinition; returns (stored definition, callable name)."""
        if not isinstance(body, dict):
            raise bad_request("the body must be a JSON object (a service definition)")
        # The contract makes the name optional (as upstream does); absent is
        # stored as "" and left out of answers.
        name = body.get("name", "")
        if (
            not isinstance(name, str)
            or ("name" in body and not name.strip())
            or len(name) > MAX_NAME_LENGTH
        ):
            raise invalid("name", name, f"name must be text of 1 to {MAX_NAME_LENGTH} characters")
        if any(unicodedata.category(c) == "Cc" for c in name):
            raise invalid("name", name, "name must not contain control characters")
        if not isinstance(body.get("description"), str):
            raise invalid("description", body.get("description"), "description is required text")
        for key in ("banner", "policy"):
            if key in body and not isinstance(body[key], str):
                raise invalid(key, body[key], f"{key} must be text")
        if isinstance(body.get("policy"), str):
            require_urn("policy", body["policy"])
        tags = body.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise invalid("tags", tags, "tags must be a list of text")
        references = body.get("references", [])
        if not isinstance(references, list) or not all(
            isinstance(r, dict) and all(isinstance(v, str) for v in r.values()) for r in references
        ):
            raise invalid("references", references, "references must be a list of {title, uri}")
        references = [{k: r[k] for k in ("title", "uri") if k in r} for r in references]
        params = body.get("parameters")
        if not isinstance(params, list):
            raise invalid(
                "parameters", params, "parameters must be a list of parameter definitions"
            )
        wire_params = [self._check_parameter_definition(i, p) for i, p in enumerate(params)]
        names = [p["name"] for p in wire_params]
        for pname in names:
            if names.count(pname) > 1:
                raise invalid("parameters", pname, f"parameter {pname!r} is defined twice")
        workflow = body.get("workflow")
        if not isinstance(workflow, dict) or not isinstance(workflow.get("type"), str):
            raise invalid("workflow", workflow, "workflow must be an object with a type")
        if workflow["type"] != "basic":
            raise invalid(
                "workflow.type",
                workflow["type"],
                "the sandbox runs only 'basic' workflows whose image names a registered service",
            )
        basic = workflow.get("basic")
        image = basic.get("image") if isinstance(basic, dict) else None
        if not isinstance(image, str) or image not in self.registry:
            raise invalid(
                "workflow.basic.image",
                image,
                "image must name a service registered in this sandbox: "
                + ", ".join(self.registry.names()),
            )
        command = basic.get("command", []) if isinstance(basic, dict) else []
        if not isinstance(command, list) or not all(isinstance(c, str) for c in command):
            raise invalid("workflow.basic.command", command, "command must be a list of text")
        definition = {
            "tags": tags,
            "references": references,
            "parameters": wire_params,
            "workflow": {"type": "basic", "basic": {"image": image, "command": command}},
        }
        return definition, image

    @staticmethod
    def _check_parameter_definition(index: int, p: Any) -> dict[str, Any]:
        where = f"parameters[{index}]"
        if not isinstance(p, dict):
            raise invalid(where, p, "a parameter definition must be an object")
        pname, ptype = p.get("name"), p.get("type")
        if (
            not isinstance(pname, str)
            or not pname
            or any(c.isspace() for c in pname)
            or len(pname) > 128
        ):
            raise invalid(f"{where}.name", pname, "parameter name must be text without spaces")
        if not isinstance(ptype, str) or not ptype:
            raise invalid(
                f"{where}.type", ptype, "parameter type must be text such as string or int"
            )
        for key in ("description", "label", "unit", "default"):
            if key in p and not isinstance(p[key], str):
                raise invalid(f"{where}.{key}", p[key], f"{key} must be text")
        for key in ("optional", "constant", "unary"):
            if key in p and not isinstance(p[key], bool):
                raise invalid(f"{where}.{key}", p[key], f"{key} must be true or false")
        options = p.get("options", [])
        if not isinstance(options, list) or not all(
            isinstance(o, dict)
            and isinstance(o.get("value"), str)
            and isinstance(o.get("description", ""), str)
            for o in options
        ):
            raise invalid(
                f"{where}.options", options, "options must be a list of {value, description}"
            )
        if ptype == "option" and not options:
            raise invalid(
                f"{where}.options", options, "an option parameter needs at least one option"
            )
        spec = ParameterSpec.from_wire(p)
        wire = spec.to_wire()
        wire["options"] = [{k: o[k] for k in ("value", "description") if k in o} for o in options]
        if "optional" in p:
            wire["optional"] = p["optional"]
        return wire

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
        """Publish a service defined over HTTP (its image names a registered callable)."""
        definition, impl = self._check_definition(body)
        name = str(body.get("name", ""))
        service_id = new_id("service")
        with self.db.transaction() as conn:
            taken = self._name_taken(conn, name, None)
            if taken:
                raise conflict(f"a service named {name!r} already exists", taken)
            conn.execute(
                """INSERT INTO services(id, name, description, banner, policy, account, status,
                       published_at, impl, definition)
                   VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)""",
                (
                    service_id,
                    name,
                    body.get("description"),
                    body.get("banner"),
                    body.get("policy"),
                    ACCOUNT,
                    now(),
                    impl,
                    json.dumps(definition),
                ),
            )
        return self.row(service_id)

    def update(self, service_id: str, body: Any, force_create: bool) -> sqlite3.Row:
        """Replace a service's definition (creating it with ``force_create``)."""
        definition, impl = self._check_definition(body)
        name = str(body.get("name", ""))
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM services WHERE id=?", (service_id,)).fetchone()
            exists = row is not None and row["deleted_at"] is None
            if not exists and not force_create:
                raise not_found("no such service", service_id)
            if not exists and not is_our_id(service_id, "service"):
                raise not_found(
                    "a service created here needs an id urn:ivcap:service:<uuid>", service_id
                )
            if self._name_taken(conn, name, service_id):
                raise invalid("name", name, "another service already has this name")
            values = (
                name,
                body.get("description"),
                body.get("banner"),
                body.get("policy"),
                impl,
                json.dumps(definition),
            )
            if row is None:
                conn.execute(
                    """INSERT INTO services(name, description, banner, policy, impl, definition,
                           id, account, status, published_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)""",
                    (*values, service_id, ACCOUNT, now()),
                )
            else:
                revived = ", deleted_at=NULL, published_at=?" if not exists else ""
                extra: tuple[Any, ...] = (now(),) if not exists else ()
                conn.execute(
                    f"""UPDATE services SET name=?, description=?, banner=?, policy=?, impl=?,
                           definition=?{revived} WHERE id=?""",
                    (*values, *extra, service_id),
                )
        return self.row(service_id)

    def delete(self, service_id: str) -> None:
        """Retire a service; its orders stay."""
        self.row(service_id)
        with self.db.transaction() as conn:
            conn.execute("UPDATE services SET deleted_at=? WHERE id=?", (now(), service_id))
