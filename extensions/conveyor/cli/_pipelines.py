"""``pipelines`` commands: plan, run, resume, show and list.

A FILE.py defines the pipeline: a module-level ``pipeline`` (a `Pipeline`
made without a client), or a function ``pipeline(client)`` returning one.
The command gives it the client of the global options. ``run`` is
idempotent: run again unchanged it sends nothing, so a scheduler (cron,
systemd timers, Airflow) calls it as it is; there is no scheduler here.

Exit statuses: 0 when every node succeeded (or nothing was left to do), 1
when a node failed or the platform could not be reached (the run can be
resumed), 2 when the definition is refused (before anything is sent), 130
on Ctrl-C (resumable too).
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import InvalidParameter
from ._core import EXIT_ERROR, State, fail, pass_state

if TYPE_CHECKING:
    from ..pipeline import Pipeline, PipelineRun

__all__ = ["pipelines"]

_SHOWN_EVENTS = {"submitted": "sent", "done": "done", "failed": "FAILED", "skipped": "skipped"}


def load_pipeline(state: State, file: str) -> Pipeline:
    """The pipeline FILE.py defines (``pipeline``, or ``pipeline(client)``), its source noted."""
    from ..pipeline import Pipeline

    path = Path(file)
    if not path.is_file():
        raise InvalidParameter(f"FILE: no such file: {file}", parameter="FILE", value=file)
    namespace = runpy.run_path(str(path), run_name="__pipeline__")
    found = namespace.get("pipeline")
    if callable(found) and not isinstance(found, Pipeline):
        found = found(state.client())
    if not isinstance(found, Pipeline):
        defined = [v for v in namespace.values() if isinstance(v, Pipeline)]
        if len(defined) != 1:
            raise InvalidParameter(
                f"FILE: {file} must define `pipeline` (a Pipeline, or a function of the client "
                "returning one)",
                parameter="FILE",
                value=file,
            )
        found = defined[0]
    found.source = str(path.resolve())
    return found


def _progress(state: State, quiet: bool) -> Any:
    if quiet or state.json:
        return None

    def show(event: dict[str, Any]) -> None:
        word = _SHOWN_EVENTS.get(event["e"])
        if word is None or (event["e"] == "done" and event.get("cached")):
            return
        what = event.get("urn") or event.get("error") or ""
        state.note(f"  {word:<8} {event['node']}  {what}")

    return show


def _options(
    state: State, max_parallel: int, keep_going: bool, timeout: float | None, quiet: bool
) -> dict[str, Any]:
    """The keyword arguments of `Pipeline.run` and `Pipeline.resume` from the flags."""
    return {
        "max_parallel": max_parallel,
        "on_failure": "continue" if keep_going else "stop",
        "timeout": timeout,
        "on_event": _progress(state, quiet),
    }


def _report(state: State, run: PipelineRun) -> None:
    if state.json:
        state.echo_json(run.to_dict())
        return
    state.echo(run.describe())


def _finish(ctx: click.Context, state: State, go: Any) -> None:
    """Run ``go()`` and print the run, or the failed run and why (exit 1)."""
    from ..pipeline import PipelineFailed

    try:
        run = go()
    except PipelineFailed as failed:
        result: Any = failed.run  # a PipelineRun: the command line runs sync pipelines
        _report(state, result)
        for node in result.failures[:3]:
            try:
                tail = node.logs()[-5:]
            except Exception:  # the logs are a courtesy: the failure is reported anyway
                tail = []
            for line in tail:
                state.note(f"  {node.name} | {line}")
        hint = f"conveyor pipelines resume {failed.run.id}"
        fail(ctx, failed, EXIT_ERROR, hint=f"fix it, then: {hint}")
    _report(state, run)


@click.group()
def pipelines() -> None:
    """Pipelines: DAGs of orders and jobs, planned, run, resumed (see the pipelines guide)."""


@pipelines.command("plan")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_state
def pipelines_plan(state: State, file: str) -> None:
    """Check FILE.py's pipeline and show what a run would do; writes nothing."""
    pipeline = load_pipeline(state, file)
    plan = pipeline.plan(state.client())
    if state.json:
        state.echo_json(plan.to_dict())
    else:
        state.echo(plan.describe())


