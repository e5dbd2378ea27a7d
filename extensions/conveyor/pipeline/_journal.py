"""The journal of a run: what each node did, kept locally and on the platform.

Locally, a run appends one JSON line per event to
``<journal dir>/<pipeline>/<run>.jsonl``: the steps when it starts, ``submit``
*before* each order or job is sent (so a crash in between leaves a trace),
``submitted`` with its URN, then ``done`` or ``failed``. Lines are flushed
as they are written, so a killed process loses nothing the operating system
saw. A run is the fold of its lines (`RunState`).

On the platform, the run keeps one aspect (schema `RUN_SCHEMA`) about the
entity ``urn:conveyor:pipeline-run:<run>``: a snapshot of the same state,
written when the run starts (before anything is submitted), then at most
every few seconds, and when it ends, so a run is found and resumed from any
machine. A snapshot may lag; what it cannot know (orders sent after it was
written) is found again through the key each order carries as a tag.

`Knowledge` merges every journal of a pipeline: which keys are done, which
are running, and which may have been sent without a record (to look up
before sending again).
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._call import Flow, json_model, one
from ._keys import Step

__all__ = [
    "DONE",
    "LIVE",
    "NODE_SCHEMA",
    "RUN_SCHEMA",
    "Knowledge",
    "LocalJournal",
    "NodeState",
    "RunState",
    "journal_root",
    "local_runs",
    "run_urn",
]

RUN_SCHEMA = "urn:conveyor:schema:pipeline-run.1"
"""The schema of a run's snapshot aspect."""
NODE_SCHEMA = "urn:conveyor:schema:pipeline-node.1"
"""The schema of the aspect a pipeline puts on each job it runs (jobs carry no tags)."""

DONE = "succeeded"
LIVE = ("submitted", "pending", "scheduled", "executing")
FAILED = ("failed", "error")
CLEAN_ENDS = ("succeeded", "failed", "stopped")  # a run that ended knowing every submission


def run_urn(run_id: str) -> str:
    """The URN the run's snapshot aspect is about."""
    return f"urn:conveyor:pipeline-run:{run_id}"


def journal_root(given: str | os.PathLike[str] | None = None) -> Path:
    """Where local journals live: ``given``, ``$CONVEYOR_PIPELINES_DIR``, or the state dir.

    The state dir is ``$XDG_STATE_HOME/conveyor/pipelines`` (by default
    ``~/.local/state/conveyor/pipelines``).
    """
    if given is not None:
        return Path(given)
    env = os.environ.get("CONVEYOR_PIPELINES_DIR")
    if env:
        return Path(env)
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    return Path(state) / "conveyor" / "pipelines"


