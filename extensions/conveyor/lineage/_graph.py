"""`Lineage`: the provenance graph of an artifact or order, its queries and renderings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidParameter
from ._ascii import render_tree
from ._dot import IMAGE_FORMATS, render_dot, render_image
from ._mermaid import render_mermaid
from ._model import LineageEdge, LineageNode, urn_of
from ._svg import render_svg

if TYPE_CHECKING:
    import os

__all__ = ["Lineage"]


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
        return urn_of(entity) in self.nodes

    def upstream(self, entity: Any) -> list[LineageNode]:
        """The nodes with an edge into ``entity`` (a resource object or URN)."""
        urn = urn_of(entity)
        return [self.nodes[e.source] for e in self.edges if e.target == urn]

    def downstream(self, entity: Any) -> list[LineageNode]:
        """The nodes ``entity`` has an edge to (a resource object or URN)."""
        urn = urn_of(entity)
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
        return render_tree(self.root, self.nodes, self.edges, self.truncated, unicode)

    def to_mermaid(self) -> str:
        """Mermaid flowchart text (left to right), for Markdown, GitHub and notebooks."""
        return render_mermaid(self.root, self.nodes, self.edges)

    def to_dot(self) -> str:
        """Graphviz DOT source (what `to_image` renders); needs nothing installed."""
        return render_dot(self.root, self.nodes, self.edges)

    def to_svg(self) -> str:
        """An SVG picture, left to right as data flows, drawn without Graphviz or a network.

        What notebooks show inline. The layout is simple and layered (see
        `conveyor.lineage`); `to_image` asks Graphviz for its own rendering.
        """
        return render_svg(self.root, self.nodes, self.edges, self.truncated)

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
        if chosen not in IMAGE_FORMATS:
            raise InvalidParameter(
                f"format: one of {', '.join(IMAGE_FORMATS)}, not {chosen!r}",
                parameter="format",
                value=chosen,
            )
        target.write_bytes(render_image(self.to_dot(), chosen))
        return target

    # Notebooks show the inline SVG: it needs no network (Mermaid Markdown fetches
    # its script from a CDN and shows nothing offline) and no Graphviz.
    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_html_(self) -> str:
        # A wide graph scrolls inside its cell instead of being squeezed.
        return f'<div style="overflow-x:auto;max-width:100%">{self.to_svg()}</div>'
