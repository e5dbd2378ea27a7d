"""The data of a lineage graph: nodes and the edges between them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["LineageEdge", "LineageNode", "short_label", "urn_of"]


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


def urn_of(entity: Any) -> str:
    """The URN of a resource object, or ``entity`` itself when it is one."""
    return entity if isinstance(entity, str) else str(getattr(entity, "id", entity))


def short_label(node: LineageNode) -> str:
    """``kind: label`` (an order's status in brackets), the text of a drawn node."""
    status = f" [{node.status}]" if node.kind == "order" and node.status else ""
    return f"{node.kind}: {node.label}{status}"
