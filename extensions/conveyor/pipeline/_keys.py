"""Steps and their keys: the planned form of a pipeline, and its order.

A step's values are canonical JSON: an edge is ``{"$pipeline-ref": step, "out":
selector}``, so steps can be journalled and rebuilt without the Python file.
Each step has a **key**: a hash of its service, its canonical values (an
edge counted as the key of the step it comes from) and the pipeline's
version. Keys are structural, so they are known before anything runs;
changing one node changes its key and every key downstream. When a step
runs, `resolve` puts what each upstream step produced in place of its edges.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._errors import CycleError
from ._nodes import Node

if TYPE_CHECKING:
    from ._journal import NodeState

__all__ = [
    "REF",
    "Step",
    "StepFailed",
    "collect_urn",
    "refs_in",
    "resolve",
    "step_key",
    "topological",
]

REF = "$pipeline-ref"
"""The key marking an edge inside a step's canonical values."""

_SOURCES = ("upload", "artifact", "collection")  # steps whose keys ignore the version
_COLLECT_NAMESPACE = uuid.UUID("8f1d3c52-5e0a-4f4e-9a59-7d0c2b6f4a11")


@dataclass(slots=True)
class Step:
    """One unit of work (or one input) of a planned pipeline.

    Attributes:
        name: The node's name (``name[i]`` for a map's members).
        kind: ``order``, ``job``, ``upload``, ``artifact``, ``collection`` or ``collect``.
        values: Canonical JSON: an order's parameters by wire name, a job's
            request, an upload's path, name and sha256, ...
        deps: The steps it needs first.
        key: The idempotency key (see the module's docstring).
        service: The service's URN (orders and jobs).
        service_name: The service's name, when known.
        options: An order's ``policy`` and extra ``tags``.
        group: The map node a member belongs to.
    """

    name: str
    kind: str
    values: Any
    deps: list[str]
    key: str = ""
    service: str | None = None
    service_name: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    group: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The step as JSON (what a journal records)."""
        data: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "values": self.values,
            "deps": self.deps,
            "key": self.key,
        }
        for name in ("service", "service_name", "group"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.options:
            data["options"] = self.options
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Step:
        """A step from its journal JSON."""
        return cls(
            name=data["name"],
            kind=data["kind"],
            values=data["values"],
            deps=list(data.get("deps", [])),
            key=data["key"],
            service=data.get("service"),
            service_name=data.get("service_name"),
            options=dict(data.get("options", {})),
            group=data.get("group"),
        )


def refs_in(value: Any) -> list[dict[str, Any]]:
    """Every edge (``{"$pipeline-ref": ...}``) inside canonical values."""
    found: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if REF in item:
                found.append(item)
            else:
                stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def step_key(step: Step, keys: dict[str, str], version: str) -> str:
    """The step's key from its service, values and upstream keys (see the module docstring)."""

    def keyed(value: Any) -> Any:
        if isinstance(value, dict):
            if REF in value:
                ref = value[REF]
                upstream = [keys[n] for n in ref] if isinstance(ref, list) else keys[ref]
                return {REF: upstream, "out": value["out"], "path": value.get("path", [])}
            return {k: keyed(v) for k, v in value.items()}
        if isinstance(value, list):
            return [keyed(v) for v in value]
        return value

    spec: dict[str, Any] = {"kind": step.kind, "values": keyed(step.values)}
    if step.service is not None:
        spec["service"] = step.service
    if step.kind not in _SOURCES:
        spec["version"] = version
        if step.options.get("policy"):
            spec["policy"] = step.options["policy"]
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def collect_urn(key: str) -> str:
    """The URN of a collect step's collection: derived from its key, so making it twice is once."""
    return f"urn:ivcap:collection:{uuid.uuid5(_COLLECT_NAMESPACE, key)}"


def topological(nodes: list[Node]) -> list[Node]:
    """``nodes`` with every node after those it needs (definition order kept otherwise).

    Raises:
        CycleError: The nodes loop (only possible when built around `Node.set`).
    """
    position = {node.name: i for i, node in enumerate(nodes)}
    needs = {node.name: [u.name for u in node.upstream()] for node in nodes}
    users: dict[str, list[str]] = {name: [] for name in needs}
    waiting = {name: len(ups) for name, ups in needs.items()}
    for name, ups in needs.items():
        for up in ups:
            users[up].append(name)
    ready = [name for name, count in waiting.items() if count == 0]
    order: list[Node] = []
    heap = [(position[name], name) for name in ready]
    heapq.heapify(heap)
    while heap:
        _, name = heapq.heappop(heap)
        order.append(nodes[position[name]])
        for user in users[name]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(heap, (position[user], user))
    if len(order) < len(nodes):
        stuck = {name for name, count in waiting.items() if count > 0}
        raise CycleError(_cycle_from(min(stuck, key=position.__getitem__), needs, stuck))
    return order


def _cycle_from(start: str, needs: dict[str, list[str]], stuck: set[str]) -> list[str]:
    """A loop among ``stuck`` nodes: each waits on a stuck node, so walking up must repeat."""
    path: list[str] = []
    seen: dict[str, int] = {}
    current = start
    while current not in seen:
        seen[current] = len(path)
        path.append(current)
        current = next(up for up in needs[current] if up in stuck)
    return [*path[seen[current] :], current]


class StepFailed(Exception):
    """A step cannot go on (an input is missing, the platform refused it, it failed)."""

    def __init__(self, message: str, status: str = "failed") -> None:
        super().__init__(message)
        self.status = status


def resolve(value: Any, nodes: dict[str, NodeState], steps: dict[str, Step]) -> Any:
    """Canonical values with each edge replaced by what its step produced.

    Raises:
        StepFailed: An upstream step did not produce what the edge names.
    """
    if isinstance(value, dict):
        if REF in value:
            target = value[REF]
            if isinstance(target, list):
                parts = [_output(nodes[name], steps[name], value) for name in target]
                if value["out"] == "products" and not value.get("path"):
                    return [urn for part in parts for urn in part]
                return parts
            return _output(nodes[target], steps[target], value)
        return {k: resolve(v, nodes, steps) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, nodes, steps) for v in value]
    return value


def _output(node: NodeState, step: Step, ref: dict[str, Any]) -> Any:
    out = ref["out"]
    path = ref.get("path") or []
    if out in ("artifact", "collection"):
        return node.urn
    if out == "members":
        return list(step.values["members"])
    if out == "products":
        products = node.products or []
        if not path:
            return [urn for urn, _ in products]
        index = path[0]
        if index >= len(products):
            raise StepFailed(f"{node.name}.products[{index}]: {node.name} made {len(products)}")
        return products[index][0]
    if out == "product":
        for urn, name in node.products or []:
            if name == path[0]:
                return urn
        names = ", ".join(str(n) for _, n in node.products or []) or "none"
        raise StepFailed(f"{node.name} made no product {path[0]!r} (it made: {names})")
    result = node.result  # out == "result"
    for part in path:
        try:
            result = result[part]
        except (KeyError, IndexError, TypeError):
            raise StepFailed(f"{node.name}.result has no {part!r}") from None
    return result
