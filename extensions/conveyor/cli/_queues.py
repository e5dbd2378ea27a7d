"""``queues`` commands: list, create, show, delete, enqueue, dequeue and drain.

A QUEUE argument is a queue's URN or its name. Dequeued messages are removed
from the queue: ``dequeue`` and ``drain`` print every message they took.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from .._base import quote_filter_value
from .._display import as_dict
from ..errors import Ambiguous, NotFound
from ..queue import DRAIN_BATCH
from ._core import State, load_json_argument, pass_state
from ._resources import _list_kwargs, _list_options, _show

if TYPE_CHECKING:
    from ..queue import Queue, QueueMessage

__all__ = ["queues"]


def find_queue(state: State, name_or_id: str) -> Queue:
    """The queue with this URN, or the one named so."""
    client = state.client()
    if name_or_id.startswith("urn:"):
        return client.queues.get(name_or_id)
    named = f"name == {quote_filter_value(name_or_id)}"
    # The filter matches exactly; checking again guards against a looser platform.
    found = [q for q in client.queues.list(filter=named, limit=2) if q.name == name_or_id]
    if not found:
        raise NotFound(f"no queue named {name_or_id!r}")
    if len(found) > 1:
        raise Ambiguous(
            f"several queues are named {name_or_id!r}; give its URN", [q.id for q in found]
        )
    return found[0]


@click.group()
def queues() -> None:
    """Queues: JSON messages handed between services, each taken once."""


@queues.command("list")
@_list_options
@pass_state
def queues_list(
    state: State, filter_: str | None, order_by: str | None, descending: bool, limit: int
) -> None:
    """List the queues."""
    kwargs = _list_kwargs(state, filter_, order_by, descending, limit)
    found = list(state.client().queues.list(**kwargs))
    if state.json:
        state.echo_json([as_dict(q) for q in found])
        return
    state.table(
        ["name", "id", "description"], ([q.name, q.id, q.description] for q in found), "no queues"
    )


@queues.command("create")
@click.argument("name")
@click.option("--description", help="What the queue is for.")
@pass_state
def queues_create(state: State, name: str, description: str | None) -> None:
    """Create an empty queue called NAME."""
    _show(state, state.client().queues.create(name, description))


@queues.command("show")
@click.argument("queue")
@pass_state
def queues_show(state: State, queue: str) -> None:
    """Show a queue and how many messages it holds."""
    found = find_queue(state, queue)
    if not found._is_full:
        found.refresh()  # a listed queue lacks its counts
    _show(state, found)


@queues.command("delete")
@click.argument("queue")
@pass_state
def queues_delete(state: State, queue: str) -> None:
    """Delete a queue and every message still in it."""
    found = find_queue(state, queue)
    found.delete()
    if state.json:
        state.echo_json({"kind": "queue", "id": found.id, "deleted": True})
    else:
        state.echo(f"deleted {found.id}")


@queues.command("enqueue")
@click.argument("queue")
@click.argument("message")
@click.option("--schema", help="URN of the message's schema (default: its $schema).")
@pass_state
def queues_enqueue(state: State, queue: str, message: str, schema: str | None) -> None:
    """Append MESSAGE (JSON text, @FILE, or - for stdin) to the end of QUEUE."""
    content = load_json_argument(message)
    found = find_queue(state, queue)
    id = found.enqueue(content, schema=schema)
    if state.json:
        state.echo_json({"kind": "message", "id": id, "queue": found.id})
    else:
        state.echo(f"queued {id or 'a message'} on {found.name or found.id}")


def _print_messages(state: State, messages: list[QueueMessage]) -> None:
    if state.json:
        state.echo_json([m.as_dict() for m in messages])
        return
    state.table(
        ["id", "schema", "content"],
        ([m.id, m.schema, json.dumps(m.content, ensure_ascii=False)] for m in messages),
        "the queue is empty",
    )


@queues.command("dequeue")
@click.argument("queue")
@click.option("--limit", type=click.IntRange(min=1), help="Most messages to take.")
@pass_state
def queues_dequeue(state: State, queue: str, limit: int | None) -> None:
    """Take up to --limit messages off the front of QUEUE (they are removed) and print them."""
    _print_messages(state, find_queue(state, queue).dequeue(limit))


@queues.command("drain")
@click.argument("queue")
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=DRAIN_BATCH,
    show_default=True,
    help="Messages per request.",
)
@click.option(
    "--limit", type=click.IntRange(min=0), default=0, help="Most messages to take (0: all)."
)
@pass_state
def queues_drain(state: State, queue: str, batch: int, limit: int) -> None:
    """Take every message off QUEUE until it is empty (or --limit are taken) and print them."""
    _print_messages(state, list(find_queue(state, queue).drain(batch=batch, limit=limit or None)))
