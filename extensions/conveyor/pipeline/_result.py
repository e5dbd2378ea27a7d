"""What a run did: `PipelineRun` (and `AsyncPipelineRun`), with each node's `RunNode`.

A run is its journal folded (`RunState`) plus the client to ask further
questions with: a failed node's logs (``run.failures[0].logs()``), its
products as artifacts, and the lineage of a product, which the platform
records through every order that led to it.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._journal import DONE, FAILED, RunState
from ._pictures import Box, Pictured, boxes_of

if TYPE_CHECKING:
    from ..artifact import Artifact, AsyncArtifact
    from ..lineage import Lineage

__all__ = ["AsyncPipelineRun", "AsyncRunNode", "PipelineRun", "RunNode"]


class _NodeBase:
    """One step of a run, as the journal last told it.

    Attributes:
        name: The step's name.
        kind: ``order``, ``job``, ``upload``, ``artifact``, ``collection`` or ``collect``.
        status: ``succeeded``, ``failed``, ``error``, ``submitted`` (still
            running when last heard of), ``skipped`` (an upstream node failed),
            ``stopped`` (the run stopped first) or ``planned``.
        urn: Its order, job, artifact or collection.
        products: The products, as ``(urn, name)`` pairs.
        result: A job's result.
        error: Why it failed, or why it could not be followed.
        cached: The earlier run whose work it reused, if it did.
        service: The service's URN (orders and jobs).
        key: Its idempotency key.
        attempts: How many times it was sent.
    """

    def __init__(self, run: _RunBase[Any], name: str) -> None:
        state = run._state.nodes[name]
        step = run._steps[name]
        self._run = run
        self.name = name
        self.kind = state.kind
        self.status = state.status
        self.urn = state.urn
        self.products: list[tuple[str, str | None]] = [(u, n) for u, n in state.products or []]
        self.result = state.result
        self.error = state.error
        self.cached = state.cached
        self.service = step.service
        self.key = state.key
        self.attempts = state.attempts

    def __repr__(self) -> str:
        what = f" {self.urn}" if self.urn else ""
        return f"<{type(self).__name__} {self.name!r} {self.status}{what}>"

    @property
    def failed(self) -> bool:
        """Whether the node failed (its order or job ended failed or error)."""
        return self.status in FAILED

    def _run_object(self) -> Any:
        """The node's `Order` or `Job` (awaitable on an `AsyncClient`)."""
        if self.kind not in ("order", "job") or not self.urn:
            raise ValueError(f"node {self.name!r} ran no order or job, so it has no logs")
        client = self._run._client
        if self.kind == "order":
            return client.orders.get(self.urn)
        return client.jobs.get(self.urn, service=self.service)


class RunNode(_NodeBase):
    __doc__ = _NodeBase.__doc__

    def logs(self) -> list[str]:
        """The lines the node's order or job printed (a failed node's say why): one call."""
        return list(self._run_object().logs())


class AsyncRunNode(_NodeBase):
    """A node of an `AsyncPipelineRun` (see `RunNode`): `logs()` is awaited."""

    async def logs(self) -> list[str]:
        """The lines the node's order or job printed (see `RunNode.logs`)."""
        run = await self._run_object()
        return [line async for line in run.logs()]


N = TypeVar("N", bound=_NodeBase)


