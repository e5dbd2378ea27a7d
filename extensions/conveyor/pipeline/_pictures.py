"""Pictures of a pipeline, planned or running: ASCII, Mermaid, Graphviz DOT and SVG.

Every picture is drawn from the same `Box` list (one per step, or one per
map when a map has many members), coloured by status. The SVG is laid out
here (columns by depth, left to right as data flows), so a notebook shows
it inline without Graphviz or a network.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["COLOURS", "Box", "Pictured", "boxes_of", "to_ascii", "to_dot", "to_mermaid", "to_svg"]

COLOURS: dict[str, tuple[str, str]] = {
    # status: (fill, stroke)
    "succeeded": ("#d8f3dc", "#2d6a4f"),
    "cached": ("#e9f5db", "#74a57f"),
    "ready": ("#e9f5db", "#74a57f"),
    "submitted": ("#dbeafe", "#1d4ed8"),
    "submitting": ("#fef3c7", "#b45309"),
    "attach": ("#dbeafe", "#1d4ed8"),
    "check": ("#fef3c7", "#b45309"),
    "failed": ("#fde2e1", "#c1121f"),
    "error": ("#fde2e1", "#c1121f"),
    "skipped": ("#eeeeee", "#888888"),
    "stopped": ("#eeeeee", "#888888"),
    "planned": ("#ffffff", "#555555"),
    "run": ("#ffffff", "#555555"),
}
"""Fill and stroke colours by status (plan decisions included: ``run``, ``cached``, ...)."""

_GLYPH = {
    "succeeded": ("✔", "ok"),
    "cached": ("≡", "=="),
    "ready": ("≡", "=="),
    "submitted": ("…", ".."),
    "attach": ("…", ".."),
    "submitting": ("?", "??"),
    "check": ("?", "??"),
    "failed": ("✘", "!!"),
    "error": ("✘", "!!"),
    "skipped": ("-", "--"),
    "stopped": ("-", "--"),
}
_COLLAPSE_OVER = 40  # a map with more members than this is drawn as one box


@dataclass
class Box:
    """One thing to draw: a step, or a whole map.

    Attributes:
        id: Unique name (the step's, or the map's).
        title: The first line (the step's name; a map's with its size).
        detail: The second line (kind and service).
        status: Colours it (see `COLOURS`).
        deps: The boxes it needs.
        count: How many steps it stands for.
    """

    id: str
    title: str
    detail: str
    status: str
    deps: list[str] = field(default_factory=list)
    count: int = 1


def boxes_of(rows: Sequence[tuple[str, str, str, str, list[str], str | None]]) -> list[Box]:
    """Boxes from ``(name, kind, service, status, deps, group)`` rows, big maps folded.

    A folded map's status is its worst member's (failed, then running, ...).
    """
    sizes: dict[str, int] = {}
    for _, _, _, _, _, group in rows:
        if group is not None:
            sizes[group] = sizes.get(group, 0) + 1
    folded = {g for g, n in sizes.items() if n > _COLLAPSE_OVER}
    where: dict[str, str] = {}
    boxes: dict[str, Box] = {}
    for name, kind, service, status, deps, group in rows:
        detail = f"{kind} {service}" if service else kind
        if group in folded:
            assert group is not None
            where[name] = group
            box = boxes.get(group)
            if box is None:
                box = boxes[group] = Box(
                    group, f"{group} x{sizes[group]}", f"map: {detail}", status
                )
            box.status = _worse(box.status, status)
            box.deps.extend(deps)
            continue
        where[name] = name
        boxes[name] = Box(name, name, detail, status, list(deps))
    for box in boxes.values():
        box.deps = list(dict.fromkeys(where[d] for d in box.deps if where.get(d, d) != box.id))
        box.count = sizes.get(box.id, 1) if box.id in folded else 1
    return list(boxes.values())


_SEVERITY = ("failed", "error", "submitting", "check", "submitted", "attach", "skipped", "stopped")


def _worse(a: str, b: str) -> str:
    for status in _SEVERITY:
        if status in (a, b):
            return status
    return a if a == b else ("planned" if "planned" in (a, b) else a)


def to_ascii(title: str, boxes: Sequence[Box], unicode: bool = True) -> str:
    """Text lines, one per box in the order given (topological), with what each needs."""
    width = max([len(b.title) for b in boxes] + [4])
    kinds = max([len(b.detail) for b in boxes] + [4])
    lines = [title]
    for box in boxes:
        glyph = _GLYPH.get(box.status, ("○", "  "))[0 if unicode else 1]
        needs = f"  {'←' if unicode else '<-'} {', '.join(box.deps)}" if box.deps else ""
        lines.append(
            f"  {glyph} {box.title.ljust(width)}  {box.detail.ljust(kinds)}  {box.status}{needs}"
        )
    return "\n".join(lines)


def _ids(boxes: Sequence[Box]) -> dict[str, str]:
    return {box.id: f"n{i}" for i, box in enumerate(boxes)}


def to_mermaid(boxes: Sequence[Box]) -> str:
    """A Mermaid flowchart, coloured by status (``classDef`` per status)."""
    ids = _ids(boxes)
    lines = ["flowchart LR"]
    for box in boxes:
        text = _mermaid_text(f"{box.title}<br/>{box.detail}<br/>{box.status}")
        shape = ('[/"', '"/]') if box.detail.startswith(("upload", "artifact")) else ('["', '"]')
        lines.append(f"    {ids[box.id]}{shape[0]}{text}{shape[1]}")
    for box in boxes:
        for dep in box.deps:
            lines.append(f"    {ids[dep]} --> {ids[box.id]}")
    used = sorted({box.status for box in boxes})
    for status in used:
        fill, stroke = COLOURS.get(status, COLOURS["planned"])
        lines.append(f"    classDef {_css(status)} fill:{fill},stroke:{stroke},color:#111")
        members = ",".join(ids[b.id] for b in boxes if b.status == status)
        lines.append(f"    class {members} {_css(status)}")
    return "\n".join(lines)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def _css(status: str) -> str:
    return "s_" + "".join(c if c.isalnum() else "_" for c in status)


def to_dot(title: str, boxes: Sequence[Box]) -> str:
    """Graphviz DOT source, left to right, filled by status."""
    ids = _ids(boxes)
    lines = [
        f"digraph {_dot_quote(title)} {{",
        "    rankdir=LR;",
        '    node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
    ]
    for box in boxes:
        fill, stroke = COLOURS.get(box.status, COLOURS["planned"])
        label = _dot_quote(f"{box.title}\n{box.detail}\n{box.status}")
        lines.append(f'    {ids[box.id]} [label={label}, fillcolor="{fill}", color="{stroke}"];')
    for box in boxes:
        for dep in box.deps:
            lines.append(f"    {ids[dep]} -> {ids[box.id]};")
    lines.append("}")
    return "\n".join(lines)


def _dot_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


_W, _H, _GAP_X, _GAP_Y, _PAD = 190.0, 54.0, 60.0, 18.0, 16.0
_CHAR = 6.6  # average width of an 11 px sans-serif character


def _columns(boxes: Sequence[Box]) -> dict[str, int]:
    column: dict[str, int] = {}
    for box in boxes:  # topological: every dependency already has its column
        column[box.id] = 1 + max((column[d] for d in box.deps if d in column), default=-1)
    return column


def to_svg(title: str, boxes: Sequence[Box]) -> str:
    """A self-contained SVG picture (no scripts, fonts or links to fetch)."""
    column = _columns(boxes)
    rows: dict[int, int] = {}
    place: dict[str, tuple[float, float]] = {}
    width_of = max([len(b.title) for b in boxes] + [len(b.detail) for b in boxes] + [10])
    box_w = max(_W, min(420.0, width_of * _CHAR + 24))
    for box in boxes:
        col = column[box.id]
        row = rows.get(col, 0)
        rows[col] = row + 1
        place[box.id] = (_PAD + col * (box_w + _GAP_X), _PAD + 22 + row * (_H + _GAP_Y))
    width = _PAD * 2 + (max(column.values(), default=0) + 1) * (box_w + _GAP_X) - _GAP_X
    height = _PAD * 2 + 22 + max(rows.values(), default=1) * (_H + _GAP_Y) - _GAP_Y
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="11" role="img">',
        f"<title>{html.escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#666"/></marker></defs>',
        f'<text x="{_PAD}" y="{_PAD + 8}" font-size="13" font-weight="bold">'
        f"{html.escape(title)}</text>",
    ]
    for box in boxes:
        x2, y2 = place[box.id]
        for dep in box.deps:
            x1, y1 = place[dep]
            sx, sy, ex, ey = x1 + box_w, y1 + _H / 2, x2, y2 + _H / 2
            mid = (sx + ex) / 2
            out.append(
                f'<path d="M{sx:.1f},{sy:.1f} C{mid:.1f},{sy:.1f} {mid:.1f},{ey:.1f} '
                f'{ex:.1f},{ey:.1f}" fill="none" stroke="#666" stroke-width="1.2" '
                'marker-end="url(#arrow)"/>'
            )
    for box in boxes:
        x, y = place[box.id]
        fill, stroke = COLOURS.get(box.status, COLOURS["planned"])
        dash = ' stroke-dasharray="4 3"' if box.status in ("cached", "ready") else ""
        out.append(
            f'<g class="node" data-node="{html.escape(box.id)}" data-status="{box.status}">'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{box_w:.0f}" height="{_H:.0f}" rx="7" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>'
            f'<text x="{x + 10:.1f}" y="{y + 17:.1f}" font-weight="bold">'
            f"{html.escape(box.title)}</text>"
            f'<text x="{x + 10:.1f}" y="{y + 32:.1f}" fill="#333">{html.escape(box.detail)}</text>'
            f'<text x="{x + 10:.1f}" y="{y + 46:.1f}" fill="{stroke}">'
            f"{html.escape(box.status)}</text></g>"
        )
    out.append("</svg>")
    return "\n".join(out)


class Pictured:
    """The four pictures, for anything that says what its boxes are (a plan, a run, a pipeline)."""

    def _boxes(self) -> list[Box]:
        raise NotImplementedError  # pragma: no cover - each picture's subject says

    def _picture_title(self) -> str:
        raise NotImplementedError  # pragma: no cover - each picture's subject says

    def to_ascii(self, unicode: bool = True) -> str:
        """The DAG as text, one line per step with its status and what it needs."""
        return to_ascii(self._picture_title(), self._boxes(), unicode)

    def to_mermaid(self) -> str:
        """The DAG as a Mermaid flowchart, coloured by status."""
        return to_mermaid(self._boxes())

    def to_dot(self) -> str:
        """The DAG as Graphviz DOT source, filled by status."""
        return to_dot(self._picture_title(), self._boxes())

    def to_svg(self) -> str:
        """The DAG as an SVG picture coloured by status (drawn here: no Graphviz, no network)."""
        return to_svg(self._picture_title(), self._boxes())
