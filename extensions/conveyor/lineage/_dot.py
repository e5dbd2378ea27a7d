"""The Graphviz renderings of a lineage graph: DOT source, and images made by ``dot``."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence

from ..errors import ConveyorError
from ._model import LineageEdge, LineageNode, short_label

__all__ = ["IMAGE_FORMATS", "GraphvizNotFound", "render_dot", "render_image"]

IMAGE_FORMATS = ("svg", "png", "pdf", "jpg", "jpeg", "gif")
"""The image formats `Lineage.to_image` asks Graphviz for."""

_STYLES = {
    "artifact": ("note", "#e8f1fb"),
    "order": ("box", "#fdf3e1"),
    "service": ("hexagon", "#e9f6ec"),
    "collection": ("folder", "#f3ecfa"),
}


class GraphvizNotFound(ConveyorError, RuntimeError):
    """Rendering a lineage image needs Graphviz's ``dot`` program, and it is not installed.

    Install Graphviz (``apt install graphviz``, ``brew install graphviz`` or
    ``conda install graphviz``; the ``graphviz`` Python package alone does not
    include ``dot``), or use `Lineage.to_svg()`, `Lineage.to_mermaid()` or
    `Lineage.to_dot()`, which need nothing.
    """


def render_dot(root: str, nodes: Mapping[str, LineageNode], edges: Sequence[LineageEdge]) -> str:
    """Graphviz DOT source, left to right, with ``root`` drawn in a heavier pen."""
    lines = [
        "digraph lineage {",
        "  rankdir=LR;",
        '  node [fontname="Helvetica", fontsize=11, style=filled];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for urn, node in nodes.items():
        shape, colour = _STYLES.get(node.kind, ("box", "white"))
        label = _dot_escape(short_label(node)) + "\\n" + _dot_escape(urn)
        pen = ", penwidth=2.5" if urn == root else ""
        lines.append(
            f'  "{_dot_escape(urn)}" [label="{label}", shape={shape}, fillcolor="{colour}"{pen}];'
        )
    for edge in edges:
        dashed = ", style=dashed" if edge.relation == "service" else ""
        lines.append(
            f'  "{_dot_escape(edge.source)}" -> "{_dot_escape(edge.target)}" '
            f'[label="{edge.relation}"{dashed}];'
        )
    lines.append("}")
    return "\n".join(lines)


def render_image(dot_source: str, format: str) -> bytes:
    """The image ``dot`` renders from ``dot_source`` in ``format`` (one of `IMAGE_FORMATS`).

    Raises:
        GraphvizNotFound: ``dot`` is not installed.
        ConveyorError: ``dot`` failed.
    """
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizNotFound(
            "rendering a lineage image needs Graphviz's `dot` program, which is not on PATH: "
            "install Graphviz (apt install graphviz / brew install graphviz / conda install "
            "graphviz), or use to_svg(), to_mermaid() or to_dot() instead"
        )
    result = subprocess.run(
        [dot, f"-T{format}"], input=dot_source.encode(), capture_output=True, check=False
    )
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise ConveyorError(f"Graphviz dot failed: {message}")
    return result.stdout


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
