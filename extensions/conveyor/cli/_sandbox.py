"""``conveyor sandbox serve``: run the local platform in the foreground.

The options are those of ``python -m conveyor_sandbox``. Unlike that
developer tool, this command never prints the token: it saves the URL and
token as a profile (``sandbox`` unless ``--profile-name`` says otherwise), so
``conveyor --profile sandbox ...`` and ``Client(profile="sandbox")`` connect
to it at once.
"""

from __future__ import annotations

import shlex
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click

from ._core import State, pass_state

__all__ = ["sandbox"]


@click.group()
def sandbox() -> None:
    """The local sandbox platform (SQLite and files, built-in demo services)."""


def _default_port() -> int:
    try:
        from conveyor_sandbox._cli import DEFAULT_PORT
    except ImportError:  # pragma: no cover - depends on the installation
        return 8088
    return DEFAULT_PORT


@sandbox.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=_default_port,
    show_default=True,
    help="Port (0 picks a free one).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where records and content are kept (default: a temporary directory, removed on exit).",
)
@click.option(
    "--token",
    "sandbox_token",
    envvar="CONVEYOR_SANDBOX_TOKEN",
    help="Token clients must send (default: $CONVEYOR_SANDBOX_TOKEN, else generated).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Orders run at once.",
)
@click.option("--max-upload-size", type=click.IntRange(min=1), help="Largest artifact in bytes.")
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0, min_open=True, max=86400),
    help="Seconds a request may leave its headers or body without a byte before it is "
    "abandoned and its connection closed (default 30).",
)
@click.option(
    "--profile-name",
    default="sandbox",
    show_default=True,
    help="Save the URL and token as this profile.",
)
@click.option("--no-profile", is_flag=True, help="Do not save a profile.")
@pass_state
def serve(
    state: State,
    host: str,
    port: int,
    data_dir: Path | None,
    sandbox_token: str | None,
    workers: int,
    max_upload_size: int | None,
    read_timeout: float | None,
    profile_name: str,
    no_profile: bool,
) -> None:
    """Serve a sandbox platform until Ctrl-C."""
    try:
        from conveyor_sandbox import SandboxServer
        from conveyor_sandbox._connection import READ_TIMEOUT
    except ImportError:  # pragma: no cover - depends on the installation
        raise click.ClickException(
            "the sandbox is not installed: pip install 'conveyor[sandbox]'"
        ) from None
    state.remember_secret(sandbox_token)
    server = SandboxServer(
        data_dir=data_dir,
        token=sandbox_token,
        host=host,
        port=port,
        workers=workers,
        max_upload_size=max_upload_size,
        read_timeout=READ_TIMEOUT if read_timeout is None else read_timeout,
    )
    state.remember_secret(server.token)
    try:
        server.start()
    except (OSError, RuntimeError) as exc:
        server.stop()
        raise click.ClickException(f"cannot serve on {host}:{port}: {exc}") from None
    try:
        _announce(state, server, None if no_profile else profile_name, sandbox_token is not None)
        _wait_for_signal()
    finally:
        server.stop()
    state.note("sandbox stopped")


def _announce(state: State, server: Any, profile: str | None, token_given: bool) -> None:
    state.echo(f"Conveyor sandbox serving at {server.url}")
    state.echo(f"  data dir: {server.data_dir}")
    if profile:
        from .._config import ProfileStore

        store = ProfileStore()
        store.add(profile, server.url, server.token)
        state.echo(f"  profile:  {profile!r} saved in {store.path} (URL and token)")
        state.echo(f"  try:      conveyor --profile {profile} services list")
    elif token_given:
        state.echo("  token:    the one given with --token / $CONVEYOR_SANDBOX_TOKEN")
    else:
        state.echo("  token:    generated; in the export line below")
    # The one place the token is printed: the user asked to serve, and a shell needs
    # these lines to reach the sandbox. It bypasses redaction (state.echo would blank
    # it); nothing else prints or logs it.
    click.echo("To reach it from another shell:")
    click.echo(
        f"  export CONVEYOR_URL={shlex.quote(server.url)} "
        f"CONVEYOR_TOKEN={shlex.quote(server.token)}"
    )
    state.echo("Press Ctrl-C to stop.")
    sys.stdout.flush()


def _wait_for_signal() -> None:
    done = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        done.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        # wait() with a timeout keeps the main thread responsive to signals everywhere.
        while not done.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