def now_text() -> str:
    """The time now, as RFC 3339 text in UTC."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass(slots=True)
class NodeState:
    """What a run knows of one step.

    Attributes:
        name: The step's name.
        key: Its idempotency key.
        kind: ``order``, ``job``, ``upload``, ...
        status: ``planned``, ``submitting`` (sent, answer not recorded),
            ``submitted`` (or the platform's state), ``succeeded``,
            ``failed``/``error``, ``skipped`` (an upstream node failed) or
            ``stopped`` (not sent: the run stopped first).
        urn: The order, job, artifact or collection.
        products: The products, as ``[urn, name]`` pairs.
        result: A job's result.
        error: Why it failed.
        attempts: How many times it was sent.
        cached: The run whose work it reused, when it did.
    """

    name: str
    key: str
    kind: str
    status: str = "planned"
    urn: str | None = None
    products: list[list[Any]] | None = None
    result: Any = None
    error: str | None = None
    attempts: int = 0
    cached: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The state as compact JSON (absent fields left out)."""
        data: dict[str, Any] = {"key": self.key, "kind": self.kind, "status": self.status}
        for name in ("urn", "products", "result", "error", "cached"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.attempts:
            data["attempts"] = self.attempts
        return data

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> NodeState:
        """The state from `to_json`'s JSON."""
        return cls(
            name=name,
            key=data["key"],
            kind=data["kind"],
            status=data.get("status", "planned"),
            urn=data.get("urn"),
            products=data.get("products"),
            result=data.get("result"),
            error=data.get("error"),
            attempts=int(data.get("attempts", 0)),
            cached=data.get("cached"),
        )

    def outcome(self, other: NodeState) -> None:
        """Take ``other``'s result (a cache hit, or a journal merged in)."""
        self.urn = other.urn
        self.products = other.products
        self.result = other.result
        self.status = other.status
        self.error = other.error


@dataclass
class RunState:
    """One run of a pipeline as its journal tells it.

    Attributes:
        id: The run's id.
        pipeline: The pipeline's name.
        version: The pipeline's version.
        url: The platform it ran on.
        status: ``running``, ``succeeded``, ``failed``, ``stopped``
            (interrupted with every submission known) or ``interrupted``.
        started_at: When it started (UTC text).
        updated_at: When the journal last changed.
        steps: The planned steps (enough to resume without the Python file).
        nodes: Each step's `NodeState`, by name.
        source: The Python file that defined the pipeline, if any.
        host: The machine that ran it.
        complete: Whether this account of the run holds every submission
            (a local journal does; a snapshot of a run that did not end
            cleanly may lag).
    """

    id: str
    pipeline: str
    version: str
    url: str
    status: str = "running"
    started_at: str = ""
    updated_at: str = ""
    steps: list[Step] = field(default_factory=list)
    nodes: dict[str, NodeState] = field(default_factory=dict)
    source: str | None = None
    host: str = ""
    complete: bool = True

    def to_content(self) -> dict[str, Any]:
        """The snapshot aspect's content."""
        return {
            "$schema": RUN_SCHEMA,
            "run": self.id,
            "pipeline": self.pipeline,
            "version": self.version,
            "url": self.url,
            "status": self.status,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "host": self.host,
            "source": self.source,
            "steps": [step.to_json() for step in self.steps],
            "nodes": {name: node.to_json() for name, node in self.nodes.items()},
        }

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> RunState:
        """A run from its snapshot aspect's content."""
        state = cls(
            id=content["run"],
            pipeline=content["pipeline"],
            version=content.get("version", ""),
            url=content.get("url", ""),
            status=content.get("status", "running"),
            started_at=content.get("started_at", ""),
            updated_at=content.get("updated_at", ""),
            steps=[Step.from_json(s) for s in content.get("steps", [])],
            nodes={n: NodeState.from_json(n, d) for n, d in content.get("nodes", {}).items()},
            source=content.get("source"),
            host=content.get("host", ""),
        )
        in_doubt = any(n.status == "submitting" for n in state.nodes.values())
        state.complete = state.status in CLEAN_ENDS and not in_doubt
        return state

    def apply(self, event: dict[str, Any]) -> None:
        """Fold one journal event into the state."""
        kind = event["e"]
        self.updated_at = event.get("at", self.updated_at)
        if kind in ("start", "resume"):
            if kind == "start":
                self.started_at = event.get("at", "")
                self.host = event.get("host", "")
                self.source = event.get("source")
            self.status = "running"
            self.steps = [Step.from_json(s) for s in event["steps"]]
            previous = self.nodes
            self.nodes = {}
            for step in self.steps:
                known = previous.get(step.name)
                if known is not None and known.key == step.key:
                    self.nodes[step.name] = known
                else:
                    self.nodes[step.name] = NodeState(step.name, step.key, step.kind)
            return
        if kind == "end":
            self.status = event["status"]
            return
        node = self.nodes.get(event.get("node", ""))
        if node is None:
            return
        if kind == "submit":
            node.status = "submitting"
            node.attempts += 1
        elif kind == "submitted":
            node.status = "submitted"
            node.urn = event["urn"]
        elif kind == "done":
            node.status = DONE
            node.urn = event.get("urn", node.urn)
            node.products = event.get("products")
            node.result = event.get("result")
            node.cached = event.get("cached")
        elif kind in ("failed", "skipped", "stopped", "unsent"):
            node.status = event.get("status", kind)
            node.error = event.get("error")
            node.urn = event.get("urn", node.urn)


class LocalJournal:
    """A run's journal file: one JSON line per event, flushed as written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: Any = None

    def append(self, event: dict[str, Any]) -> None:
        """Write one event (``at`` stamped if missing) and flush it to the operating system."""
        event.setdefault("at", now_text())
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open
        self._file.write(json.dumps(event, separators=(",", ":"), ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self) -> None:
        """Close the file (it is reopened by the next `append`)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    @staticmethod
    def read(path: Path) -> RunState | None:
        """The run a journal file tells (``None`` if it holds no start)."""
        state: RunState | None = None
        with open(path, encoding="utf-8") as file:
            for line in file:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash: everything before it counts
                if state is None:
                    if event.get("e") != "start":
                        continue
                    state = RunState(
                        id=event["run"],
                        pipeline=event["pipeline"],
                        version=event["version"],
                        url=event.get("url", ""),
                    )
                state.apply(event)
        return state


def local_runs(root: Path, pipeline: str | None = None) -> list[RunState]:
    """The runs journalled under ``root`` (of one pipeline, or all), oldest first."""
    folders = (
        [root / pipeline] if pipeline else ([p for p in root.iterdir()] if root.is_dir() else [])
    )
    runs: list[RunState] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.glob("*.jsonl"):
            try:
                state = LocalJournal.read(path)
            except (OSError, KeyError, TypeError, ValueError):
                continue
            if state is not None:
                runs.append(state)
    runs.sort(key=lambda r: (r.started_at, r.id))
    return runs


def read_job_request_flow(client: Any, service: str, job: str) -> Flow[Any]:
    """A job's request as the platform recorded it (for finding a job sent without a record)."""
    from conveyor_api.api.jobs import read_job
    from conveyor_api.models.job_status import JobStatus

    from .._base import unset_none
    from .._call import Call

    kwargs = read_job.request_args(service, job, with_request_content=True)
    record = yield from one(Call(kwargs, json_model(JobStatus)))
    return unset_none(record.request_content), record


def hostname() -> str:
    """This machine's name (journals say where a run ran)."""
    return socket.gethostname()


@dataclass
class Knowledge:
    """What every journal of a pipeline says, by key.

    Attributes:
        done: Keys some run finished, with the node's outcome.
        live: Keys sent and not finished when last heard of (waited for, not resent).
        maybe: Keys that may have been sent without a record, with the runs
            and when each started: looked up on the platform before sending.
        attempts: How many times each key was sent.
    """

    done: dict[str, tuple[str, NodeState]] = field(default_factory=dict)
    live: dict[str, tuple[str, NodeState]] = field(default_factory=dict)
    maybe: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, runs: Iterable[RunState]) -> Knowledge:
        """Merge runs (a later account of a node overrides an earlier one of the same run)."""
        known = cls()
        ended: set[str] = set()  # orders and jobs some run saw fail: never waited on again
        for run in runs:
            for node in run.nodes.values():
                if node.status in FAILED and node.urn:
                    ended.add(node.urn)
                key = node.key
                known.attempts[key] = max(known.attempts.get(key, 0), node.attempts)
                if node.status == DONE and (node.urn or node.kind == "artifact"):
                    known.done[key] = (node.cached or run.id, node)
                elif node.status in LIVE and node.urn and key not in known.done:
                    known.live[key] = (run.id, node)
                elif node.status == "submitting" or (
                    not run.complete and node.status == "planned" and node.kind in ("order", "job")
                ):
                    known.maybe.setdefault(key, []).append((run.id, run.started_at))
        for key, (_, node) in list(known.live.items()):
            if node.urn in ended:
                del known.live[key]
        for key in known.done:
            known.live.pop(key, None)
            known.maybe.pop(key, None)
        return known
