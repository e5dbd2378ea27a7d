"""A run's snapshot on the platform: aspects of a bounded size, found from any machine.

A platform bounds a request's body (the sandbox: 1 MiB), and a pipeline of
thousands of steps outgrows that, so the snapshot is cut into pages, each
an aspect of schema `RUN_SCHEMA`: page 0 about ``urn:conveyor:pipeline-run:<run>``
with the run's header (status, times, host, how many pages), page ``i``
about ``urn:conveyor:pipeline-run:<run>:<i>``. Every page names its run and
pipeline, so one listing finds them all. A writer rewrites only the pages
whose content changed, and every write is a replace (a PUT), safe to retry.

A job's result bigger than `RESULT_BYTES` stays out of the snapshot (the
local journal has it): a run resumed elsewhere reads it from the job.
"""

from __future__ import annotations

import json
from typing import Any

from .._call import Flow
from ._journal import RUN_SCHEMA, RunState, run_urn

__all__ = ["PAGE_BYTES", "RESULT_BYTES", "SnapshotWriter", "pages_of", "platform_runs_flow"]

PAGE_BYTES = 512 * 1024
"""At most this much JSON per page (half the sandbox's body limit: headroom for the envelope)."""
RESULT_BYTES = 64 * 1024
"""A job's result bigger than this is not copied into the snapshot."""

_HEADER = ("version", "url", "status", "started_at", "updated_at", "host", "source")


def page_urn(run: str, page: int) -> str:
    """The entity page ``page`` of a run's snapshot is about."""
    return run_urn(run) if page == 0 else f"{run_urn(run)}:{page}"


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))


def pages_of(state: RunState) -> list[dict[str, Any]]:
    """The snapshot's pages: the run's steps and node states, packed in order."""
    entries: list[tuple[dict[str, Any], dict[str, Any], int]] = []
    for step in state.steps:
        node = state.nodes[step.name].to_json()
        if node.get("result") is not None and _size(node["result"]) > RESULT_BYTES:
            del node["result"]
            node["result_omitted"] = True
        data = step.to_json()
        entries.append((data, node, _size(data) + _size(node) + len(step.name) + 8))
    header = {name: getattr(state, name) for name in _HEADER}
    room = PAGE_BYTES - _size(header) - 200
    groups: list[list[tuple[dict[str, Any], dict[str, Any], int]]] = [[]]
    used = 0
    for entry in entries:
        if groups[-1] and used + entry[2] > room:
            groups.append([])
            used = 0
        groups[-1].append(entry)
        used += entry[2]
    pages = []
    for index, group in enumerate(groups):
        content: dict[str, Any] = {
            "$schema": RUN_SCHEMA,
            "run": state.id,
            "pipeline": state.pipeline,
            "page": index,
            "steps": [step for step, _, _ in group],
            "nodes": {step["name"]: node for step, node, _ in group},
        }
        if index == 0:
            content.update(header, pages=len(groups))
        pages.append(content)
    return pages


class SnapshotWriter:
    """Writes a run's snapshot pages, each only when it changed since it was last written."""

    def __init__(self) -> None:
        self._written: dict[int, str] = {}

    def flow(self, client: Any, state: RunState) -> Flow[None]:
        """Write the pages that changed (page 0, with the header, always goes last)."""
        pages = pages_of(state)
        for index in [*range(1, len(pages)), 0]:
            content = pages[index]
            text = json.dumps(content, sort_keys=True)
            if self._written.get(index) == text:
                continue
            yield from client.aspects._create_flow(
                page_urn(state.id, index), content, RUN_SCHEMA, None, replace=True
            )
            self._written[index] = text


def platform_runs_flow(
    client: Any, pipeline: str | None = None, run: str | None = None
) -> Flow[list[RunState]]:
    """The runs whose snapshots are on the platform (of one pipeline, or one run), newest first."""
    from conveyor_api.api.aspects import list_aspects
    from conveyor_api.models.aspect_list import AspectList
    from conveyor_api.types import UNSET

    from .._paging import MAX_PAGE_SIZE, _Pager

    path: Any = UNSET
    if run is not None:
        path = f'$.run ? (@ == "{run}")'
    elif pipeline is not None:
        path = f'$.pipeline ? (@ == "{pipeline}")'

    def build(token: str | None, size: int) -> dict[str, Any]:
        if token is not None:
            return list_aspects.request_args(page=token, limit=size)
        return list_aspects.request_args(
            schema=RUN_SCHEMA, content_path=path, include_content=True, limit=size
        )

    pager: Any = _Pager(client, build, AspectList, list, None, MAX_PAGE_SIZE)
    by_run: dict[str, dict[int, dict[str, Any]]] = {}
    for record in (yield from pager._all_flow()):
        data = getattr(getattr(record, "content", None), "additional_properties", None)
        if isinstance(data, dict) and isinstance(data.get("run"), str):
            page = data.get("page", 0)
            by_run.setdefault(data["run"], {})[page if isinstance(page, int) else 0] = data
    runs: list[RunState] = []
    for pages in by_run.values():
        first = pages.get(0)
        if first is None:
            continue  # page 0 not written yet: the run has not started
        combined = {**first, "steps": [], "nodes": {}}
        for index in range(int(first.get("pages", 1))):
            page = pages.get(index, {})
            combined["steps"].extend(page.get("steps", []))
            combined["nodes"].update(page.get("nodes", {}))
        try:
            runs.append(RunState.from_content(combined))
        except (KeyError, TypeError, ValueError):
            continue  # another tool's aspect under our schema: not a run we can read
    runs.sort(key=lambda r: (r.started_at, r.id), reverse=True)
    return runs
