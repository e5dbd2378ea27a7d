"""The run logic both kinds of pipeline share: plan, execute, find runs.

`_PipelineCore` is a `PipelineDefinition` that can plan (check the nodes,
read the journals, decide per step) and execute a plan with a `Runner`, on
asyncio; `Pipeline` and `AsyncPipeline` (in `_api`) only choose how it is
driven. A run that has nothing to do writes nothing at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self, TypeVar

from ..errors import InvalidParameter, seconds, whole_number
from ._check import check_flow, services_flow
from ._define import PipelineDefinition
from ._errors import PipelineError, PipelineFailed
from ._exec import Executor, is_async_client
from ._journal import (
    DONE,
    FAILED,
    Knowledge,
    LocalJournal,
    NodeState,
    RunState,
    hostname,
    journal_root,
    local_runs,
    now_text,
)
from ._keys import Step
from ._pictures import Box, Pictured, boxes_of
from ._plan import Plan
from ._result import AsyncPipelineRun, PipelineRun, _RunBase
from ._resume import load_run_flow, merge_states
from ._run import Runner
from ._snapshot import platform_runs_flow

__all__ = ["Event", "R", "RunOptions", "find_runs"]

R = TypeVar("R", bound=_RunBase[Any])
Event = Callable[[dict[str, Any]], None]

_FINAL_WRITE_SECONDS = 10.0  # how long an interrupted run tries to leave its snapshot


def _new_run_id() -> str:
    # Sortable by time, unique enough across machines: 24 random bits per second.
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


def _same_platform(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


class _PipelineCore(Pictured, PipelineDefinition):
    """What `Pipeline` and `AsyncPipeline` share: the definition and the run logic."""

    def __init__(
        self,
        name: str,
        *,
        client: Any = None,
        version: str = "1",
        journal_dir: str | os.PathLike[str] | None = None,
        snapshot_interval: float = 2.0,
    ) -> None:
        super().__init__(name, version)
        self._client = client
        self._journal_dir = journal_dir
        self._snapshot_interval = snapshot_interval
        self._recorded: list[Step] | None = None
        self.source: str | None = None
        """The Python file the pipeline came from (journalled, so ``resume RUN`` finds it)."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} version {self.version}: {len(self)} nodes>"

    @property
    def journal_dir(self) -> Path:
        """Where this pipeline's local journals are kept (one file per run)."""
        return journal_root(self._journal_dir) / self.name

    # -- the definition, without the platform ----------------------------------------

    def _picture_title(self) -> str:
        return repr(self)

    def _boxes(self) -> list[Box]:
        rows = [
            (n.name, n.kind, n.service or "", "planned", [u.name for u in n.upstream()], None)
            for n in self.nodes
        ]
        return boxes_of(rows)

    def describe(self) -> str:
        """The nodes and what each needs (no request: see `plan` for the checked steps)."""
        return self.to_ascii()

    def _repr_html_(self) -> str:
        return self.to_svg()

    @classmethod
    def from_run(cls, run: PipelineRun | AsyncPipelineRun, client: Any = None) -> Self:
        """The pipeline a run recorded (its steps), to resume it without the Python file."""
        pipeline = cls(run.pipeline, client=client, version=run.version)
        pipeline._recorded = list(run._state.steps)
        pipeline.source = run._state.source
        return pipeline

    # -- the shared run logic ---------------------------------------------------------

    def _which_client(self, client: Any, want_async: bool) -> Any:
        client = client if client is not None else self._client
        if client is None:
            raise InvalidParameter(
                "client: give client= (here or when making the pipeline)", parameter="client"
            )
        if is_async_client(client) != want_async:
            need = "an AsyncClient" if want_async else "a Client"
            raise InvalidParameter(
                f"client: {type(self).__name__} runs on {need}", parameter="client"
            )
        return client

    async def _plan(self, ex: Executor, client: Any, state: RunState | None) -> Plan:
        if self._recorded is not None:
            steps = self._recorded
            services = await ex.run(services_flow(client, steps))
        else:
            steps, services = await ex.run(check_flow(client, self))
        root = journal_root(self._journal_dir)
        runs = [
            r
            for r in await ex.offload(local_runs, root, self.name)
            if _same_platform(r.url, client.url)
        ]
        platform = await ex.run(platform_runs_flow(client, self.name))
        merged: dict[str, list[RunState]] = {}
        for run in [*platform, *runs]:
            merged.setdefault(run.id, []).append(run)
        accounts = [merge_states(group) for group in merged.values()]
        others = [a for a in accounts if a is not None and (state is None or a.id != state.id)]
        others.sort(key=lambda r: (r.started_at, r.id))
        knowledge = Knowledge.of([*others, *([state] if state is not None else [])])
        return Plan(self.name, self.version, steps, knowledge, services, state)

    async def _load(self, ex: Executor, client: Any, run: Any) -> RunState:
        if isinstance(run, _RunBase):
            run = run.id
        if isinstance(run, os.PathLike) or (isinstance(run, str) and run.endswith(".jsonl")):
            local = LocalJournal.read(Path(run))
            if local is None:
                raise PipelineError(f"resume: {os.fspath(run)!r} holds no run", node=None)
            run = local.id
        if not isinstance(run, str) or not run:
            raise InvalidParameter(
                f"run: a PipelineRun, its id or its journal, not {run!r}", parameter="run"
            )
        state = await ex.run(load_run_flow(client, run, journal_root(self._journal_dir), self.name))
        if state.pipeline != self.name:
            raise PipelineError(
                f"resume: run {run} is of pipeline {state.pipeline!r}", node=None, parameter="run"
            )
        return state

    async def _execute(
        self, client: Any, run_class: type[R], resume: Any, options: RunOptions
    ) -> R:
        max_parallel, timeout, on_event = options.max_parallel, options.timeout, options.on_event
        ex = Executor(client, threads=max_parallel + 4)
        try:
            state = None if resume is None else await self._load(ex, client, resume)
            plan = await self._plan(ex, client, state)
            if plan.nothing_to_do:
                return run_class(
                    client, _unchanged(self, plan, state, client.url), message=_nothing(plan, state)
                )
            fresh = state is None
            if state is None:
                state = RunState(
                    id=_new_run_id(),
                    pipeline=self.name,
                    version=self.version,
                    url=client.url,
                    started_at=now_text(),
                    host=hostname(),
                    source=self.source,
                )
            journal = LocalJournal(self.journal_dir / f"{state.id}.jsonl")
            runner = Runner(
                client,
                ex,
                state,
                plan._knowledge,
                journal,
                plan._services,
                max_parallel=max_parallel,
                keep_going=options.on_failure == "continue",
                snapshot_interval=self._snapshot_interval,
                timeout=timeout,
                on_event=on_event,
            )
            runner.event(
                e="start" if fresh else "resume",
                run=state.id,
                pipeline=self.name,
                version=self.version,
                url=client.url,
                host=hostname(),
                source=self.source,
                steps=[step.to_json() for step in plan._steps],
            )
            # Written before anything is sent: another machine then knows which keys
            # this run may send, and looks them up before sending them itself.
            await ex.run(runner.snapshots.flow(client, state))
            try:
                await runner.run()
            except (asyncio.CancelledError, KeyboardInterrupt):
                runner.event(e="end", status="interrupted")
                journal.close()
                with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                    await asyncio.wait_for(runner.write_snapshot(), _FINAL_WRITE_SECONDS)
                raise
            status = _status(state)
            runner.event(e="end", status=status)
            await runner.write_snapshot()
            journal.close()
            result = run_class(client, state, submitted=runner.submitted, journal=journal.path)
            if options.check and status != DONE:
                failed: Any = result  # one of the two public kinds of run
                raise PipelineFailed(failed, failed.failures or list(failed.nodes.values())[:1])
            return result
        finally:
            ex.close()

    async def _runs(self, ex: Executor, client: Any, run_class: type[R]) -> list[R]:
        return await find_runs(ex, client, run_class, self.name, self._journal_dir)


