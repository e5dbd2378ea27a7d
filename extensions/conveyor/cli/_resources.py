"""``services``, ``orders``, ``artifacts``, ``aspects``, ``search`` and ``lineage`` commands.

Each command is a thin layer over the SDK: it calls the same methods a Python
user would, then prints a table (or describe() text) or, with ``--output
json``, the fields of `conveyor._display.as_dict`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._display import as_dict, describe, human_size, printable
from .._parameters import check_order_parameters
from .._upload import check_local_file
from ..errors import InvalidParameter, WaitTimeout
from ._core import (
    EXIT_INTERRUPTED,
    EXIT_TIMEOUT,
    State,
    cli_parameter_names,
    fail,
    load_json_argument,
    mapping_rows,
    parse_pairs,
    pass_state,
    usage_error,
)

if TYPE_CHECKING:
    from .._parameters import ServiceParameter
    from ..artifact import Artifact
    from ..order import Order
    from ..service import Service

__all__ = ["artifacts", "aspects", "find_service", "lineage", "orders", "search", "services"]

DEFAULT_LIMIT = 50
"""Rows a list command shows unless ``--limit`` says otherwise (``--limit 0``: all)."""


def _limit_option(func: Any) -> Any:
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        default=DEFAULT_LIMIT,
        show_default=True,
        help="Most items to show (0: all).",
    )(func)


def _list_options(func: Any) -> Any:
    func = _limit_option(func)
    func = click.option("--filter", "filter_", help="Filter expression, e.g. \"name ~= 'a%'\".")(
        func
    )
    func = click.option("--order-by", help="Comma-separated fields to sort by.")(func)
    func = click.option("--descending", is_flag=True, help="Sort in descending order.")(func)
    return func


def _list_kwargs(
    state: State, filter_: str | None, order_by: str | None, descending: bool, limit: int
) -> dict[str, Any]:
    return {
        "filter": filter_,
        "order_by": order_by,
        "descending": True if descending else None,
        "at_time": state.at_time,
        "limit": limit or None,
    }


def _show(state: State, entity: Any, extra: dict[str, Any] | None = None) -> None:
    """One entity: describe() text, or its JSON fields (plus ``extra`` sections)."""
    if state.json:
        state.echo_json({**as_dict(entity), **(extra or {})})
    else:
        state.echo(entity.describe())


def find_service(state: State, name_or_id: str) -> Service:
    """The service named ``name_or_id``, or with that URN.

    A name that matches nothing is answered with the closest names there are
    (one more listing, only on the way to that error).
    """
    client = state.client()
    if name_or_id.startswith("urn:"):
        return client.services.get(name_or_id)
    return client.services.get_by_name(name_or_id)


# -- services -------------------------------------------------------------------------


@click.group()
def services() -> None:
    """Services: what the platform can run."""


@services.command("list")
@_list_options
@pass_state
def services_list(
    state: State, filter_: str | None, order_by: str | None, descending: bool, limit: int
) -> None:
    """List the platform's services."""
    found = list(
        state.client().services.list(**_list_kwargs(state, filter_, order_by, descending, limit))
    )
    if state.json:
        state.echo_json([as_dict(s) for s in found])
        return
    state.table(
        ["name", "id", "description"],
        ([s.name, s.id, s.description] for s in found),
        "no services",
    )


@services.command("show")
@click.argument("service")
@pass_state
def services_show(state: State, service: str) -> None:
    """Show a service and its parameters (SERVICE: a name or URN)."""
    found = find_service(state, service)
    if not found.is_complete:
        found.refresh()
    _show(state, found)


# -- orders ---------------------------------------------------------------------------


@click.group()
def orders() -> None:
    """Orders: runs of a service with concrete parameters."""


