"""describe() text and notebook HTML for every resource and for listings (no extra requests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conveyor import Client
from conveyor._display import as_dict, describe, human_size

from .conftest import TOKEN


@pytest.fixture(scope="module")
def story(server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with Client(server.url, token=TOKEN, cache_dir=tmp_path_factory.mktemp("c")) as client:
        notes = client.artifacts.upload(b"<b>bold</b> words\n", name="<script>.txt", force=True)
        service = client.services.get_by_name("word-count")
        order = service.place_order("shown", text=notes, min_length=2).wait(timeout=30)
        aspect = notes.add_metadata({"$schema": "urn:example:schema:shown.1", "x": "<i>"})
        yield {
            "client": client,
            "service": service,
            "order": order,
            "artifact": notes,
            "aspect": aspect,
        }


def test_describe_every_kind(story: dict[str, Any]) -> None:
    service = story["service"].describe()
    assert service.splitlines()[0] == "Service word-count"
    assert "  parameters" in service and "text        artifact, required" in service
    assert "case        option (fold|keep), default fold" in service

    order = story["order"].describe()
    assert order.splitlines()[0] == "Order shown"
    assert "  status       succeeded" in order and "min-length  2" in order
    assert "UTC" in order  # times are shown in UTC

    artifact = story["artifact"].describe()
    assert artifact.splitlines()[0] == "Artifact <script>.txt"
    assert "18 B" in artifact and "text/plain" in artifact

    aspect = story["aspect"].describe()
    assert aspect.splitlines()[0] == "Aspect urn:example:schema:shown.1"
    assert '"x": "<i>"' in aspect  # content pretty-printed

    # A str that shows as plain lines at a prompt.
    assert isinstance(order, str) and repr(order) == str(order)


def test_describe_sends_no_request(story: dict[str, Any], server: Any) -> None:
    client = Client(server.url, token=TOKEN)
    artifact = client.artifacts.get(story["artifact"].id)
    client.close()  # any request now would fail
    assert artifact.describe().startswith("Artifact")
    assert "<table" in artifact._repr_html_()


def test_html_is_escaped(story: dict[str, Any]) -> None:
    html = story["artifact"]._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;.txt" in html
    aspect_html = story["aspect"]._repr_html_()
    assert "<i>" not in aspect_html and "&lt;i&gt;" in aspect_html
    service_html = story["service"]._repr_html_()
    assert "min-length" in service_html and "<strong>Service word-count</strong>" in service_html


def test_listing_html(story: dict[str, Any]) -> None:
    client = story["client"]
    html = client.services.list()._repr_html_()
    assert html.count("<tr>") == 1 + len(list(client.services.list()))
    assert "word-count" in html and "description" in html
    page = next(iter(client.artifacts.list(page_size=1).pages()))
    page_html = page._repr_html_()
    assert page_html.count("<tr>") == 2 and "more follow" in page_html
    empty = client.artifacts.list(filter="name == 'no such name at all'")
    assert "no items" in empty._repr_html_()


@pytest.mark.parametrize("kind", ["services", "orders", "artifacts"])
def test_a_listing_shows_what_show_shows(story: dict[str, Any], kind: str) -> None:
    # One rule: a field is shown when the record holds it. A list item leaves out what
    # its type lacks (never null beside the value a full read has); the rest agree.
    resources = getattr(story["client"], kind)
    for item in resources.list(limit=5):
        listed, full = as_dict(item), as_dict(resources.get(item.id))
        assert {k: full[k] for k in listed} == listed
        lacked = set(full) - set(listed)
        # Orders read their parameters from the full record; nothing else is left out
        # that the list item's own type carries.
        assert all(not hasattr(item.record, k) for k in lacked - {"parameters"}), lacked
        assert not any(line.startswith(f"  {k} ") for k in lacked for line in item.describe())
    services = as_dict(next(iter(story["client"].services.list(limit=1))))
    assert "status" not in services  # service listings carry none, so none is shown


def test_as_dict_of_an_order_names_its_service_when_told(story: dict[str, Any]) -> None:
    order = story["order"]
    plain = as_dict(order)
    assert plain["status"] == "succeeded" and plain["parameters"]["min-length"] == "2"
    assert plain["service"] == story["service"].id and "service_name" not in plain
    named = as_dict(order, {story["service"].id: "word-count"})
    assert named["service_name"] == "word-count" and named["service"] == story["service"].id
    text = describe(order, {story["service"].id: "word-count"})
    assert f"service      word-count ({story['service'].id})" in text


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1536, "1536 B (1.5 KiB)"), (3 * 2**20, "3145728 B (3.0 MiB)")],
)
def test_human_size(count: int, text: str) -> None:
    assert human_size(count) == text
