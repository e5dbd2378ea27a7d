"""``secrets`` commands: list, get (the value only with ``--reveal``), set.

A secret's value is never taken from the command line (it would stay in the
shell's history): ``set`` prompts for it without echoing, or reads it from a
file or stdin. Every value the client has seen is blanked out of what the
command line prints, except the one ``get --reveal`` was asked for.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._display import as_dict, printable
from ..secret import check_secret_name
from ._core import State, pass_state, usage_error
from ._resources import _limit_option, _show

__all__ = ["secrets"]


@click.group()
def secrets() -> None:
    """Secrets: named values for services; their values show only with --reveal."""


@secrets.command("list")
@click.option("--filter", "filter_", metavar="REGEX", help="Only names matching this (e.g. ^db-).")
@_limit_option
@pass_state
def secrets_list(state: State, filter_: str | None, limit: int) -> None:
    """List the secrets: names and expiry, never values."""
    found = list(state.client().secrets.list(filter=filter_, limit=limit or None))
    if state.json:
        state.echo_json([as_dict(s) for s in found])
        return
    state.table(
        ["name", "expires"], ([s.name, s.expires_at or "never"] for s in found), "no secrets"
    )


@secrets.command("get")
@click.argument("name")
@click.option("--reveal", is_flag=True, help="Print the value too (as the platform answers it).")
@pass_state
def secrets_get(state: State, name: str, reveal: bool) -> None:
    """Show secret NAME; its value only with --reveal.

    The platform may answer a digest of the value rather than the value.
    """
    secret = state.client().secrets.get(name)
    if not reveal:
        _show(state, secret)
        return
    value = secret.reveal()
    # Printed past the redaction on purpose: this is the one place it was asked for.
    if state.json:
        import json

        text = json.dumps({**as_dict(secret), "value": value}, indent=2, ensure_ascii=False)
        click.echo(text)
    else:
        state.echo(secret.describe())
        click.echo(f"  value  {printable(value or '')}")


def _read_value(value_file: str | None) -> str:
    if value_file == "-" or (value_file is None and not sys.stdin.isatty()):
        text = sys.stdin.read()
    elif value_file is not None:
        text = Path(value_file).read_text(encoding="utf-8")
    else:
        text = click.prompt("value", hide_input=True, confirmation_prompt=True, err=True)
    # A file or pipe usually ends with one newline that is not part of the value.
    text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        usage_error("the secret's value is empty")
    return text


@secrets.command("set")
@click.argument("name")
@click.option(
    "--value-file",
    metavar="FILE",
    help="Read the value from FILE ('-': stdin); by default it is asked for, unechoed.",
)
@click.option("--expires", metavar="WHEN", help="When it expires (date text); default never.")
@click.option("--type", "secret_type", help="How the platform keeps it, such as 'raw'.")
@pass_state
def secrets_set(
    state: State,
    name: str,
    value_file: str | None,
    expires: str | None,
    secret_type: str | None,
) -> None:
    """Store a value under NAME, replacing any value it had (never given on the command line)."""
    check_secret_name(name)  # before the value is asked for
    value = _read_value(value_file)
    state.remember_secret(value)
    secret = state.client().secrets.set(name, value, expires=expires, secret_type=secret_type)
    _show(state, secret)
