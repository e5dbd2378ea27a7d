"""Running planned steps: in topological order, up to N at once, journalled as they go.

Each step is an asyncio task that waits for the steps it needs, then (holding
one of ``max_parallel`` slots) sends its order or job, waits for it with the
waiter orders and jobs share (`Order.wait`), reads its products and result,
and hands them downstream. Every send is journalled *before* it goes out
(``submit``) and after it is answered (``submitted``): see `_journal` and
`_resume` for how that keeps anything from being sent twice.

An answer that never arrived (a reset connection, a 503 from a proxy) leaves
the send in doubt: the platform is asked whether the order exists before it
is sent again. A platform's verdict (the order failed) fails the node; not
being able to reach the platform leaves the node as it was, to be resumed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import Callable
from typing import Any

from .._base import unset_none
from .._call import one
from ..errors import (
    ConveyorError,
    InvalidParameter,
    OrderFailed,
    ServerError,
    TransportError,
    WaitTimeout,
)
from ._exec import Executor
from ._journal import (
    DONE,
    FAILED,
    NODE_SCHEMA,
    Knowledge,
    LocalJournal,
    NodeState,
    RunState,
)
from ._keys import Step, StepFailed, resolve
from ._resume import find_job_flow, find_order_flow, order_name, order_tags
from ._snapshot import SnapshotWriter

__all__ = ["Runner"]

MAX_SENDS = 5
"""How many times a node is sent while each answer is lost, before it fails."""


class _Unreachable(Exception):
    """The platform could not be reached: the step is left as it was, to be resumed."""


class Runner:
    """One execution of planned steps (a new run, or a resumed one)."""

    def __init__(
        self,
        client: Any,
        executor: Executor,
        state: RunState,
        knowledge: Knowledge,
        journal: LocalJournal,
        services: dict[str, Any],
        *,
        max_parallel: int,
        keep_going: bool,
        snapshot_interval: float,
        timeout: float | None,
        on_event: Callable[[dict[str, Any]], None] | None,
    ) -> None:
        self.client = client
        self.ex = executor
        self.state = state
        self.knowledge = knowledge
        self.journal = journal
        self.services = services  # service URN -> full record
        self.steps = {step.name: step for step in state.steps}
        self.max_parallel = max_parallel
        self.keep_going = keep_going
        self.snapshot_interval = snapshot_interval
        self.timeout = timeout
        self.on_event = on_event
        self.submitted = 0  # sends the platform accepted in this run
        self.adopted: set[str] = set()  # orders and jobs a node took over (not to take twice)
        self.stopping = False
        self._dirty: asyncio.Event | None = None
        self.snapshots = SnapshotWriter()
        self._started = time.time()

    # -- journal -------------------------------------------------------------

    def event(self, **event: Any) -> None:
        """Journal an event locally, fold it into the state, and mark the snapshot stale."""
        self.journal.append(event)
        self.state.apply(event)
        if self._dirty is not None:
            self._dirty.set()
        if self.on_event is not None:
            self.on_event(event)

    async def write_snapshot(self) -> bool:
        """Write the run's snapshot aspect now (``False``: the platform could not be reached)."""
        try:
            await self.ex.run(self.snapshots.flow(self.client, self.state))
        except ConveyorError:
            return False
        return True

    async def _snapshots(self) -> None:
        assert self._dirty is not None
        while True:
            await self._dirty.wait()
            self._dirty.clear()
            await self.write_snapshot()
            await self.ex.clock.asleep(self.snapshot_interval)

    # -- the run -------------------------------------------------------------

    async def run(self) -> None:
        """Run every step not done yet; return when all have ended or the run stopped."""
        self.steps = {step.name: step for step in self.state.steps}  # as the start event set them
        self._dirty = asyncio.Event()
        self.slots = asyncio.Semaphore(self.max_parallel)
        self.ended = {name: asyncio.Event() for name in self.steps}
        self.leaders: dict[str, str] = {}  # key -> the step that does the work
        writer = asyncio.create_task(self._snapshots())
        tasks = [asyncio.create_task(self._task(step)) for step in self.state.steps]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        finally:
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)

    async def _task(self, step: Step) -> None:
        node = self.state.nodes[step.name]
        try:
            for dep in step.deps:
                await self.ended[dep].wait()
            await self._step(step, node)
        finally:
            self.ended[step.name].set()

    async def _step(self, step: Step, node: NodeState) -> None:
        if node.status == DONE:
            return  # done earlier in this run (a resumed run)
        blocked = [d for d in step.deps if self.state.nodes[d].status != DONE]
        if blocked:
            status = (
                "skipped"
                if self.state.nodes[blocked[0]].status in (*FAILED, "skipped")
                else "stopped"
            )
            self.event(e=status, node=step.name, status=status, error=f"needs {blocked[0]}")
            return
        known = self.knowledge.done.get(step.key)
        if known is not None:
            self._copy(step, known[1], cached=known[0])
            return
        if step.kind in ("artifact", "collection"):
            self.event(e="done", node=step.name, urn=step.values["urn"])
            return
        leader = self.leaders.setdefault(step.key, step.name)
        if leader != step.name:
            # The same work under another name (a map over equal items): done once, shared.
            await self.ended[leader].wait()
            first = self.state.nodes[leader]
            if first.status == DONE:
                self._copy(step, first)
            else:
                self.event(e="skipped", node=step.name, status="skipped", error=f"as {leader}")
            return
        if self.stopping:
            self.event(e="stopped", node=step.name, status="stopped")
            return
        async with self.slots:
            if self.stopping:
                self.event(e="stopped", node=step.name, status="stopped")
                return
            try:
                await self._work(step, node)
            except StepFailed as failure:
                self.event(e="failed", node=step.name, status=failure.status, error=str(failure))
                self._failed()
            except _Unreachable as lost:
                node.error = str(lost)
                self._failed()

    def _copy(self, step: Step, done: NodeState, cached: str | None = None) -> None:
        """Mark ``step`` done with the outcome of a step that did the same work."""
        extra = {} if cached is None else {"cached": cached}
        self.event(
            e="done",
            node=step.name,
            urn=done.urn,
            products=done.products,
            result=done.result,
            **extra,
        )

    def _failed(self) -> None:
        if not self.keep_going:
            self.stopping = True

    async def _results(self, step: Step) -> None:
        """Read the results of upstream jobs that the journal does not hold (a big one)."""
        jobs = self.client.jobs
        for name in step.deps:
            up, done = self.steps[name], self.state.nodes[name]
            if up.kind == "job" and done.status == DONE and done.result is None and done.urn:
                flow = functools.partial(jobs._get_flow, done.urn, up.service)
                job = jobs._wrap(await self._read(flow))
                done.result = await self._read(job._result_flow)

    async def _work(self, step: Step, node: NodeState) -> None:
        try:
            await self._results(step)
            if step.kind == "order":
                await self._order(step, node)
            elif step.kind == "job":
                await self._job(step, node)
            else:
                await self._again(step)
        except OrderFailed as failure:
            raise StepFailed(failure.message or str(failure), str(failure.order.status)) from None
        except InvalidParameter as refused:
            raise StepFailed(f"refused: {refused}") from None
        except (TransportError, ServerError) as lost:
            raise _Unreachable(f"lost contact with the platform: {lost}") from None
        except WaitTimeout as late:
            # Still running: not a failure, and a resume waits for it again.
            raise _Unreachable(f"still running after {late.timeout:g} s") from None
        except ConveyorError as error:
            raise StepFailed(str(error)) from None

    # -- the kinds of step ------------------------------------------------------

    async def _again(self, step: Step) -> None:
        """An upload or a collect, made again after a lost answer: both are idempotent.

        An upload resumes from what the platform holds, and the same bytes are
        found again; a collect's collection has a URN derived from its key.
        """
        for round_ in range(MAX_SENDS):
            try:
                if step.kind == "upload":
                    await self._upload(step)
                else:
                    await self._collect(step)
                return
            except (TransportError, ServerError):
                if round_ == MAX_SENDS - 1:
                    raise
                await self.ex.clock.asleep(min(0.5 * 2**round_, 8.0))

    async def _upload(self, step: Step) -> None:
        values = step.values
        artifacts = self.client.artifacts
        flow = artifacts._upload_flow(
            values["path"], values["name"], None, None, None, None, None, False
        )
        record = await self.ex.run(flow)
        self.event(e="done", node=step.name, urn=record.id)

    async def _collect(self, step: Step) -> None:
        values = step.values
        items = resolve(values["items"], self.state.nodes, self.steps)
        members = [urn for item in items for urn in (item if isinstance(item, list) else [item])]
        collections = self.client.collections
        flow = collections._create_flow(
            values["title"], values.get("description"), values["urn"], None
        )
        record = await self.ex.run(flow)
        await self.ex.run(collections._wrap(record)._add_flow(members, None))
        self.event(e="done", node=step.name, urn=values["urn"])

    def _since(self, step: Step) -> float | None:
        """When the earliest run that may have sent ``step`` started (for finding a job)."""
        import datetime as dt

        times = [self._started]
        for _, started in self.knowledge.maybe.get(step.key, []):
            try:
                times.append(dt.datetime.fromisoformat(started.replace("Z", "+00:00")).timestamp())
            except ValueError:
                return None
        return min(times)

    async def _attach(self, step: Step, node: NodeState, kind: str) -> Any:
        """The order or job this step already has (live, or sent without a record), if any."""
        live = self.knowledge.live.get(step.key)
        urn: str | None = None
        if node.urn and node.status not in FAILED:
            urn = node.urn
        elif live is not None:
            urn = live[1].urn
        if urn is not None:
            if kind == "order":
                orders = self.client.orders
                return orders._wrap(await self._read(lambda: one(orders._get_call(urn))))
            jobs = self.client.jobs
            record = await self._read(lambda: jobs._get_flow(urn, step.service))
            return self.client.jobs._wrap(record)
        if step.key in self.knowledge.maybe or node.status == "submitting":
            return await self._find(step, kind)
        return None

    async def _find(self, step: Step, kind: str) -> Any:
        if kind == "order":
            record = await self._read(
                lambda: find_order_flow(self.client, self.state.pipeline, step, self.adopted)
            )
            return None if record is None else self.client.orders._wrap(record)
        payload = resolve(step.values, self.state.nodes, self.steps)
        since = self._since(step)
        item = await self._read(
            lambda: find_job_flow(self.client, step, payload, since, self.adopted)
        )
        if item is None:
            return None
        jobs = self.client.jobs
        return jobs._wrap(await self._read(lambda: jobs._get_flow(item.id, step.service)))

    async def _send(self, step: Step, node: NodeState, kind: str) -> Any:
        """Send the step, once: a lost answer is looked up before sending again."""
        values = resolve(step.values, self.state.nodes, self.steps)
        attempts = max(node.attempts, self.knowledge.attempts.get(step.key, 0))
        last: Exception | None = None
        for round_ in range(MAX_SENDS):
            attempts += 1
            self.event(e="submit", node=step.name, key=step.key, attempt=attempts)
            try:
                if kind == "order":
                    service = self.client.services._wrap(self.services[step.service or ""])
                    tags = order_tags(self.state.pipeline, step, self.state.id, attempts)
                    flow = self.client.orders._create_flow(
                        service,
                        values,
                        order_name(self.state.pipeline, step.name),
                        step.options.get("policy"),
                        tags,
                    )
                    sent = self.client.orders._wrap(await self.ex.run(flow))
                else:
                    flow = self.client.jobs._create_flow(
                        step.service, values, False, None, None, True
                    )
                    sent = await self.ex.run(flow)
            except (TransportError, ServerError) as lost:
                last = lost
                found = await self._find(step, kind)
                if found is not None:
                    return found
                await self.ex.clock.asleep(min(0.5 * 2**round_, 8.0))
                continue
            self.submitted += 1
            return sent
        assert last is not None
        raise StepFailed(f"sent {MAX_SENDS} times, never answered: {last}")

    async def _order(self, step: Step, node: NodeState) -> None:
        order = await self._attach(step, node, "order")
        if order is not None:
            order = await self._follow(step, order)
        if order is None:
            order = await self._send(step, node, "order")
            self._sent(step, node, order)
            await self._read(lambda: order._wait_flow(self.timeout, None))
        items = await self._read(order._products_flow)
        products = [[item.id, unset_none(item.name)] for item in items]
        self.event(e="done", node=step.name, urn=order.id, products=products)

    async def _read(self, flow: Callable[[], Any]) -> Any:
        """Run a reading flow (waiting, products, a result), riding out a lost platform.

        The transport retries each request a few times; a read is repeated
        from the start beyond that, with backoff, before the step is given
        up as unreachable (it is left as it was, to be resumed).
        """
        for round_ in range(MAX_SENDS):
            try:
                return await self.ex.run(flow())
            except (TransportError, ServerError):
                if round_ == MAX_SENDS - 1:
                    raise
                await self.ex.clock.asleep(min(0.5 * 2**round_, 8.0))

    def _sent(self, step: Step, node: NodeState, run: Any) -> None:
        self.adopted.add(run.id)
        if node.urn != run.id or node.status != "submitted":
            self.event(e="submitted", node=step.name, urn=run.id)

    async def _follow(self, step: Step, run: Any) -> Any | None:
        """Wait for an order or job sent before this run; ``None`` if it failed meanwhile.

        It failed while nobody was watching (often a platform restart): as a
        resume sends a failed node again, so is this one, once.
        """
        node = self.state.nodes[step.name]
        self._sent(step, node, run)
        try:
            await self._read(lambda: run._wait_flow(self.timeout, None))
        except OrderFailed as failure:
            message = failure.message or str(failure)
            self.event(e="failed", node=step.name, status=str(run.status), error=message)
            return None
        return run

    async def _job(self, step: Step, node: NodeState) -> None:
        job = await self._attach(step, node, "job")
        if job is not None:
            job = await self._follow(step, job)
        fresh = job is None
        if job is None:
            job = await self._send(step, node, "job")
            self._sent(step, node, job)
        if fresh:
            record = {
                "$schema": NODE_SCHEMA,
                "pipeline": self.state.pipeline,
                "node": step.name,
                "key": step.key,
                "run": self.state.id,
            }
            # The journal has the job; the aspect only helps find it from elsewhere.
            with contextlib.suppress(ConveyorError):
                flow = self.client.aspects._create_flow(
                    job.id, record, NODE_SCHEMA, None, replace=False
                )
                await self.ex.run(flow)
            await self._read(lambda: job._wait_flow(self.timeout, None))
        result = await self._read(job._result_flow)
        items = await self._read(job._products_flow)
        products = [[item.id, unset_none(item.name)] for item in items]
        self.event(e="done", node=step.name, urn=job.id, products=products, result=result)