@orders.command("place")
@click.argument("service")
@click.argument("parameters", nargs=-1)
@click.option("--name", help="A name to recognise the order by.")
@click.option("--tag", "tags", multiple=True, help="A tag for the order (repeatable).")
@click.option("--wait", is_flag=True, help="Wait until the order finishes; fail if it fails.")
@click.option(
    "--timeout", type=float, default=600, show_default=True, help="Seconds --wait waits at most."
)
@pass_state
def orders_place(
    state: State,
    service: str,
    parameters: tuple[str, ...],
    name: str | None,
    tags: tuple[str, ...],
    wait: bool,
    timeout: float,
) -> None:
    """Place an order: SERVICE (name or URN) and PARAMETERS as name=value pairs.

    Parameter names and values are checked against the service's declared
    types before anything is uploaded or sent. An artifact parameter takes an
    artifact URN, or @FILE to upload FILE first:

        conveyor orders place word-count text=@notes.txt min-length=3 --wait

    With --wait, a timeout exits 124 and Ctrl-C 130; either way the order runs
    on, and the command to go on waiting is printed.
    """
    given: dict[str, Any] = parse_pairs(parameters)
    found = find_service(state, service)
    definitions = found.parameters
    files = {k: Path(v[1:]) for k, v in given.items() if v.startswith("@") and len(v) > 1}
    with cli_parameter_names(definitions):
        # Every name, type and file is checked before the first byte is uploaded,
        # so a mistyped parameter never leaves an uploaded artifact behind.
        _check_order(definitions, given, files)
        for key, path in files.items():
            given[key] = _upload(state, path).id
        client = state.client()
        order = client.orders.create(found, given, name=name, tags=list(tags) or None)
    if wait:
        _wait(state, order, timeout)
    _show_order(state, order)


_PLACEHOLDER_ARTIFACT = "urn:ivcap:artifact:00000000-0000-4000-8000-000000000000"
"""What an ``@FILE`` value stands in for while the parameters are checked before the upload."""


def _check_order(
    definitions: list[ServiceParameter], given: dict[str, Any], files: dict[str, Path]
) -> None:
    """Refuse the order's parameters as placing it would, and each ``@FILE``, before any upload.

    Raises:
        InvalidParameter: An unknown, missing or mistyped parameter; ``@FILE``
            for a parameter that takes no artifact; a directory for ``@FILE``.
        LocalFileNotFound: A ``@FILE`` that does not exist.
    """
    by_name = {p.name: p for p in definitions} | {p.python_name: p for p in definitions}
    for key in files:
        definition = by_name.get(key)
        if definition is not None and definition.type != "artifact":
            raise InvalidParameter(
                f"{key}: @FILE uploads a file as an artifact, but {key} takes "
                f"{'an' if definition.type[:1] in 'aeiou' else 'a'} {definition.type}",
                parameter=key,
                value=given[key],
            )
    check_order_parameters(definitions, {**given, **dict.fromkeys(files, _PLACEHOLDER_ARTIFACT)})
    for key, path in files.items():
        check_local_file(path, key)


def _wait(state: State, order: Order, timeout: float) -> None:
    """Wait for ``order``; on a timeout or Ctrl-C, say how to go on waiting, and exit.

    A timeout exits with `EXIT_TIMEOUT`, Ctrl-C with `EXIT_INTERRUPTED`; the
    order runs on either way.
    """
    again = f"conveyor orders wait {order.id}"
    console = state.console(stderr=True)
    try:
        if console.is_terminal and not state.json:
            from rich.text import Text

            with console.status(Text(f"waiting for order {order.id} ...")):
                order.wait(timeout=timeout)
        else:
            order.wait(timeout=timeout)
    except WaitTimeout as exc:
        fail(click.get_current_context(), exc, EXIT_TIMEOUT, f"it runs on, to wait again: {again}")
    except KeyboardInterrupt:
        state.note(f"interrupted: order {order.id} runs on, to wait again: {again}")
        click.get_current_context().exit(EXIT_INTERRUPTED)


