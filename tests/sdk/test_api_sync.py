"""The public sync API end to end, on cassettes recorded from the sandbox.

Each test is one story against one cassette; ``./dev record`` re-records them.
Anything that varies between recordings (ids, times) is read from responses,
never written into the test.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conveyor import (
    Artifact,
    Aspect,
    Client,
    InvalidParameter,
    Job,
    NotFound,
    Order,
    OrderFailed,
    OrderStatus,
    Page,
    Service,
    WaitTimeout,
)

pytestmark = pytest.mark.vcr

TEXT = b"the cat and the hat and the bat sat on the mat\n"
REVIEWED = "urn:example:schema:reviewed.1"


def test_services_list_get_and_parameters(client: Client) -> None:
    services = list(client.services.list())
    names = {s.name for s in services}
    assert {"hello", "word-count", "sleep", "fail"} <= names
    assert all(isinstance(s, Service) for s in services)

    pages = list(client.services.list(page_size=2).pages())
    assert all(isinstance(p, Page) for p in pages)
    assert len(pages) >= 2 and all(len(p) <= 2 for p in pages)
    assert pages[0].has_next and not pages[-1].has_next
    assert [s.id for p in pages for s in p] == [s.id for s in services]

    assert len(list(client.services.list(limit=3, page_size=2))) == 3
    assert client.services.list(filter="name == 'hello'").first() is not None

    word_count = client.services.get_by_name("word-count")
    assert word_count.is_complete
    params = {p.python_name: p for p in word_count.parameters}
    assert params["min_length"].name == "min-length"
    assert params["min_length"].type == "int"
    assert params["case"].options == ("fold", "keep")
    assert [p.name for p in word_count.mandatory_parameters] == ["text"]
    assert word_count.published_at is None or word_count.published_at.tzinfo is not None

    same = client.services.get(word_count.id)
    assert same == word_count and hash(same) == hash(word_count)
    assert "word-count" in repr(same)
    assert same.refresh() is same
    assert same.metadata == []

    listed = next(s for s in services if s.name == "hello")
    assert not listed.is_complete
    assert [p.name for p in listed.parameters] == ["message"]  # reads the full record

    with pytest.raises(NotFound):
        client.services.get_by_name("O'Brien")
    with pytest.raises(NotFound, match="did you mean 'word-count'"):
        client.services.get_by_name("word-cont")
    with pytest.raises(NotFound, match="names are case-sensitive"):
        client.services.get_by_name("Word-Count")


def test_service_publishing(client: Client) -> None:
    definition: dict[str, Any] = {
        "name": "twin",
        "description": "A second hello.",
        "parameters": [{"name": "message", "type": "string", "optional": True}],
        "workflow": {"type": "basic", "basic": {"image": "hello", "command": []}},
    }
    created = client.services.create(definition)
    try:
        assert created.name == "twin" and client.services.get_by_name("twin") == created
        order = created.place_order(message="from a twin").wait(timeout=30)
        assert order.status == "succeeded"
        renamed = client.services.update(created.id, {**definition, "name": "twin-2"})
        assert renamed.id == created.id and renamed.name == "twin-2"
        with pytest.raises(NotFound):
            client.services.get_by_name("twin")
    finally:
        client.services.delete(created.id)
    with pytest.raises(NotFound):
        client.services.get(created.id)


def test_place_order_wait_and_products(client: Client, tmp_path: Path) -> None:
    text = client.artifacts.upload(TEXT, name="notes.txt")
    service = client.services.get_by_name("word-count")
    order = service.place_order("count my notes", text=text, min_length=3, case="keep")
    assert isinstance(order, Order)
    assert order.name == "count my notes"
    # As placed: Python names, typed by the service; the wire's names and texts beside.
    assert order.parameters == {"text": text.id, "min_length": 3, "case": "keep"}
    assert order.wire_parameters == {"text": text.id, "min-length": "3", "case": "keep"}

    assert order.wait(timeout=30) is order
    assert order.status == OrderStatus.SUCCEEDED and order.is_done
    for stamp in (order.ordered_at, order.started_at, order.finished_at):
        assert stamp is not None and stamp.tzinfo is not None
    assert order.ordered_at <= order.finished_at  # type: ignore[operator]
    assert order.service == service
    assert order.service_id == service.id

    products = order.products
    assert [p.name for p in products] == ["word-counts.json"]
    product = products[0]
    path = product.download(tmp_path)
    assert path == tmp_path / "word-counts.json"
    assert path.read_bytes().startswith(b"{")
    assert product.sha256 is not None and product.is_ready

    provenance = order.metadata
    assert [a.schema for a in provenance] == ["urn:conveyor:schema:order.provenance.1"]
    assert provenance[0].content["inputs"] == [text.id]  # type: ignore[index]
    produced = product.metadata
    assert [a.schema for a in produced] == ["urn:conveyor:schema:artifact.produced-by.1"]

    again = client.orders.get(order.id)
    assert again == order and again.status == "succeeded"
    listed = client.orders.list(filter=f"service == '{service.id}'", limit=5)
    assert order in list(listed)


def test_orders_create_failures_and_timeouts(client: Client) -> None:
    hello = client.services.get_by_name("hello")
    order = client.orders.create(hello.id, {"message": "there"}, name="greeting", tags=["t"])
    assert order.wait().status == "succeeded"
    assert order.tags == ["t"]

    failing = client.services.get_by_name("fail").place_order(message="on purpose")
    with pytest.raises(OrderFailed) as failed:
        failing.wait(timeout=30)
    assert failed.value.message == "on purpose"
    assert failed.value.order.status == OrderStatus.FAILED

    slow = client.services.get_by_name("sleep").place_order(seconds=2)
    with pytest.raises(WaitTimeout) as waited:
        slow.wait(timeout=0.3, poll=0.1)
    assert isinstance(waited.value, TimeoutError)
    assert waited.value.order.status != "succeeded"


def test_upload_chunks_dedupe_and_download(client: Client, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes(TEXT * 3)
    seen: list[tuple[int, int]] = []
    artifact = client.artifacts.upload(
        source, chunk_size=64, progress=lambda d, t: seen.append((d, t))
    )
    assert isinstance(artifact, Artifact)
    assert artifact.name == "notes.txt" and artifact.mime_type == "text/plain"
    assert artifact.size == len(TEXT) * 3 and artifact.is_ready
    assert seen[-1] == (len(TEXT) * 3, len(TEXT) * 3)
    assert artifact.created_at is not None and artifact.created_at.tzinfo is not None

    assert client.artifacts.upload(source) == artifact  # same bytes: reused
    assert client.artifacts.find_by_content(source) == artifact
    assert client.artifacts.find_by_content(b"never uploaded") is None
    forced = client.artifacts.upload(source, force=True, name="copy.txt")
    assert forced != artifact and forced.sha256 == artifact.sha256

    from_file = client.artifacts.upload(io.BytesIO(b"xyz"), name="tiny.bin", content_type="x/y")
    assert from_file.mime_type == "x/y" and from_file.size == 3

    fetched = client.artifacts.get(artifact.id)
    assert fetched.etag == artifact.etag and fetched.refresh() is fetched
    assert b"".join(fetched.iter_bytes()) == TEXT * 3
    with fetched.open() as stream:
        assert stream.read(3) == b"the"
        assert stream.read() == (TEXT * 3)[3:]
    sink = io.BytesIO()
    assert fetched.download(sink) is None and sink.getvalue() == TEXT * 3
    target = fetched.download(tmp_path / "out" / "copy.txt")
    assert target is not None and target.read_bytes() == TEXT * 3

    listed = list(client.artifacts.list(filter="name == 'notes.txt'", limit=10))
    assert artifact in listed


def test_aspects_add_update_retract_and_history(client: Client) -> None:
    artifact = client.artifacts.upload(b"reviewed content", name="review.txt")
    added = artifact.add_metadata({"$schema": REVIEWED, "ok": False})
    assert isinstance(added, Aspect)
    assert added.entity == artifact.id and added.schema == REVIEWED
    assert added.content == {"$schema": REVIEWED, "ok": False}
    assert added.is_current and added.valid_from is not None
    assert artifact.metadata == [added]

    other = client.aspects.create(artifact, {"note": "plain"}, schema="urn:example:schema:note.1")
    assert other.schema == "urn:example:schema:note.1"

    replaced = client.aspects.update(artifact.id, {"$schema": REVIEWED, "ok": True})
    assert replaced.replaces == added.id and replaced.content["ok"] is True  # type: ignore[index]
    assert added.refresh().valid_to is not None

    current = list(client.aspects.list(entity=artifact, schema=REVIEWED))
    assert current == [replaced]
    before = list(client.aspects.list(entity=artifact, schema=REVIEWED, at_time=added.valid_from))
    assert before == [added]
    without = client.aspects.list(entity=artifact, include_content=False).first()
    assert without is not None and without.content is None

    assert client.aspects.get(other.id) == other
    assert other.retract() is other and other.valid_to is not None
    client.aspects.retract(replaced.id)
    assert client.aspects.get(replaced.id).valid_to is not None
    assert artifact.refresh().metadata == []


def test_search_openapi_and_options(client: Client) -> None:
    artifact = client.artifacts.upload(b"searchable", name="searchable.txt")
    artifact.add_metadata({"$schema": REVIEWED, "ok": True})
    query = f'aspect(Id, "{artifact.id}", "{REVIEWED}", Content)'
    rows = list(client.search(query))  # strings: each the JSON text of one row
    assert len(rows) == 1 and json.loads(rows[0])["Content"] == {"$schema": REVIEWED, "ok": True}

    document = client.openapi()
    assert document["info"]["title"] == "Conveyor platform API"

    patient = client.with_options(timeout=60, retries=0)
    assert patient.artifacts.get(artifact.id) == artifact
    patient.close()  # a view: closes nothing
    assert client.artifacts.get(artifact.id) == artifact


def test_bad_input_is_refused_before_any_request(client: Client) -> None:
    # No request reaches the cassette: it has no interaction for these.
    with pytest.raises(InvalidParameter) as malformed:
        client.artifacts.get("not-a-urn")
    assert malformed.value.parameter == "id"
    with pytest.raises(InvalidParameter):
        client.orders.get("urn:ivcap:artifact:0f1e2d3c-4b5a-4697-8877-665544332211")
    with pytest.raises(ValueError):
        client.aspects.create("urn:ivcap:artifact:x", {"no": "schema"})
    with pytest.raises(InvalidParameter):
        client.aspects.list(at_time="not a date at all")


def test_datetime_arguments_are_accepted(client: Client) -> None:
    when = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    assert list(client.artifacts.list(at_time=when)) == []
    assert list(client.orders.list(at_time="2020-01-01T00:00:00Z", descending=False)) == []


def test_ordering_lineage_describe_and_list_items(client: Client) -> None:
    names = [s.name for s in client.services.list(order_by="name", descending=True)]
    assert len(names) >= 4 and names == sorted(names, reverse=True)  # type: ignore[type-var]
    ascending = [s.name for s in client.services.list(order_by="name", descending=False)]
    assert ascending == names[::-1]

    text = client.artifacts.upload(TEXT, name="traced.txt")
    word_count = client.services.get_by_name("word-count")
    order = word_count.place_order("traced", text=text, tags=["traced"]).wait(timeout=30)
    assert order.tags == ["traced"]
    product = order.products[0]

    lineage = order.lineage()
    assert lineage.root == order.id and text in lineage and product in lineage
    assert {n.id for n in lineage.upstream(order)} == {word_count.id, text.id}
    upstream = product.lineage()
    assert upstream.root == product.id and order in upstream and text in upstream
    assert [n.id for n in upstream.of_kind("order")] == [order.id]

    described = order.describe()
    assert "traced" in described and text.id in described  # the parameters section
    assert "traced.txt" in text.describe() and "word-counts.json" in product.describe()

    listed = next(iter(client.orders.list(filter="name == 'traced'")))
    assert listed == order and listed.ordered_at == order.ordered_at
    assert listed.parameters == order.parameters  # a list item reads its full record
    assert order.id in repr(listed) and "traced" in repr(listed)


def test_insecure_client_turns_verification_off_on_its_transport(
    sandbox_url: str, clock: Any, cache_dir: Path
) -> None:
    import ssl

    from .conftest import RECORDING_TOKEN

    with Client(
        sandbox_url, token=RECORDING_TOKEN, clock=clock, cache_dir=cache_dir, insecure=True
    ) as insecure:
        context = insecure.http._transport._sync_transport._pool._ssl_context
        assert context.verify_mode == ssl.CERT_NONE and not context.check_hostname
        assert insecure.services.get_by_name("hello").name == "hello"


def test_jobs_answered_at_once_and_polled(client: Client) -> None:
    word_stats = client.services.get_by_name("word-stats")
    model = word_stats.request_model
    assert model is not None and "text" in {f.name for f in model.fields}
    with pytest.raises(InvalidParameter) as refused:
        word_stats.request_job({"text": 7})
    assert refused.value.parameter == "$.text"

    job = word_stats.request_job({"text": "the cat sat on the mat", "min_length": 3})
    assert isinstance(job, Job) and job.status == "succeeded"
    assert job.result["words"] == 5  # the, cat, sat, the, mat
    assert job.refresh().finished_at is not None and job.service_id == word_stats.id

    slow = client.services.get_by_name("slow-echo")
    later = slow.request_job({"seconds": 0.5, "message": "later"}, wait=False)
    assert later.status in ("pending", "scheduled", "executing")
    later.wait(timeout=30)
    assert later.result == {"echo": "later", "waited": 0.5}
    assert later.id in {j.id for j in slow.jobs.list(limit=5)}
    again = client.jobs.get(later.id)  # the service is found from the job's record
    assert again == later and again.service_id == slow.id

    countdown = client.services.get_by_name("countdown")
    counted = countdown.request_job({"count": 2, "interval": 0.05})
    assert list(counted.logs(follow=True)) == ["2...", "1...", "liftoff"]
    assert counted.top() == []  # nothing runs once it has ended


def test_collections_and_v044_services(client: Client) -> None:
    notes = client.artifacts.upload(TEXT, name="member.txt", force=True)
    # A URN of our own: a new one is random, and the cassette must replay the same requests.
    urn = "urn:ivcap:collection:3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a90"
    group = client.collections.create("cassette group", "recorded", urn=urn)
    assert group.add([notes, notes.id]) == [notes.id]
    assert list(group.items()) == [notes.id]
    assert client.collections.get(group.id).name == "cassette group"
    assert group.remove(notes) == [notes.id] and group.remove(notes) == []
    assert group.retract() == 1

    definition = {
        "id": "urn:ivcap:service:5e0c2a1b-7d3f-4c6e-9b8a-1f2e3d4c5b6a",
        "name": "echo-again",
        "description": "slow-echo under another name",
        "controller-schema": "urn:ivcap:schema.service.rest.1",
        "controller": {"image": "slow-echo", "command": []},
        "parameters": [],
        "policy": "urn:ivcap:policy:ivcap.open.metadata",
    }
    published = client.services.create(definition)
    assert published.id == definition["id"] and published.name == "echo-again"
    client.services.delete(published.id)
    with pytest.raises(NotFound):
        client.services.get(published.id)
