"""The Mermaid flowchart rendering of a lineage graph, for Markdown, GitHub and notebooks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ._model import LineageEdge, LineageNode, short_label

__all__ = ["render_mermaid"]

_SHAPES = {"artifact": ("[/", "/]"), "service": ("{{", "}}"), "collection": ("[(", ")]")}
_STYLES = {
    "artifact": "fill:#e8f1fb,stroke:#3b78b8",
    "order": "fill:#fdf3e1,stroke:#c98a1b",
    "service": "fill:#e9f6ec,stroke:#3f9652",
    "collection": "fill:#f3ecfa,stroke:#7d4fb0",
}


def render_mermaid(
    root: str, nodes: Mapping[str, LineageNode], edges: Sequence[LineageEdge]
) -> str:
    """Mermaid flowchart text, left to right, with ``root`` drawn in a heavier stroke."""
    ids = {urn: f"n{index}" for index, urn in enumerate(nodes)}
    lines = ["flowchart LR"]
    for urn, node in nodes.items():
        text = _mermaid_text(short_label(node))
        open_, close = _SHAPES.get(node.kind, ("[", "]"))
        lines.append(f'    {ids[urn]}{open_}"{text}"{close}')
    for edge in edges:
        arrow = "-.->" if edge.relation == "service" else "-->"
        lines.append(f"    {ids[edge.source]} {arrow}|{edge.relation}| {ids[edge.target]}")
    for kind, style in _STYLES.items():
        members = [ids[u] for u, n in nodes.items() if n.kind == kind]
        if members:
            lines.append(f"    classDef {kind} {style}")
            lines.append(f"    class {','.join(members)} {kind}")
    if root in ids:
        lines.append(f"    style {ids[root]} stroke-width:3px")
    return "\n".join(lines)


def _mermaid_text(text: str) -> str:
    # Mermaid's entity codes keep quotes and brackets from ending the label.
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text