def _show_order(state: State, order: Order) -> None:
    products = order.products if order.is_done else []
    # The service by name, as `orders list` shows it, beside its URN (one request).
    names = {order.service_id: order.service.name or ""} if order.service_id else {}
    if state.json:
        state.echo_json({**as_dict(order, names), "products": [as_dict(p) for p in products]})
        return
    state.echo(describe(order, names))
    if products:
        state.echo("  products")
        for product in products:
            state.echo(printable(f"    {product.id}  {product.name}  {human_size(product.size)}"))


@orders.command("list")
@_list_options
@pass_state
def orders_list(
    state: State, filter_: str | None, order_by: str | None, descending: bool, limit: int
) -> None:
    """List orders."""
    found = list(
        state.client().orders.list(**_list_kwargs(state, filter_, order_by, descending, limit))
    )
    names = _service_names(state) if found else {}
    if state.json:
        state.echo_json([as_dict(o, names) for o in found])
        return
    state.table(
        ["id", "name", "status", "service", "ordered at"],
        (
            [o.id, o.name, o.status, names.get(o.service_id or "", o.service_id), o.ordered_at]
            for o in found
        ),
        "no orders",
    )


def _service_names(state: State) -> dict[str, str]:
    """Service URN to name, so order tables show ``word-count`` rather than a URN."""
    return {s.id: s.name or s.id for s in state.client().services.list()}


@orders.command("show")
@click.argument("order_id", metavar="ORDER")
@pass_state
def orders_show(state: State, order_id: str) -> None:
    """Show an order, its parameters and its products."""
    _show_order(state, state.client().orders.get(order_id))


@orders.command("wait")
@click.argument("order_id", metavar="ORDER")
@click.option(
    "--timeout", type=float, default=600, show_default=True, help="Seconds to wait at most."
)
@pass_state
def orders_wait(state: State, order_id: str, timeout: float) -> None:
    """Wait until an order finishes; exit 1 if it failed, 124 if the timeout passed first."""
    order = state.client().orders.get(order_id)
    _wait(state, order, timeout)
    _show_order(state, order)


# -- artifacts ------------------------------------------------------------------------


@click.group()
def artifacts() -> None:
    """Artifacts: stored files (upload, download, inspect)."""


def _upload(
    state: State,
    path: Path,
    name: str | None = None,
    content_type: str | None = None,
    force: bool = False,
    chunk_size: int | None = None,
) -> Artifact:
    stdin = str(path) == "-"
    size = None if stdin else path.stat().st_size
    label = f"uploading {'stdin' if stdin else path.name}"
    sent: list[int] = []
    with state.progress(label, size) as progress:

        def report(done: int, total: int) -> None:
            sent.append(done)
            progress(done, total)

        artifact = state.client().artifacts.upload(
            sys.stdin.buffer if stdin else path,
            name=name,
            content_type=content_type,
            force=force,
            chunk_size=chunk_size,
            progress=report,
        )
        if not sent and artifact.size is not None:
            # Nothing was sent: the SDK found this content already on the platform.
            progress(artifact.size, artifact.size)
    if not sent:
        state.note(f"same content already uploaded as {artifact.id} (--force uploads it again)")
    return artifact


@artifacts.command("upload")
@click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)
)
@click.option("--name", help="The artifact's name (default: the file's name).")
@click.option("--content-type", help="Media type (default: guessed from the file name).")
@click.option("--force", is_flag=True, help="Upload even if the same content was uploaded before.")
@click.option("--chunk-size", type=click.IntRange(min=1), help="Bytes per upload request.")
@pass_state
def artifacts_upload(
    state: State,
    file: Path,
    name: str | None,
    content_type: str | None,
    force: bool,
    chunk_size: int | None,
) -> None:
    """Upload FILE, or stdin for '-' (resumable: run it again after an interruption to continue)."""
    _show(state, _upload(state, file, name, content_type, force, chunk_size))


