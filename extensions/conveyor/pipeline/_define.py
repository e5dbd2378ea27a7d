"""`PipelineDefinition`: the nodes of a pipeline, and the checks that need no platform.

`Pipeline` and `AsyncPipeline` (in `_api`) add planning and running to it.
Each method makes one `Node` (nothing is sent); values are kept as given,
with nodes passed whole turned into their natural output and every other
node's output checked to belong to this pipeline.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .._base import _Entity
from ._errors import CycleError, PipelineError
from ._nodes import (
    NAME,
    Node,
    Output,
    _entity_urn,
    _order_options,
    _path_up,
    _service_ref,
    a,
)

__all__ = ["PipelineDefinition"]


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
                    f"collect: a collection holds artifacts, not {a(kind)} ({value!r})",
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