def _status(state: RunState) -> str:
    nodes = state.nodes.values()
    if all(n.status == DONE for n in nodes):
        return DONE
    if any(n.status in FAILED or n.status == "skipped" for n in nodes):
        return "failed"
    return "interrupted"


def _unchanged(pipeline: _PipelineCore, plan: Plan, state: RunState | None, url: str) -> RunState:
    """The account of a run that had nothing to do: every step as an earlier run left it."""
    if state is not None:
        return state
    knowledge = plan._knowledge
    nodes: dict[str, NodeState] = {}
    for step in plan._steps:
        node = NodeState(step.name, step.key, step.kind)
        done = knowledge.done.get(step.key)
        if done is not None:
            node.outcome(done[1])
            node.cached = done[0]
        else:  # an input already on the platform
            node.status, node.urn = DONE, step.values.get("urn")
        nodes[step.name] = node
    runs = [n.cached for n in nodes.values() if n.cached]
    latest = max(runs) if runs else ""
    return RunState(
        id=latest,
        pipeline=pipeline.name,
        version=pipeline.version,
        url=url,
        status="unchanged",
        steps=plan._steps,
        nodes=nodes,
    )


def _nothing(plan: Plan, state: RunState | None) -> str:
    if state is not None:
        return f"pipeline {plan.pipeline!r} run {state.id}: nothing left to do ({state.status})"
    runs = sorted({s.run for s in plan.steps if s.run})
    by = (
        f" by run {runs[-1]}" if len(runs) == 1 else (f" by runs {', '.join(runs)}" if runs else "")
    )
    return f"pipeline {plan.pipeline!r}: nothing to do, all {len(plan.steps)} steps were done{by}"


async def find_runs(
    ex: Executor, client: Any, run_class: type[R], pipeline: str | None, journal_dir: Any
) -> list[R]:
    root = journal_root(journal_dir)
    accounts: dict[str, list[RunState]] = {}
    for run in await ex.run(platform_runs_flow(client, pipeline)):
        accounts.setdefault(run.id, []).append(run)
    for run in await ex.offload(local_runs, root, pipeline):
        if _same_platform(run.url, client.url):
            accounts.setdefault(run.id, []).append(run)
    states = [s for s in (merge_states(group) for group in accounts.values()) if s is not None]
    states.sort(key=lambda r: (r.started_at, r.id), reverse=True)
    return [run_class(client, state) for state in states]


@dataclass(frozen=True)
class RunOptions:
    """How `run` and `resume` go about it (checked when made, before anything is sent)."""

    max_parallel: int
    on_failure: str
    timeout: float | None
    on_event: Event | None
    check: bool

    def __post_init__(self) -> None:
        whole_number(self.max_parallel, "max_parallel", 1)
        if self.on_failure not in ("stop", "continue"):
            raise InvalidParameter(
                f"on_failure: 'stop' or 'continue', not {self.on_failure!r}",
                parameter="on_failure",
            )
        if self.timeout is not None:
            seconds(self.timeout, "timeout", positive=True)
