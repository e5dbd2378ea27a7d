"""Lineage: how an artifact came to be, as a graph of orders, services and artifacts.

The platform records provenance as aspects (see the sandbox and IVCAP):

- on every order, ``urn:conveyor:schema:order.provenance.1`` with the
  ``service``, the ``inputs`` (artifact URNs) and the ``parameters``;
- on every product, ``urn:conveyor:schema:artifact.produced-by.1`` naming the
  ``order`` and ``service`` that produced it.

`Artifact.lineage()` and `Order.lineage()` (awaited on the async twins) walk
those aspects upstream, from a product to the order that made it, to that
order's service and inputs, to the orders that made those inputs, and so on,
and return a `Lineage`: plain nodes and edges that render as an ASCII tree
(`Lineage.to_ascii`), Mermaid (`Lineage.to_mermaid`), Graphviz DOT
(`Lineage.to_dot`) or, when Graphviz's ``dot`` program is installed, an image
(`Lineage.to_image`, and inline SVG in notebooks)::

    lineage = product.lineage()
    print(lineage.to_ascii())
    print(lineage.to_mermaid())

On a platform that records no provenance aspect for an order, the order's
own record stands in: its service, and the parameters whose values are
artifact URNs as its inputs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._call import Call, Flow, json_entity, one
from .errors import APIError, ConveyorError, InvalidParameter

if TYPE_CHECKING:
    import os

__all__ = [
    "PRODUCED_BY_SCHEMA",
    "PROVENANCE_SCHEMA",
    "GraphvizNotFound",
    "Lineage",
    "LineageEdge",
    "LineageNode",
    "lineage_flow",
]

PROVENANCE_SCHEMA = "urn:conveyor:schema:order.provenance.1"
"""The aspect on an order naming its service, input artifacts and parameters."""
PRODUCED_BY_SCHEMA = "urn:conveyor:schema:artifact.produced-by.1"
"""The aspect on a product naming the order (and service) that produced it."""

DEFAULT_MAX_DEPTH = 10
"""How many producing orders `lineage()` follows upstream by default."""

_IMAGE_FORMATS = ("svg", "png", "pdf", "jpg", "jpeg", "gif")


class GraphvizNotFound(ConveyorError, RuntimeError):
    """Rendering a lineage image needs Graphviz's ``dot`` program, and it is not installed.

    Install Graphviz (``apt install graphviz``, ``brew install graphviz`` or
    ``conda install graphviz``; the ``graphviz`` Python package alone does not
    include ``dot``), or use `Lineage.to_mermaid()` / `Lineage.to_dot()`,
    which need nothing.
    """


@dataclass(frozen=True, slots=True)
class LineageNode:
    """One entity in a lineage graph.

    Attributes:
        id: The entity's URN.
        kind: ``"artifact"``, ``"order"`` or ``"service"``; an order's input
            that is not an artifact has the kind its URN names (``"collection"``)
            and is shown by its URN, without a record.
        label: A short human name (the artifact's, order's or service's name,
            else the end of its URN).
        status: The order's or artifact's status, when known.
        details: Further facts: an artifact's ``size`` and ``mime_type``, an
            order's ``parameters``; ``missing`` is ``True`` when the entity
            could not be read (deleted, or not visible to the caller).
    """

    id: str
    kind: str
    label: str
    status: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LineageEdge:
    """A directed link between two nodes, pointing downstream (the way data flows).

    Attributes:
        source: URN of the upstream node.
        target: URN of the downstream node.
        relation: ``"input"`` (artifact or collection to the order that read it),
            ``"produced"`` (order to the artifact it made) or ``"service"``
            (service to the order that ran it).
    """

    source: str
    target: str
    relation: str


class Lineage:
    """The provenance graph of an artifact or order.

    Edges point the way data flows: input artifact to order, service to
    order, order to product. ``root`` is the entity `lineage()` was called
    on.

    Attributes:
        root: URN of the entity the lineage was built for.
        nodes: Every node by URN, in the order they were found.
        edges: Every edge, in the order they were found.
        truncated: Whether ``max_depth`` stopped the walk before the
            origins were reached.
    """

    __slots__ = ("edges", "nodes", "root", "truncated")

    def __init__(
        self,
        root: str,
        nodes: Mapping[str, LineageNode],
        edges: list[LineageEdge],
        truncated: bool = False,
    ) -> None:
        self.root = root
        self.nodes = dict(nodes)
        self.edges = list(edges)
        self.truncated = truncated

    def __repr__(self) -> str:
        return f"<Lineage of {self.root}: {len(self.nodes)} nodes, {len(self.edges)} edges>"

    def __str__(self) -> str:
        return self.to_ascii()

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[LineageNode]:
        return iter(self.nodes.values())

    def __contains__(self, entity: object) -> bool:
        return _urn_of(entity) in self.nodes

    def upstream(self, entity: Any) -> list[LineageNode]:
        """The nodes with an edge into ``entity`` (a resource object or URN)."""
        urn = _urn_of(entity)
        return [self.nodes[e.source] for e in self.edges if e.target == urn]

    def downstream(self, entity: Any) -> list[LineageNode]:
        """The nodes ``entity`` has an edge to (a resource object or URN)."""
        urn = _urn_of(entity)
        return [self.nodes[e.target] for e in self.edges if e.source == urn]

    def of_kind(self, kind: str) -> list[LineageNode]:
        """The nodes of one kind: ``"artifact"``, ``"order"`` or ``"service"``."""
        return [node for node in self.nodes.values() if node.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form: ``{"root", "truncated", "nodes": [...], "edges": [...]}``."""
        return {
            "root": self.root,
            "truncated": self.truncated,
            "nodes": [
                {
                    "id": n.id,
                    "kind": n.kind,
                    "label": n.label,
                    "status": n.status,
                    "details": dict(n.details),
                }
                for n in self.nodes.values()
            ],
            "edges": [
                {"source": e.source, "target": e.target, "relation": e.relation} for e in self.edges
            ],
        }

    # -- renderings ---------------------------------------------------------------

    def to_ascii(self, *, unicode: bool = False) -> str:
        """An indented tree for terminals, rooted at ``root`` and growing upstream.

        Under an artifact: the order that produced it. Under an order: its
        service, its inputs (each with its own producer below it) and, for
        the root order only, its products. A node reached twice is shown
        again marked ``(see above)`` without its subtree.

        Args:
            unicode: Draw the branches with box-drawing characters instead
                of plain ASCII.
        """
        tee, last, bar = ("├── ", "└── ", "│   ") if unicode else ("|-- ", "`-- ", "|   ")
        lines: list[str] = []
        shown: set[str] = set()

        def walk(urn: str, relation: str | None, prefix: str, is_last: bool, parent: str) -> None:
            node = self.nodes[urn]
            text = _node_line(node, relation)
            top = not parent
            if top:
                lines.append(text)
                child_prefix = ""
            else:
                lines.append(prefix + (last if is_last else tee) + text)
                child_prefix = prefix + ("    " if is_last else bar)
            # The way back to the parent is already on screen (a product's producer).
            children = [c for c in self._tree_children(urn, top) if c[0] != parent]
            if urn in shown:
                if children:
                    lines[-1] += "  (see above)"
                return
            shown.add(urn)
            for index, (child, child_relation) in enumerate(children):
                walk(child, child_relation, child_prefix, index == len(children) - 1, urn)

        walk(self.root, None, "", True, "")
        if self.truncated:
            lines.append("(stopped at max_depth: older history not shown)")
        return "\n".join(lines)

    def _tree_children(self, urn: str, top: bool) -> list[tuple[str, str]]:
        node = self.nodes[urn]
        children: list[tuple[str, str]] = []
        if node.kind == "artifact":
            children = [
                (e.source, "produced by order")
                for e in self.edges
                if e.target == urn and e.relation == "produced"
            ]
        elif node.kind == "order":
            for relation in ("service", "input"):
                children += [
                    (e.source, relation)
                    for e in self.edges
                    if e.target == urn and e.relation == relation
                ]
            if top:
                children += [
                    (e.target, "product")
                    for e in self.edges
                    if e.source == urn and e.relation == "produced"
                ]
        return children

    def to_mermaid(self) -> str:
        """Mermaid flowchart text (left to right), for Markdown, GitHub and notebooks."""
        ids = {urn: f"n{index}" for index, urn in enumerate(self.nodes)}
        lines = ["flowchart LR"]
        for urn, node in self.nodes.items():
            text = _mermaid_text(_short_label(node))
            open_, close = _MERMAID_SHAPES.get(node.kind, ("[", "]"))
            lines.append(f'    {ids[urn]}{open_}"{text}"{close}')
        for edge in self.edges:
            arrow = "-.->" if edge.relation == "service" else "-->"
            lines.append(f"    {ids[edge.source]} {arrow}|{edge.relation}| {ids[edge.target]}")
        for kind, style in _MERMAID_STYLES.items():
            members = [ids[u] for u, n in self.nodes.items() if n.kind == kind]
            if members:
                lines.append(f"    classDef {kind} {style}")
                lines.append(f"    class {','.join(members)} {kind}")
        if self.root in ids:
            lines.append(f"    style {ids[self.root]} stroke-width:3px")
        return "\n".join(lines)

    def to_dot(self) -> str:
        """Graphviz DOT source (what `to_image` renders); needs nothing installed."""
        lines = [
            "digraph lineage {",
            "  rankdir=LR;",
            '  node [fontname="Helvetica", fontsize=11, style=filled];',
            '  edge [fontname="Helvetica", fontsize=9];',
        ]
        for urn, node in self.nodes.items():
            shape, colour = _DOT_STYLES.get(node.kind, ("box", "white"))
            label = _dot_escape(_short_label(node)) + "\\n" + _dot_escape(urn)
            pen = ", penwidth=2.5" if urn == self.root else ""
            lines.append(
                f'  "{_dot_escape(urn)}" [label="{label}", shape={shape}, '
                f'fillcolor="{colour}"{pen}];'
            )
        for edge in self.edges:
            dashed = ", style=dashed" if edge.relation == "service" else ""
            lines.append(
                f'  "{_dot_escape(edge.source)}" -> "{_dot_escape(edge.target)}" '
                f'[label="{edge.relation}"{dashed}];'
            )
        lines.append("}")
        return "\n".join(lines)

    def to_image(self, path: str | os.PathLike[str], format: str | None = None) -> Path:
        """Render the graph to an image file with Graphviz's ``dot`` program.

        Args:
            path: Where to write the image.
            format: ``svg``, ``png``, ``pdf``, ...; by default the path's suffix.

        Returns:
            The path written.

        Raises:
            GraphvizNotFound: ``dot`` is not installed.
            InvalidParameter: The format is not one Graphviz renders here.
        """
        target = Path(path)
        chosen = (format or target.suffix.lstrip(".") or "svg").lower()
        if chosen not in _IMAGE_FORMATS:
            raise InvalidParameter(
                f"format: one of {', '.join(_IMAGE_FORMATS)}, not {chosen!r}",
                parameter="format",
                value=chosen,
            )
        target.write_bytes(self._render(chosen))
        return target

    def _render(self, format: str) -> bytes:
        dot = shutil.which("dot")
        if dot is None:
            raise GraphvizNotFound(
                "rendering a lineage image needs Graphviz's `dot` program, which is not on PATH: "
                "install Graphviz (apt install graphviz / brew install graphviz / conda install "
                "graphviz), or use to_mermaid() or to_dot() instead"
            )
        result = subprocess.run(
            [dot, f"-T{format}"], input=self.to_dot().encode(), capture_output=True, check=False
        )
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace").strip()
            raise ConveyorError(f"Graphviz dot failed: {message}")
        return result.stdout

    def _repr_svg_(self) -> str | None:
        # Notebooks call this; without Graphviz they fall back to the next repr.
        if shutil.which("dot") is None:
            return None
        return self._render("svg").decode()

    def _repr_markdown_(self) -> str:
        return "```mermaid\n" + self.to_mermaid() + "\n```"


