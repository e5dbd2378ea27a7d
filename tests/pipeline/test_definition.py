"""Defining pipelines: lazy nodes, edges from outputs, fan-out and fan-in, and refusals.

Refusals come with the node's name (``PipelineError.node``), either while the
pipeline is defined (what needs no platform: names, output kinds, cycles,
JSON) or when it is checked against the platform by ``plan()``/``run()``
(services, parameters, types), in both cases before anything is sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conveyor import Client, InvalidParameter
from conveyor.pipeline import CycleError, Node, Output, Pipeline, PipelineError

from ..sdk.faults import FaultTransport
from .conftest import unique, writes


def test_nodes_are_lazy_and_outputs_make_edges(texts: list[Path]) -> None:
    p = Pipeline("lazy")
    notes = p.upload(texts[0])
    count = p.order("word-count", text=notes, min_length=3)
    again = p.order("word-count", text=count.products[0])
    joined = p.order("join", left=count.product("word-counts.json"), right=notes.artifact)
    assert [n.name for n in p] == ["first.txt", "word-count", "word-count-2", "join"]
    assert isinstance(count, Node) and count.kind == "order" and count.service == "word-count"
    assert count.params["text"].selector == "artifact"  # a whole upload stands for its artifact
    assert isinstance(again.params["text"], Output)
    assert repr(again.params["text"]) == "<word-count.products[0]>"
    assert [u.name for u in joined.upstream()] == ["word-count", "first.txt"]
    assert [u.name for u in again.upstream()] == ["word-count"]
    assert "word-count-2" in p and len(p) == 4 and p["join"] is joined


def test_outputs_a_kind_of_node_lacks_are_refused_naming_the_node(texts: list[Path]) -> None:
    p = Pipeline("kinds")
    notes = p.upload(texts[0], "notes")
    count = p.order("word-count", text=notes)
    with pytest.raises(PipelineError, match=r"node 'notes': an upload node has no products") as e:
        notes.products  # noqa: B018 - the property is what is refused
    assert e.value.node == "notes"
    with pytest.raises(PipelineError, match="node 'word-count': an order node has no result"):
        count.result  # noqa: B018
    with pytest.raises(PipelineError, match=r"node 'word-count': .*no artifact"):
        count.artifact  # noqa: B018
    with pytest.raises(PipelineError, match=r"products\['x'\]: a product is picked by a position"):
        count.products["x"]
    with pytest.raises(TypeError, match="known only after the node runs"):
        list(count.products)
    with pytest.raises(PipelineError, match="pass one of 'word-count''s outputs"):
        p.order("word-count", "again", text=count)


def test_names_are_checked_and_unique(texts: list[Path]) -> None:
    with pytest.raises(PipelineError, match="name: letters"):
        Pipeline("has space")
    p = Pipeline("names")
    p.upload(texts[0], "a")
    with pytest.raises(PipelineError, match="node 'a': another node already has this name"):
        p.order("hello", "a")
    with pytest.raises(PipelineError, match="a node name is letters"):
        p.order("hello", "no/slash")
    with pytest.raises(PipelineError, match="upload: no such file") as e:
        p.upload(texts[0].parent / "missing.txt")
    assert e.value.node == "missing.txt"
    with pytest.raises(PipelineError, match="node 'x': artifact: not a URN"):
        p.artifact("not-a-urn", "x")


def test_an_output_of_another_pipeline_is_refused(texts: list[Path]) -> None:
    one, two = Pipeline("one"), Pipeline("two")
    notes = one.upload(texts[0])
    with pytest.raises(
        PipelineError, match=r"node 'word-count': uses 'first\.txt', a node of another"
    ):
        two.order("word-count", text=notes.artifact)


def test_edges_that_close_a_cycle_are_refused_naming_the_loop(texts: list[Path]) -> None:
    p = Pipeline("cycles")
    a = p.order("hello", "a")
    b = p.order("hello", "b").after(a)
    c = p.order("word-count", "c", text=p.upload(texts[0]))
    c.after(b)
    with pytest.raises(CycleError) as e:
        a.after(c)
    assert e.value.node == "a" and e.value.cycle == ["a", "c", "b", "a"]
    with pytest.raises(CycleError, match=r"a -> a"):
        a.after(a)
    d = p.order("join", "d", left=c.products[0], right=c.products[0])
    with pytest.raises(CycleError, match=r"c -> d -> c"):
        c.set(text=d.products[0])
    assert c.params["text"].node.name != "d"  # nothing was changed by the refused edge


def test_fan_out_over_a_list_and_fan_in_by_collect_or_a_job_list(texts: list[Path]) -> None:
    p = Pipeline("fans")
    uploads = [p.upload(t) for t in texts]
    counts = p.map("word-count", over=uploads, param="text", min_length=2)
    summary = p.collect(counts.products, "summary")
    stats = p.map("word-stats", over=["a b", "c d e"], param="text", job=True, name="stats")
    total = p.job("total", {"values": [stats.result["words"]]}, "total")
    assert counts.kind == "map" and counts.params["param"] == "text"
    assert [u.name for u in summary.upstream()] == ["word-count"]
    assert [u.name for u in total.upstream()] == ["stats"]
    assert summary.collection.kind == "collection"
    with pytest.raises(PipelineError, match="node 'word-count-2': map: 'text' is the mapped"):
        p.map("word-count", over=uploads, param="text", text=uploads[0])
    with pytest.raises(PipelineError, match=r"map: over= takes a list or a collection, not <"):
        p.map("word-count", over=counts.products, param="text")
    with pytest.raises(PipelineError, match="collect: a collection holds artifacts, not a result"):
        p.collect([total.result], "bad")


def test_job_requests_must_be_json(texts: list[Path]) -> None:
    p = Pipeline("json")
    with pytest.raises(PipelineError, match=r"node 'word-stats': \$\.when: not JSON: object"):
        p.job("word-stats", {"when": object()})
    with pytest.raises(PipelineError, match=r"\$: JSON keys are text"):
        p.job("word-stats", {1: "x"}, "keys")
    with pytest.raises(PipelineError, match="NaN"):
        p.job("word-stats", {"x": float("nan")}, "nan")


# -- checked against the platform: nothing is sent ------------------------------------


@pytest.mark.parametrize(
    ("build", "node", "match"),
    [
        (
            lambda p, t: p.order("no-such-service"),
            "no-such-service",
            "no service 'no-such-service'",
        ),
        (lambda p, t: p.order("word-count", "wc", text=p.upload(t)), "wc", None),
        (
            lambda p, t: p.order("word-count", "wc", text=p.upload(t), min_lenght=2),
            "wc",
            "min_lenght: the service has no such parameter.*did you mean 'min_length'",
        ),
        (
            lambda p, t: p.order("word-count", "wc", text=p.upload(t), min_length="many"),
            "wc",
            "min_length: expects an integer",
        ),
        (lambda p, t: p.order("word-count", "wc"), "wc", "text: missing"),
        (
            lambda p, t: p.order("word-count", "wc", text=p.upload(t), case="upper"),
            "wc",
            "case: expects one of 'fold', 'keep'",
        ),
        (
            # a job's result where an artifact is needed: a type mismatch
            lambda p, t: p.order(
                "word-count", "wc", text=p.job("word-stats", {"text": "a"}).result
            ),
            "wc",
            "the artifact parameter cannot take <word-stats.result>, a result",
        ),
        (
            # a list (fan-in) where one artifact is needed
            lambda p, t: p.order(
                "word-count", "wc", text=p.map("word-count", [p.upload(t)], "text").products
            ),
            "wc",
            "cannot take <word-count.products>, a list of artifacts; for a fan-in",
        ),
        (
            lambda p, t: p.order("word-count", "wc", text=[p.upload(t)]),
            "wc",
            "an artifact parameter takes one value, not a list",
        ),
        (
            lambda p, t: p.order("hello", "hi", message=p.upload(t).artifact),
            "hi",
            "the string parameter cannot take <first.txt.artifact>, an artifact",
        ),
        (
            lambda p, t: p.job("word-stats", {"text": 42}, "ws"),
            "ws",
            r"\$\.text: 42 is not of type",
        ),
        (lambda p, t: p.job("word-stats", {}, "ws"), "ws", "'text' is a required property"),
        (
            lambda p, t: p.map("word-stats", ["a", 3], "text", job=True, name="m"),
            "m[1]",
            r"\$\.text: 3 is not of type 'string'",
        ),
        (
            lambda p, t: p.artifact("urn:ivcap:artifact:00000000-0000-4000-8000-00000000beef", "a"),
            "a",
            "no artifact",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_refusals_against_the_platform_name_the_node_and_send_nothing(
    client: Client,
    transport: FaultTransport,
    texts: list[Path],
    build: Any,
    node: str,
    match: str | None,
) -> None:
    p = Pipeline(unique("refuse"), client=client)
    build(p, texts[0])
    if match is None:  # the good case: planned, still nothing written
        assert p.plan().to_run
    else:
        with pytest.raises(PipelineError, match=match) as e:
            p.plan()
        assert e.value.node == node
        assert isinstance(e.value, InvalidParameter)
        with pytest.raises(PipelineError, match=match):
            p.run()
    assert writes(transport) == []


def test_a_job_request_with_edges_is_checked_around_them(client: Client) -> None:
    p = Pipeline(unique("holes"), client=client)
    stats = p.job("word-stats", {"text": "one two three"}, "stats")
    # The edge's value is only known later: the rest is checked now.
    p.job("total", {"values": [stats.result["words"], 2]}, "fine")
    p.plan()
    p.job("total", {"values": [stats.result["words"], "two"]}, "bad")
    with pytest.raises(PipelineError, match=r"node 'bad': \$\.values\[1\]: 'two' is not of type"):
        p.plan()
