"""Nodes and their outputs: the lazy handles a pipeline is defined with.

A node is a promise of work (an order, a job, an upload, a collection) that
nothing has sent yet. Its outputs (`Node.products`, `Node.product`,
`Node.result`, `Node.artifact`, ...) are `Output` handles; giving one to
another node as a parameter makes an edge. Everything here is checked
without the platform: names, which outputs a kind of node has, JSON-ness of
job requests, and that no edge closes a cycle. What needs the platform (do
the services exist, do they take these parameters) is checked by
`conveyor.pipeline._check` before anything is submitted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .._base import _Entity, check_urn
from ._errors import PipelineError

if TYPE_CHECKING:
    from ._define import PipelineDefinition

__all__ = ["KINDS", "NAME", "Node", "Output", "a", "walk_outputs"]

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
"""Node and pipeline names: they appear in order names, tags and journal file names."""

KINDS = ("order", "job", "upload", "artifact", "collection", "collect", "map")
"""Every kind of node."""

_RUNS = ("order", "job", "map")  # the kinds that run a service
_OUTPUTS: dict[str, tuple[str, ...]] = {
    "order": ("products", "product"),
    "job": ("products", "product", "result"),
    "map": ("products", "product", "result"),
    "upload": ("artifact",),
    "artifact": ("artifact",),
    "collection": ("collection", "members"),
    "collect": ("collection",),
}


class Output:
    """A value that one node hands to another: using it as a parameter makes an edge.

    Made by a node's properties, never directly: ``node.products[0]``,
    ``node.product("word-counts.json")``, ``node.products`` (all of them, a
    list), ``node.result["words"]``, ``upload.artifact``,
    ``collection.members``.

    Attributes:
        node: The node the value comes from.
        kind: What the value is: ``artifact``, ``artifacts`` (a list),
            ``collection`` or ``result`` (JSON; ``results`` for a map of jobs).
        selector: Which output, as text (``products[0]``, ``product:name``,
            ``products``, ``result.words``, ``artifact``, ...).
    """

    __slots__ = ("kind", "node", "path", "selector")

    def __init__(
        self, node: Node, kind: str, selector: str, path: tuple[str | int, ...] = ()
    ) -> None:
        self.node = node
        self.kind = kind
        self.selector = selector
        self.path = path

    def __repr__(self) -> str:
        return f"<{self.node.name}.{self.selector}>"

    def __getitem__(self, key: str | int) -> Output:
        if self.kind in ("result", "results"):
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise PipelineError(
                    f"a result is indexed by a key or a position, not {key!r}", node=self.node.name
                )
            return Output(self.node, self.kind, f"{self.selector}[{key!r}]", (*self.path, key))
        if self.selector == "products" and self.node.kind != "map":
            if not isinstance(key, int) or isinstance(key, bool) or key < 0:
                raise PipelineError(
                    f"products[{key!r}]: a product is picked by a position 0, 1, ... "
                    "(or by name: node.product(name))",
                    node=self.node.name,
                )
            return Output(self.node, "artifact", f"products[{key}]", (key,))
        raise PipelineError(f"{self.selector} cannot be indexed", node=self.node.name)

    def __iter__(self) -> Iterator[Output]:
        # How many products a node makes is only known once it has run, so a
        # for-loop over them cannot be unrolled while the pipeline is defined.
        raise TypeError(
            f"{self!r}: the number of products is known only after the node runs; "
            "pass node.products whole (a list), or pick node.products[i]"
        )

    def spec(self) -> dict[str, Any]:
        """The output as canonical JSON, naming its node (journals and definitions)."""
        return {"$ref": self.node.name, "out": self.selector}


def a(word: str) -> str:
    """``word`` with its indefinite article (``an order``, ``a job``)."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


