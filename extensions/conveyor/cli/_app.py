"""The root ``conveyor`` group: global options, and every command attached to it."""

from __future__ import annotations

import click

from .._version import __version__
from ..errors import InvalidParameter
from ._core import (
    ConveyorGroup,
    State,
    disable_debug_logging,
    enable_debug_logging,
    hide_retries,
    parse_when,
    show_retries,
)
from ._demo import demo
from ._packages import packages
from ._pipelines import pipelines
from ._profiles import profiles
from ._projects import projects
from ._queues import queues
from ._resources import artifacts, aspects, lineage, orders, search, services
from ._runs import jobs
from ._sandbox import sandbox
from ._secrets import secrets

__all__ = ["cli"]


def _at_time(ctx: click.Context, param: click.Parameter, value: str | None) -> object:
    if value is None:
        return None
    try:
        return parse_when(value)
    except InvalidParameter:
        raise click.BadParameter(
            f"not a date or time: {value!r} (try '2024-05-01 14:00', 'yesterday', '2 hours ago')"
        ) from None


@click.group(cls=ConveyorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--profile", envvar="CONVEYOR_PROFILE", help="Profile to use (see `profiles`).")
@click.option("--url", help="Platform URL (overrides the environment and profiles).")
@click.option(
    "--token",
    help="Token for --url (default: $CONVEYOR_TOKEN). Prefer profiles: not in shell history.",
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Tables for people, or JSON for programs.",
)
@click.option(
    "--at-time",
    callback=_at_time,
    metavar="WHEN",
    help="List things as they were then: any date text ('2024-05-01 14:00', '3 days ago').",
)
@click.option("--timeout", type=float, help="Seconds per request (default 30).")
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    help="Retries of failed idempotent requests (default 4; 0 turns retrying off).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and HTTP requests (tokens hidden).")
@click.version_option(__version__, prog_name="conveyor")
@click.pass_context
def cli(
    ctx: click.Context,
    profile: str | None,
    url: str | None,
    token: str | None,
    output: str,
    at_time: object,
    timeout: float | None,
    retries: int | None,
    debug: bool,
) -> None:
    """Conveyor: services, orders, artifacts and metadata on an IVCAP-compatible platform.

    The platform comes from --url, --profile, CONVEYOR_URL/CONVEYOR_TOKEN, or
    the default profile, in that order. Start with `conveyor demo`.
    """
    state = State(
        profile=profile,
        url=url,
        token=token,
        output=output,
        at_time=at_time,  # type: ignore[arg-type]
        debug=debug,
        timeout=timeout,
        retries=retries,
    )
    ctx.obj = state
    ctx.call_on_close(state.close)
    show_retries(state)
    ctx.call_on_close(hide_retries)
    if debug:
        enable_debug_logging(state)
        ctx.call_on_close(disable_debug_logging)


for command in (
    services,
    orders,
    jobs,
    artifacts,
    aspects,
    secrets,
    queues,
    projects,
    packages,
    pipelines,
    search,
    lineage,
    profiles,
    sandbox,
    demo,
):
    cli.add_command(command)
