"""Resuming: finding a run again, and finding what it sent without a record.

Nothing is sent twice because every order a pipeline places carries its
node's key as a tag (``conveyor:key=<key>``) and its name is
``<pipeline>/<node>``. Before sending a node that an earlier attempt *may*
have sent (its ``submit`` line has no ``submitted`` after it, or a crashed
run's snapshot lags), the platform is asked for orders of that name and
service, and one carrying the key is adopted instead. Jobs carry no tags: a
pipeline records the key in an aspect on each job, and a job sent without
that record is recognised by its service, its time and its request.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from conveyor_api.api.jobs import list_jobs
from conveyor_api.api.orders import list_orders
from conveyor_api.models.job_list import JobList
from conveyor_api.models.order_list import OrderList

from .._base import quote_filter_value, unset_none
from .._call import Flow, one
from .._resources import ListArgs, list_builder
from ..errors import NotFound
from ._journal import (
    FAILED,
    NODE_SCHEMA,
    LocalJournal,
    NodeState,
    RunState,
    read_job_request_flow,
)
from ._keys import Step
from ._snapshot import platform_runs_flow

__all__ = [
    "KEY_TAG",
    "find_job_flow",
    "find_order_flow",
    "load_run_flow",
    "merge_states",
    "order_name",
    "order_tags",
]

KEY_TAG = "conveyor:key="
"""The tag prefix carrying a node's idempotency key on its order."""
_LOOKUP_MARGIN = 300  # seconds allowed for clock skew when looking for a job by its time


def order_name(pipeline: str, step: str) -> str:
    """The name of a node's order on the platform."""
    return f"{pipeline}/{step}"


def order_tags(pipeline: str, step: Step, run: str, attempt: int) -> list[str]:
    """The tags a node's order carries: who placed it, and the key it is looked up by."""
    return [
        *step.options.get("tags", []),
        f"conveyor:pipeline={pipeline}",
        f"conveyor:node={step.name}",
        f"{KEY_TAG}{step.key}",
        f"conveyor:run={run}",
        f"conveyor:attempt={attempt}",
    ]


def find_order_flow(client: Any, pipeline: str, step: Step, adopted: set[str]) -> Flow[Any | None]:
    """An order (full record) already placed for ``step``'s key and not failed, if any.

    Newest first; orders another node adopted in this run are passed over.
    """
    assert step.service is not None
    name = order_name(pipeline, step.name)
    service = quote_filter_value(step.service)
    args = ListArgs(filter=f"name == {quote_filter_value(name)} and service == {service}")
    pager = args.pager(client, list_builder(list_orders, args), OrderList, list)
    items = yield from pager._all_flow()
    orders = client.orders
    wanted = KEY_TAG + step.key
    for item in items:
        if item.id in adopted or item.status in FAILED:
            continue
        try:
            record = yield from one(orders._get_call(item.id))
        except NotFound:
            continue
        tags = unset_none(record.tags) or []
        if wanted in tags and record.status not in FAILED:
            return record
    return None


def find_job_flow(
    client: Any, step: Step, payload: Any, since: float | None, adopted: set[str]
) -> Flow[Any | None]:
    """A job already running ``step`` (recorded by its aspect, or by its request), if any.

    ``since`` (seconds since the epoch) bounds the search to jobs requested
    after the earliest attempt could have been sent.
    """
    import datetime as dt

    assert step.service is not None
    service = step.service
    filter_text = None
    if since is not None:
        start = dt.datetime.fromtimestamp(since - _LOOKUP_MARGIN, dt.UTC)
        filter_text = f"requested-at >= '{start.strftime('%Y-%m-%dT%H:%M:%SZ')}'"
    args = ListArgs(filter=filter_text)
    pager = args.pager(client, list_builder(list_jobs, args, path_args=(service,)), JobList, list)
    items = yield from pager._all_flow()
    wanted = _canonical(payload)
    for item in items:
        if item.id in adopted or item.status in FAILED:
            continue
        records = yield from client.aspects._about_flow(item.id, schema=NODE_SCHEMA)
        keys = [_aspect_key(record) for record in records]
        if step.key in keys:
            return item
        if keys:
            continue  # recorded for another node
        request, _ = yield from read_job_request_flow(client, service, item.id)
        if _canonical(request) == wanted:
            return item
    return None


def _aspect_key(record: Any) -> str | None:
    content = unset_none(getattr(record, "content", None))
    data = getattr(content, "additional_properties", None) or {}
    key = data.get("key")
    return key if isinstance(key, str) else None


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def merge_states(accounts: Iterable[RunState]) -> RunState | None:
    """One account of a run from several (local journal, platform snapshot): the furthest on.

    Per node, the state that went further (done over submitted over
    submitting over planned) wins; the run is complete if any account is.
    """
    merged: RunState | None = None
    for account in accounts:
        if merged is None:
            merged = account
            continue
        if len(account.steps) > len(merged.steps):
            merged.steps = account.steps
        for name, node in account.nodes.items():
            mine = merged.nodes.get(name)
            if mine is None or (mine.key == node.key and _rank(node) > _rank(mine)):
                merged.nodes[name] = node
        merged.complete = merged.complete or account.complete
        if account.updated_at > merged.updated_at:
            merged.status = account.status
            merged.updated_at = account.updated_at
    return merged


def _rank(node: NodeState) -> int:
    order = {"planned": 0, "stopped": 0, "skipped": 0, "submitting": 1, "submitted": 2}
    if node.status == "succeeded":
        return 4
    if node.status in FAILED:
        return 3
    return order.get(node.status, 2)


def load_run_flow(client: Any, run: str, root: Path, pipeline: str | None) -> Flow[RunState]:
    """The run ``run`` as its local journal and its platform snapshot tell it, merged.

    Raises:
        NotFound: Neither this machine nor the platform knows the run.
    """
    accounts: list[RunState] = []
    folders = [root / pipeline] if pipeline else (list(root.iterdir()) if root.is_dir() else [])
    for folder in folders:
        path = folder / f"{run}.jsonl"
        if path.is_file():
            state = LocalJournal.read(path)
            if state is not None:
                accounts.append(state)
    accounts.extend((yield from platform_runs_flow(client, run=run)))
    merged = merge_states(accounts)
    if merged is None:
        raise NotFound(f"no pipeline run {run!r} here or on the platform")
    return merged
