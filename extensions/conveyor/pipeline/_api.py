"""`Pipeline` and `AsyncPipeline`: define, plan, run, resume, find runs.

Both run the same asyncio code (`_execute`); `Pipeline`'s methods block
until it ends (in a thread of their own when an event loop already runs, as
in a notebook), `AsyncPipeline`'s are awaited.
"""

from __future__ import annotations

from typing import Any

from ._exec import Executor, run_sync
from ._plan import Plan
from ._result import AsyncPipelineRun, PipelineRun
from ._session import Event, RunOptions, _PipelineCore, find_runs

__all__ = ["AsyncPipeline", "Pipeline", "find_run", "list_runs"]


class Pipeline(_PipelineCore):
    """A DAG of orders and jobs, planned, run and resumed from this machine.

    Define nodes, passing one node's outputs as another's parameters; nothing
    is sent until `run`::

        p = client.pipeline("counts")                  # or Pipeline("counts", client=client)
        notes = p.upload("notes.txt")
        counts = p.map("word-count", over=[notes, p.upload("more.txt")], param="text")
        summary = p.collect(counts.products, "summary")
        print(p.plan().describe())                     # checked, nothing written
        run = p.run(max_parallel=4)                    # journalled; resumable
        print(run.to_ascii())

    Running it again with nothing changed sends nothing; changing a node
    re-runs it and what depends on it. Each order carries its node's key, so
    `resume` after a crash never sends an order twice.

    Args:
        name: The pipeline's name (letters, digits, ``.``, ``_``, ``-``):
            runs are found by it, and its orders are named ``<name>/<node>``.
        client: The `Client` to plan and run on (or give ``client=`` to each call).
        version: Part of every key: a new version re-runs everything.
        journal_dir: Where local journals go (default ``$CONVEYOR_PIPELINES_DIR``
            or ``~/.local/state/conveyor/pipelines``).
        snapshot_interval: Seconds between updates of the run's snapshot on
            the platform while it runs.
    """

    def plan(self, client: Any = None) -> Plan:
        """Check every node against the platform and say what a run would do; writes nothing.

        Raises:
            PipelineError: A node is refused: an unknown service, a parameter
                it does not take or of the wrong type, an output of the wrong
                kind (the node's name is in ``.node``).
        """
        use = self._which_client(client, False)

        async def plan() -> Plan:
            ex = Executor(use, threads=4)
            try:
                return await self._plan(ex, use, None)
            finally:
                ex.close()

        return run_sync(plan)

    def run(
        self,
        client: Any = None,
        *,
        max_parallel: int = 4,
        on_failure: str = "stop",
        timeout: float | None = None,
        on_event: Event | None = None,
        check: bool = True,
    ) -> PipelineRun:
        """Run the pipeline: what earlier runs did is reused, the rest is sent in order.

        Args:
            client: The `Client` (default: the pipeline's).
            max_parallel: At most this many orders and jobs in progress at once.
            on_failure: ``"stop"`` (default): send nothing more after a node
                fails; ``"continue"``: go on with the branches that do not
                need it.
            timeout: Give up waiting for any one order after this many
                seconds (the run is then ``interrupted``, resumable).
            on_event: Called with each journal event (a dict) as it happens.
            check: Raise `PipelineFailed` unless every node succeeded.

        Returns:
            The `PipelineRun`; ``status`` is ``unchanged`` (and nothing was written)
            when earlier runs had done every node.

        Raises:
            PipelineError: A node is refused, before anything is sent.
            PipelineFailed: A node failed (``.run`` has the run, ``.failures``
                the nodes, ``.failures[0].logs()`` what it printed).
        """
        options = RunOptions(max_parallel, on_failure, timeout, on_event, check)
        use = self._which_client(client, False)
        return run_sync(lambda: self._execute(use, PipelineRun, None, options))

    def resume(
        self,
        run: Any,
        client: Any = None,
        *,
        max_parallel: int = 4,
        on_failure: str = "stop",
        timeout: float | None = None,
        on_event: Event | None = None,
        check: bool = True,
    ) -> PipelineRun:
        """Go on with a run after a crash, a Ctrl-C or a failure (same id, same journal).

        Orders it sent are waited for, not sent again (an order sent just
        before a crash is found by its key); failed nodes are sent again;
        nodes whose definition changed since are re-run with what needs them.

        Args:
            run: The `PipelineRun`, its id (from any machine: the platform keeps its
                snapshot) or the path of its local journal.
            client: As for `run`; so are the other arguments.
            max_parallel: As for `run`.
            on_failure: As for `run`.
            timeout: As for `run`.
            on_event: As for `run`.
            check: As for `run`.
        """
        options = RunOptions(max_parallel, on_failure, timeout, on_event, check)
        use = self._which_client(client, False)
        return run_sync(lambda: self._execute(use, PipelineRun, run, options))

    def runs(self, client: Any = None) -> list[PipelineRun]:
        """This pipeline's runs, newest first: those on the platform and this machine's."""
        use = self._which_client(client, False)

        async def find() -> list[PipelineRun]:
            ex = Executor(use, threads=2)
            try:
                return await self._runs(ex, use, PipelineRun)
            finally:
                ex.close()

        return run_sync(find)


