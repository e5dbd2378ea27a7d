"""plan(): the checked DAG, validated parameters and cache hits, with no write at all."""

from __future__ import annotations

from pathlib import Path

from conveyor import Client
from conveyor.pipeline import Pipeline, Plan

from ..sdk.faults import FaultTransport
from .conftest import unique, writes


def three_steps(p: Pipeline, texts: list[Path]) -> None:
    uploads = [p.upload(t) for t in texts]
    counts = p.map("word-count", over=uploads, param="text", min_length="2")
    p.collect(counts.products, "summary")


def test_a_plan_writes_nothing_and_shows_validated_parameters(
    client: Client, transport: FaultTransport, texts: list[Path]
) -> None:
    p = Pipeline(unique("plan"), client=client)
    three_steps(p, texts)
    plan = p.plan()
    assert writes(transport) == []
    assert isinstance(plan, Plan) and len(plan) == 5
    assert [s.name for s in plan.steps] == [
        "first.txt",
        "second.txt",
        "word-count[0]",
        "word-count[1]",
        "summary",
    ]
    count = plan["word-count[1]"]
    # Wire names, checked values (the text "2" as the int it is), and the edge.
    assert count.parameters == {"min-length": "2", "text": "<- second.txt.artifact"}
    assert count.needs == ["second.txt"] and count.service == "word-count"
    assert plan["summary"].parameters["items"] == "[<- word-count[*].products]"
    assert {s.decision for s in plan.steps} == {"run"}
    assert plan.to_run == [s.name for s in plan.steps] and plan.cached == []
    assert not plan.nothing_to_do
    assert plan.summary().endswith("5 steps, 5 to run, 0 cached")


def test_keys_are_structural_and_a_change_reaches_only_what_depends_on_it(
    client: Client, texts: list[Path]
) -> None:
    def build(min_length: int, version: str = "1") -> dict[str, str]:
        p = Pipeline("keys", client=client, version=version)
        notes = p.upload(texts[0], "notes")
        other = p.upload(texts[1], "other")
        a = p.order("word-count", "a", text=notes, min_length=min_length)
        p.order("join", "b", left=a.products[0], right=notes)
        p.order("word-count", "c", text=other)
        return {s.name: s.key for s in p.plan().steps}

    first, again = build(1), build(1)
    assert first == again  # the same definition, the same keys
    changed = build(3)
    same = {name for name in first if first[name] == changed[name]}
    assert same == {"notes", "other", "c"}  # a changed, and b that needs it
    bumped = build(1, version="2")
    assert {n for n in first if first[n] == bumped[n]} == {"notes", "other"}  # inputs only


def test_an_earlier_run_makes_cache_hits_and_the_plan_says_so(
    client: Client, other_client: Client, transport: FaultTransport, texts: list[Path]
) -> None:
    name = unique("cached")
    p = Pipeline(name, client=client)
    three_steps(p, texts)
    run = p.run()
    before = len(writes(transport))
    plan = p.plan()
    assert len(writes(transport)) == before
    assert plan.nothing_to_do and plan.to_run == []
    assert {s.decision for s in plan.steps} == {"cached"}
    assert {s.run for s in plan.steps} == {run.id}
    assert plan["word-count[0]"].urn == run["word-count[0]"].urn
    assert "nothing to do" in plan.summary()
    # From another machine, the platform's journal of the run gives the same answer.
    q = Pipeline(name, client=other_client)
    three_steps(q, texts)
    assert q.plan().nothing_to_do
    # One more input: only its upload and its count will run, then the summary again.
    extra = texts[0].parent / "third.txt"
    extra.write_text("a third text\n")
    r = Pipeline(name, client=client)
    uploads = [r.upload(t) for t in [*texts, extra]]
    counts = r.map("word-count", over=uploads, param="text", min_length="2")
    r.collect(counts.products, "summary")
    decisions = {s.name: s.decision for s in r.plan().steps}
    assert decisions == {
        "first.txt": "cached",
        "second.txt": "cached",
        "third.txt": "run",
        "word-count[0]": "cached",
        "word-count[1]": "cached",
        "word-count[2]": "run",
        "summary": "run",
    }


def test_describe_and_the_notebook_view(client: Client, texts: list[Path]) -> None:
    p = Pipeline(unique("shown"), client=client)
    three_steps(p, texts)
    plan = p.plan()
    text = plan.describe()
    assert text.splitlines()[0] == plan.summary()
    assert "word-count[0]  order    word-count  run" in text
    assert "min-length=2" in text
    page = plan._repr_html_()
    assert page.startswith("<div>") and "<svg" in page and "<td>word-count[1]</td>" in page
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")  # nothing to fetch
    data = plan.to_dict()
    assert data["steps"][2]["decision"] == "run" and len(data["steps"][2]["key"]) == 32
    # The definition itself, before any request:
    assert "word-count" in p.describe() and p.to_mermaid().startswith("flowchart LR")
