"""The SVG picture of a lineage graph, drawn here: a layered layout in plain Python.

Notebooks show it inline (`Lineage._repr_html_`), so a picture needs neither
Graphviz nor a network (Mermaid needs its script from a CDN). The layout is
the classic one for a small DAG, left to right as data flows:

1. each node's column is its longest path from a source, so every edge points
   rightwards;
2. within a column, nodes are ordered by the mean row of their neighbours,
   sweeping right then left a few times, which removes most crossings;
3. columns are as wide as their widest node and centred on each other.

Widths come from a fixed estimate per character (no font metrics), generous
enough that labels stay inside their shapes; longer labels are cut with an
ellipsis, the whole text staying in each node's tooltip.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ._model import LineageEdge, LineageNode

__all__ = ["render_svg"]

FONT = "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
"""Fonts the picture asks for: the reader's own, so nothing is downloaded."""
_LABEL_SIZE = 12
_KIND_SIZE = 10
# A deliberate overestimate of a sans-serif character's advance at 12 px (most
# are 6-7 px, capitals and "m"/"w" up to about 10): a box too wide by a little
# costs nothing, a label sticking out of its box looks broken.
_CHAR_WIDTH = 7.6
_MAX_CHARS = 36
_PAD_X = 14
_NODE_HEIGHT = 42
_WAYPOINT_HEIGHT = 8
_MIN_WIDTH = 96
_ROW_GAP = 18
_COLUMN_GAP = 72
_MARGIN = 16
_SWEEPS = 4

# (fill, stroke) per kind, the same palette as the Mermaid rendering.
_COLOURS = {
    "artifact": ("#e8f1fb", "#3b78b8"),
    "order": ("#fdf3e1", "#c98a1b"),
    "service": ("#e9f6ec", "#3f9652"),
    "collection": ("#f3ecfa", "#7d4fb0"),
}
_OTHER = ("#f4f4f4", "#777777")
_STATUS_COLOURS = {"succeeded": "#2e7d32", "failed": "#c62828", "error": "#c62828"}


@dataclass(slots=True)
class _Box:
    """Where one node is drawn: its top-left corner and size."""

    x: float
    y: float
    width: float
    height: float = _NODE_HEIGHT

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


def _columns(nodes: Mapping[str, LineageNode], edges: Sequence[LineageEdge]) -> dict[str, int]:
    """Each node's column: the length of the longest path reaching it (cycles broken)."""
    incoming: dict[str, list[str]] = {urn: [] for urn in nodes}
    for edge in edges:
        if edge.source in nodes and edge.target in nodes and edge.source != edge.target:
            incoming[edge.target].append(edge.source)
    column: dict[str, int] = {}
    visiting: set[str] = set()

    def depth(urn: str) -> int:
        # Iterative would be longer for no gain: a lineage is shallow (max_depth bounds it).
        if urn in column:
            return column[urn]
        visiting.add(urn)
        found = 0
        for source in incoming[urn]:
            if source not in visiting:  # an edge closing a cycle is ignored for layout
                found = max(found, depth(source) + 1)
        visiting.discard(urn)
        column[urn] = found
        return found

    for urn in nodes:
        depth(urn)
    return column


def _chains(
    columns: dict[str, int], nodes: Mapping[str, LineageNode], edges: Sequence[LineageEdge]
) -> list[list[str]]:
    """Each drawable edge as the points it passes: its source, one waypoint per column it
    crosses (``~3``, ...), its target. An edge against the columns (it closed a cycle)
    has no waypoints."""
    chains: list[list[str]] = []
    for edge in edges:
        if edge.source not in nodes or edge.target not in nodes or edge.source == edge.target:
            continue
        first, last = columns[edge.source], columns[edge.target]
        waypoints = []
        for column in range(first + 1, last):
            waypoint = f"~{len(columns)}"
            columns[waypoint] = column
            waypoints.append(waypoint)
        chains.append([edge.source, *waypoints, edge.target])
    return chains


def _order_rows(
    columns: dict[str, int], nodes: Mapping[str, LineageNode], chains: list[list[str]]
) -> list[list[str]]:
    """The nodes and waypoints of each column, top to bottom, ordered to avoid crossings."""
    layers: list[list[str]] = [[] for _ in range(max(columns.values(), default=-1) + 1)]
    for point in columns:  # first-found order as the start: the root comes first
        layers[columns[point]].append(point)
    before: dict[str, list[str]] = {point: [] for point in columns}
    after: dict[str, list[str]] = {point: [] for point in columns}
    for chain in chains:
        for source, target in pairwise(chain):
            after[source].append(target)
            before[target].append(source)

    def sweep(order: range, neighbours: dict[str, list[str]]) -> None:
        for index in order:
            row = {urn: r for layer in layers for r, urn in enumerate(layer)}
            layer = layers[index]
            keys: dict[str, float] = {}
            for position, point in enumerate(layer):
                placed = [row[n] for n in neighbours[point] if n in row]
                keys[point] = sum(placed) / len(placed) if placed else float(position)
            layer.sort(key=keys.__getitem__)  # stable: ties keep their order

    for _ in range(_SWEEPS):
        sweep(range(1, len(layers)), before)
        sweep(range(len(layers) - 2, -1, -1), after)
    return layers