class AsyncPipeline(_PipelineCore):
    """The asynchronous twin of `Pipeline`: the same definition, `plan`/`run`/`resume` awaited."""

    async def plan(self, client: Any = None) -> Plan:
        """Check every node and say what a run would do (see `Pipeline.plan`)."""
        use = self._which_client(client, True)
        ex = Executor(use, threads=1)
        return await self._plan(ex, use, None)

    async def run(
        self,
        client: Any = None,
        *,
        max_parallel: int = 4,
        on_failure: str = "stop",
        timeout: float | None = None,
        on_event: Event | None = None,
        check: bool = True,
    ) -> AsyncPipelineRun:
        """Run the pipeline (see `Pipeline.run`)."""
        options = RunOptions(max_parallel, on_failure, timeout, on_event, check)
        use = self._which_client(client, True)
        return await self._execute(use, AsyncPipelineRun, None, options)

    async def resume(
        self,
        run: Any,
        client: Any = None,
        *,
        max_parallel: int = 4,
        on_failure: str = "stop",
        timeout: float | None = None,
        on_event: Event | None = None,
        check: bool = True,
    ) -> AsyncPipelineRun:
        """Go on with a run (see `Pipeline.resume`)."""
        options = RunOptions(max_parallel, on_failure, timeout, on_event, check)
        use = self._which_client(client, True)
        return await self._execute(use, AsyncPipelineRun, run, options)

    async def runs(self, client: Any = None) -> list[AsyncPipelineRun]:
        """This pipeline's runs, newest first (see `Pipeline.runs`)."""
        use = self._which_client(client, True)
        return await self._runs(Executor(use, threads=1), use, AsyncPipelineRun)


def list_runs(
    client: Any, pipeline: str | None = None, journal_dir: Any = None
) -> list[PipelineRun]:
    """Every pipeline run the platform and this machine know (of ``pipeline``), newest first."""

    async def find() -> list[PipelineRun]:
        ex = Executor(client, threads=2)
        try:
            return await find_runs(ex, client, PipelineRun, pipeline, journal_dir)
        finally:
            ex.close()

    return run_sync(find)


def find_run(client: Any, run: str, journal_dir: Any = None) -> PipelineRun:
    """The run with this id, as this machine's journal and the platform's snapshot tell it.

    Raises:
        NotFound: Neither knows the run.
    """
    from ._journal import journal_root
    from ._resume import load_run_flow

    async def find() -> PipelineRun:
        ex = Executor(client, threads=2)
        try:
            state = await ex.run(load_run_flow(client, run, journal_root(journal_dir), None))
            return PipelineRun(client, state)
        finally:
            ex.close()

    return run_sync(find)