def walk_outputs(value: Any) -> Iterator[Output]:
    """Every `Output` inside ``value`` (lists, tuples and dicts searched)."""
    if isinstance(value, Output):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from walk_outputs(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from walk_outputs(item)


class Node:
    """One step of a pipeline: a lazy handle, nothing is sent when it is made.

    Made by `Pipeline.order`, `Pipeline.job`, `Pipeline.upload`,
    `Pipeline.artifact`, `Pipeline.collection`, `Pipeline.collect` and
    `Pipeline.map`. Its outputs are `Output` handles to pass to other nodes.

    Attributes:
        name: Unique within the pipeline; the order's name on the platform is
            ``<pipeline>/<name>``.
        kind: ``order``, ``job``, ``upload``, ``artifact``, ``collection``,
            ``collect`` or ``map``.
        service: The service (name or URN) of an order, job or map node.
        params: The parameters as given (outputs of other nodes kept as `Output`).
    """

    __slots__ = ("_after", "_definition", "kind", "name", "options", "params", "service")

    def __init__(
        self,
        definition: PipelineDefinition,
        name: str,
        kind: str,
        service: str | None,
        params: dict[str, Any],
        options: dict[str, Any] | None = None,
    ) -> None:
        self._definition = definition
        self.name = name
        self.kind = kind
        self.service = service
        self.params = params
        self.options = options or {}
        self._after: list[Node] = []

    def __repr__(self) -> str:
        what = f" {self.service}" if self.service else ""
        return f"<Node {self.name!r}: {self.kind}{what}>"

    # -- outputs ------------------------------------------------------------

    def _output(self, which: str) -> None:
        if which not in _OUTPUTS[self.kind]:
            has = ", ".join(_OUTPUTS[self.kind])
            raise PipelineError(
                f"{a(self.kind)} node has no {which} (it gives: {has})", node=self.name
            )

    @property
    def products(self) -> Output:
        """Every product, as a list (fan-in); ``products[i]`` is the i-th one."""
        self._output("products")
        return Output(self, "artifacts", "products")

    def product(self, name: str) -> Output:
        """The product called ``name`` (on a map node: each member's, as a list)."""
        self._output("product")
        if not isinstance(name, str) or not name or '"' in name:
            raise PipelineError(
                f"product: a product's name is needed, not {name!r}", node=self.name
            )
        kind = "artifacts" if self.kind == "map" else "artifact"
        return Output(self, kind, f"product:{name}", (name,))

    @property
    def result(self) -> Output:
        """A job's JSON result; ``result["words"]`` picks a part (a map of jobs: a list)."""
        self._output("result")
        if self.kind == "map" and not self.options.get("job"):
            raise PipelineError(
                "a map of orders has no result (orders make products)", node=self.name
            )
        return Output(self, "results" if self.kind == "map" else "result", "result")

    @property
    def artifact(self) -> Output:
        """The artifact of an upload or artifact node."""
        self._output("artifact")
        return Output(self, "artifact", "artifact")

    @property
    def collection(self) -> Output:
        """The collection of a collection or collect node (its URN, for a collection parameter)."""
        self._output("collection")
        return Output(self, "collection", "collection")

    @property
    def members(self) -> Output:
        """The members of a collection node, as a list of artifacts (read when planned)."""
        self._output("members")
        return Output(self, "artifacts", "members")

    # -- edges --------------------------------------------------------------

    def upstream(self) -> list[Node]:
        """The nodes this one needs first: those whose outputs it takes, and `after` ones."""
        found: dict[str, Node] = {}
        values: list[Any] = [self.params]
        for value in values:
            for output in walk_outputs(value):
                found.setdefault(output.node.name, output.node)
        for node in self._after:
            found.setdefault(node.name, node)
        return list(found.values())

    def after(self, *nodes: Node) -> Node:
        """Run this node only once ``nodes`` have succeeded (an edge without data).

        Raises:
            CycleError: One of ``nodes`` already needs this node.
        """
        for node in nodes:
            self._definition._own(node, self.name)
            self._definition._refuse_cycle(self, [node])
            if node not in self._after:
                self._after.append(node)
        return self

    def set(self, **params: Any) -> Node:
        """Give or replace parameters (of an order or map node; a job's via ``payload=``).

        Raises:
            CycleError: A value is an output of a node that needs this one.
            PipelineError: A value is not a parameter value (named by node).
        """
        if self.kind in ("order", "map"):
            target = self.params if self.kind == "order" else self.params["params"]
            values = {k: self._definition._value(v, self.name, k) for k, v in params.items()}
            self._definition._refuse_cycle(self, _nodes_in(values))
            target.update(values)
        elif self.kind == "job" and set(params) == {"payload"}:
            payload = self._definition._payload(params["payload"], self.name)
            self._definition._refuse_cycle(self, _nodes_in(payload))
            self.params["payload"] = payload
        else:
            raise PipelineError(
                f"set: {a(self.kind)} node takes no parameters"
                + (" but payload=" if self.kind == "job" else ""),
                node=self.name,
            )
        return self


def _nodes_in(value: Any) -> list[Node]:
    return [output.node for output in walk_outputs(value)]


def _path_up(start: Node, goal: Node) -> list[Node] | None:
    """A path from ``start`` upstream to ``goal`` (both included), if there is one."""
    previous: dict[str, Node | None] = {start.name: None}
    stack = [start]
    while stack:
        current = stack.pop()
        if current is goal:
            path = [current]
            while (step := previous[path[-1].name]) is not None:
                path.append(step)
            return list(reversed(path))
        for up in current.upstream():
            if up.name not in previous:
                previous[up.name] = current
                stack.append(up)
    return None


def _service_ref(service: Any, node: str | None) -> str:
    if isinstance(service, _Entity):
        if service._kind != "service":
            raise PipelineError(f"service: expected a service, not {a(service._kind)}", node=node)
        return service.id
    if not isinstance(service, str) or not service:
        raise PipelineError(
            f"service: a name, URN or Service is needed, not {service!r}", node=node
        )
    return service


def _entity_urn(value: Any, kind: str, node: str) -> str:
    if isinstance(value, _Entity):
        value = value.id
    try:
        return check_urn(value, kind, kind)
    except Exception as exc:
        raise PipelineError(str(exc), node=node, parameter=kind, value=value) from None


def _order_options(policy: str | None, tags: Sequence[str] | None, node: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if policy is not None:
        options["policy"] = _entity_urn(policy, "policy", node)
    if tags is not None:
        if isinstance(tags, str) or not all(isinstance(t, str) for t in tags):
            raise PipelineError("tags: a list of text is needed", node=node, parameter="tags")
        options["tags"] = list(tags)
    return options
