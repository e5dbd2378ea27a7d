"""Orders: a service run with parameters, its life cycle and its provenance.

pending -> scheduled -> executing -> succeeded | failed. Placing an order
records an ``order.provenance`` aspect (service, inputs, parameters); each
product it adds is an artifact with an ``artifact.produced-by`` aspect.

A job that names no order runs under an order of its own (IVCAP's job
records always name one): a row here whose ``job`` column names the job,
with no parameters, whose status the job store keeps equal to the job's.
It is never run or recovered as an order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from .._db import Database
from .._errors import ApiError, bad_request, invalid
from .._lists import ListSpec, Page, fields, list_page
from .._names import MAX_NAME_LENGTH, check_name
from .._service_kit import ParameterSpec, RegisteredJobService, RegisteredService, convert
from .._util import ACCOUNT, is_our_id, is_urn, new_id, now, require_texts, require_urn
from .artifacts import ArtifactStore, check_mime
from .aspects import AspectStore
from .common import find_record
from .services import ServiceStore

ORDER_PROVENANCE_SCHEMA = "urn:conveyor:schema:order.provenance.1"
PRODUCED_BY_SCHEMA = "urn:conveyor:schema:artifact.produced-by.1"
FINAL_ORDER_STATES = ("succeeded", "failed", "error")
#: Parameter types whose values are URNs of entities; they are an order's provenance inputs.
URN_PARAMETER_TYPES = ("artifact", "collection")

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


class OrderStore:
    """The ``orders`` table, with the services, artifacts and aspects an order involves."""

    def __init__(
        self,
        db: Database,
        services: ServiceStore,
        artifacts: ArtifactStore,
        aspects: AspectStore,
    ) -> None:
        self.db = db
        self.services = services
        self.artifacts = artifacts
        self.aspects = aspects

    def row(self, order_id: str) -> sqlite3.Row:
        """The order ``order_id``; 404 otherwise."""
        return find_record(self.db, "order", order_id)

    def page(self, state: Mapping[str, Any], limit: int) -> Page:
        """One page of orders."""
        return list_page(self.db.conn(), ORDERS, state, limit)

    def recover(self) -> list[str]:
        """Settle the orders a crash interrupted; returns those to run again.

        Orders that had not started are queued again (nothing of them ran);
        orders that were executing are failed, since re-running a service
        with side effects behind the user's back would be worse.
        """
        # Orders of jobs follow their job (JobStore.recover), never this.
        with self.db.transaction() as conn:
            conn.execute(
                """UPDATE orders SET status='failed', finished_at=?,
                       error_message=?
                   WHERE status = 'executing' AND job IS NULL""",
                (now(), "the sandbox stopped while the order was executing; place it again"),
            )
            return [
                r["id"]
                for r in conn.execute(
                    "SELECT id FROM orders WHERE status IN ('pending', 'scheduled')"
                    " AND job IS NULL ORDER BY seq"
                )
            ]

    def _check_request(self, body: Any) -> tuple[sqlite3.Row, list[dict[str, str]], list[str]]:
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
        require_texts("tags", body.get("tags", []))
        given = body.get("parameters")
        if not isinstance(given, list):
            raise invalid("parameters", given, "parameters must be a list of {name, value}")
        row = self.services.row(service_id)
        registered = self.services.registry.get(row["impl"])
        if registered is None:
            raise invalid(
                "service", service_id, "this service's implementation is not registered here"
            )
        if isinstance(registered, RegisteredJobService):
            raise invalid(
                "service",
                service_id,
                f"this service runs jobs, not orders: POST /1/services2/{service_id}/jobs",
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
                if not is_our_id(text, "artifact") or not self.artifacts.exists(text):
                    raise invalid(spec.name, text, "no such artifact")
            elif spec.type == "collection" and not is_urn(text):
                raise invalid(spec.name, text, "must be a collection URN")
            # Provenance names every entity the order was given (artifact and
            # collection parameters are the URN-typed ones), each once.
            if spec.type in URN_PARAMETER_TYPES and text not in inputs:
                inputs.append(text)
            out.append({"name": spec.name, "value": text})
        return row, out, inputs

    def create(self, body: Any) -> sqlite3.Row:
        """Record a pending order with its provenance aspect (the caller queues it)."""
        service, params, inputs = self._check_request(body)
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
            self.aspects.insert(conn, order_id, ORDER_PROVENANCE_SCHEMA, provenance, None, stamp)
        return self.row(order_id)

    def set_status(self, order_id: str, status: str, error: str | None = None) -> None:
        """Move an order along; stamps started-at / finished-at."""
        with self.db.transaction() as conn:
            self.move(conn, "id", order_id, status, error, now())

    @staticmethod
    def move(
        conn: sqlite3.Connection,
        column: str,
        key: str,
        status: str,
        error: str | None,
        stamp: str,
    ) -> None:
        """Set the status of the orders whose ``column`` (``id`` or ``job``) is ``key``.

        In the caller's transaction ``conn``; stamps started-at / finished-at.
        """
        if status == "executing":
            conn.execute(
                f"UPDATE orders SET status=?, started_at=? WHERE {column}=?", (status, stamp, key)
            )
        elif status in FINAL_ORDER_STATES:
            conn.execute(
                f"UPDATE orders SET status=?, finished_at=?, error_message=? WHERE {column}=?",
                (status, stamp, error, key),
            )
        else:
            conn.execute(f"UPDATE orders SET status=? WHERE {column}=?", (status, key))

    def insert_for_job(
        self, conn: sqlite3.Connection, job_id: str, service_id: str, policy: str, stamp: str
    ) -> str:
        """Record the pending order a job runs under, in the job store's transaction ``conn``.

        Like every order it has a provenance aspect; its ``job`` names the job.
        """
        order_id = new_id("order")
        conn.execute(
            """INSERT INTO orders(id, status, service, account, policy, ordered_at, parameters,
                   tags, job)
               VALUES (?, 'pending', ?, ?, ?, ?, '[]', '[]', ?)""",
            (order_id, service_id, ACCOUNT, policy, stamp, job_id),
        )
        provenance = {
            "$schema": ORDER_PROVENANCE_SCHEMA,
            "order": order_id,
            "service": service_id,
            "inputs": [],
            "parameters": [],
            "job": job_id,
        }
        self.aspects.insert(conn, order_id, ORDER_PROVENANCE_SCHEMA, provenance, None, stamp)
        return order_id

    def run_info(self, order_id: str) -> tuple[RegisteredService | None, dict[str, Any], str, str]:
        """What the runner needs: the callable, converted parameters, service id and name.

        The callable is None when none that runs orders is registered for the service.
        """
        order = self.row(order_id)
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
        registered = self.services.registry.get(svc["impl"])
        if not isinstance(registered, RegisteredService):
            registered = None
        return registered, params, svc["id"], svc["name"]

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
        sha, size = self.artifacts.store_content(artifact_id, data)
        order = self.row(order_id)
        stamp = now()
        with self.db.transaction() as conn:
            self.artifacts.insert_product(
                conn,
                artifact_id,
                order_id=order_id,
                name=name,
                mime_type=mime_type,
                sha256=sha,
                size=size,
                policy=order["policy"],
                stamp=stamp,
            )
            content = {
                "$schema": PRODUCED_BY_SCHEMA,
                "artifact": artifact_id,
                "order": order_id,
                "service": order["service"],
            }
            self.aspects.insert(conn, artifact_id, PRODUCED_BY_SCHEMA, content, None, stamp)
        return artifact_id
