"""``packages`` commands: list, push, pull, status and remove container images.

``push`` takes what ``docker save`` writes (an uncompressed tar) and streams
it part by part; ``pull`` writes such an archive back, which ``docker load``
reads.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from .._display import human_size
from .._upload import check_local_file
from ..package import check_tag
from ._core import State, pass_state
from ._resources import _limit_option

__all__ = ["packages"]


@click.group()
def packages() -> None:
    """Packages: the container images services run."""


@packages.command("list")
@click.option("--tag", help="Only this image: NAME or NAME:TAG.")
@_limit_option
@pass_state
def packages_list(state: State, tag: str | None, limit: int) -> None:
    """List the image tags (name:tag)."""
    found = list(state.client().packages.list(tag=tag, limit=limit or None))
    if state.json:
        state.echo_json(found)
        return
    state.table(["tag"], ([t] for t in found), "no packages")


@packages.command("push")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--tag", help="name:tag to push it under (default: the archive's own tag).")
@click.option("--force", is_flag=True, help="Replace what the platform holds under the tag.")
@pass_state
def packages_push(state: State, archive: Path, tag: str | None, force: bool) -> None:
    """Push an image ARCHIVE (`docker save IMAGE -o ARCHIVE`), streamed from disk.

    An interrupted push leaves nothing visible under the tag: run it again.
    """
    # Refused before the bar shows, so a refusal is one line.
    check_local_file(archive)
    if tag is not None:
        check_tag(tag)
    client = state.client()
    with state.progress(f"pushing {archive.name}", None) as progress:
        pushed = client.packages.push(archive, tag=tag, force=force, progress=progress)
    if state.json:
        state.echo_json({"kind": "package", **dataclasses.asdict(pushed)})
        return
    state.echo(
        f"pushed {pushed.tag} ({pushed.digest}): {pushed.parts} parts, {human_size(pushed.size)}"
        + (f"; {pushed.existing} already stored" if pushed.existing else "")
    )


@packages.command("pull")
@click.argument("tag")
@click.argument("destination", default=".", required=False)
@pass_state
def packages_pull(state: State, tag: str, destination: str) -> None:
    """Pull image TAG into an archive at DESTINATION (a file, or a directory: NAME_TAG.tar)."""
    check_tag(tag)
    client = state.client()
    with state.progress(f"pulling {tag}", None) as progress:
        path = client.packages.pull(tag, destination, progress=progress)
    if state.json:
        state.echo_json({"kind": "package", "tag": tag, "path": str(path)})
    else:
        state.echo(f"saved {tag} to {path} (docker load -i {path})")


@packages.command("status")
@click.argument("tag")
@click.argument("digest")
@pass_state
def packages_status(state: State, tag: str, digest: str) -> None:
    """Whether the part DIGEST, pushed under TAG, has arrived."""
    found = state.client().packages.status(tag, digest)
    if state.json:
        state.echo_json(dataclasses.asdict(found))
    else:
        state.echo(
            f"{found.digest}  {found.status}" + (f"  {found.message}" if found.message else "")
        )


@packages.command("remove")
@click.argument("tag")
@pass_state
def packages_remove(state: State, tag: str) -> None:
    """Remove image TAG from the platform."""
    state.client().packages.remove(tag)
    if state.json:
        state.echo_json({"kind": "package", "tag": tag, "removed": True})
    else:
        state.echo(f"removed {tag}")