def _lines(node: LineageNode) -> tuple[str, str]:
    """The two lines a node shows: its kind (and an order's status), and its label."""
    kind = node.kind if node.status is None or node.kind != "order" else f"order · {node.status}"
    if node.details.get("missing"):
        kind += " · not readable"
    label = node.label if len(node.label) <= _MAX_CHARS else node.label[: _MAX_CHARS - 1] + "…"
    return kind, label


def _width(kind: str, label: str) -> float:
    widest = max(len(label) * _CHAR_WIDTH, len(kind) * _CHAR_WIDTH * _KIND_SIZE / _LABEL_SIZE)
    return max(_MIN_WIDTH, widest + 2 * _PAD_X)


def _shape(kind: str, box: _Box, fill: str, stroke: str, pen: float) -> str:
    x, y, w, h = box.x, box.y, box.width, box.height
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{pen}"'
    if kind == "service":
        cut = 10
        points = [
            (x + cut, y),
            (x + w - cut, y),
            (x + w, y + h / 2),
            (x + w - cut, y + h),
            (x + cut, y + h),
            (x, y + h / 2),
        ]
        return f'<polygon points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in points)}" {paint}/>'
    if kind == "artifact":
        fold = 9
        return (
            f'<path d="M{x:.1f},{y:.1f} H{x + w - fold:.1f} L{x + w:.1f},{y + fold:.1f} '
            f'V{y + h:.1f} H{x:.1f} Z" {paint}/>'
            f'<path d="M{x + w - fold:.1f},{y:.1f} V{y + fold:.1f} H{x + w:.1f}" fill="none" '
            f'stroke="{stroke}" stroke-width="1"/>'
        )
    radius = 8 if kind == "order" else 2
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{radius}" {paint}/>'


def _node(urn: str, node: LineageNode, box: _Box, texts: tuple[str, str], is_root: bool) -> str:
    """One node: its shape, its two lines, and a tooltip with the whole label and URN."""
    esc = html.escape
    fill, stroke = _COLOURS.get(node.kind, _OTHER)
    kind, label = texts
    centre = box.x + box.width / 2
    status = f" [{node.status}]" if node.status else ""
    tooltip = f"{node.kind}: {node.label}{status}\n{urn}"
    kind_colour = _STATUS_COLOURS.get(node.status or "", "#555") if node.kind == "order" else "#555"
    return (
        f'<g class="node {esc(node.kind)}" data-urn="{esc(urn)}"><title>{esc(tooltip)}</title>'
        + _shape(node.kind, box, fill, stroke, 3.0 if is_root else 1.3)
        + f'<text x="{centre:.1f}" y="{box.y + 15:.1f}" font-size="{_KIND_SIZE}" '
        f'fill="{kind_colour}" text-anchor="middle">{esc(kind)}</text>'
        f'<text class="label" x="{centre:.1f}" y="{box.y + 32:.1f}" '
        f'font-size="{_LABEL_SIZE}" fill="#111" text-anchor="middle">{esc(label)}</text></g>'
    )


