"""The lineage picture notebooks show: an inline SVG drawn without Graphviz or a network.

The SVG is checked as data (every node's label, the edges pointing the way data
flows, nothing external), then as a person sees it: headless Chromium renders
the notebook HTML to a screenshot and reports where each label landed, and
the test checks each label sits inside its node and each node's colour is on
the screenshot where the SVG put it. Without Chromium that part skips, unless
``CONVEYOR_REQUIRE_CHROMIUM`` is set (``.ci/run`` sets it after installing it).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conveyor.lineage import Lineage, LineageEdge, LineageNode

from ..chromium import chromium, pixels, run_chromium

SVG = "{http://www.w3.org/2000/svg}"
ROOT_URN = "urn:ivcap:artifact:c2"
LONG = 'report <quarterly> & "final" ' + "W" * 40 + ".txt"


def chain() -> Lineage:
    """report + collection -> order "count" -> counts1 -> order "count the counts" -> counts2."""
    n, e = LineageNode, LineageEdge
    nodes = {
        ROOT_URN: n(ROOT_URN, "artifact", "word-counts.json", None, {"size": 81}),
        "urn:ivcap:order:o2": n("urn:ivcap:order:o2", "order", "count the counts", "succeeded"),
        "urn:ivcap:service:s": n("urn:ivcap:service:s", "service", "word-count"),
        "urn:ivcap:artifact:c1": n("urn:ivcap:artifact:c1", "artifact", "word-counts.json"),
        "urn:ivcap:order:o1": n("urn:ivcap:order:o1", "order", "count", "failed"),
        "urn:ivcap:artifact:r": n("urn:ivcap:artifact:r", "artifact", LONG),
        "urn:ivcap:collection:k": n("urn:ivcap:collection:k", "collection", "k"),
    }
    edges = [
        e("urn:ivcap:order:o2", ROOT_URN, "produced"),
        e("urn:ivcap:service:s", "urn:ivcap:order:o2", "service"),
        e("urn:ivcap:artifact:c1", "urn:ivcap:order:o2", "input"),
        e("urn:ivcap:order:o1", "urn:ivcap:artifact:c1", "produced"),
        e("urn:ivcap:service:s", "urn:ivcap:order:o1", "service"),
        e("urn:ivcap:artifact:r", "urn:ivcap:order:o1", "input"),
        e("urn:ivcap:collection:k", "urn:ivcap:order:o1", "input"),
    ]
    return Lineage(ROOT_URN, nodes, edges, truncated=True)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def node_groups(tree: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-urn", ""): g for g in tree.iter(f"{SVG}g") if "node" in g.get("class", "")}


def box_of(group: ET.Element) -> tuple[float, float, float, float]:
    """The node shape's bounding box, from its rect, polygon or path coordinates."""
    shape = next(child for child in group if child.tag != f"{SVG}title")
    if shape.tag == f"{SVG}rect":
        x, y = float(shape.get("x", 0)), float(shape.get("y", 0))
        return x, y, float(shape.get("width", 0)), float(shape.get("height", 0))
    text = shape.get("points") or shape.get("d") or ""
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", text)]
    if shape.tag == f"{SVG}path":  # M x,y H x L x,y V y H x Z
        xs, ys = (
            [numbers[0], numbers[2], numbers[3], numbers[6]],
            [numbers[1], numbers[4], numbers[5]],
        )
    else:
        xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def test_every_node_is_drawn_with_its_label_and_kind() -> None:
    lineage = chain()
    tree = parse(lineage.to_svg())
    groups = node_groups(tree)
    assert set(groups) == set(lineage.nodes)
    for urn, node in lineage.nodes.items():
        texts = ["".join(t.itertext()) for t in groups[urn].iter(f"{SVG}text")]
        label = texts[-1]
        if node.label == LONG:  # cut with an ellipsis; the tooltip has it whole
            assert label.endswith("…") and LONG.startswith(label[:-1])
            assert LONG in "".join(groups[urn].find(f"{SVG}title").itertext())  # type: ignore[union-attr]
        else:
            assert label == node.label
        assert texts[0].startswith(node.kind)
    assert "order · failed" in lineage.to_svg() and "order · succeeded" in lineage.to_svg()