@artifacts.command("download")
@click.argument("artifact_id", metavar="ARTIFACT")
@click.argument("destination", default=".", required=False)
@pass_state
def artifacts_download(state: State, artifact_id: str, destination: str) -> None:
    """Save an artifact's content to DESTINATION (a file or directory; '-' for stdout).

    A progress bar shows on stderr while the content arrives.
    """
    artifact = state.client().artifacts.get(artifact_id)
    label = f"downloading {artifact.name or artifact.id}"
    with state.progress(label, artifact.size) as progress:
        if destination == "-":
            out = sys.stdout.buffer
            done = 0
            for piece in artifact.iter_bytes():
                out.write(piece)
                done += len(piece)
                progress(done, artifact.size if artifact.size is not None else -1)
            out.flush()
            return
        path = artifact.download(destination, progress=progress)
    if state.json:
        state.echo_json({**as_dict(artifact), "path": str(path)})
    else:
        state.echo(printable(f"saved {artifact.name or artifact.id} to {path}"))


@artifacts.command("list")
@_list_options
@pass_state
def artifacts_list(
    state: State, filter_: str | None, order_by: str | None, descending: bool, limit: int
) -> None:
    """List artifacts."""
    found = list(
        state.client().artifacts.list(**_list_kwargs(state, filter_, order_by, descending, limit))
    )
    if state.json:
        state.echo_json([as_dict(a) for a in found])
        return
    state.table(
        ["id", "name", "status", "size", "type"],
        ([a.id, a.name, a.status, human_size(a.size), a.mime_type] for a in found),
        "no artifacts",
    )


@artifacts.command("show")
@click.argument("artifact_id", metavar="ARTIFACT")
@pass_state
def artifacts_show(state: State, artifact_id: str) -> None:
    """Show an artifact and the aspects (metadata) about it."""
    artifact = state.client().artifacts.get(artifact_id)
    metadata = artifact.metadata
    if state.json:
        state.echo_json({**as_dict(artifact), "metadata": [as_dict(m) for m in metadata]})
        return
    state.echo(artifact.describe())
    if metadata:
        state.echo("  metadata")
        for aspect in metadata:
            state.echo(printable(f"    {aspect.schema}  {aspect.id}"))


# -- aspects --------------------------------------------------------------------------


@click.group()
def aspects() -> None:
    """Aspects: typed JSON metadata about any entity."""


@aspects.command("add")
@click.argument("entity")
@click.argument("content")
@click.option("--schema", help="The aspect's schema URN (default: the content's $schema).")
@click.option("--policy", help="URN of the policy governing who sees it.")
@click.option("--replace", is_flag=True, help="Replace the current aspect of this schema.")
@pass_state
def aspects_add(
    state: State,
    entity: str,
    content: str,
    schema: str | None,
    policy: str | None,
    replace: bool,
) -> None:
    """Attach CONTENT (JSON text, @FILE, or - for stdin) to ENTITY (a URN).

    conveyor aspects add urn:ivcap:artifact:... '{"$schema": "urn:ex:ok.1", "ok": true}'
    """
    value = load_json_argument(content)
    if not isinstance(value, dict):
        usage_error("an aspect's content is a JSON object")
    client = state.client()
    operation = client.aspects.update if replace else client.aspects.create
    aspect = operation(entity, value, schema=schema, policy=policy)
    _show(state, aspect)


@aspects.command("list")
@click.option("--entity", help="Only aspects about this entity (URN).")
@click.option("--schema", help="Only aspects of this schema ('%' is a wildcard).")
@click.option("--content-path", help="Only aspects whose content matches this JSONPath.")
@click.option("--no-content", is_flag=True, help="Leave the content out (faster).")
@_limit_option
@pass_state
def aspects_list(
    state: State,
    entity: str | None,
    schema: str | None,
    content_path: str | None,
    no_content: bool,
    limit: int,
) -> None:
    """List aspects (as they were at --at-time, if given)."""
    found = list(
        state.client().aspects.list(
            entity=entity,
            schema=schema,
            content_path=content_path,
            include_content=not no_content,
            at_time=state.at_time,
            limit=limit or None,
        )
    )
    if state.json:
        state.echo_json([as_dict(a) for a in found])
        return
    columns = ["id", "schema", "valid from", "content"]
    if entity is None:
        columns.insert(2, "entity")
    state.table(
        columns,
        (
            [a.id, a.schema, *([] if entity else [a.entity]), a.valid_from, _brief_json(a.content)]
            for a in found
        ),
        "no aspects",
    )