def _run_options(command: Any) -> Any:
    command = click.option("--quiet", "-q", is_flag=True, help="Print only the result.")(command)
    command = click.option(
        "--timeout", type=float, help="Give up waiting for any one order after SECONDS."
    )(command)
    command = click.option(
        "--continue",
        "keep_going",
        is_flag=True,
        help="Go on with independent branches after a failure (default: stop).",
    )(command)
    return click.option(
        "--max-parallel",
        type=click.IntRange(min=1),
        default=4,
        show_default=True,
        help="At most this many orders and jobs in progress at once.",
    )(command)


@pipelines.command("run")
@click.argument("file", type=click.Path(dir_okay=False))
@_run_options
@click.pass_context
@pass_state
def pipelines_run(
    state: State,
    ctx: click.Context,
    file: str,
    max_parallel: int,
    keep_going: bool,
    timeout: float | None,
    quiet: bool,
) -> None:
    """Run FILE.py's pipeline; what earlier runs did is reused (run again: nothing is sent)."""
    pipeline = load_pipeline(state, file)
    options = _options(state, max_parallel, keep_going, timeout, quiet)
    _finish(ctx, state, lambda: pipeline.run(state.client(), **options))


@pipelines.command("resume")
@click.argument("run")
@click.option(
    "--file",
    type=click.Path(dir_okay=False),
    help="Resume with this definition (default: the steps the run recorded).",
)
@_run_options
@click.pass_context
@pass_state
def pipelines_resume(
    state: State,
    ctx: click.Context,
    run: str,
    file: str | None,
    max_parallel: int,
    keep_going: bool,
    timeout: float | None,
    quiet: bool,
) -> None:
    """Go on with RUN (its id) after a crash, Ctrl-C or failure; nothing is sent twice."""
    from ..pipeline import Pipeline, find_run

    client = state.client()
    found = find_run(client, run)
    pipeline = load_pipeline(state, file) if file else Pipeline.from_run(found, client)
    options = _options(state, max_parallel, keep_going, timeout, quiet)
    _finish(ctx, state, lambda: pipeline.resume(found.id, client, **options))


@pipelines.command("show")
@click.argument("run")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["table", "ascii", "mermaid", "dot", "svg"]),
    default="table",
    show_default=True,
    help="A table of the nodes, or a picture of the DAG.",
)
@pass_state
def pipelines_show(state: State, run: str, format_: str) -> None:
    """Show RUN (its id): each node's status, order and error, or a picture."""
    from ..pipeline import find_run

    found = find_run(state.client(), run)
    if state.json:
        state.echo_json(found.to_dict())
    elif format_ == "table":
        state.echo(found.describe())
    elif format_ == "ascii":
        state.echo(found.to_ascii())
    else:
        state.echo(getattr(found, f"to_{format_}")())


@pipelines.command("list")
@click.argument("pipeline", required=False)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@pass_state
def pipelines_list(state: State, pipeline: str | None, limit: int) -> None:
    """List pipeline runs (of PIPELINE), newest first: the platform's and this machine's."""
    from ..pipeline import list_runs

    found = list_runs(state.client(), pipeline)[:limit]
    if state.json:
        state.echo_json([run.to_dict() for run in found])
        return
    rows = []
    for run in found:
        done = sum(1 for n in run.nodes.values() if n.status == "succeeded")
        rows.append(
            [run.id, run.pipeline, run.status, run._state.started_at, f"{done}/{len(run.nodes)}"]
        )
    state.table(["run", "pipeline", "status", "started", "done"], rows, "no pipeline runs")
