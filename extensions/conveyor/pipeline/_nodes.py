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

import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .._base import _Entity, check_urn
from ._errors import CycleError, PipelineError

__all__ = ["KINDS", "Node", "Output", "PipelineDefinition", "walk_outputs"]

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
                f"a {self.kind} node has no {which} (it gives: {has})", node=self.name
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
                f"set: a {self.kind} node takes no parameters"
                + (" but payload=" if self.kind == "job" else ""),
                node=self.name,
            )
        return self


def _nodes_in(value: Any) -> list[Node]:
    return [output.node for output in walk_outputs(value)]


class PipelineDefinition:
    """The nodes of a pipeline and the checks that need no platform.

    `Pipeline` and `AsyncPipeline` add planning and running; this holds what
    both define with.
    """

    def __init__(self, name: str, version: str = "1") -> None:
        if not isinstance(name, str) or not NAME.match(name):
            raise PipelineError(
                f"name: letters, digits, '.', '_' and '-' (up to 100), not {name!r}",
                node=None,
                parameter="name",
                value=name,
            )
        if not isinstance(version, str) or not version:
            raise PipelineError("version: non-empty text is needed", node=None, parameter="version")
        self.name = name
        self.version = version
        self._nodes: dict[str, Node] = {}

    # -- looking at the nodes --------------------------------------------------

    @property
    def nodes(self) -> list[Node]:
        """The nodes, in the order they were defined."""
        return list(self._nodes.values())

    def __getitem__(self, name: str) -> Node:
        return self._nodes[name]

    def __contains__(self, name: object) -> bool:
        return name in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def __iter__(self) -> Iterator[Node]:
        return iter(list(self._nodes.values()))

    # -- defining ----------------------------------------------------------------

    def order(
        self,
        service: Any,
        name: str | None = None,
        *,
        parameters: Mapping[str, Any] | None = None,
        policy: str | None = None,
        tags: Sequence[str] | None = None,
        **params: Any,
    ) -> Node:
        """An order of ``service`` (a name, a URN or a `Service`) with these parameters.

        Parameters are given as for `Service.place_order`; an artifact
        parameter may take another node's output (``text=upload.artifact``,
        ``text=count.products[0]``), which makes an edge.
        """
        service_ref = _service_ref(service, name)
        node_name = self._name(name, service_ref)
        given = {**(parameters or {}), **params}
        values = {k: self._value(v, node_name, k) for k, v in given.items()}
        options = _order_options(policy, tags, node_name)
        return self._add(Node(self, node_name, "order", service_ref, values, options))

    def job(self, service: Any, payload: Any = None, name: str | None = None) -> Node:
        """A job of ``service`` on ``payload`` (JSON; outputs of other nodes may sit inside).

        An artifact output inside the payload becomes its URN, a result the
        JSON it is; a list of outputs is a fan-in.
        """
        service_ref = _service_ref(service, name)
        node_name = self._name(name, service_ref)
        body = self._payload({} if payload is None else payload, node_name)
        return self._add(Node(self, node_name, "job", service_ref, {"payload": body}))

    def upload(
        self,
        path: str | os.PathLike[str],
        name: str | None = None,
        *,
        artifact_name: str | None = None,
    ) -> Node:
        """A local file to upload (once: the same bytes are found again, not sent twice)."""
        if not isinstance(path, str | os.PathLike):
            raise PipelineError(f"upload: a file path is needed, not {path!r}", node=name)
        file = Path(path)
        node_name = self._name(name, file.name or "upload")
        if not file.is_file():
            raise PipelineError(
                f"upload: no such file: {os.fspath(file)!r}", node=node_name, parameter="path"
            )
        params = {"path": os.fspath(file.resolve()), "name": artifact_name or file.name}
        return self._add(Node(self, node_name, "upload", None, params))

    def artifact(self, urn: Any, name: str | None = None) -> Node:
        """An artifact already on the platform (an `Artifact` or its URN)."""
        node_name = self._name(name, "artifact")
        value = _entity_urn(urn, "artifact", node_name)
        return self._add(Node(self, node_name, "artifact", None, {"urn": value}))

    def collection(self, urn: Any, name: str | None = None) -> Node:
        """A collection on the platform; its members are read when the pipeline is planned."""
        node_name = self._name(name, "collection")
        value = _entity_urn(urn, "collection", node_name)
        return self._add(Node(self, node_name, "collection", None, {"urn": value}))

    def collect(
        self,
        items: Any,
        name: str | None = None,
        *,
        title: str | None = None,
        description: str | None = None,
    ) -> Node:
        """A fan-in: a platform collection made of ``items`` (artifacts, outputs, lists).

        Its URN is derived from what it holds, so making it again changes
        nothing; pass ``node.collection`` to a service's collection parameter.
        """
        node_name = self._name(name, "collect")
        listed = items if isinstance(items, list | tuple) else [items]
        values = [self._value(item, node_name, "items") for item in listed]
        for value in values:
            kind = value.kind if isinstance(value, Output) else "artifact"
            if kind not in ("artifact", "artifacts"):
                raise PipelineError(
                    f"collect: a collection holds artifacts, not a {kind} ({value!r})",
                    node=node_name,
                    parameter="items",
                )
            if not isinstance(value, Output):
                _entity_urn(value, "artifact", node_name)
        params = {"items": values, "title": title or f"{self.name}/{node_name}"}
        if description:
            params["description"] = description
        return self._add(Node(self, node_name, "collect", None, params))

    def map(
        self,
        service: Any,
        over: Any,
        param: str,
        name: str | None = None,
        *,
        job: bool = False,
        parameters: Mapping[str, Any] | None = None,
        policy: str | None = None,
        tags: Sequence[str] | None = None,
        **params: Any,
    ) -> Node:
        """A fan-out: one order (or, with ``job=True``, one job) per item of ``over``.

        Args:
            service: The service each member runs.
            over: A list (of artifacts, URNs, outputs or plain values) or a
                collection node (its members, read when planned).
            param: The parameter (of a job: the request's key) each item goes to.
            name: The node's name; its members are ``name[0]``, ``name[1]``, ...
            job: Run jobs instead of orders.
            parameters: Further parameters (a job's: the rest of the request).
            policy: The orders' policy.
            tags: The orders' extra tags.
            **params: Further parameters by name.
        """
        service_ref = _service_ref(service, name)
        node_name = self._name(name, service_ref)
        if not isinstance(param, str) or not param:
            raise PipelineError("map: param= names the parameter each item goes to", node=node_name)
        if isinstance(over, Node) and over.kind in ("collection", "collect"):
            # A collect node's items are what it holds: mapping over them needs no collection.
            over = list(over.params["items"]) if over.kind == "collect" else over.members
        if isinstance(over, Output):
            if over.selector != "members":
                # Members must be known when planned, to key each one: a node's
                # products are known only once it has run.
                raise PipelineError(
                    f"map: over= takes a list or a collection, not {over!r} (known only "
                    "once its node has run); map a list of single outputs (node.products[0], ...)",
                    node=node_name,
                    parameter="over",
                )
            self._own(over.node, node_name)
            items: Any = over
        elif isinstance(over, list | tuple):
            items = [self._value(item, node_name, param) for item in over]
        else:
            raise PipelineError(
                f"map: over= takes a list, a collection node or a list output, not {over!r}",
                node=node_name,
                parameter="over",
            )
        given = {**(parameters or {}), **params}
        if job:
            template: dict[str, Any] = self._payload(given, node_name)
        else:
            template = {k: self._value(v, node_name, k) for k, v in given.items()}
        if param in template:
            raise PipelineError(
                f"map: {param!r} is the mapped parameter; give it only through over=",
                node=node_name,
                parameter=param,
            )
        values = {"over": items, "param": param, "params": template}
        options = {**_order_options(policy, tags, node_name), "job": bool(job)}
        return self._add(Node(self, node_name, "map", service_ref, values, options))

    # -- the checks that need no platform ---------------------------------------

    def _name(self, given: str | None, default: str) -> str:
        if given is not None:
            if not isinstance(given, str) or not NAME.match(given):
                raise PipelineError(
                    "a node name is letters, digits, '.', '_' and '-' (up to 100)",
                    node=str(given),
                    parameter="name",
                    value=given,
                )
            if given in self._nodes:
                raise PipelineError("another node already has this name", node=given)
            return given
        base = re.sub(r"[^A-Za-z0-9_.-]+", "-", default.rsplit(":", 1)[-1]).strip("-.") or "node"
        base = base[:90]
        candidate, n = base, 1
        while candidate in self._nodes:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _add(self, node: Node) -> Node:
        for upstream in node.upstream():
            self._own(upstream, node.name)
        self._nodes[node.name] = node
        return node

    def _own(self, node: Node, user: str) -> None:
        if not isinstance(node, Node):
            raise PipelineError(f"after: nodes are needed, not {node!r}", node=user)
        if self._nodes.get(node.name) is not node:
            raise PipelineError(
                f"uses {node.name!r}, a node of another pipeline", node=user, value=node.name
            )

    def _value(self, value: Any, node: str, parameter: str) -> Any:
        """A parameter value as kept: a node given whole becomes its natural output."""
        if isinstance(value, Node):
            self._own(value, node)
            if value.kind in ("upload", "artifact"):
                return value.artifact
            if value.kind in ("collection", "collect"):
                return value.collection
            raise PipelineError(
                f"{parameter}: pass one of {value.name!r}'s outputs "
                f"({value.name}.products[0], .product(name) or .products), not the node",
                node=node,
                parameter=parameter,
            )
        if isinstance(value, Output):
            self._own(value.node, node)
            return value
        if isinstance(value, list | tuple):
            return [self._value(item, node, parameter) for item in value]
        if isinstance(value, _Entity):
            return value.id
        return value

    def _payload(self, payload: Any, node: str) -> Any:
        """A job request as kept: JSON, with outputs (and whole nodes) where values go."""

        def convert(value: Any, path: str) -> Any:
            if isinstance(value, Node | Output | _Entity):
                return self._value(value, node, path)
            if isinstance(value, Mapping):
                out: dict[str, Any] = {}
                for key, item in value.items():
                    if not isinstance(key, str):
                        raise PipelineError(
                            f"{path}: JSON keys are text, not {key!r}", node=node, parameter=path
                        )
                    out[key] = convert(item, f"{path}.{key}")
                return out
            if isinstance(value, list | tuple):
                return [convert(item, f"{path}[{i}]") for i, item in enumerate(value)]
            if value is None or isinstance(value, str | int | float | bool):
                if isinstance(value, float) and value != value:
                    raise PipelineError(f"{path}: NaN is not JSON", node=node, parameter=path)
                return value
            raise PipelineError(
                f"{path}: not JSON: {type(value).__name__}", node=node, parameter=path, value=value
            )

        from .._job_requests import json_payload

        if not isinstance(payload, Mapping | list | tuple | Node | Output):
            try:
                payload = json_payload(payload)
            except PipelineError:
                raise
            except Exception as exc:
                raise PipelineError(f"payload: {exc}", node=node, parameter="payload") from None
        converted = convert(payload, "$")
        json.dumps(converted, default=lambda o: None)  # every leaf is JSON or an output now
        return converted

    def _refuse_cycle(self, node: Node, new: list[Node]) -> None:
        """Refuse edges ``new -> node`` when ``node`` is upstream of one of them already."""
        for start in new:
            path = _path_up(start, node)
            if path is not None:
                raise CycleError([node.name, *[n.name for n in path]])


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
            raise PipelineError(f"service: expected a service, not a {service._kind}", node=node)
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