_MERMAID_SHAPES = {"artifact": ("[/", "/]"), "service": ("{{", "}}"), "collection": ("[(", ")]")}
_MERMAID_STYLES = {
    "artifact": "fill:#e8f1fb,stroke:#3b78b8",
    "order": "fill:#fdf3e1,stroke:#c98a1b",
    "service": "fill:#e9f6ec,stroke:#3f9652",
    "collection": "fill:#f3ecfa,stroke:#7d4fb0",
}
_DOT_STYLES = {
    "artifact": ("note", "#e8f1fb"),
    "order": ("box", "#fdf3e1"),
    "service": ("hexagon", "#e9f6ec"),
    "collection": ("folder", "#f3ecfa"),
}


def _urn_of(entity: Any) -> str:
    return entity if isinstance(entity, str) else str(getattr(entity, "id", entity))


def _short_label(node: LineageNode) -> str:
    status = f" [{node.status}]" if node.kind == "order" and node.status else ""
    return f"{node.kind}: {node.label}{status}"


def _node_line(node: LineageNode, relation: str | None) -> str:
    # The relation names the kind ("input" is an artifact, "service" a service),
    # so the line reads as a sentence: produced by order "x", input notes.txt.
    name = json.dumps(node.label) if node.kind == "order" else node.label
    parts = [f"{relation or node.kind} {name}"]
    if node.status and node.kind == "order":
        parts.append(f"[{node.status}]")
    extra = []
    if node.kind == "artifact" and node.details.get("size") is not None:
        extra.append(_size(int(node.details["size"])))
    if node.details.get("missing"):
        extra.append("not readable")
    if extra:
        parts.append("(" + ", ".join(extra) + ")")
    parts.append(node.id)
    return "  ".join(parts)


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{count} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{count} B"  # pragma: no cover - the loop always returns


