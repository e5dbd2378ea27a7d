"""Checking a pipeline against the platform, and turning it into steps with keys.

`check_flow` reads (never writes) what the definition names: the services and
their parameters or request schemas, the artifacts and collections, the
files to upload (hashed). Every node is checked before any is submitted, and
a refusal is a `PipelineError` naming the node. The result is a list of
`Step`s in topological order, with maps expanded into members (``count[0]``,
``count[1]``, ...).

Steps, their canonical values and keys are described in `_keys`.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from .._call import Flow, one
from .._parameters import ServiceParameter, check_order_parameters, parameters_of
from .._transfer_base import blocking
from ..errors import InvalidParameter, NotFound
from ._errors import PipelineError
from ._keys import REF, Step, collect_urn, refs_in, step_key, topological
from ._nodes import Node, Output, a

if TYPE_CHECKING:
    from .._job_requests import RequestModel
    from ._define import PipelineDefinition

__all__ = ["check_flow", "services_flow"]

_PLACEHOLDER_URN = {
    "artifact": "urn:ivcap:artifact:00000000-0000-4000-8000-000000000000",
    "collection": "urn:ivcap:collection:00000000-0000-4000-8000-000000000000",
}


class _Planner:
    """The state of one check: services read once, each node's steps and keys."""

    def __init__(self, client: Any, definition: PipelineDefinition) -> None:
        self.client = client
        self.definition = definition
        self.version = definition.version
        self.services: dict[str, Any] = {}  # reference -> full service record
        self.definitions: dict[str, list[ServiceParameter]] = {}
        self.models: dict[str, RequestModel | None] = {}
        self.steps: list[Step] = []
        self.by_node: dict[str, list[Step]] = {}  # node -> its step (a map: its members)
        self.keys: dict[str, str] = {}  # step -> key
        self.members: dict[str, list[str]] = {}  # collection step -> member URNs

    # -- reading the platform --------------------------------------------------

    def service_flow(self, node: Node) -> Flow[Any]:
        ref = node.service
        assert ref is not None
        record = self.services.get(ref)
        if record is None:
            services = self.client.services
            try:
                if ref.startswith("urn:"):
                    record = yield from one(services._get_call(ref))
                else:
                    record = yield from services._get_by_name_flow(ref)
            except NotFound:
                raise PipelineError(
                    f"no service {ref!r} on this platform", node=node.name, parameter="service"
                ) from None
            except InvalidParameter as exc:
                raise PipelineError(str(exc), node=node.name, parameter="service") from None
            self.services[ref] = record
        return record

    def model_flow(self, service_id: str) -> Flow[RequestModel | None]:
        if service_id not in self.models:
            self.models[service_id] = yield from self.client.jobs._request_model_flow(service_id)
        return self.models[service_id]

    # -- canonical values ------------------------------------------------------

    def ref(self, output: Output, user: str, parameter: str) -> dict[str, Any]:
        node = output.node
        steps = self.by_node[node.name]
        if node.kind == "map":
            target: Any = [s.name for s in steps]
        else:
            target = steps[0].name
        ref: dict[str, Any] = {REF: target, "out": output.selector.split("[")[0]}
        if output.selector.startswith("products["):
            ref["out"] = "products"
            ref["path"] = list(output.path)
        elif output.selector.startswith("product:"):
            ref["out"] = "product"
            ref["path"] = list(output.path)
        elif output.kind in ("result", "results"):
            ref["out"] = "result"
            ref["path"] = list(output.path)
        if output.selector == "members":
            ref["out"] = "members"
        return ref

    def canonical(self, value: Any, user: str, parameter: str) -> Any:
        if isinstance(value, Output):
            return self.ref(value, user, parameter)
        if isinstance(value, list | tuple):
            return [self.canonical(v, user, parameter) for v in value]
        if isinstance(value, dict):
            return {k: self.canonical(v, user, f"{parameter}.{k}") for k, v in value.items()}
        return value

    def deps_of(self, value: Any) -> list[str]:
        names: dict[str, None] = {}
        for ref in refs_in(value):
            target = ref[REF]
            for name in target if isinstance(target, list) else [target]:
                names[name] = None
        return list(names)

    # -- the steps -------------------------------------------------------------

    def add(self, node: Node, step: Step, after: list[str]) -> Step:
        step.deps = list(dict.fromkeys([*self.deps_of(step.values), *after]))
        step.key = step_key(step, self.keys, self.version)
        self.keys[step.name] = step.key
        self.steps.append(step)
        self.by_node.setdefault(node.name, []).append(step)
        return step

    def after_of(self, node: Node) -> list[str]:
        names: list[str] = []
        for up in node._after:
            names.extend(s.name for s in self.by_node[up.name])
        return names

    def order_values(
        self, node: Node, name: str, given: dict[str, Any], definitions: list[ServiceParameter]
    ) -> dict[str, Any]:
        """Check an order's parameters (outputs by their kind) and return them canonical."""
        by_name: dict[str, ServiceParameter] = {}
        for definition in definitions:
            by_name[definition.name] = definition
            by_name.setdefault(definition.python_name, definition)
        literal: dict[str, Any] = {}
        edges: dict[str, Any] = {}
        for key, value in given.items():
            found = by_name.get(key)
            outputs = [v for v in _flat(value) if isinstance(v, Output)]
            if found is None or not outputs:
                literal[key] = value
                continue
            definition = found
            kind = definition.type
            if isinstance(value, list):
                raise PipelineError(
                    f"{key}: {a(kind)} parameter takes one value, not a list; "
                    "for a fan-in, make a collection with p.collect([...])",
                    node=name,
                    parameter=key,
                )
            output = outputs[0]
            want = {"artifact": ("artifact",), "collection": ("collection",)}.get(kind, ("result",))
            if output.kind not in want:
                hint = (
                    "; for a fan-in, make a collection with p.collect(...)"
                    if output.kind == "artifacts"
                    else ""
                )
                what = _what(output.kind)
                raise PipelineError(
                    f"{key}: the {kind} parameter cannot take {output!r}, {what}{hint}",
                    node=name,
                    parameter=key,
                )
            edges[definition.name] = self.ref(output, name, key)
            placeholder = _PLACEHOLDER_URN.get(kind) or _sample(definition)
            literal[key] = placeholder
        try:
            wire = check_order_parameters(definitions, literal)
        except InvalidParameter as exc:
            raise PipelineError(
                str(exc), node=name, parameter=exc.parameter, value=exc.value
            ) from None
        values: dict[str, Any] = {p.name: p.value for p in wire}
        values.update(edges)
        return values

    def job_values(self, node: Node, name: str, payload: Any, model: RequestModel | None) -> Any:
        """Check a job's request against the service's schema (edges left out) and return it."""
        canonical = self.canonical(payload, name, "$")
        if model is not None:
            _validate_request(model, canonical, name)
        return canonical

    def plan_flow(self) -> Flow[list[Step]]:
        for node in topological(self.definition.nodes):
            after = self.after_of(node)
            kind = node.kind
            if kind == "order":
                record = yield from self.service_flow(node)
                definitions = self._definitions(record, node.name)
                values = self.order_values(node, node.name, node.params, definitions)
                self.add(node, self._service_step(node, node.name, "order", values, record), after)
            elif kind == "job":
                record = yield from self.service_flow(node)
                model = yield from self.model_flow(record.id)
                values = self.job_values(node, node.name, node.params["payload"], model)
                self.add(node, self._service_step(node, node.name, "job", values, record), after)
            elif kind == "map":
                yield from self._map_flow(node, after)
            elif kind == "upload":
                digest = yield from blocking(_sha256, node.params["path"])
                values = {**node.params, "sha256": digest}
                self.add(node, Step(node.name, "upload", values, []), after)
            elif kind == "artifact":
                urn = node.params["urn"]
                try:
                    yield from one(self.client.artifacts._get_raw_call(urn))
                except NotFound:
                    raise PipelineError(f"no artifact {urn}", node=node.name) from None
                self.add(node, Step(node.name, "artifact", {"urn": urn}, []), after)
            elif kind == "collection":
                urn = node.params["urn"]
                collections = self.client.collections
                try:
                    record = yield from collections._get_flow(urn, None)
                except NotFound:
                    raise PipelineError(f"no collection {urn}", node=node.name) from None
                members = yield from collections._wrap(record)._members_flow()
                values = {"urn": urn, "members": sorted(members)}
                self.add(node, Step(node.name, "collection", values, []), after)
            else:  # collect
                items = self.canonical(node.params["items"], node.name, "items")
                values = {**node.params, "items": items}
                step = self.add(node, Step(node.name, "collect", values, []), after)
                step.values["urn"] = collect_urn(step.key)
        return self.steps

    def _definitions(self, record: Any, node: str) -> list[ServiceParameter]:
        found = self.definitions.get(record.id)
        if found is None:
            found = self.definitions[record.id] = parameters_of(record)
        return found

    def _service_step(self, node: Node, name: str, kind: str, values: Any, record: Any) -> Step:
        options = {k: v for k, v in node.options.items() if k in ("policy", "tags")}
        service_name = getattr(record, "name", None)
        return Step(
            name,
            kind,
            values,
            [],
            service=record.id,
            service_name=service_name if isinstance(service_name, str) else None,
            options=options,
            group=node.name if node.kind == "map" else None,
        )

    def _map_flow(self, node: Node, after: list[str]) -> Flow[None]:
        record = yield from self.service_flow(node)
        job = bool(node.options.get("job"))
        over = node.params["over"]
        param = node.params["param"]
        if isinstance(over, Output):  # a collection's members, read when it was planned
            source = self.by_node[over.node.name][0]
            items: list[Any] = list(source.values["members"])
            after = [*after, source.name]
        else:
            items = list(over)
        for i, item in enumerate(items):
            if isinstance(item, Output) and item.kind in ("artifacts", "results"):
                raise PipelineError(
                    f"over[{i}]: {item!r} is a list; map over single values",
                    node=node.name,
                    parameter="over",
                )
        model = (yield from self.model_flow(record.id)) if job else None
        definitions = [] if job else self._definitions(record, node.name)
        for i, item in enumerate(items):
            member = f"{node.name}[{i}]"
            given = {**node.params["params"], param: item}
            if job:
                values = self.job_values(node, member, given, model)
            else:
                values = self.order_values(node, member, given, definitions)
            kind = "job" if job else "order"
            self.add(node, self._service_step(node, member, kind, values, record), after)
        if not items:
            self.by_node[node.name] = []


