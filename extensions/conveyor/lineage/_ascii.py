"""The ASCII (or box-drawing) tree rendering of a lineage graph, for terminals."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from ._model import LineageEdge, LineageNode

__all__ = ["render_tree"]


def render_tree(
    root: str,
    nodes: Mapping[str, LineageNode],
    edges: Sequence[LineageEdge],
    truncated: bool,
    unicode: bool,
) -> str:
    """An indented tree rooted at ``root`` and growing upstream (see `Lineage.to_ascii`)."""
    tee, last, bar = ("├── ", "└── ", "│   ") if unicode else ("|-- ", "`-- ", "|   ")
    lines: list[str] = []
    shown: set[str] = set()

    def walk(urn: str, relation: str | None, prefix: str, is_last: bool, parent: str) -> None:
        text = _node_line(nodes[urn], relation)
        top = not parent
        if top:
            lines.append(text)
            child_prefix = ""
        else:
            lines.append(prefix + (last if is_last else tee) + text)
            child_prefix = prefix + ("    " if is_last else bar)
        # The way back to the parent is already on screen (a product's producer).
        children = [c for c in _tree_children(nodes, edges, urn, top) if c[0] != parent]
        if urn in shown:
            if children:
                lines[-1] += "  (see above)"
            return
        shown.add(urn)
        for index, (child, child_relation) in enumerate(children):
            walk(child, child_relation, child_prefix, index == len(children) - 1, urn)

    walk(root, None, "", True, "")
    if truncated:
        lines.append("(stopped at max_depth: older history not shown)")
    return "\n".join(lines)


def _tree_children(
    nodes: Mapping[str, LineageNode], edges: Sequence[LineageEdge], urn: str, top: bool
) -> list[tuple[str, str]]:
    node = nodes[urn]
    children: list[tuple[str, str]] = []
    if node.kind == "artifact":
        children = [
            (e.source, "produced by order")
            for e in edges
            if e.target == urn and e.relation == "produced"
        ]
    elif node.kind == "order":
        for relation in ("service", "input"):
            children += [
                (e.source, relation) for e in edges if e.target == urn and e.relation == relation
            ]
        if top:
            children += [
                (e.target, "product") for e in edges if e.source == urn and e.relation == "produced"
            ]
    return children


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