class _RunBase(Pictured, Generic[N]):
    """What `PipelineRun` and `AsyncPipelineRun` share: the account, its tables and pictures."""

    _node_class: type[N]

    def __init__(
        self,
        client: Any,
        state: RunState,
        *,
        submitted: int = 0,
        message: str = "",
        journal: Path | None = None,
    ) -> None:
        self._client = client
        self._state = state
        self._steps = {step.name: step for step in state.steps}
        self.id = state.id
        self.pipeline = state.pipeline
        self.version = state.version
        self.status = state.status
        self.submitted = submitted
        self.message = message
        self.journal = journal
        self.nodes: dict[str, N] = {name: self._node_class(self, name) for name in state.nodes}

    @property
    def failures(self) -> list[N]:
        """The nodes that failed, or that could not be followed to their end."""
        return [
            n
            for n in self.nodes.values()
            if n.failed or (n.error and n.status != DONE and n.status not in ("skipped", "stopped"))
        ]

    @property
    def succeeded(self) -> bool:
        """Whether every node succeeded."""
        return all(n.status == DONE for n in self.nodes.values())

    def __getitem__(self, name: str) -> N:
        return self.nodes[name]

    def summary(self) -> str:
        """One line: the run, its status, and what it did."""
        if self.message:
            return self.message
        counts: dict[str, int] = {}
        for node in self.nodes.values():
            label = "cached" if node.cached else node.status
            counts[label] = counts.get(label, 0) + 1
        parts = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
        return (
            f"pipeline {self.pipeline!r} run {self.id}: {self.status} "
            f"({parts}; {self.submitted} sent)"
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.summary()}>"

    def describe(self) -> str:
        """The run as a text table: each node's status, URN and error."""
        lines = [self.summary()]
        width = max([len(n) for n in self.nodes] + [4])
        for node in self.nodes.values():
            status = f"cached ({node.cached})" if node.cached else node.status
            extra = f"  {node.error}" if node.error else ""
            lines.append(f"  {node.name.ljust(width)}  {status:<12}  {node.urn or ''}{extra}")
        return "\n".join(lines)

    def _picture_title(self) -> str:
        return self.summary()

    def _boxes(self) -> list[Box]:
        rows = []
        for step in self._state.steps:
            node = self.nodes[step.name]
            status = "cached" if node.cached else node.status
            rows.append(
                (
                    step.name,
                    step.kind,
                    step.service_name or step.service or "",
                    status,
                    list(step.deps),
                    step.group,
                )
            )
        return boxes_of(rows)

    def to_dict(self) -> dict[str, Any]:
        """The run as JSON-ready data (its snapshot's content)."""
        data = self._state.to_content()
        data.pop("$schema", None)
        data["submitted"] = self.submitted
        if self.message:
            data["message"] = self.message
        return data

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(n.name)}</td><td>{html.escape(n.status)}</td>"
            f"<td>{html.escape(n.urn or '')}</td><td>{html.escape(n.error or '')}</td></tr>"
            for n in list(self.nodes.values())[:200]
        )
        return (
            f"<div><p><b>{html.escape(self.summary())}</b></p>{self.to_svg()}"
            "<table><thead><tr><th>node</th><th>status</th><th>URN</th><th>error</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></div>"
        )

    def _product(self, node: str | None) -> str:
        if node is None:
            sinks = [
                s for s in self._state.steps if not any(s.name in o.deps for o in self._state.steps)
            ]
            for step in reversed(sinks or self._state.steps):
                if self.nodes[step.name].products:
                    node = step.name
                    break
        if node is None or not self.nodes[node].products:
            raise ValueError(f"no products to trace{f' for node {node!r}' if node else ''}")
        return self.nodes[node].products[0][0]


class PipelineRun(_RunBase[RunNode]):
    """What a run of a `Pipeline` did (the result of `Pipeline.run` and `Pipeline.resume`).

    ``run.status`` is ``succeeded``, ``failed``, ``interrupted`` (the
    platform could not be reached, or the run was stopped) or ``unchanged``
    (nothing to do: every node was done by earlier runs). ``run["node"]`` is
    a `RunNode`; ``run.failures[0].logs()`` reads what a failed one printed.
    """

    _node_class = RunNode

    def artifacts(self, node: str) -> list[Artifact]:
        """The products of ``node`` as `Artifact` objects (one request each)."""
        return [self._client.artifacts.get(urn) for urn, _ in self.nodes[node].products]

    def lineage(self, node: str | None = None) -> Lineage:
        """The lineage of ``node``'s first product (default: the last node's), through every order.

        It is the platform's own record (each order's inputs, each product's
        order), followed as deep as the pipeline is long.
        """
        artifact = self._client.artifacts.get(self._product(node))
        return artifact.lineage(max_depth=len(self._state.steps) + 1)  # type: ignore[no-any-return]


class AsyncPipelineRun(_RunBase[AsyncRunNode]):
    """What a run of an `AsyncPipeline` did (see `PipelineRun`); its methods are awaited."""

    _node_class = AsyncRunNode

    async def artifacts(self, node: str) -> list[AsyncArtifact]:
        """The products of ``node`` as `AsyncArtifact` objects."""
        return [await self._client.artifacts.get(urn) for urn, _ in self.nodes[node].products]

    async def lineage(self, node: str | None = None) -> Lineage:
        """The lineage of ``node``'s first product (see `PipelineRun.lineage`)."""
        artifact = await self._client.artifacts.get(self._product(node))
        return await artifact.lineage(max_depth=len(self._state.steps) + 1)  # type: ignore[no-any-return]
