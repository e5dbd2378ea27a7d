"""A plan: the checked steps of a pipeline and what a run would do with each.

`Pipeline.plan()` makes one without writing anything: it checks every node
against the platform, computes the keys, reads the journals (this machine's
and the platform's) and decides, per step:

- ``run``: nothing has done it; it will be sent;
- ``cached``: an earlier run did it (same key), its products are reused;
- ``attach``: an earlier run sent it and it had not finished: it is waited for;
- ``check``: an earlier run may have sent it without a record: the platform
  is asked first (nothing is sent twice);
- ``ready``: an input already on the platform (an artifact, a collection).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from ._journal import DONE, FAILED, Knowledge, RunState
from ._keys import REF, Step
from ._pictures import Box, Pictured, boxes_of

__all__ = ["Plan", "PlannedStep", "decide", "show_value"]


@dataclass(frozen=True)
class PlannedStep:
    """One step of a `Plan`.

    Attributes:
        name: The step's name (``name[i]`` for a map's members).
        kind: ``order``, ``job``, ``upload``, ``artifact``, ``collection`` or ``collect``.
        service: The service's name (or URN) for orders and jobs.
        parameters: The validated values as text, edges shown as ``<- step.output``.
        needs: The steps it needs first.
        key: Its idempotency key.
        decision: ``run``, ``cached``, ``attach``, ``check`` or ``ready``.
        run: The earlier run whose work a ``cached`` or ``attach`` step reuses.
        urn: The order, job or artifact already known for it.
    """

    name: str
    kind: str
    service: str | None
    parameters: dict[str, str]
    needs: list[str]
    key: str
    decision: str
    run: str | None = None
    urn: str | None = None


def show_value(value: Any) -> str:
    """A canonical value as people read it (edges as ``<- step.output``)."""
    if isinstance(value, dict) and REF in value:
        target = value[REF]
        if isinstance(target, list):  # every member of a map
            name = (target[0].rsplit("[", 1)[0] if target else "?") + "[*]"
        else:
            name = str(target)
        out = value["out"]
        path = value.get("path") or []
        if out == "products" and path:
            return f"<- {name}.products[{path[0]}]"
        if out == "product":
            return f"<- {name}.product({path[0]!r})"
        if out == "result":
            return f"<- {name}.result" + "".join(f"[{p!r}]" for p in path)
        return f"<- {name}.{out}"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and any(isinstance(v, dict) and REF in v for v in value):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def _parameters(step: Step) -> dict[str, str]:
    values = step.values
    if step.kind == "order":
        return {name: show_value(value) for name, value in values.items()}
    if step.kind == "job":
        return {"request": show_value(values)}
    if step.kind == "upload":
        return {"file": values["path"], "sha256": values["sha256"][:16] + "…"}
    if step.kind == "collection":
        return {"urn": values["urn"], "members": str(len(values["members"]))}
    if step.kind == "collect":
        return {"urn": values["urn"], "items": show_value(values["items"])}
    return {"urn": values["urn"]}


def decide(
    step: Step, knowledge: Knowledge, state: RunState | None
) -> tuple[str, str | None, str | None]:
    """What a run does with ``step``: ``(decision, earlier run, known URN)``."""
    own = state.nodes.get(step.name) if state is not None else None
    if own is not None and own.key != step.key:
        own = None
    if own is not None and own.status == DONE:
        return "cached", own.cached or (state.id if state else None), own.urn
    if step.kind in ("artifact", "collection"):
        return "ready", None, step.values["urn"]
    done = knowledge.done.get(step.key)
    if done is not None:
        return "cached", done[0], done[1].urn
    if own is not None and own.urn and own.status not in FAILED:
        return "attach", state.id if state else None, own.urn
    live = knowledge.live.get(step.key)
    if live is not None:
        return "attach", live[0], live[1].urn
    if step.key in knowledge.maybe or (own is not None and own.status == "submitting"):
        runs = knowledge.maybe.get(step.key) or [(state.id if state else "", "")]
        return "check", runs[0][0], None
    return "run", None, None


class Plan(Pictured):
    """What running a pipeline would do, step by step (made by `Pipeline.plan`, no writes).

    Attributes:
        pipeline: The pipeline's name.
        version: Its version.
        steps: The `PlannedStep`s, in the order they can run.
        to_run: The names of the steps a run would send (``run``, ``check``).
        cached: The names of the steps earlier runs did.
    """

    def __init__(
        self,
        pipeline: str,
        version: str,
        steps: list[Step],
        knowledge: Knowledge,
        services: dict[str, Any],
        state: RunState | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.version = version
        self._steps = steps
        self._knowledge = knowledge
        self._services = services
        self._state = state
        planned: list[PlannedStep] = []
        for step in steps:
            decision, run, urn = decide(step, knowledge, state)
            planned.append(
                PlannedStep(
                    name=step.name,
                    kind=step.kind,
                    service=step.service_name or step.service,
                    parameters=_parameters(step),
                    needs=list(step.deps),
                    key=step.key,
                    decision=decision,
                    run=run,
                    urn=urn,
                )
            )
        self.steps = planned
        self.to_run = [s.name for s in planned if s.decision in ("run", "check")]
        self.cached = [s.name for s in planned if s.decision == "cached"]

    @property
    def nothing_to_do(self) -> bool:
        """Whether every step is done already (a run would send nothing and wait for nothing)."""
        return all(s.decision in ("cached", "ready") for s in self.steps)

    def __getitem__(self, name: str) -> PlannedStep:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    def __len__(self) -> int:
        return len(self.steps)

    def summary(self) -> str:
        """One line: how many steps, and what a run would do."""
        waits = sum(1 for s in self.steps if s.decision == "attach")
        parts = [f"{len(self.to_run)} to run", f"{len(self.cached)} cached"]
        if waits:
            parts.append(f"{waits} running (waited for)")
        if self.nothing_to_do:
            return f"pipeline {self.pipeline!r}: nothing to do, all {len(self.steps)} steps done"
        return (
            f"pipeline {self.pipeline!r} (version {self.version}): {len(self.steps)} steps, "
            + ", ".join(parts)
        )

    def __repr__(self) -> str:
        return f"<Plan {self.summary()}>"

    def describe(self) -> str:
        """The plan as a text table: each step, its decision and its validated parameters."""
        rows = [("step", "kind", "service", "decision", "parameters")]
        for s in self.steps:
            decision = s.decision + (f" ({s.run})" if s.run and s.decision != "run" else "")
            params = ", ".join(f"{k}={v}" for k, v in s.parameters.items())
            rows.append((s.name, s.kind, s.service or "", decision, params))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = [self.summary()]
        for row in rows:
            lines.append(
                "  "
                + "  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True))
                + "  "
                + row[4]
            )
        return "\n".join(lines)

    def _picture_title(self) -> str:
        return self.summary()

    def _boxes(self) -> list[Box]:
        groups = {s.name: s.group for s in self._steps}
        return boxes_of(
            [
                (s.name, s.kind, s.service or "", s.decision, s.needs, groups.get(s.name))
                for s in self.steps
            ]
        )

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (what ``conveyor -o json pipelines plan`` prints)."""
        return {
            "pipeline": self.pipeline,
            "version": self.version,
            "nothing_to_do": self.nothing_to_do,
            "steps": [
                {
                    "name": s.name,
                    "kind": s.kind,
                    "service": s.service,
                    "parameters": s.parameters,
                    "needs": s.needs,
                    "key": s.key,
                    "decision": s.decision,
                    "run": s.run,
                    "urn": s.urn,
                }
                for s in self.steps
            ],
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(c)}</td>"
                for c in (
                    s.name,
                    s.kind,
                    s.service or "",
                    s.decision,
                    ", ".join(f"{k}={v}" for k, v in s.parameters.items()),
                )
            )
            + "</tr>"
            for s in self.steps[:200]
        )
        more = f"<p>… and {len(self.steps) - 200} more steps</p>" if len(self.steps) > 200 else ""
        return (
            f"<div><p><b>{html.escape(self.summary())}</b></p>{self.to_svg()}"
            "<table><thead><tr><th>step</th><th>kind</th><th>service</th><th>decision</th>"
            f"<th>parameters</th></tr></thead><tbody>{rows}</tbody></table>{more}</div>"
        )
