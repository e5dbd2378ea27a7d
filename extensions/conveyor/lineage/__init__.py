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
(`Lineage.to_dot`), an SVG picture drawn here with a layered layout
(`Lineage.to_svg`, what notebooks show inline, with no network and no
Graphviz) or, when Graphviz's ``dot`` program is installed, an image file
(`Lineage.to_image`)::

    lineage = product.lineage()
    print(lineage.to_ascii())
    print(lineage.to_mermaid())

On a platform that records no provenance aspect for an order, the order's
own record stands in: its service, and the parameters whose values are
artifact URNs as its inputs.
"""

# isort: off
# The API reference page lists these in this order: constants, the error,
# the graph's data, the graph, the flow that builds it.
from ._fetch import PROVENANCE_SCHEMA, PRODUCED_BY_SCHEMA, DEFAULT_MAX_DEPTH
from ._dot import GraphvizNotFound
from ._model import LineageNode, LineageEdge
from ._graph import Lineage
from ._fetch import lineage_flow

# isort: on
from ._fetch import _order_story as _order_story  # the tests check the fallback directly

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "PRODUCED_BY_SCHEMA",
    "PROVENANCE_SCHEMA",
    "GraphvizNotFound",
    "Lineage",
    "LineageEdge",
    "LineageNode",
    "lineage_flow",
]
