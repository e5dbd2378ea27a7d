"""Lineage graphs from provenance aspects, and their renderings (tree, Mermaid, DOT, image)."""

from __future__ import annotations

import asyncio
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conveyor import AsyncClient, Client, InvalidParameter
from conveyor.lineage import (
    GraphvizNotFound,
    Lineage,
    LineageEdge,
    LineageNode,
    _order_story,
)

from .conftest import TOKEN


@pytest.fixture(scope="module")
def chain(server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """notes.txt -> order "first" -> counts1 -> order "second" -> counts2, on the sandbox."""
    cache = tmp_path_factory.mktemp("cache")
    with Client(server.url, token=TOKEN, cache_dir=cache) as client:
        notes = client.artifacts.upload(b"alpha beta beta\n", name="notes.txt", force=True)
        word_count = client.services.get_by_name("word-count")
        first = word_count.place_order("first", text=notes).wait(timeout=30)
        counts1 = first.products[0]
        second = word_count.place_order("second", text=counts1, case="keep").wait(timeout=30)
        counts2 = second.products[0]
        yield {
            "client": client,
            "notes": notes,
            "service": word_count,
            "first": first,
            "counts1": counts1,
            "second": second,
            "counts2": counts2,
        }


def test_artifact_lineage_walks_every_producer_upstream(chain: dict[str, Any]) -> None:
    lineage = chain["counts2"].lineage()
    assert isinstance(lineage, Lineage) and lineage.root == chain["counts2"].id
    ids = {name: chain[name].id for name in ("notes", "first", "counts1", "second", "counts2")}
    service = chain["service"].id
    assert set(lineage.nodes) == {*ids.values(), service}
    assert {(e.source, e.target, e.relation) for e in lineage.edges} == {
        (ids["second"], ids["counts2"], "produced"),
        (service, ids["second"], "service"),
        (ids["counts1"], ids["second"], "input"),
        (ids["first"], ids["counts1"], "produced"),
        (service, ids["first"], "service"),
        (ids["notes"], ids["first"], "input"),
    }
    assert not lineage.truncated and len(lineage) == 6
    assert chain["notes"] in lineage and "urn:ivcap:artifact:none" not in lineage
    first = lineage.nodes[ids["first"]]
    assert first.kind == "order" and first.label == "first" and first.status == "succeeded"
    assert first.details["parameters"]["text"] == ids["notes"]
    notes = lineage.nodes[ids["notes"]]
    assert notes.label == "notes.txt" and notes.details["size"] == 16
    assert [n.id for n in lineage.upstream(chain["counts1"])] == [ids["first"]]
    assert [n.id for n in lineage.downstream(ids["counts1"])] == [ids["second"]]
    assert [n.label for n in lineage.of_kind("service")] == ["word-count"]
    assert repr(lineage) == f"<Lineage of {ids['counts2']}: 6 nodes, 6 edges>"


def test_ascii_tree(chain: dict[str, Any]) -> None:
    text = chain["counts2"].lineage().to_ascii()
    lines = text.splitlines()
    assert lines[0].startswith("artifact word-counts.json  (")
    assert lines[1].startswith('`-- produced by order "second"  [succeeded]  urn:ivcap:order:')
    assert lines[2].startswith("    |-- service word-count  urn:ivcap:service:")
    assert lines[3].startswith("    `-- input word-counts.json")
    assert lines[4].startswith('        `-- produced by order "first"')
    assert lines[5].startswith("            |-- service word-count")
    assert lines[6].startswith("            `-- input notes.txt  (16 B)")
    assert len(lines) == 7 and text.isascii()
    assert str(chain["counts2"].lineage()) == text
    fancy = chain["counts2"].lineage().to_ascii(unicode=True)
    assert "└── produced by" in fancy and "├── service" in fancy


def test_order_lineage_shows_products_and_max_depth(chain: dict[str, Any]) -> None:
    tree = chain["second"].lineage().to_ascii()
    lines = tree.splitlines()
    assert lines[0].startswith('order "second"  [succeeded]')
    assert "`-- product word-counts.json" in tree
    assert 'produced by order "first"' in tree  # the input's history, upstream

    shallow = chain["counts2"].lineage(max_depth=1)
    assert shallow.truncated and chain["first"].id not in shallow.nodes
    assert shallow.to_ascii().endswith("(stopped at max_depth: older history not shown)")
    assert set(chain["counts2"].lineage(max_depth=0).nodes) == {chain["counts2"].id}
    with pytest.raises(InvalidParameter):
        chain["counts2"].lineage(max_depth=-1)


def test_listed_and_fetched_objects_give_the_same_lineage(chain: dict[str, Any]) -> None:
    client = chain["client"]
    fetched = client.artifacts.get(chain["counts2"].id).lineage()
    assert fetched.to_dict() == chain["counts2"].lineage().to_dict()
    listed = next(a for a in client.artifacts.list() if a.id == chain["counts2"].id)
    assert listed.lineage().to_dict()["edges"] == fetched.to_dict()["edges"]


def test_async_twins(server: Any, chain: dict[str, Any], tmp_path: Path) -> None:
    async def main() -> tuple[Lineage, Lineage]:
        async with AsyncClient(server.url, token=TOKEN, cache_dir=tmp_path) as client:
            artifact = await client.artifacts.get(chain["counts2"].id)
            order = await client.orders.get(chain["second"].id)
            return await artifact.lineage(), await order.lineage()

    artifact_lineage, order_lineage = asyncio.run(main())
    assert artifact_lineage.to_dict() == chain["counts2"].lineage().to_dict()
    assert order_lineage.to_ascii() == chain["second"].lineage().to_ascii()


def test_mermaid_dot_and_dict(chain: dict[str, Any]) -> None:
    lineage = chain["counts2"].lineage()
    mermaid = lineage.to_mermaid().splitlines()
    assert mermaid[0] == "flowchart LR"
    assert '    n0[/"artifact: word-counts.json"/]' in mermaid  # the root first
    assert '    n1["order: second [succeeded]"]' in mermaid
    assert any(line.startswith("    n2{{") for line in mermaid)  # a service hexagon
    assert sum(" -->|" in line or " -.->|" in line for line in mermaid) == 6
    assert "    style n0 stroke-width:3px" in mermaid

    dot = lineage.to_dot()
    assert dot.startswith("digraph lineage {") and dot.endswith("}")
    assert dot.count(" -> ") == 6 and "penwidth=2.5" in dot

    data = json.loads(json.dumps(lineage.to_dict()))
    assert data["root"] == lineage.root and len(data["nodes"]) == 6
    assert {"id", "kind", "label", "status", "details"} == set(data["nodes"][0])


def test_labels_are_escaped() -> None:
    node = LineageNode("urn:x:artifact:1", "artifact", 'a "quoted" <name>', None, {})
    lineage = Lineage(node.id, {node.id: node}, [])
    assert '"artifact: a #quot;quoted#quot; #lt;name#gt;"' in lineage.to_mermaid()
    assert 'label="artifact: a \\"quoted\\" <name>' in lineage.to_dot()
    assert "a &quot;quoted&quot; &lt;name&gt;" in lineage.to_svg()


def test_to_image_with_and_without_graphviz(
    chain: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lineage = chain["counts2"].lineage()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(GraphvizNotFound, match="apt install graphviz"):
        lineage.to_image(tmp_path / "graph.svg")
    # Notebooks draw the picture themselves: no Graphviz needed.
    ours = lineage._repr_svg_()
    assert ours.startswith("<svg") and "word-counts.json" in ours

    # A stand-in `dot` that records its arguments and input proves what is run.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text(
        "#!/bin/sh\n"
        'echo "$1" > "$(dirname "$0")/format"\n'
        'cat > "$(dirname "$0")/input"\n'
        "printf '<svg>fake</svg>'\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + "/usr/bin:/bin")
    written = lineage.to_image(tmp_path / "graph.png")
    assert written == tmp_path / "graph.png" and written.read_bytes() == b"<svg>fake</svg>"
    assert (bin_dir / "format").read_text().strip() == "-Tpng"
    assert (bin_dir / "input").read_text() == lineage.to_dot()
    assert lineage._repr_svg_() == ours  # still ours, Graphviz or not
    lineage.to_image(tmp_path / "graph", format="pdf")
    assert (bin_dir / "format").read_text().strip() == "-Tpdf"
    with pytest.raises(InvalidParameter):
        lineage.to_image(tmp_path / "graph.docx")


def test_notebook_picture_of_a_real_lineage(chain: dict[str, Any]) -> None:
    lineage = chain["counts2"].lineage()
    html = lineage._repr_html_()
    assert "<svg" in html and "mermaid" not in html
    for node in lineage.nodes.values():
        assert f">{node.label}</text>" in html
    assert html.count('class="edge ') == len(lineage.edges)


def test_order_record_stands_in_for_missing_provenance() -> None:
    record = {
        "service": "urn:ivcap:service:s",
        "parameters": [
            {"name": "text", "value": "urn:ivcap:artifact:a"},
            {"name": "n", "value": "3"},
        ],
    }
    assert _order_story(record, []) == ("urn:ivcap:service:s", ["urn:ivcap:artifact:a"])
    provenance = [{"service": "urn:ivcap:service:p", "inputs": ["urn:ivcap:artifact:b"]}]
    assert _order_story(record, provenance) == ("urn:ivcap:service:p", ["urn:ivcap:artifact:b"])
    assert _order_story(None, []) == (None, [])


def test_only_artifacts_orders_and_jobs_have_a_lineage(chain: dict[str, Any]) -> None:
    from conveyor.lineage import lineage_flow

    with pytest.raises(InvalidParameter, match="only artifacts, orders and jobs"):
        next(lineage_flow(chain["service"]))
    edge = LineageEdge("a", "b", "input")
    assert (edge.source, edge.target, edge.relation) == ("a", "b", "input")


def test_collection_inputs_are_shown_by_their_urn(tmp_path: Path) -> None:
    from conveyor_sandbox import (
        OrderContext,
        ParameterSpec,
        SandboxServer,
        ServiceRegistry,
    )

    registry = ServiceRegistry(builtins=False)

    @registry.service(
        "file-into",
        description="Files an artifact into a collection.",
        parameters=[ParameterSpec("source", "artifact"), ParameterSpec("into", "collection")],
    )
    def file_into(ctx: OrderContext) -> None:
        with ctx.open_artifact(ctx.params["source"]) as handle:
            ctx.add_product("filed.bin", handle.read())

    collection = "urn:ivcap:collection:0b8f4d2a-6c1e-4f3a-9d7b-2e5c8a1f0d39"
    with (
        SandboxServer(registry=registry, token=TOKEN) as server,
        Client(server.url, token=TOKEN, cache_dir=tmp_path) as client,
    ):
        source = client.artifacts.upload(b"to file", name="source.txt", force=True)
        placed = client.services.get_by_name("file-into").place_order(
            source=source, into=collection
        )
        product = placed.wait(timeout=30).products[0]
        graph = product.lineage()

    node = graph.nodes[collection]
    assert node.kind == "collection" and not node.details.get("missing")
    assert LineageEdge(collection, placed.id, "input") in graph.edges
    assert LineageEdge(source.id, placed.id, "input") in graph.edges
    tree = graph.to_ascii()
    assert f"input {node.label}  {collection}" in tree and "not readable" not in tree
    assert '[("collection: ' in graph.to_mermaid() and "shape=folder" in graph.to_dot()