def _mermaid_text(text: str) -> str:
    # Mermaid's entity codes keep quotes and brackets from ending the label.
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


# -- building the graph -------------------------------------------------------------


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


def _json_object(response: Any) -> dict[str, Any]:
    data = json.loads(response.content)
    if not isinstance(data, dict):
        raise TypeError("expected a JSON object")
    return data


def _json_page(response: Any) -> dict[str, Any]:
    """A list answer as JSON, checked to hold an ``items`` list (inside the parse guard)."""
    data = _json_object(response)
    if not isinstance(data.get("items"), list):
        raise TypeError("a list answer's items are not a list")
    return data


def lineage_flow(entity: Any, max_depth: int = DEFAULT_MAX_DEPTH) -> Flow[Lineage]:
    """Walk the provenance upstream of an artifact or order and return its `Lineage`.

    Args:
        entity: An artifact or order object (sync or async flavour).
        max_depth: How many producing orders to follow upstream from it.
    """
    if not isinstance(max_depth, int) or max_depth < 0:
        raise InvalidParameter(
            "max_depth: a whole number >= 0 is needed", parameter="max_depth", value=max_depth
        )
    kind = entity._kind
    if kind not in ("artifact", "order"):
        raise InvalidParameter(
            f"lineage: only artifacts and orders have a lineage, not a {kind}",
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
        queue.append(("order", root, 1))
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
        from .errors import MalformedResponse

        raise MalformedResponse(f"the order's products are not a list: {items!r:.80}")
    return [p for p in items or [] if isinstance(p, dict) and isinstance(p.get("id"), str)]
