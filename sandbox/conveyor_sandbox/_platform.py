"""The platform's state and rules: records, validation, provenance, recovery.

Everything here is synchronous and thread-safe (one SQLite connection per
thread); the HTTP layer in ``_app`` calls it and turns results into answers.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sqlite3
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from ._blobs import BlobStore
from ._db import Database
from ._errors import ApiError, bad_request, conflict, invalid, not_found
from ._lists import ListSpec, Page, fields, run_list
from ._names import name_problem
from ._paging import PageTokens
from ._registry import ServiceRegistry
from ._service_kit import ParameterSpec, RegisteredService, convert
from ._util import (
    ACCOUNT,
    DEFAULT_POLICY,
    PRINCIPAL,
    is_our_id,
    is_urn,
    new_id,
    now,
    require_urn,
)

log = logging.getLogger("conveyor_sandbox")

ORDER_PROVENANCE_SCHEMA = "urn:conveyor:schema:order.provenance.1"
PRODUCED_BY_SCHEMA = "urn:conveyor:schema:artifact.produced-by.1"
FINAL_ORDER_STATES = ("succeeded", "failed", "error")
#: Parameter types whose values are URNs of entities; they are an order's provenance inputs.
URN_PARAMETER_TYPES = ("artifact", "collection")
MAX_NAME_LENGTH = 255
MAX_SCHEMA_LENGTH = 512
_MIME_RE = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;.*)?$"
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
    # What Platform.service_item reads: not the definition, the largest column.
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
#: What a service description's ``controller`` is: the service's workflow.
CONTROLLER_SCHEMA = "urn:conveyor:schema:workflow.basic.1"
ORDERS = ListSpec(
    table="orders",
    fields=fields(
        ("id", "id", "text"),
        ("name", "name", "text"),
        ("status", "status", "text"),
        ("service", "service", "text"),
        ("account", "account", "text"),
        ("ordered-at", "ordered_at", "time"),
        ("started-at", "started_at", "time"),
        ("finished-at", "finished_at", "time"),
    ),
    default_order="ordered-at",
    visible_at="ordered_at <= ?",
)
ARTIFACTS = ListSpec(
    table="artifacts",
    fields=fields(
        ("id", "id", "text"),
        ("name", "name", "text"),
        ("status", "status", "text"),
        ("size", "COALESCE(size, declared)", "int"),
        ("mime-type", "mime_type", "text"),
        ("created-at", "created_at", "time"),
    ),
    default_order="created-at",
    visible_at="created_at <= ?",
)
# An order's products are artifacts, listed and filtered like any others.
PRODUCTS = ARTIFACTS
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


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    # The contract's optional fields are absent, never null.
    return {k: v for k, v in d.items() if v is not None}


def link(rel: str, href: str, type_: str = "application/json") -> dict[str, str]:
    """A Link object (``type`` always present: IVCAP's client requires it)."""
    return {"rel": rel, "type": type_, "href": href}


def check_name(name: str, what: str = "name") -> str:
    """Refuse names that could act as paths or hide control characters."""
    if not name or len(name) > MAX_NAME_LENGTH:
        raise bad_request(f"{what} must be 1 to {MAX_NAME_LENGTH} characters")
    problem = name_problem(name)
    if problem is not None:
        raise bad_request(f"{what} {problem}")
    return name


def check_mime(value: str, name: str) -> str:
    """422 unless ``value`` looks like a media type."""
    if len(value) > 255 or not _MIME_RE.match(value):
        raise invalid(name, value, f"{name} must be a media type such as text/plain")
    return value


class Platform:
    """Records, blobs and the service registry behind one sandbox."""

    def __init__(
        self,
        data_dir: Path,
        registry: ServiceRegistry,
        *,
        max_upload_size: int | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.registry = registry
        self.max_upload_size = max_upload_size
        data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(data_dir / "sandbox.db")
        self.blobs = BlobStore(data_dir)
        self.tokens = PageTokens(self._page_key())
        self.lock = threading.Lock()

    # ----------------------------------------------------------------- setup

    def _page_key(self) -> bytes:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'page-key'").fetchone()
            if row is None:
                key = secrets.token_bytes(32)
                conn.execute("INSERT INTO meta(key, value) VALUES ('page-key', ?)", (key,))
                return key
            value: bytes = row["value"]
            return value

    def sync_registry(self) -> None:
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

    def recover(self) -> list[str]:
        """Repair what a crash left behind; returns orders to run again.

        Orders that had not started are queued again (nothing of them ran);
        orders that were executing are failed, since re-running a service
        with side effects behind the user's back would be worse.
        """
        stamp = now()
        with self.db.transaction() as conn:
            conn.execute(
                """UPDATE orders SET status='failed', finished_at=?,
                       error_message=?
                   WHERE status = 'executing'""",
                (stamp, "the sandbox stopped while the order was executing; place it again"),
            )
            requeue = [
                r["id"]
                for r in conn.execute(
                    "SELECT id FROM orders WHERE status IN ('pending', 'scheduled') ORDER BY seq"
                )
            ]
            unfinished = conn.execute(
                "SELECT id, received, sha256, declared FROM artifacts"
                " WHERE status NOT IN ('ready', 'error')"
            ).fetchall()
        live: set[str] = set()
        for row in unfinished:
            self._recover_artifact(row)
            live.add(row["id"])
        # Part files no unfinished artifact owns are leftovers of interrupted
        # creations or finished uploads: never visible, so just remove them.
        owned = {self.blobs.part_path(i).name for i in live}
        for part in self.blobs.uploads.glob("*.part"):
            if part.name not in owned:
                part.unlink(missing_ok=True)
        return requeue

    def _recover_artifact(self, row: sqlite3.Row) -> None:
        artifact_id: str = row["id"]
        if row["sha256"]:
            # It crashed while publishing: finish the job if the bytes survived.
            sha: str = row["sha256"]
            if (
                not self.blobs.blob_path(sha).exists()
                and self.blobs.part_size(artifact_id) >= row["received"]
            ):
                self.blobs.truncate_part(artifact_id, row["received"])
                if self.blobs.hash_part(artifact_id, row["received"]) == sha:
                    self.blobs.publish(artifact_id, sha)
            if self.blobs.blob_path(sha).exists():
                self._mark_ready(artifact_id, row["received"], sha)
            else:
                with self.db.transaction() as conn:
                    conn.execute("UPDATE artifacts SET status='error' WHERE id=?", (artifact_id,))
            return
        on_disk = self.blobs.part_size(artifact_id)
        received: int = row["received"]
        if on_disk > received:
            # Bytes written after the last commit were never acknowledged.
            self.blobs.truncate_part(artifact_id, received)
        elif on_disk < received:
            with self.db.transaction() as conn:
                conn.execute(
                    "UPDATE artifacts SET received=?, status=? WHERE id=?",
                    (on_disk, "partial" if on_disk else "pending", artifact_id),
                )

    def close(self) -> None:
        """Release the database."""
        self.db.close()

    # ----------------------------------------------------------------- lists

    def list_page(
        self,
        spec: ListSpec,
        state: Mapping[str, Any],
        limit: int,
        *,
        where: list[tuple[str, list[Any]]] | None = None,
        keep: Any = None,
    ) -> Page:
        """One page of a list described by a (validated) paging ``state``."""
        order = state.get("order") or [spec.default_order]
        return run_list(
            self.db.conn(),
            spec,
            at=state["at"],
            filter_text=state.get("filter"),
            order=list(order),
            desc=bool(state.get("desc", True)),
            cursor=state.get("cursor"),
            limit=limit,
            where=where,
            keep=keep,
        )

    # -------------------------------------------------------------- services

    def service_row(self, service_id: str) -> sqlite3.Row:
        """The live service ``service_id``; 404 otherwise."""
        row = None
        if is_our_id(service_id, "service"):
            row = (
                self.db.conn()
                .execute("SELECT * FROM services WHERE id=? AND deleted_at IS NULL", (service_id,))
                .fetchone()
            )
        if row is None:
            raise not_found("no such service", service_id)
        found: sqlite3.Row = row
        return found

    def service_status_value(self, row: sqlite3.Row) -> str:
        """``active`` while its callable is registered, ``inactive`` otherwise."""
        return "active" if row["impl"] in self.registry else "inactive"

    def service_item(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        """A ServiceListItem."""
        return _drop_none(
            {
                "id": row["id"],
                "name": row["name"] or None,
                "description": row["description"],
                "banner": row["banner"],
                "policy": row["policy"],
                "account": row["account"],
                "published-at": row["published_at"],
                "href": f"{base}/1/services/{row['id']}",
            }
        )

    def service_record(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        """A ServiceStatus."""
        definition = json.loads(row["definition"])
        href = f"{base}/1/services/{row['id']}"
        return _drop_none(
            {
                "id": row["id"],
                "name": row["name"] or None,
                "description": row["description"],
                "status": self.service_status_value(row),
                "banner": row["banner"],
                "policy": row["policy"],
                "account": row["account"],
                "published-at": row["published_at"],
                "tags": definition.get("tags", []),
                "references": definition.get("references", []),
                "parameters": definition.get("parameters", []),
                "links": [link("self", href)],
            }
        )

    # The same records in the shape of IVCAP's later service API (/1/services2).
    # IVCAP's client refuses a description without account, controller,
    # controller-schema, description, links, parameters, policy or status (or
    # a parameter without description), so those are always sent; a service
    # published without a policy shows the one recorded for unnamed policies.

    def service_description_item(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        """A ServiceDescriptionListItem."""
        definition = json.loads(row["definition"])
        return _drop_none(
            {
                "id": row["id"],
                "name": row["name"] or None,
                "description": row["description"],
                "tags": definition.get("tags", []),
                "controller-schema": CONTROLLER_SCHEMA,
                "valid-from": row["published_at"],
                # Only a list of an earlier at-time shows a since-retired service.
                "valid-to": row["deleted_at"],
                "href": f"{base}/1/services2/{row['id']}",
            }
        )

    def service_description(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        """A ServiceDescription."""
        definition = json.loads(row["definition"])
        parameters = [
            {**p, "description": p.get("description", "")} for p in definition.get("parameters", [])
        ]
        return _drop_none(
            {
                "id": row["id"],
                "name": row["name"] or None,
                "description": row["description"] or "",
                "status": self.service_status_value(row),
                "account": row["account"],
                "policy": row["policy"] or DEFAULT_POLICY,
                "tags": definition.get("tags", []),
                "controller-schema": CONTROLLER_SCHEMA,
                "controller": definition.get("workflow"),
                "parameters": parameters,
                "valid-from": row["published_at"],
                "links": [link("self", f"{base}/1/services2/{row['id']}")],
            }
        )

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

    def create_service(self, body: Any) -> sqlite3.Row:
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
        return self.service_row(service_id)

    def update_service(self, service_id: str, body: Any, force_create: bool) -> sqlite3.Row:
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
        return self.service_row(service_id)

    def delete_service(self, service_id: str) -> None:
        """Retire a service; its orders stay."""
        self.service_row(service_id)
        with self.db.transaction() as conn:
            conn.execute("UPDATE services SET deleted_at=? WHERE id=?", (now(), service_id))

    # ---------------------------------------------------------------- orders

    def order_row(self, order_id: str) -> sqlite3.Row:
        """The order ``order_id``; 404 otherwise."""
        row = None
        if is_our_id(order_id, "order"):
            row = self.db.conn().execute("SELECT * FROM orders WHERE id=?", (order_id,)).fetchone()
        if row is None:
            raise not_found("no such order", order_id)
        found: sqlite3.Row = row
        return found

    def order_item(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        """An OrderListItem."""
        return _drop_none(
            {
                "id": row["id"],
                "name": row["name"],
                "status": row["status"],
                "service": row["service"],
                "account": row["account"],
                "ordered-at": row["ordered_at"],
                "started-at": row["started_at"],
                "finished-at": row["finished_at"],
                "href": f"{base}/1/orders/{row['id']}",
            }
        )

    def order_record(self, row: sqlite3.Row, base: str, products: dict[str, Any]) -> dict[str, Any]:
        """An OrderStatus (``products`` is its first ProductList page)."""
        href = f"{base}/1/orders/{row['id']}"
        return _drop_none(
            {
                "id": row["id"],
                "name": row["name"],
                "status": row["status"],
                "error-message": row["error_message"],
                "service": row["service"],
                "account": row["account"],
                "policy": row["policy"],
                "ordered-at": row["ordered_at"],
                "started-at": row["started_at"],
                "finished-at": row["finished_at"],
                "parameters": json.loads(row["parameters"]),
                "products": products,
                "tags": json.loads(row["tags"]),
                "links": [link("self", href), link("products", f"{href}/products")],
            }
        )

    def _check_order_request(
        self, body: Any
    ) -> tuple[sqlite3.Row, list[dict[str, str]], list[str]]:
        if not isinstance(body, dict):
            raise bad_request("the body must be a JSON object (an order request)")
        service_id = body.get("service")
        if not isinstance(service_id, str) or not service_id:
            raise invalid("service", service_id, "service must be the URN of a service")
        require_urn("service", service_id)
        for key in ("name", "policy"):
            if key in body and not isinstance(body[key], str):
                raise invalid(key, body[key], f"{key} must be text")
        if "name" in body and len(body["name"]) > MAX_NAME_LENGTH:
            raise invalid(
                "name", body["name"], f"name must be at most {MAX_NAME_LENGTH} characters"
            )
        if isinstance(body.get("policy"), str):
            require_urn("policy", body["policy"])
        tags = body.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise invalid("tags", tags, "tags must be a list of text")
        given = body.get("parameters")
        if not isinstance(given, list):
            raise invalid("parameters", given, "parameters must be a list of {name, value}")
        row = self.service_row(service_id)
        if row["impl"] not in self.registry:
            raise invalid(
                "service", service_id, "this service's implementation is not registered here"
            )
        specs = [ParameterSpec.from_wire(p) for p in json.loads(row["definition"])["parameters"]]
        by_name = {s.name: s for s in specs}
        values: dict[str, str] = {}
        for item in given:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise invalid(
                    "parameters", item, "each parameter must be {name, value} with text values"
                )
            pname = item["name"]
            value = item.get("value")
            if not isinstance(value, str):
                raise invalid(pname, value, "parameter values travel as text")
            if pname not in by_name:
                raise invalid(
                    pname,
                    value,
                    f"{service_id} has no parameter {pname!r}; it takes: " + ", ".join(by_name),
                )
            if pname in values:
                raise invalid(pname, value, "parameter given twice")
            values[pname] = value
        inputs: list[str] = []
        out: list[dict[str, str]] = []
        for spec in specs:
            text = values.get(spec.name)
            if text is None:
                if spec.default_text is not None:
                    text = spec.default_text
                elif spec.is_optional:
                    continue
                else:
                    raise invalid(spec.name, None, f"parameter {spec.name!r} is mandatory")
            elif spec.constant and spec.default_text is not None and text != spec.default_text:
                raise invalid(
                    spec.name, text, f"parameter {spec.name!r} is constant: {spec.default_text}"
                )
            try:
                convert(spec, text)
            except ValueError as exc:
                raise invalid(spec.name, text, str(exc)) from None
            if spec.type == "artifact":
                if not is_our_id(text, "artifact") or not self._artifact_exists(text):
                    raise invalid(spec.name, text, "no such artifact")
            elif spec.type == "collection" and not is_urn(text):
                raise invalid(spec.name, text, "must be a collection URN")
            # Provenance names every entity the order was given (artifact and
            # collection parameters are the URN-typed ones), each once.
            if spec.type in URN_PARAMETER_TYPES and text not in inputs:
                inputs.append(text)
            out.append({"name": spec.name, "value": text})
        return row, out, inputs

    def _artifact_exists(self, artifact_id: str) -> bool:
        found = (
            self.db.conn().execute("SELECT 1 FROM artifacts WHERE id=?", (artifact_id,)).fetchone()
        )
        return found is not None

    def create_order(self, body: Any) -> sqlite3.Row:
        """Record a pending order with its provenance aspect (the caller queues it)."""
        service, params, inputs = self._check_order_request(body)
        order_id = new_id("order")
        stamp = now()
        provenance = {
            "$schema": ORDER_PROVENANCE_SCHEMA,
            "order": order_id,
            "service": service["id"],
            "inputs": inputs,
            "parameters": params,
        }
        with self.db.transaction() as conn:
            conn.execute(
                """INSERT INTO orders(id, name, status, service, account, policy, ordered_at,
                       parameters, tags)
                   VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?)""",
                (
                    order_id,
                    body.get("name"),
                    service["id"],
                    ACCOUNT,
                    body.get("policy"),
                    stamp,
                    json.dumps(params),
                    json.dumps(body.get("tags", [])),
                ),
            )
            self._insert_aspect(conn, order_id, ORDER_PROVENANCE_SCHEMA, provenance, None, stamp)
        return self.order_row(order_id)

    def set_order_status(self, order_id: str, status: str, error: str | None = None) -> None:
        """Move an order along; stamps started-at / finished-at."""
        stamp = now()
        with self.db.transaction() as conn:
            if status == "executing":
                conn.execute(
                    "UPDATE orders SET status=?, started_at=? WHERE id=?", (status, stamp, order_id)
                )
            elif status in FINAL_ORDER_STATES:
                conn.execute(
                    "UPDATE orders SET status=?, finished_at=?, error_message=? WHERE id=?",
                    (status, stamp, error, order_id),
                )
            else:
                conn.execute("UPDATE orders SET status=? WHERE id=?", (status, order_id))

    def order_run_info(
        self, order_id: str
    ) -> tuple[RegisteredService | None, dict[str, Any], str, str]:
        """What the runner needs: the callable, converted parameters, service id and name."""
        order = self.order_row(order_id)
        svc = (
            self.db.conn()
            .execute("SELECT * FROM services WHERE id=?", (order["service"],))
            .fetchone()
        )
        if svc is None:
            return None, {}, order["service"], ""
        specs = {
            p["name"]: ParameterSpec.from_wire(p)
            for p in json.loads(svc["definition"])["parameters"]
        }
        params: dict[str, Any] = {}
        for p in json.loads(order["parameters"]):
            spec = specs.get(p["name"])
            params[p["name"]] = convert(spec, p["value"]) if spec else p["value"]
        return self.registry.get(svc["impl"]), params, svc["id"], svc["name"]

    # ------------------------------------------------------------- artifacts

    def artifact_row(self, artifact_id: str) -> sqlite3.Row:
        """The artifact ``artifact_id``; 404 otherwise."""
        row = None
        if is_our_id(artifact_id, "artifact"):
            row = (
                self.db.conn()
                .execute("SELECT * FROM artifacts WHERE id=?", (artifact_id,))
                .fetchone()
            )
        if row is None:
            raise not_found("no such artifact", artifact_id)
        found: sqlite3.Row = row
        return found

    @staticmethod
    def _size(row: sqlite3.Row) -> int | None:
        size: int | None = row["size"] if row["status"] == "ready" else row["declared"]
        return size

    def artifact_item(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        """An ArtifactListItem."""
        return _drop_none(
            {
                "id": row["id"],
                "name": row["name"],
                "status": row["status"],
                "size": self._size(row),
                "mime-type": row["mime_type"],
                "created-at": row["created_at"],
                "href": f"{base}/1/artifacts/{row['id']}",
            }
        )

    def product_item(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        """A ProductListItem."""
        href = f"{base}/1/artifacts/{row['id']}"
        return _drop_none(
            {
                "id": row["id"],
                "name": row["name"],
                "status": row["status"],
                "mime-type": row["mime_type"],
                "size": self._size(row),
                "href": href,
                "data-href": f"{href}/blob",
            }
        )

    def artifact_record(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        """An ArtifactStatus."""
        href = f"{base}/1/artifacts/{row['id']}"
        return _drop_none(
            {
                "id": row["id"],
                "name": row["name"],
                "status": row["status"],
                "size": self._size(row),
                "mime-type": row["mime_type"],
                "etag": etag(row["sha256"]) if row["status"] == "ready" else None,
                "created-at": row["created_at"],
                "last-modified-at": row["last_modified_at"],
                "data-href": f"{href}/blob",
                "account": row["account"],
                "policy": row["policy"],
                "collection": row["collection"],
                "links": [
                    link("self", href),
                    link("data", f"{href}/blob", row["mime_type"] or "application/octet-stream"),
                ],
            }
        )

    def insert_artifact(
        self,
        artifact_id: str,
        *,
        name: str | None,
        mime_type: str,
        declared: int | None,
        received: int,
        sha256: str | None,
        collection: str | None,
        policy: str | None,
    ) -> None:
        """Record a new artifact (ready when ``sha256`` is given)."""
        stamp = now()
        status = "ready" if sha256 is not None else "partial" if received else "pending"
        with self.db.transaction() as conn:
            conn.execute(
                """INSERT INTO artifacts(id, name, status, size, declared, received, mime_type,
                       sha256, created_at, last_modified_at, account, policy, collection)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    artifact_id,
                    name,
                    status,
                    received if sha256 else None,
                    declared,
                    received,
                    mime_type,
                    sha256,
                    stamp,
                    stamp,
                    ACCOUNT,
                    policy,
                    collection,
                ),
            )

    def record_progress(self, artifact_id: str, received: int, declared: int | None) -> None:
        """Commit how many bytes of an upload are safely on disk."""
        with self.db.transaction() as conn:
            conn.execute(
                """UPDATE artifacts SET received=?, declared=COALESCE(declared, ?),
                       status=CASE WHEN ? > 0 THEN 'partial' ELSE status END, last_modified_at=?
                   WHERE id=? AND status != 'ready'""",
                (received, declared, received, now(), artifact_id),
            )

    def finish_upload(self, artifact_id: str, size: int) -> None:
        """Hash, publish and mark ready (blocking: call from a worker thread)."""
        sha = self.blobs.hash_part(artifact_id, size)
        # Record the hash first, so a crash between the rename and the final
        # commit can be completed on restart instead of losing the content.
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE artifacts SET sha256=?, received=?, declared=? WHERE id=?",
                (sha, size, size, artifact_id),
            )
        self.blobs.publish(artifact_id, sha)
        self._mark_ready(artifact_id, size, sha)

    def _mark_ready(self, artifact_id: str, size: int, sha: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                """UPDATE artifacts SET status='ready', size=?, received=?, declared=?, sha256=?,
                       last_modified_at=? WHERE id=?""",
                (size, size, size, sha, now(), artifact_id),
            )

    def open_content(self, artifact_id: str) -> BinaryIO:
        """Open a ready artifact's content (for services)."""
        row = self.artifact_row(artifact_id)
        if row["status"] != "ready":
            raise ValueError(f"artifact {artifact_id} is not ready (status {row['status']})")
        return open(self.blobs.blob_path(row["sha256"]), "rb")

    def add_product(
        self, order_id: str, name: str, data: bytes | BinaryIO | Path, mime_type: str
    ) -> str:
        """Store a product of ``order_id`` with its produced-by provenance aspect."""
        try:
            check_name(name, "product name")
            check_mime(mime_type, "mime-type")
        except ApiError as exc:
            raise ValueError(exc.message) from None
        artifact_id = new_id("artifact")
        tmp = artifact_id.rsplit(":", 1)[1]
        if isinstance(data, Path):
            with open(data, "rb") as fh:
                sha, size = self.blobs.write_blob(fh, tmp)
        else:
            sha, size = self.blobs.write_blob(data, tmp)
        order = self.order_row(order_id)
        stamp = now()
        with self.db.transaction() as conn:
            conn.execute(
                """INSERT INTO artifacts(id, name, status, size, declared, received, mime_type,
                       sha256, created_at, last_modified_at, account, policy, order_id)
                   VALUES (?, ?, 'ready', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    artifact_id,
                    name,
                    size,
                    size,
                    size,
                    mime_type,
                    sha,
                    stamp,
                    stamp,
                    ACCOUNT,
                    order["policy"],
                    order_id,
                ),
            )
            content = {
                "$schema": PRODUCED_BY_SCHEMA,
                "artifact": artifact_id,
                "order": order_id,
                "service": order["service"],
            }
            self._insert_aspect(conn, artifact_id, PRODUCED_BY_SCHEMA, content, None, stamp)
        return artifact_id

    # --------------------------------------------------------------- aspects

    def aspect_row(self, aspect_id: str) -> sqlite3.Row:
        """The aspect ``aspect_id`` (current or retracted); 404 otherwise."""
        row = None
        if is_our_id(aspect_id, "aspect"):
            row = (
                self.db.conn().execute("SELECT * FROM aspects WHERE id=?", (aspect_id,)).fetchone()
            )
        if row is None:
            raise not_found("no such aspect", aspect_id)
        found: sqlite3.Row = row
        return found

    def aspect_item(self, row: sqlite3.Row, include_content: bool) -> dict[str, Any]:
        """An AspectListItem."""
        return _drop_none(
            {
                "id": row["id"],
                "entity": row["entity"],
                "schema": row["schema"],
                "content": json.loads(row["content"]) if include_content else None,
                "content-type": row["content_type"],
                "valid-from": row["valid_from"],
                "valid-to": row["valid_to"],
            }
        )

    def aspect_record(self, row: sqlite3.Row, base: str) -> dict[str, Any]:
        """An Aspect."""
        return _drop_none(
            {
                "id": row["id"],
                "entity": row["entity"],
                "schema": row["schema"],
                "content": json.loads(row["content"]),
                "content-type": row["content_type"],
                "valid-from": row["valid_from"],
                "valid-to": row["valid_to"],
                "asserter": row["asserter"],
                "retracter": row["retracter"],
                "replaces": row["replaces"],
                "account": row["account"],
                "policy": row["policy"],
                "links": [link("self", f"{base}/1/aspects/{row['id']}")],
            }
        )

    @staticmethod
    def check_aspect_target(
        entity: str | None, schema: str | None, policy: str | None
    ) -> tuple[str, str]:
        """Validate the entity/schema/policy query parameters of a write."""
        if not entity:
            raise invalid("entity", entity, "entity is required: the URN the aspect is about")
        require_urn("entity", entity)
        if not schema:
            raise invalid("schema", schema, "schema is required: the URN of the aspect's schema")
        if len(schema) > MAX_SCHEMA_LENGTH or any(c.isspace() for c in schema) or "%" in schema:
            raise invalid("schema", schema, "schema must be a URN without spaces or '%'")
        if policy is not None:
            require_urn("policy", policy)
        return entity, schema

    @staticmethod
    def check_aspect_content(content: Any, schema: str) -> dict[str, Any]:
        """The content must be a JSON object whose ``$schema``, if any, is ``schema``."""
        if not isinstance(content, dict):
            raise invalid(
                "content", json.dumps(content)[:200], "aspect content must be a JSON object"
            )
        declared = content.get("$schema")
        if declared is not None and declared != schema:
            raise invalid(
                "schema", schema, f"the content's $schema is {declared!r}, not {schema!r}"
            )
        return content

    def _insert_aspect(
        self,
        conn: sqlite3.Connection,
        entity: str,
        schema: str,
        content: dict[str, Any],
        policy: str | None,
        stamp: str,
        replaces: str | None = None,
    ) -> str:
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

    def create_aspect(
        self, entity: str, schema: str, content: dict[str, Any], policy: str | None
    ) -> str:
        """Add an aspect; returns its id."""
        with self.db.transaction() as conn:
            return self._insert_aspect(conn, entity, schema, content, policy, now())

    def replace_aspect(
        self, entity: str, schema: str, content: dict[str, Any], policy: str | None
    ) -> str:
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
            return self._insert_aspect(conn, entity, schema, content, policy, stamp, replaces)

    def retract_aspect(self, aspect_id: str) -> None:
        """End an aspect's validity now (retracting twice changes nothing)."""
        self.aspect_row(aspect_id)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE aspects SET valid_to=?, retracter=? WHERE id=? AND valid_to IS NULL",
                (now(), PRINCIPAL, aspect_id),
            )


def etag(sha256: str) -> str:
    """The entity tag of content with this hash."""
    return f'"sha256:{sha256}"'