def _brief_json(value: Any, width: int = 60) -> str:
    import json

    if value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= width else text[: width - 3] + "..."


@aspects.command("show")
@click.argument("aspect_id", metavar="ASPECT")
@pass_state
def aspects_show(state: State, aspect_id: str) -> None:
    """Show one aspect with its content."""
    _show(state, state.client().aspects.get(aspect_id))


@aspects.command("retract")
@click.argument("aspect_id", metavar="ASPECT")
@pass_state
def aspects_retract(state: State, aspect_id: str) -> None:
    """End an aspect's validity now (it stays visible with --at-time)."""
    aspect = state.client().aspects.get(aspect_id).retract()
    if state.json:
        state.echo_json(as_dict(aspect))
    else:
        state.echo(f"retracted {aspect.id} (valid until {aspect.valid_to})")


# -- search and lineage ---------------------------------------------------------------


@click.command()
@click.argument("query")
@_limit_option
@pass_state
def search(state: State, query: str, limit: int) -> None:
    """Run a platform query (Datalog); QUERY is text, @FILE, or - for stdin.

    conveyor search 'aspect(Id, Entity, "urn:example:review.1", Content)'
    """
    if query == "-":
        query = sys.stdin.read()
    elif query.startswith("@"):
        query = Path(query[1:]).read_text(encoding="utf-8")
    rows = list(state.client().search(query, at_time=state.at_time, limit=limit or None))
    # A row is a string; when every row is the JSON text of an object (as the
    # sandbox writes them), show the objects: their keys become columns.
    objects = [_json_object(row) for row in rows]
    if all(obj is not None for obj in objects):
        shown: list[Any] = objects
    else:
        shown = rows
    if state.json:
        state.echo_json(shown)
        return
    columns, cells = mapping_rows(o if isinstance(o, dict) else {"row": o} for o in shown)
    state.table(columns, cells, "no rows")


def _json_object(row: str) -> dict[str, Any] | None:
    """The object a row's JSON text holds, or None when it holds no JSON object."""
    try:
        value = json.loads(row)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


@click.command()
@click.argument("entity")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["tree", "mermaid", "dot", "svg"]),
    default="tree",
    show_default=True,
    help="How to print the graph (--output json prints nodes and edges).",
)
@click.option(
    "--image",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also render an image (svg, png, pdf) here, with Graphviz's dot.",
)
@click.option(
    "--max-depth",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Producing orders to follow upstream.",
)
@pass_state
def lineage(state: State, entity: str, format_: str, image: Path | None, max_depth: int) -> None:
    """Show where an artifact or order came from (ENTITY: its URN)."""
    client = state.client()
    kind = entity.split(":")[2] if entity.count(":") >= 3 else ""
    if kind == "artifact":
        graph = client.artifacts.get(entity).lineage(max_depth)
    elif kind == "order":
        graph = client.orders.get(entity).lineage(max_depth)
    else:
        usage_error(f"lineage needs an artifact or order URN, not {entity!r}")
    if image is not None:
        graph.to_image(image)
        state.note(f"wrote {image}")
    if state.json:
        state.echo_json(graph.to_dict())
    elif format_ == "mermaid":
        state.echo(graph.to_mermaid())
    elif format_ == "dot":
        state.echo(graph.to_dot())
    elif format_ == "svg":
        state.echo(graph.to_svg())
    else:
        state.echo(graph.to_ascii(unicode=_unicode_ok()))


def _unicode_ok() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower()
    return sys.stdout.isatty() and encoding.replace("-", "") == "utf8"
