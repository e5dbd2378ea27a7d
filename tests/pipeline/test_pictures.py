"""Pictures of planned and running pipelines, and the lineage of their products."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conveyor import Client, PipelineFailed
from conveyor.pipeline import Pipeline
from conveyor.pipeline._pictures import COLOURS, Box, boxes_of, to_svg

from .conftest import unique

SVG = "{http://www.w3.org/2000/svg}"


def failing(client: Client, texts: list[Path]) -> Pipeline:
    p = Pipeline(unique("pictured"), client=client)
    first = p.upload(texts[0], "first")
    p.order("word-count", "count", text=first)
    bad = p.order("shout-fail", "bad")
    p.order("hello", "after").after(bad)
    return p


def test_a_run_is_drawn_with_its_statuses(client: Client, texts: list[Path]) -> None:
    p = failing(client, texts)
    with pytest.raises(PipelineFailed) as e:
        p.run(max_parallel=1, on_failure="continue")
    run = e.value.run
    text = run.to_ascii()
    assert "✔ count" in text and "✘ bad" in text and "- after" in text and "← bad" in text
    plain = run.to_ascii(unicode=False)
    assert plain.isascii() and "!! bad" in plain and "<- first" in plain
    mermaid = run.to_mermaid()
    assert mermaid.startswith("flowchart LR")
    assert f"classDef s_failed fill:{COLOURS['failed'][0]}" in mermaid
    assert "n0 --> n1" in mermaid  # first -> count
    dot = run.to_dot()
    assert f'fillcolor="{COLOURS["failed"][0]}"' in dot and "rankdir=LR" in dot
    svg = ET.fromstring(run.to_svg())
    groups = {g.get("data-node"): g.get("data-status") for g in svg.iter(f"{SVG}g")}
    assert groups == {
        "first": "succeeded",
        "count": "succeeded",
        "bad": "failed",
        "after": "skipped",
    }
    fills = {
        g.get("data-node"): g.find(f"{SVG}rect").get("fill")  # type: ignore[union-attr]
        for g in svg.iter(f"{SVG}g")
    }
    assert fills["bad"] == COLOURS["failed"][0] and fills["count"] == COLOURS["succeeded"][0]
    assert len(list(svg.iter(f"{SVG}path"))) >= 3  # the edges (and the arrow head)


def test_the_notebook_picture_needs_no_network(client: Client, texts: list[Path]) -> None:
    p = failing(client, texts)
    html = p.plan()._repr_html_()
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = ET.fromstring(svg)
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not value.startswith(("http:", "https:", "//")) or name == "xmlns", value
        assert element.tag not in (f"{SVG}script", f"{SVG}image", f"{SVG}foreignObject")
    assert "url(#arrow)" in svg  # the one reference is inside the picture itself


def test_a_big_map_is_drawn_as_one_box() -> None:
    rows = [("source", "upload", "", "succeeded", [], None)]
    rows += [(f"m[{i}]", "order", "hello", "succeeded", ["source"], "m") for i in range(100)]
    rows[7] = ("m[6]", "order", "hello", "failed", ["source"], "m")
    rows.append(("end", "collect", "", "planned", [f"m[{i}]" for i in range(100)], None))
    boxes = boxes_of(rows)
    assert [b.id for b in boxes] == ["source", "m", "end"]
    assert boxes[1].title == "m x100" and boxes[1].status == "failed" and boxes[1].count == 100
    assert boxes[2].deps == ["m"] and boxes[1].deps == ["source"]
    assert to_svg("big", boxes).count("<g class=") == 3


def test_an_empty_picture_is_still_a_picture() -> None:
    ET.fromstring(to_svg("nothing", []))
    ET.fromstring(to_svg("one", [Box("a", "a <&>", "order x", "run")]))


def test_the_lineage_of_a_product_leads_back_through_every_node(
    client: Client, texts: list[Path]
) -> None:
    p = Pipeline(unique("lineage"), client=client)
    first = p.upload(texts[0], "first")
    a = p.order("word-count", "a", text=first)
    b = p.order("join", "b", left=a.products[0], right=first)
    c = p.order("word-count", "c", text=b.products[0])
    p.order("word-count", "d", text=c.products[0])
    run = p.run()
    lineage = run.lineage()  # of the last node's product
    orders = {urn for urn, node in lineage.nodes.items() if node.kind == "order"}
    assert orders == {run[name].urn for name in ("a", "b", "c", "d")}
    artifacts = set(lineage.nodes)
    assert run["first"].urn in artifacts  # back to the uploaded input
    assert "produced by order" in lineage.to_ascii()
