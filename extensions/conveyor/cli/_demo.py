"""``conveyor demo``: one analysis from start to finish, told step by step.

By default the demo starts an embedded sandbox platform in a temporary
directory, so it needs nothing but an installed Conveyor; ``--url`` or
``--profile`` point it at another platform instead. Each step prints what it
did and the line of Python that does the same with the SDK. Everything the
demo writes (sandbox data, upload cache, downloads) lives in one temporary
directory, removed at the end unless ``--keep``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._display import human_size
from ._core import State, pass_state

if TYPE_CHECKING:
    from rich.console import Console

    from .._client import Client

__all__ = ["STEPS", "demo", "demo_text"]

STEPS = (
    "The services on offer",
    "Upload a text artifact",
    "Place a word-count order",
    "Wait for it to finish",
    "Download the product and read it",
    "Add metadata to the product",
    "List the product's aspects",
    "Trace the product's lineage",
    "Run a job answered at once",
    "Run a slower job and poll it",
    "Run a three-step pipeline, then run it again",
)
"""The headings the demo prints, in order (the tests check each appears)."""

REVIEW_SCHEMA = "urn:example:schema:demo-review.1"

_PROSE = """\
A conveyor carries things from where they are to where they are needed.
On an analytics platform the things are data, and the stations are services:
one cleans a survey, another counts the words of a report, a third draws a map.
You place an order with a service, giving it parameters and input artifacts,
and the platform runs it and keeps every product it makes as a new artifact.
Nothing is lost along the way: each order remembers its service and inputs,
each product remembers the order that made it, and any entity can carry
aspects, small typed records of metadata that say what it is and who checked it.
Follow those records backwards and you have the lineage of a result,
the story of how it came to be, told by the platform itself.
"""


def demo_text(repeat: int = 160) -> bytes:
    """The text the demo uploads: a short paragraph, numbered and repeated (about 130 KiB)."""
    parts = [f"Part {n}.\n{_PROSE}\n" for n in range(1, repeat + 1)]
    return "".join(parts).encode()


@click.command()
@click.option("--keep", is_flag=True, help="Keep the sandbox data and downloads (path printed).")
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1024),
    default=16 * 1024,
    show_default=True,
    help="Upload chunk size in bytes (small, so the progress bar moves).",
)
@pass_state
def demo(state: State, keep: bool, chunk_size: int) -> None:
    """Run the Conveyor demo: upload, order, wait, download, metadata, lineage, jobs.

    Uses an embedded sandbox in a temporary directory unless --url or
    --profile names a platform. Leaves nothing behind unless --keep.
    """
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="conveyor-demo-"))
    console = state.console()
    try:
        client = _connect(state, workdir)
        _story(state, console, client, workdir, chunk_size)
        console.print()
        elapsed = time.monotonic() - started
        local = client._sandbox is not None
        state.close()  # stops an embedded sandbox before its files are removed or kept
        console.print(f"[bold]Done in {elapsed:.1f} s.[/bold]")
        if keep:
            console.print(f"Kept everything in {workdir}")
            if local:
                console.print(
                    "  look again: conveyor sandbox serve --data-dir "
                    f"{workdir / 'sandbox'} --port 0"
                )
        elif local:
            console.print(
                "The sandbox is stopped and its temporary data removed (--keep keeps them)."
            )
        else:
            console.print("Local downloads removed; what the demo made stays on the platform.")
    finally:
        state.close()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _connect(state: State, workdir: Path) -> Client:
    from .._client import Client

    # The demo's own cache keeps the user's upload index and resume state untouched.
    state.cache_dir = str(workdir / "cache")
    if state.url or state.profile:
        return state.client()
    client = Client.local(data_dir=workdir / "sandbox", cache_dir=state.cache_dir)
    state.adopt(client)
    return client


def _indent(renderable: Any) -> Any:
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, 2), expand=False)


def _step(console: Console, number: int, code: str) -> None:
    console.print()
    console.print(f"[bold cyan]Step {number}/{len(STEPS)}  {STEPS[number - 1]}[/bold cyan]")
    console.print(f"[dim]  >>> {code}[/dim]", markup=True, highlight=False)


def _story(state: State, console: Console, client: Client, workdir: Path, chunk: int) -> None:
    from rich import box
    from rich.table import Table

    where = "an embedded sandbox" if client._sandbox is not None else "the platform"
    console.print("[bold]Conveyor demo: one analysis, start to finish[/bold]")
    console.print(f"Platform: {where} at {client.url}")

    # 1. services
    _step(console, 1, "client.services.list()")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for column in ("name", "id", "description"):
        table.add_column(column, no_wrap=column == "id")
    for service in client.services.list():
        table.add_row(service.name or "", service.id, service.description or "")
    console.print(_indent(table))

    # 2. upload
    _step(console, 2, 'notes = client.artifacts.upload("notes.txt", progress=True)')
    source = workdir / "notes.txt"
    source.write_bytes(demo_text())
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    with Progress(
        TextColumn("  uploading notes.txt"),
        BarColumn(),
        DownloadColumn(binary_units=True),
        console=console,
    ) as bar:
        task = bar.add_task("upload", total=source.stat().st_size)
        notes = client.artifacts.upload(
            source,
            chunk_size=chunk,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    console.print(
        f"  {notes.name} -> {notes.id}\n"
        f"  {human_size(notes.size)}, {notes.mime_type}, sha256 {(notes.sha256 or '')[:16]}..."
    )

    # 3. order
    service = client.services.get_by_name("word-count")
    _step(console, 3, 'order = word_count.place_order("demo word count", text=notes, min_length=5)')
    order = service.place_order("demo word count", text=notes, min_length=5)
    params = ", ".join(f"{k}={v}" for k, v in order.parameters.items())
    console.print(f"  order {order.id}: {order.status}")
    console.print(f"  service word-count with {params}")

    # 4. wait
    _step(console, 4, "order.wait(timeout=60)")
    waited = time.monotonic()
    order.wait(timeout=60)
    console.print(f"  {order.status} after {time.monotonic() - waited:.2f} s")

    # 5. download
    _step(console, 5, 'product = order.products[0]; product.download("out/")')
    product = order.products[0]
    out = workdir / "out"
    out.mkdir(exist_ok=True)
    path = product.download(out)
    counts: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    console.print(f"  {product.name} ({human_size(product.size)}) saved to {path}")
    console.print(
        f"  words {counts.get('words')}, lines {counts.get('lines')}, "
        f"characters {counts.get('characters')}"
    )
    top = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, title=None)
    top.add_column("top word")
    top.add_column("count", justify="right")
    for word, count in counts.get("top", [])[:5]:
        top.add_row(str(word), str(count))
    console.print(_indent(top))

    # 6. metadata
    review = {"$schema": REVIEW_SCHEMA, "reviewer": "the demo", "approved": True}
    _step(console, 6, f"product.add_metadata({json.dumps(review)})")
    aspect = product.add_metadata(review)
    console.print(f"  aspect {aspect.id}")
    console.print(f"  schema {aspect.schema}, asserted by {aspect.asserter}")

    # 7. aspects
    _step(console, 7, "product.refresh().metadata")
    listing = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    listing.add_column("schema", no_wrap=True)
    listing.add_column("valid from (UTC)", no_wrap=True)
    listing.add_column("content", no_wrap=True, overflow="ellipsis", max_width=64)
    for item in product.refresh().metadata:
        content = {k: v for k, v in (item.content or {}).items() if k != "$schema"}
        valid = item.valid_from.strftime("%H:%M:%S") if item.valid_from else ""
        listing.add_row(item.schema, valid, json.dumps(content, ensure_ascii=False))
    console.print(_indent(listing))

    # 8. lineage
    _step(console, 8, "lineage = product.lineage(); print(lineage.to_ascii())")
    lineage = product.lineage()
    unicode = console.is_terminal and (console.encoding or "").lower().startswith("utf")
    for line in lineage.to_ascii(unicode=unicode).splitlines():
        console.print("  " + line, markup=False, highlight=False)
    console.print()
    console.print("  [dim]>>> print(lineage.to_mermaid())[/dim]  (paste into any Mermaid viewer)")
    console.print("  ```mermaid", markup=False)
    for line in lineage.to_mermaid().splitlines():
        console.print("  " + line, markup=False, highlight=False)
    console.print("  ```", markup=False)

    # 9. a job answered at once
    stats = client.services.get_by_name("word-stats")
    request = {"text": _PROSE, "min_length": 5}
    _step(console, 9, 'job = word_stats.request_job({"text": ..., "min_length": 5})')
    started = time.monotonic()
    job = stats.request_job(request)
    console.print(
        f"  job {job.id}: {job.status} in {time.monotonic() - started:.2f} s "
        "(the platform held the request until the job ended, then answered with its result)"
    )
    result: dict[str, Any] = job.result
    console.print(
        f"  words {result.get('words')}, distinct {result.get('distinct')}, "
        f"longest {result.get('longest')!r}"
    )

    # 10. a job that outlasts the request, polled until it ends
    slow = client.services.get_by_name("slow-echo")
    _step(console, 10, 'job = slow_echo.request_job({"seconds": 1}, wait=False); job.wait()')
    job = slow.request_job({"seconds": 1, "message": "done waiting"}, wait=False)
    console.print(f"  job {job.id}: {job.status} (answered at once, still running)")
    started = time.monotonic()
    job.wait(timeout=60)
    console.print(f"  {job.status} after {time.monotonic() - started:.2f} s: {job.result}")

    # 11. a pipeline: upload -> word count of each input -> a collection of the counts
    _step(console, 11, 'p.map("word-count", over=[notes, prose], ...); p.run(max_parallel=2)')
    prose = workdir / "prose.txt"
    prose.write_text(_PROSE, encoding="utf-8")
    # A version of its own per demo: on a shared platform each demo's pipeline starts fresh.
    p = client.pipeline("demo-word-counts", version=workdir.name, journal_dir=workdir / "runs")
    texts = [p.upload(source, "notes"), p.upload(prose, "prose")]
    per_text = p.map("word-count", over=texts, param="text", min_length=5, name="count")
    p.collect(per_text.products, "summary", title="the demo's word counts")
    run = p.run(max_parallel=2)
    for line in run.to_ascii(unicode=unicode).splitlines()[1:]:
        console.print("  " + line, markup=False, highlight=False)
    for name in ("count[0]", "count[1]"):
        product = client.artifacts.get(run[name].products[0][0])
        tally: dict[str, Any] = json.loads(b"".join(product.iter_bytes()))
        console.print(
            f"  {name}: {tally.get('words')} words, top {tally.get('top', [[None]])[0][0]!r}"
        )
    console.print(f"  summary: collection {run['summary'].urn} of both counts")
    console.print(f"  run {run.id}: {run.submitted} orders sent, journalled on the platform")
    again = p.run()
    console.print(f"  again: {again.summary()} ({again.submitted} sent)")
