"""``conveyor profiles``: the named platforms in the profiles file the SDK reads.

The commands edit the file through `conveyor.ProfileStore`, the class
`Client` reads it with, so the two always agree. Tokens are stored (the file
is created readable by its owner only) but never printed: ``profiles list``
shows only whether a profile has one.
"""

from __future__ import annotations

import sys

import click

from ._core import State, pass_state, usage_error

__all__ = ["profiles"]


@click.group()
def profiles() -> None:
    """Profiles: named platforms (URL and token), like kube contexts."""


@profiles.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--token", help="The platform's token (prefer --token-stdin: not in shell history).")
@click.option("--token-stdin", is_flag=True, help="Read the token from stdin.")
@click.option("--default", "make_default", is_flag=True, help="Make it the default profile.")
@pass_state
def profiles_add(
    state: State, name: str, url: str, token: str | None, token_stdin: bool, make_default: bool
) -> None:
    """Add (or replace) profile NAME for the platform at URL."""
    from .._config import ProfileStore

    if token and token_stdin:
        usage_error("give --token or --token-stdin, not both")
    if token_stdin:
        token = sys.stdin.read().strip() or None
    state.remember_secret(token)
    if "://" not in url:
        usage_error(f"the URL needs a scheme (http:// or https://): {url!r}")
    store = ProfileStore()
    store.add(name, url, token, make_default=make_default)
    default = store.default == name
    if state.json:
        state.echo_json(_entry(name, url, token is not None, default))
    else:
        suffix = " (default)" if default else ""
        state.echo(f"profile {name!r} saved in {store.path}{suffix}")


def _entry(name: str, url: str, has_token: bool, default: bool) -> dict[str, object]:
    return {"name": name, "url": url, "has_token": has_token, "default": default}


@profiles.command("use")
@click.argument("name")
@pass_state
def profiles_use(state: State, name: str) -> None:
    """Make NAME the default profile."""
    from .._config import ProfileStore

    store = ProfileStore()
    store.use(name)
    if state.json:
        profile = store.get(name)
        state.echo_json(_entry(name, profile.url, profile.token is not None, True))
    else:
        state.echo(f"default profile is now {name!r}")


@profiles.command("list")
@pass_state
def profiles_list(state: State) -> None:
    """List the profiles (tokens are never shown, only whether one is set)."""
    from .._config import ProfileStore

    store = ProfileStore()
    default = store.default
    entries = [_entry(p.name, p.url, p.token is not None, p.name == default) for p in store]
    if state.json:
        state.echo_json(entries)
        return
    state.table(
        ["", "name", "url", "token"],
        (
            ["*" if e["default"] else "", e["name"], e["url"], "set" if e["has_token"] else ""]
            for e in entries
        ),
        f"no profiles in {store.path}: add one with `conveyor profiles add NAME URL`",
    )


@profiles.command("remove")
@click.argument("name")
@pass_state
def profiles_remove(state: State, name: str) -> None:
    """Remove profile NAME."""
    from .._config import ProfileStore

    store = ProfileStore()
    store.remove(name)
    if state.json:
        state.echo_json({"removed": name})
    else:
        state.echo(f"removed profile {name!r}")
