"""The contract's JSON objects, built from the stores' rows.

Every href and link is absolute, from the ``base`` URL the client used.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .._stores.jobs import record_fields
from .._stores.service_definitions import BASIC_CONTROLLER_SCHEMA
from .._util import DEFAULT_POLICY


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    # The contract's optional fields are absent, never null.
    return {k: v for k, v in d.items() if v is not None}


def link(rel: str, href: str, type_: str = "application/json") -> dict[str, str]:
    """A Link object (``type`` always present: IVCAP's client requires it)."""
    return {"rel": rel, "type": type_, "href": href}


def etag(sha256: str) -> str:
    """The entity tag of content with this hash."""
    return f'"sha256:{sha256}"'


def service_item(row: sqlite3.Row, base: str) -> dict[str, Any]:
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


def service_record(row: sqlite3.Row, base: str, status: str) -> dict[str, Any]:
    """A ServiceStatus."""
    definition = json.loads(row["definition"])
    href = f"{base}/1/services/{row['id']}"
    return _drop_none(
        {
            "id": row["id"],
            "name": row["name"] or None,
            "description": row["description"],
            "status": status,
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
# A service published as a description keeps its controller as sent; one
# published with a workflow shows the workflow as a basic controller.


def _controller(definition: dict[str, Any]) -> tuple[str, Any]:
    if "controller-schema" in definition:
        return definition["controller-schema"], definition.get("controller")
    return BASIC_CONTROLLER_SCHEMA, definition.get("workflow")


def service_description_item(row: sqlite3.Row, base: str) -> dict[str, Any]:
    """A ServiceDescriptionListItem."""
    definition = json.loads(row["definition"])
    return _drop_none(
        {
            "id": row["id"],
            "name": row["name"] or None,
            "description": row["description"],
            "tags": definition.get("tags", []),
            "controller-schema": _controller(definition)[0],
            "valid-from": row["published_at"],
            # Only a list of an earlier at-time shows a since-retired service.
            "valid-to": row["deleted_at"],
            "href": f"{base}/1/services2/{row['id']}",
        }
    )


def service_description(row: sqlite3.Row, base: str, status: str) -> dict[str, Any]:
    """A ServiceDescription."""
    definition = json.loads(row["definition"])
    parameters = [
        {**p, "description": p.get("description", "")} for p in definition.get("parameters", [])
    ]
    schema, controller = _controller(definition)
    return _drop_none(
        {
            "id": row["id"],
            "name": row["name"] or None,
            "description": row["description"] or "",
            "status": status,
            "account": row["account"],
            "policy": row["policy"] or DEFAULT_POLICY,
            "tags": definition.get("tags", []),
            "controller-schema": schema,
            "controller": controller,
            "parameters": parameters,
            "valid-from": row["published_at"],
            "links": [link("self", f"{base}/1/services2/{row['id']}")],
        }
    )


def order_item(row: sqlite3.Row, base: str) -> dict[str, Any]:
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


def order_record(row: sqlite3.Row, base: str, products: dict[str, Any]) -> dict[str, Any]:
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


def _size(row: sqlite3.Row) -> int | None:
    # A finished artifact's size is what arrived; an unfinished one's, what was declared.
    size: int | None = row["size"] if row["status"] == "ready" else row["declared"]
    return size


def artifact_item(row: sqlite3.Row, base: str) -> dict[str, Any]:
    """An ArtifactListItem."""
    return _drop_none(
        {
            "id": row["id"],
            "name": row["name"],
            "status": row["status"],
            "size": _size(row),
            "mime-type": row["mime_type"],
            "created-at": row["created_at"],
            "href": f"{base}/1/artifacts/{row['id']}",
        }
    )


def product_item(row: sqlite3.Row, base: str) -> dict[str, Any]:
    """A ProductListItem."""
    href = f"{base}/1/artifacts/{row['id']}"
    return _drop_none(
        {
            "id": row["id"],
            "name": row["name"],
            "status": row["status"],
            "mime-type": row["mime_type"],
            "size": _size(row),
            "href": href,
            "data-href": f"{href}/blob",
        }
    )


def artifact_record(row: sqlite3.Row, base: str) -> dict[str, Any]:
    """An ArtifactStatus."""
    href = f"{base}/1/artifacts/{row['id']}"
    return _drop_none(
        {
            "id": row["id"],
            "name": row["name"],
            "status": row["status"],
            "size": _size(row),
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


def aspect_item(row: sqlite3.Row, include_content: bool) -> dict[str, Any]:
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


def aspect_record(row: sqlite3.Row, base: str) -> dict[str, Any]:
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


def job_href(base: str, service_id: str, job_id: str) -> str:
    """The URL of a job's record."""
    return f"{base}/1/services2/{service_id}/jobs/{job_id}"


def job_item(row: sqlite3.Row, base: str) -> dict[str, Any]:
    """A JobListItem."""
    return _drop_none(
        {
            "id": row["id"],
            "status": row["status"],
            "service": row["service"],
            "order": row["order_id"],
            "started-at": row["started_at"],
            "finished-at": row["finished_at"],
            "href": job_href(base, row["service"], row["id"]),
        }
    )


def job_record(row: sqlite3.Row, base: str, contents: dict[str, Any]) -> dict[str, Any]:
    """A JobStatus; ``contents`` holds the ``request-content`` / ``result-content`` asked for."""
    href = job_href(base, row["service"], row["id"])
    return {
        **record_fields(row),
        **contents,
        "tags": [],
        "links": [
            link("self", href),
            link("output", f"{href}/output"),
            link("order", f"{base}/1/orders/{row['order_id']}"),
        ],
    }


def metadata_item(row: sqlite3.Row, base: str) -> dict[str, Any]:
    """An OrderMetadataListItem (an aspect about the order, without its content)."""
    return {
        "id": row["id"],
        "schema": row["schema"],
        "content-type": row["content_type"],
        "href": f"{base}/1/aspects/{row['id']}",
    }