def test_edges_point_the_way_data_flows_left_to_right() -> None:
    lineage = chain()
    tree = parse(lineage.to_svg())
    boxes = {urn: box_of(g) for urn, g in node_groups(tree).items()}
    edges = [g for g in tree.iter(f"{SVG}g") if "edge" in g.get("class", "")]
    assert len(edges) == len(lineage.edges)
    for group in edges:
        source, target = boxes[group.get("data-source", "")], boxes[group.get("data-target", "")]
        assert source[0] + source[2] < target[0]  # the target's column is to the right
    dashed = [g for g in edges if "service" in g.get("class", "")]
    assert len(dashed) == 2 and all(
        g.find(f"{SVG}path").get("stroke-dasharray")
        for g in dashed  # type: ignore[union-attr]
    )
    # No two nodes overlap.
    placed = list(boxes.values())
    for index, (x, y, w, h) in enumerate(placed):
        for x2, y2, w2, h2 in placed[index + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def test_the_root_is_heavier_and_the_cut_is_said() -> None:
    svg = chain().to_svg()
    groups = node_groups(parse(svg))
    pens = {
        urn: float(
            next(c for c in g if c.tag != f"{SVG}title").get("stroke-width") or 0  # the shape
        )
        for urn, g in groups.items()
    }
    assert pens[ROOT_URN] > max(v for k, v in pens.items() if k != ROOT_URN)
    assert "stopped at max_depth" in svg


def test_the_svg_needs_nothing_from_outside() -> None:
    svg = chain().to_svg()
    assert "<script" not in svg and "href" not in svg.replace("url(#arrow)", "")
    assert re.findall(r"https?://[^\"']+", svg) == ["http://www.w3.org/2000/svg"]
    assert "@import" not in svg and "<link" not in svg


def test_labels_are_escaped() -> None:
    node = LineageNode("urn:x:artifact:1", "artifact", '<b>&"x"</b>', None, {})
    svg = Lineage(node.id, {node.id: node}, []).to_svg()
    assert "<b>" not in svg
    label = [t for t in parse(svg).iter(f"{SVG}text") if t.get("class") == "label"]
    assert "".join(label[0].itertext()) == '<b>&"x"</b>'


def test_odd_graphs_still_draw() -> None:
    lone = LineageNode("urn:ivcap:artifact:a", "artifact", "alone")
    assert len(node_groups(parse(Lineage(lone.id, {lone.id: lone}, []).to_svg()))) == 1
    a, b = (LineageNode(f"urn:ivcap:order:{i}", "order", i, "pending") for i in "ab")
    looped = Lineage(
        a.id,
        {a.id: a, b.id: b},
        [LineageEdge(a.id, b.id, "input"), LineageEdge(b.id, a.id, "input")],
    )
    assert (
        len([g for g in parse(looped.to_svg()).iter(f"{SVG}g") if "edge" in g.get("class", "")])
        == 2
    )
    dangling = Lineage(a.id, {a.id: a}, [LineageEdge(a.id, "urn:ivcap:artifact:gone", "produced")])
    parse(dangling.to_svg())


def test_notebooks_get_html_with_the_svg_and_no_mermaid() -> None:
    lineage = chain()
    page = lineage._repr_html_()
    assert page.startswith("<div") and lineage.to_svg() in page
    assert lineage._repr_svg_() == lineage.to_svg()
    assert not hasattr(lineage, "_repr_markdown_")  # Mermaid needs a CDN: never offered


# -- as a person sees it: rendered by headless Chromium -----------------------------------

_MEASURE = """
<script>
window.addEventListener("load", () => {
  const found = [];
  for (const group of document.querySelectorAll("g.node")) {
    const shape = group.querySelector("rect, polygon, path");
    const label = group.querySelector("text.label");
    const s = shape.getBoundingClientRect(), t = label.getBoundingClientRect();
    found.push({urn: group.dataset.urn, text: label.textContent,
                shape: [s.left, s.top, s.right, s.bottom],
                label: [t.left, t.top, t.right, t.bottom]});
  }
  document.getElementById("out").textContent = JSON.stringify(found);
});
</script>
"""


def test_chromium_renders_every_node_and_label_inside_its_shape(tmp_path: Path) -> None:
    binary = chromium()
    lineage = chain()
    page = tmp_path / "lineage.html"
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'></head>"
        "<body style='margin:0;background:#fff'>"
        f"{lineage._repr_html_()}<pre id='out'></pre>{_MEASURE}</body></html>",
        encoding="utf-8",
    )
    dumped = run_chromium(binary, tmp_path / "p1", "--dump-dom", page.as_uri())
    dom = dumped.stdout.decode()
    found = re.search(r"<pre id=\"out\">(.*?)</pre>", dom, re.S)
    assert found, dumped.stderr.decode()[-2000:]
    measured = json.loads(html.unescape(found[1]))
    assert {m["urn"] for m in measured} == set(lineage.nodes)
    labels = {
        urn: "".join(list(g.iter(f"{SVG}text"))[-1].itertext())
        for urn, g in node_groups(parse(lineage.to_svg())).items()
    }
    for item in measured:
        assert item["text"] == labels[item["urn"]]  # the label Chromium laid out is the SVG's
        left, top, right, bottom = item["shape"]
        l2, t2, r2, b2 = item["label"]
        assert r2 - l2 > 0 and b2 - t2 > 0, item  # the label was laid out: it has a size
        assert left <= l2 and r2 <= right and top <= t2 and b2 <= bottom, item  # and fits

    shot = tmp_path / "lineage.png"
    width = int(float(parse(lineage.to_svg()).get("width", "0"))) + 40
    run_chromium(
        binary, tmp_path / "p2", f"--screenshot={shot}", f"--window-size={width},400", page.as_uri()
    )
    image_width, _, rows = pixels(shot.read_bytes())
    channels = len(rows[0]) // image_width
    fills = {
        "artifact": (0xE8, 0xF1, 0xFB),
        "order": (0xFD, 0xF3, 0xE1),
        "service": (0xE9, 0xF6, 0xEC),
    }
    for item in measured:
        kind = lineage.nodes[item["urn"]].kind
        if kind not in fills:
            continue
        left, top, _, bottom = item["shape"]
        x, y = int(left) + 12, int((top + bottom) / 2)
        pixel = tuple(rows[y][x * channels : x * channels + 3])
        assert all(abs(a - b) <= 6 for a, b in zip(pixel, fills[kind], strict=True)), (item, pixel)
