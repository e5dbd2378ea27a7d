"""Building a `Lineage`: walking provenance aspects and records upstream, as a flow.

The platform records provenance as aspects: `PROVENANCE_SCHEMA` on every
order (its service, inputs and parameters), `PRODUCED_BY_SCHEMA` on every
product (the order and service that produced it). `lineage_flow` reads
them, and the records of the entities they name, breadth first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any

from .._call import Call, Flow, json_entity, json_object, one
from ..errors import APIError, InvalidParameter, MalformedResponse
from ._graph import Lineage
from ._model import LineageEdge, LineageNode

__all__ = ["DEFAULT_MAX_DEPTH", "PRODUCED_BY_SCHEMA", "PROVENANCE_SCHEMA", "lineage_flow"]

PROVENANCE_SCHEMA = "urn:conveyor:schema:order.provenance.1"
"""The aspect on an order naming its service, input artifacts and parameters."""
PRODUCED_BY_SCHEMA = "urn:conveyor:schema:artifact.produced-by.1"
"""The aspect on a product naming the order (and service) that produced it."""

DEFAULT_MAX_DEPTH = 10
"""How many producing orders `lineage()` follows upstream by default."""


class _Builder:
    """Collects nodes and edges while the walk reads records and aspects."""

    def __init__(self) -> None:
        self.nodes: dict[str, LineageNode] = {}
        self.edges: list[LineageEdge] = []
        self._edge_set: set[tuple[str, str, str]] = set()

    def node(self, urn: str, kind: str, record: Mapping[str, Any] | None) -> None:
        if urn in self.nodes and record is None:
            return
        self.nodes[urn] = _make_node(urn, kind, record)

    def edge(self, source: str, target: str, relation: str) -> None:
        key = (source, target, relation)
        if key not in self._edge_set:
            self._edge_set.add(key)
            self.edges.append(LineageEdge(source, target, relation))


def _make_node(urn: str, kind: str, record: Mapping[str, Any] | None) -> LineageNode:
    fallback = urn.rsplit(":", 1)[-1][:8]
    if record is None:
        return LineageNode(urn, kind, fallback, None, {"missing": True})
    label = record.get("name") or fallback
    status = record.get("status")
    details: dict[str, Any] = {}
    if kind == "artifact":
        details = {"size": record.get("size"), "mime_type": record.get("mime-type")}
    elif kind == "order":
        details = {"parameters": _parameters(record.get("parameters"))}
    return LineageNode(urn, kind, str(label), None if status is None else str(status), details)


def _parameters(value: Any) -> dict[str, str]:
    if isinstance(value, list):
        return {
            str(p.get("name")): str(p.get("value"))
            for p in value
            if isinstance(p, dict) and "name" in p
        }
    return {}


def _read_flow(kind: str, urn: str) -> Flow[dict[str, Any] | None]:
    """The raw JSON record of an entity, or ``None`` when it cannot be read."""
    from conveyor_api.api.artifacts import read_artifact
    from conveyor_api.api.orders import read_order
    from conveyor_api.api.services import read_service

    operation = {"artifact": read_artifact, "order": read_order, "service": read_service}[kind]
    try:
        record: dict[str, Any] = yield from one(Call(operation.request_args(urn), json_entity))
    except APIError as exc:
        # A deleted or hidden entity is still part of the story: keep its URN.
        if exc.status in (403, 404, 410):
            return None
        raise
    return record


def _read_job_flow(job: Any) -> Flow[dict[str, Any] | None]:
    """The root job's raw record with its request (where its inputs are named)."""
    from conveyor_api.api.jobs import read_job

    service = job.service_id
    if not isinstance(service, str):
        return None
    kwargs = read_job.request_args(service, job.id, with_request_content=True)
    record: dict[str, Any] = yield from one(Call(kwargs, json_entity))
    return record


def _job_story(record: Mapping[str, Any] | None) -> tuple[str | None, list[str]]:
    """A job's service and inputs: the artifact and collection URNs its request names."""
    if record is None:
        return None, []
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            inputs = ("urn:ivcap:artifact:", "urn:ivcap:collection:")
            if value.startswith(inputs) and value not in found:
                found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(record.get("request-content"))
    service = record.get("service")
    return (service if isinstance(service, str) else None), found


def _aspect_contents_flow(entity: str, schema: str) -> Flow[list[dict[str, Any]]]:
    """The content of each current aspect of ``schema`` about ``entity`` (first page)."""
    from conveyor_api.api.aspects import list_aspects

    kwargs = list_aspects.request_args(entity=entity, schema=schema, include_content=True, limit=50)
    answer: dict[str, Any] = yield from one(Call(kwargs, _json_page))
    contents = []
    for item in answer["items"]:
        content = item.get("content") if isinstance(item, dict) else None
        if isinstance(content, dict):
            contents.append(content)
    return contents


