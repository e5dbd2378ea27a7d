"""The errors a pipeline raises: bad definitions (naming the node) and failed runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ConveyorError, InvalidParameter

if TYPE_CHECKING:
    from ._result import AsyncPipelineRun, AsyncRunNode, PipelineRun, RunNode

__all__ = ["CycleError", "PipelineError", "PipelineFailed"]


class PipelineError(InvalidParameter):
    """A pipeline's definition is refused before anything is submitted.

    An `InvalidParameter` (so a `ValueError` too), raised when the pipeline is
    built or checked against the platform: an unknown service, a parameter
    the service does not take or of the wrong type, a node output where the
    parameter needs another kind of value, a duplicate node name.

    Attributes:
        node: The name of the node at fault (``None`` for the pipeline itself).
        parameter: The parameter at fault, when one is.
    """

    def __init__(
        self,
        message: str,
        *,
        node: str | None,
        parameter: str | None = None,
        value: Any = None,
    ) -> None:
        prefix = f"node {node!r}: " if node is not None else ""
        super().__init__(prefix + message, parameter=parameter, value=value)
        self.node = node


class CycleError(PipelineError):
    """An edge would make the pipeline loop back on itself.

    Attributes:
        cycle: The node names around the loop, the first repeated at the end.
    """

    def __init__(self, cycle: list[str]) -> None:
        super().__init__(
            "this edge would make a cycle: " + " -> ".join(cycle),
            node=cycle[0],
        )
        self.cycle = cycle


class PipelineFailed(ConveyorError):
    """A pipeline run ended with failed nodes.

    Attributes:
        run: The `PipelineRun` (or `AsyncPipelineRun`), with every node's status and the
            journal's location; ``resume`` takes it.
        failures: The failed nodes; ``failures[0].logs()`` reads what the
            first one printed.
    """

    def __init__(
        self,
        run: PipelineRun | AsyncPipelineRun,
        failures: list[RunNode] | list[AsyncRunNode],
    ) -> None:
        self.run = run
        self.failures = failures
        first = failures[0]
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        why = f": {first.error}" if first.error else ""
        super().__init__(
            f"pipeline {run.pipeline!r} run {run.id}: node {first.name!r} {first.status}{why}{more}"
        )