def _what(kind: str) -> str:
    return "a list of artifacts" if kind == "artifacts" else a(kind)


def _flat(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _sample(definition: ServiceParameter) -> str:
    """A value of the parameter's type standing in for a result not known yet."""
    if definition.default is not None:
        return definition.default
    if definition.options:
        return definition.options[0]
    return {"int": "0", "float": "0", "bool": "false"}.get(definition.type, "x")


def _validate_request(model: RequestModel, request: Any, node: str) -> None:
    """Check a request against the schema, leaving out the parts edges fill in later."""
    from jsonschema import validators

    schema = model.schema
    validator = validators.validator_for(schema)(schema)
    edges = {tuple(path) for path in _ref_paths(request, ())}
    for error in validator.iter_errors(_with_holes(request)):
        where = tuple(error.absolute_path)
        if any(where[: len(edge)] == edge for edge in edges):
            continue
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where)
        raise PipelineError(
            f"{path}: {error.message}", node=node, parameter=path, value=error.instance
        )


def _ref_paths(value: Any, here: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        if REF in value:
            return [here]
        return [p for k, v in value.items() for p in _ref_paths(v, (*here, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _ref_paths(v, (*here, i))]
    return []


def _with_holes(value: Any) -> Any:
    """The request with each edge as ``None`` (errors at those places are ignored)."""
    if isinstance(value, dict):
        if REF in value:
            return None
        return {k: _with_holes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_holes(v) for v in value]
    return value


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while piece := file.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def check_flow(
    client: Any, definition: PipelineDefinition
) -> Flow[tuple[list[Step], dict[str, Any]]]:
    """Check every node against the platform (reads only).

    Returns:
        The steps in topological order, and the full records of the services
        they run, by URN.

    Raises:
        PipelineError: A node is refused (its name is in the message and ``.node``).
        CycleError: The nodes loop.
    """
    planner = _Planner(client, definition)
    steps = yield from planner.plan_flow()
    return steps, {record.id: record for record in planner.services.values()}


def services_flow(client: Any, steps: list[Step]) -> Flow[dict[str, Any]]:
    """The full records of the services recorded steps run (resuming without the definition)."""
    found: dict[str, Any] = {}
    for step in steps:
        if step.service is not None and step.service not in found:
            found[step.service] = yield from one(client.services._get_call(step.service))
    return found
