"""``jobs`` commands, ``orders logs``/``orders top``, and ``services create|update|delete``.

Like the other command groups these call the SDK as a Python user would and
print describe() text, a table, or with ``--output json`` the JSON fields.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._display import as_dict
from ._core import State, load_json_argument, pass_state
from ._resources import find_service, orders, services

if TYPE_CHECKING:
    from ..job import Job

__all__ = ["jobs"]


def _payload(text: str) -> Any:
    """A job request from the command line: a JSON file's path, ``@file``, ``-`` (stdin) or JSON."""
    if text not in ("-",) and not text.startswith("@") and Path(text).is_file():
        return load_json_argument("@" + text)
    return load_json_argument(text)


def _show_job(state: State, job: Job, with_result: bool) -> None:
    result = job.result if with_result and job.is_done else None
    if state.json:
        state.echo_json({**as_dict(job), **({"result": result} if with_result else {})})
        return
    state.echo(job.describe())
    if with_result and result is not None:
        state.echo("  result")
        for line in _result_text(result).splitlines():
            state.echo(f"    {line}")


def _result_text(result: Any) -> str:
    if isinstance(result, bytes):
        return f"<{len(result)} bytes>"
    if isinstance(result, str):
        return result
    return json.dumps(result, indent=2, ensure_ascii=False)


@click.group()
def jobs() -> None:
    """Jobs: a service run once on a JSON request."""


@jobs.command("run")
@click.argument("service")
@click.argument("payload")
@click.option("--wait", is_flag=True, help="Wait until the job ends and show its result.")
@click.option(
    "--timeout", type=float, default=600, show_default=True, help="Seconds --wait waits at most."
)
@click.option("--order", help="URN of an order the job belongs to.")
@click.option("--no-validate", is_flag=True, help="Leave checking the request to the platform.")
@pass_state
def jobs_run(
    state: State,
    service: str,
    payload: str,
    wait: bool,
    timeout: float,
    order: str | None,
    no_validate: bool,
) -> None:
    """Run a job: SERVICE (name or URN) on PAYLOAD (a JSON file, @FILE, - for stdin, or JSON).

    The request is checked against the service's request schema first:

        conveyor jobs run word-stats request.json --wait
    """
    request = _payload(payload)
    found = find_service(state, service)
    job = found.request_job(
        request, wait=wait, timeout=timeout if wait else None, order=order, validate=not no_validate
    )
    _show_job(state, job, with_result=wait)


@jobs.command("list")
@click.argument("service")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Most jobs to show (0: all).",
)
@pass_state
def jobs_list(state: State, service: str, limit: int) -> None:
    """List SERVICE's jobs (a name or URN), newest first."""
    found = list(find_service(state, service).jobs.list(limit=limit or None, at_time=state.at_time))
    if state.json:
        state.echo_json([as_dict(j) for j in found])
        return
    state.table(
        ["id", "status", "started at", "finished at"],
        ([j.id, j.status, j.started_at, j.finished_at] for j in found),
        "no jobs",
    )


def _job(state: State, job_id: str, service: str | None) -> Job:
    client = state.client()
    if service is not None and not service.startswith("urn:"):
        service = client.services.get_by_name(service).id
    return client.jobs.get(job_id, service=service)


_service_option = click.option(
    "--service", help="The job's service (name or URN); found from the job's record when not given."
)


@jobs.command("show")
@click.argument("job_id", metavar="JOB")
@_service_option
@pass_state
def jobs_show(state: State, job_id: str, service: str | None) -> None:
    """Show a job: its status, times and result."""
    _show_job(state, _job(state, job_id, service), with_result=True)


@jobs.command("result")
@click.argument("job_id", metavar="JOB")
@_service_option
@pass_state
def jobs_result(state: State, job_id: str, service: str | None) -> None:
    """Print a job's result (JSON as is; nothing while there is none)."""
    result = _job(state, job_id, service).result
    if result is None:
        state.note("no result (yet)")
    elif isinstance(result, bytes):
        sys.stdout.buffer.write(result)
    elif isinstance(result, str):
        state.echo(result)
    else:
        state.echo_json(result)


@orders.command("logs")
@click.argument("order_id", metavar="ORDER")
@click.option("--follow", "-f", is_flag=True, help="Keep printing lines until the order ends.")
@pass_state
def orders_logs(state: State, order_id: str, follow: bool) -> None:
    """Print what ORDER's service printed (an order or job URN)."""
    order = state.client().orders.get(order_id) if ":order:" in order_id else None
    run: Any = order if order is not None else _job(state, order_id, None)
    for line in run.logs(follow=follow):
        click.echo(state.redact(line))


@orders.command("top")
@click.argument("order_id", metavar="ORDER")
@pass_state
def orders_top(state: State, order_id: str) -> None:
    """Show the processes running ORDER now, with their CPU, memory and storage."""
    processes = state.client().orders.get(order_id).top()
    if state.json:
        state.echo_json([_process(p) for p in processes])
        return
    state.table(
        ["container", "cpu", "memory", "storage", "ephemeral storage"],
        ([p.container, p.cpu, p.memory, p.storage, p.ephemeral_storage] for p in processes),
        "nothing running",
    )


def _process(process: Any) -> dict[str, str]:
    return {
        "container": process.container,
        "cpu": process.cpu,
        "memory": process.memory,
        "storage": process.storage,
        "ephemeral_storage": process.ephemeral_storage,
    }


@services.command("create")
@click.argument("definition", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_state
def services_create(state: State, definition: Path) -> None:
    """Publish a service from a JSON DEFINITION file (v0.44 with controller, or v0.43)."""
    service = state.client().services.create(definition)
    _show_service(state, service)


@services.command("update")
@click.argument("service_id", metavar="SERVICE")
@click.argument("definition", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force-create", is_flag=True, help="Publish under SERVICE if it does not exist.")
@pass_state
def services_update(state: State, service_id: str, definition: Path, force_create: bool) -> None:
    """Replace SERVICE's (a URN) definition with the JSON DEFINITION file."""
    service = state.client().services.update(service_id, definition, force_create=force_create)
    _show_service(state, service)


@services.command("delete")
@click.argument("service_id", metavar="SERVICE")
@pass_state
def services_delete(state: State, service_id: str) -> None:
    """Retire SERVICE (a URN); the orders and jobs it ran are kept."""
    state.client().services.delete(service_id)
    if state.json:
        state.echo_json({"id": service_id, "retired": True})
    else:
        state.note(f"retired {service_id}")


def _show_service(state: State, service: Any) -> None:
    if state.json:
        state.echo_json(as_dict(service))
    else:
        state.echo(service.describe())