def render_svg(
    root: str,
    nodes: Mapping[str, LineageNode],
    edges: Sequence[LineageEdge],
    truncated: bool = False,
) -> str:
    """An SVG picture of the graph, left to right, ``root`` drawn with a heavier outline.

    Self-contained: no script, no external font or stylesheet, every text
    escaped, so it can be inlined in HTML or saved as an ``.svg`` file.
    """
    esc = html.escape
    columns: dict[str, int] = dict(_columns(nodes, edges))
    drawn = [e for e in edges if e.source in nodes and e.target in nodes and e.source != e.target]
    chains = _chains(columns, nodes, drawn)
    layers = _order_rows(columns, nodes, chains)
    texts = {urn: _lines(node) for urn, node in nodes.items()}
    widths = {urn: _width(*texts[urn]) for urn in nodes}

    def slot(point: str) -> float:
        return _NODE_HEIGHT if point in nodes else _WAYPOINT_HEIGHT

    def used(layer: list[str]) -> float:
        return sum(slot(p) for p in layer) + max(0, len(layer) - 1) * _ROW_GAP

    column_widths = [max((widths.get(p, 0.0) for p in layer), default=0.0) for layer in layers]
    height = 2 * _MARGIN + max((used(layer) for layer in layers), default=0.0)
    boxes: dict[str, _Box] = {}
    x = float(_MARGIN)
    for layer, column_width in zip(layers, column_widths, strict=True):
        y = _MARGIN + (height - 2 * _MARGIN - used(layer)) / 2
        for point in layer:
            width = widths.get(point, 0.0)
            boxes[point] = _Box(x + (column_width - width) / 2, y, width, slot(point))
            y += slot(point) + _ROW_GAP
        x += column_width + _COLUMN_GAP
    width = max(x - _COLUMN_GAP + _MARGIN, 2 * _MARGIN + _MIN_WIDTH)
    note = "stopped at max_depth: older history not shown"
    if truncated:
        height += 22
        width = max(width, 2 * _MARGIN + len(note) * _CHAR_WIDTH * 11 / _LABEL_SIZE)

    title = esc(f"Lineage of {root}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{title}" '
        f'font-family="{esc(FONT)}"><title>{title}</title>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker>'
        "</defs>"
    ]
    anchors = _anchors(chains, boxes)
    for index, (edge, chain) in enumerate(zip(drawn, chains, strict=True)):
        parts.append(_edge(edge, index, chain, boxes, anchors))
    for urn, node in nodes.items():
        parts.append(_node(urn, node, boxes[urn], texts[urn], urn == root))
    if truncated:
        parts.append(
            f'<text x="{_MARGIN}" y="{height - _MARGIN + 4:.0f}" font-size="11" fill="#555">'
            f"{esc(note)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _anchors(chains: list[list[str]], boxes: Mapping[str, _Box]) -> dict[tuple[int, str], float]:
    """Where each chain leaves its source and reaches its target, as a height.

    Several edges at one side of a node are spread over its height, in the
    order of where their other ends are, so their arrows do not pile up.
    """
    leaving: dict[str, list[tuple[float, int]]] = {}
    arriving: dict[str, list[tuple[float, int]]] = {}
    for index, chain in enumerate(chains):
        leaving.setdefault(chain[0], []).append((boxes[chain[1]].middle, index))
        arriving.setdefault(chain[-1], []).append((boxes[chain[-2]].middle, index))
    found: dict[tuple[int, str], float] = {}
    for side, ends in (("out", leaving), ("in", arriving)):
        for point, others in ends.items():
            box = boxes[point]
            for rank, (_, index) in enumerate(sorted(others)):
                found[(index, side)] = box.y + box.height * (rank + 1) / (len(others) + 1)
    return found


def _edge(
    edge: LineageEdge,
    index: int,
    chain: list[str],
    boxes: Mapping[str, _Box],
    anchors: Mapping[tuple[int, str], float],
) -> str:
    """One edge: a smooth path through its waypoints, an arrow, and its relation's name."""
    esc = html.escape
    start, end = boxes[chain[0]], boxes[chain[-1]]
    points = [(start.x + start.width, anchors[(index, "out")])]
    points += [(boxes[w].x, boxes[w].middle) for w in chain[1:-1]]
    points.append((end.x, anchors[(index, "in")]))
    if end.x <= start.x:
        # An edge that closed a cycle runs against the columns: below both ends.
        x1, y1 = start.x + start.width / 2, start.y + start.height
        x2, y2 = end.x + end.width / 2, end.y + end.height
        low = max(y1, y2) + 2 * _ROW_GAP
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{low:.1f} {x2:.1f},{low:.1f} {x2:.1f},{y2:.1f}"
        label_x, label_y = (x1 + x2) / 2, low - 4
    else:
        path = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
        for (x1, y1), (x2, y2) in pairwise(points):
            # Horizontal tangents at every point: the curve leaves and enters level.
            bend = (x2 - x1) / 2
            path += f" C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        (x1, y1), (x2, y2) = points[0], points[1]
        label_x, label_y = (x1 + x2) / 2, (y1 + y2) / 2 - 4
    dashed = ' stroke-dasharray="5 4"' if edge.relation == "service" else ""
    relation = esc(edge.relation)
    return (
        f'<g class="edge {relation}" data-source="{esc(edge.source)}" '
        f'data-target="{esc(edge.target)}"><title>{relation}</title>'
        f'<path d="{path}" fill="none" stroke="#666" stroke-width="1.3"{dashed} '
        'marker-end="url(#arrow)"/>'
        # A white halo keeps the name readable where it crosses a line.
        f'<text x="{label_x:.1f}" y="{label_y:.1f}" font-size="9" fill="#555" '
        'stroke="#fff" stroke-width="3" paint-order="stroke" text-anchor="middle">'
        f"{relation}</text></g>"
    )
