"""The public async API end to end, on cassettes: every async twin exercised once or more."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from conveyor import (
    AsyncArtifact,
    AsyncAspect,
    AsyncClient,
    AsyncOrder,
    AsyncService,
    NotFound,
    OrderFailed,
    OrderStatus,
    WaitTimeout,
)

pytestmark = [pytest.mark.vcr, pytest.mark.anyio]

TEXT = b"the cat and the hat and the bat sat on the mat\n"
REVIEWED = "urn:example:schema:reviewed.1"


async def test_services(aclient: AsyncClient) -> None:
    services = [s async for s in aclient.services.list()]
    assert {"hello", "word-count", "sleep", "fail"} <= {s.name for s in services}
    pages = [p async for p in aclient.services.list(page_size=3).pages()]
    assert sum(len(p) for p in pages) == len(services)
    assert await aclient.services.list(filter="name == 'fail'").first() is not None

    word_count = await aclient.services.get_by_name("word-count")
    assert isinstance(word_count, AsyncService)
    assert [p.name for p in await word_count.mandatory_parameters] == ["text"]
    assert await aclient.services.get(word_count.id) == word_count
    assert await word_count.refresh() is word_count
    assert await word_count.metadata == []

    listed = next(s for s in services if s.name == "hello")
    assert not listed.is_complete
    assert [p.name for p in await listed.parameters] == ["message"]  # reads the full record
    assert listed.is_complete

    with pytest.raises(NotFound):
        await aclient.services.get_by_name("O'Brien")

    definition: dict[str, Any] = {
        "name": "async-twin",
        "description": "Another hello.",
        "parameters": [{"name": "message", "type": "string", "optional": True}],
        "workflow": {"type": "basic", "basic": {"image": "hello", "command": []}},
    }
    created = await aclient.services.create(definition)
    renamed = await aclient.services.update(created.id, {**definition, "name": "async-twin-2"})
    assert renamed.name == "async-twin-2"
    await aclient.services.delete(created.id)
    with pytest.raises(NotFound):
        await aclient.services.get(created.id)


async def test_orders(aclient: AsyncClient, tmp_path: Path) -> None:
    text = await aclient.artifacts.upload(TEXT, name="notes.txt")
    service = await aclient.services.get_by_name("word-count")
    order = await service.place_order(text=text, min_length=3)
    assert isinstance(order, AsyncOrder)
    assert await order.wait(timeout=30) is order
    assert order.status == OrderStatus.SUCCEEDED
    assert order.finished_at is not None and order.finished_at.tzinfo is not None
    assert await order.service == service

    products = await order.products
    assert [p.name for p in products] == ["word-counts.json"]
    assert isinstance(products[0], AsyncArtifact)
    saved = await products[0].download(tmp_path)
    assert saved is not None and saved.read_bytes().startswith(b"{")
    provenance = await order.metadata
    assert provenance[0].content["inputs"] == [text.id]  # type: ignore[index]

    assert await aclient.orders.get(order.id) == order
    assert order in [o async for o in aclient.orders.list(limit=5)]

    hello = await aclient.services.get_by_name("hello")
    created = await aclient.orders.create(hello, {"message": "async"}, name="async greeting")
    assert (await created.wait()).name == "async greeting"

    failing = await (await aclient.services.get_by_name("fail")).place_order(message="nope")
    with pytest.raises(OrderFailed, match="nope"):
        await failing.wait(timeout=30)

    slow = await (await aclient.services.get_by_name("sleep")).place_order(seconds=2)
    with pytest.raises(WaitTimeout):
        await slow.wait(timeout=0.3, poll=0.1)


async def test_artifacts(aclient: AsyncClient, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes(TEXT * 2)
    artifact = await aclient.artifacts.upload(source, chunk_size=40)
    assert artifact.size == len(TEXT) * 2 and artifact.is_ready
    assert await aclient.artifacts.upload(source) == artifact
    assert await aclient.artifacts.find_by_content(source) == artifact
    assert await aclient.artifacts.find_by_content(b"unknown bytes") is None

    fetched = await aclient.artifacts.get(artifact.id)
    assert fetched.sha256 == artifact.sha256
    assert await fetched.refresh() is fetched
    assert b"".join([piece async for piece in fetched.iter_bytes()]) == TEXT * 2
    async with fetched.open() as stream:
        assert await stream.read(3) == b"the"
        assert await stream.read() == (TEXT * 2)[3:]
    async with fetched.open() as stream:
        assert b"".join([piece async for piece in stream]) == TEXT * 2
    sink = io.BytesIO()
    await fetched.download(sink)
    assert sink.getvalue() == TEXT * 2
    assert artifact in [a async for a in aclient.artifacts.list(filter="name == 'notes.txt'")]


async def test_aspects_search_and_openapi(aclient: AsyncClient) -> None:
    artifact = await aclient.artifacts.upload(b"async review", name="review.txt")
    added = await artifact.add_metadata({"$schema": REVIEWED, "ok": False})
    assert isinstance(added, AsyncAspect) and added.entity == artifact.id
    assert await artifact.metadata == [added]

    replaced = await aclient.aspects.update(artifact, {"$schema": REVIEWED, "ok": True})
    assert replaced.replaces == added.id
    assert (await added.refresh()).valid_to is not None
    note = await aclient.aspects.create(artifact.id, {"n": 1}, schema="urn:example:schema:note.1")
    assert await aclient.aspects.get(note.id) == note
    listed = [a async for a in aclient.aspects.list(entity=artifact, schema=REVIEWED)]
    assert listed == [replaced]

    rows = [r async for r in aclient.search(f'aspect(Id, "{artifact.id}", "{REVIEWED}", C)')]
    assert len(rows) == 1 and json.loads(rows[0])["Id"] == replaced.id

    assert (await note.retract()).valid_to is not None
    await aclient.aspects.retract(replaced.id)
    assert await (await artifact.refresh()).metadata == []

    assert (await aclient.openapi())["info"]["title"] == "Conveyor platform API"
    quick = aclient.with_options(timeout=5)
    assert await quick.artifacts.get(artifact.id) == artifact
    await quick.aclose()


async def test_ordering_lineage_describe_and_accessors(
    aclient: AsyncClient, tmp_path: Path
) -> None:
    names = [s.name async for s in aclient.services.list(order_by="name", descending=True)]
    assert len(names) >= 4 and names == sorted(names, reverse=True)  # type: ignore[type-var]

    source = tmp_path / "traced.txt"
    source.write_bytes(TEXT)
    seen: list[tuple[int, int]] = []
    text = await aclient.artifacts.upload(source, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (len(TEXT), len(TEXT))
    assert text.mime_type == "text/plain" and text.etag is not None
    assert text.etag.strip('"').endswith(text.sha256 or "-")
    assert text.last_modified_at is None or text.last_modified_at.tzinfo is not None

    word_count = await aclient.services.get_by_name("word-count")
    order = await word_count.place_order("async traced", text=text, tags=["a"], min_length=2)
    await order.wait(timeout=30)
    assert order.tags == ["a"] and order.ordered_at is not None
    assert order.ordered_at.tzinfo is not None and order.started_at is not None
    parameters = await order.parameters
    assert parameters["text"] == text.id and parameters["min_length"] == 2
    assert (await order.wire_parameters)["min-length"] == "2"
    product = (await order.products)[0]
    assert product.etag is None or product.sha256 is not None

    lineage = await order.lineage()
    assert lineage.root == order.id and text in lineage and product in lineage
    upstream = await product.lineage()
    assert order in upstream and text in upstream
    assert "async traced" in order.describe() and "traced.txt" in text.describe()

    listed = [o async for o in aclient.orders.list(filter="name == 'async traced'")]
    assert listed == [order]
    assert await listed[0].parameters == await order.parameters  # reads its full record


async def test_progress_bar_upload_and_insecure_client(
    sandbox_url: str, clock: Any, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import ssl

    from .conftest import RECORDING_TOKEN

    async with AsyncClient(
        sandbox_url, token=RECORDING_TOKEN, clock=clock, cache_dir=cache_dir, insecure=True
    ) as client:
        context = client.http._transport._async_transport._pool._ssl_context
        assert context.verify_mode == ssl.CERT_NONE and not context.check_hostname
        artifact = await client.artifacts.upload(b"with a bar\n", name="bar.txt", progress=True)
        assert artifact.size == 11 and artifact.is_ready
    assert "bar.txt" in capsys.readouterr().err  # tqdm draws on stderr


async def test_jobs_and_logs(aclient: AsyncClient) -> None:
    word_stats = await aclient.services.get_by_name("word-stats")
    assert (await word_stats.request_model) is not None
    job = await word_stats.request_job({"text": "to be or not to be"})
    assert (await job.result)["words"] == 6
    countdown = await aclient.services.get_by_name("countdown")
    running = await countdown.request_job({"count": 2, "interval": 0.05}, wait=False)
    lines = [line async for line in running.logs(follow=True)]
    assert lines == ["2...", "1...", "liftoff"]
    await running.wait(timeout=30)
    assert await running.result == {"counted": 2}
    urn = "urn:ivcap:collection:4d3c2b1a-9f8e-4d7c-8b6a-5e4d3c2b1a09"  # fixed: replayable
    group = await aclient.collections.create("async group", urn=urn)
    assert await group.add(job.id) == [job.id]
    assert [urn async for urn in group.items()] == [job.id]
    assert await group.retract() == 2