def _json_page(response: Any) -> dict[str, Any]:
    """A list answer as JSON, checked to hold an ``items`` list (inside the parse guard)."""
    data = json_object(response)
    if not isinstance(data.get("items"), list):
        raise TypeError("a list answer's items are not a list")
    return data


def lineage_flow(entity: Any, max_depth: int = DEFAULT_MAX_DEPTH) -> Flow[Lineage]:
    """Walk the provenance upstream of an artifact, order or job and return its `Lineage`.

    A job's inputs are the artifact and collection URNs its request names.

    Args:
        entity: An artifact, order or job object (sync or async flavour).
        max_depth: How many producing orders to follow upstream from it.
    """
    if not isinstance(max_depth, int) or max_depth < 0:
        raise InvalidParameter(
            "max_depth: a whole number >= 0 is needed", parameter="max_depth", value=max_depth
        )
    kind = entity._kind
    if kind not in ("artifact", "order", "job"):
        raise InvalidParameter(
            f"lineage: only artifacts, orders and jobs have a lineage, not a {kind}",
            parameter="entity",
        )
    root: str = entity.id
    graph = _Builder()
    truncated = False
    services: set[str] = set()
    # (kind, urn, depth): depth counts the orders between the root and this entity.
    queue: deque[tuple[str, str, int]] = deque()
    seen: set[str] = set()
    if kind == "artifact":
        graph.node(root, "artifact", _record_dict(entity))
        queue.append(("artifact", root, 0))
    else:
        queue.append((kind, root, 1))
    while queue:
        what, urn, depth = queue.popleft()
        if urn in seen:
            continue
        seen.add(urn)
        if what == "artifact":
            for content in (yield from _aspect_contents_flow(urn, PRODUCED_BY_SCHEMA)):
                order = content.get("order")
                if not isinstance(order, str):
                    continue
                if depth >= max_depth:
                    truncated = True
                    continue
                graph.edge(order, urn, "produced")
                queue.append(("order", order, depth + 1))
                if order not in graph.nodes:
                    graph.node(order, "order", None)  # placeholder, read below
            continue
        if what == "job":
            record = yield from _read_job_flow(entity)
            graph.node(urn, "job", record)
            service, inputs = _job_story(record)
        else:
            record = yield from _read_flow("order", urn)
            graph.node(urn, "order", record)
            provenance = yield from _aspect_contents_flow(urn, PROVENANCE_SCHEMA)
            service, inputs = _order_story(record, provenance)
        if service is not None:
            if service not in services:
                services.add(service)
                graph.node(service, "service", (yield from _read_flow("service", service)))
            graph.edge(service, urn, "service")
        for source in inputs:
            source_kind = _kind_of_urn(source)
            if source_kind != "artifact":
                # A collection (or another kind the platform may add) has no record
                # to read here: it is shown by its URN rather than dropped.
                graph.node(source, source_kind, {})
                graph.edge(source, urn, "input")
                continue
            if source not in graph.nodes:
                graph.node(source, "artifact", (yield from _read_flow("artifact", source)))
            graph.edge(source, urn, "input")
            queue.append(("artifact", source, depth))
        for product in _products(record):
            product_id = product["id"]
            if product_id not in graph.nodes or graph.nodes[product_id].details.get("missing"):
                graph.node(product_id, "artifact", product)
            graph.edge(urn, product_id, "produced")
    return Lineage(root, graph.nodes, graph.edges, truncated)


def _kind_of_urn(urn: str) -> str:
    """The kind an ``urn:<namespace>:<kind>:<id>`` names (``"artifact"``, ``"collection"``...)."""
    parts = urn.split(":")
    return parts[2] if len(parts) >= 4 and parts[2] else "entity"


def _record_dict(entity: Any) -> dict[str, Any]:
    """The entity's record as wire JSON (kebab-case keys), without a request."""
    raw = getattr(entity, "_raw", None)
    if isinstance(raw, dict):
        return raw
    record = entity.record
    data: dict[str, Any] = record.to_dict()
    return data


def _order_story(
    record: Mapping[str, Any] | None, provenance: list[dict[str, Any]]
) -> tuple[str | None, list[str]]:
    """The order's service and inputs (artifact and collection URNs), from its provenance
    aspect or else its record."""
    if provenance:
        content = provenance[0]
        service = content.get("service")
        inputs = [i for i in content.get("inputs") or [] if isinstance(i, str)]
        return (service if isinstance(service, str) else None), inputs
    if record is None:
        return None, []
    parameters = _parameters(record.get("parameters"))
    inputs = [
        v
        for v in parameters.values()
        if v.startswith(("urn:ivcap:artifact:", "urn:ivcap:collection:"))
    ]
    service = record.get("service")
    return (service if isinstance(service, str) else None), inputs


def _products(record: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if record is None:
        return []
    products = record.get("products")
    items = products.get("items") if isinstance(products, dict) else None
    if items is not None and not isinstance(items, list):
        raise MalformedResponse(f"the order's products are not a list: {items!r:.80}")
    return [p for p in items or [] if isinstance(p, dict) and isinstance(p.get("id"), str)]
