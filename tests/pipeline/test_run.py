"""run(): topological order, at most N at once, products downstream, journals, failure policies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conveyor import AsyncClient, Client, PipelineFailed
from conveyor.pipeline import RUN_SCHEMA, AsyncPipelineRun, Pipeline, PipelineRun, list_runs

from ..sdk.faults import FaultTransport
from .conftest import placed, unique, writes
from .services import GAUGE


def diamond(p: Pipeline, texts: list[Path]) -> None:
    """first -> (count, again) -> join: products flow down both sides."""
    first = p.upload(texts[0], "first")
    count = p.order("word-count", "count", text=first)
    again = p.order("word-count", "again", text=first, min_length=4)
    p.order("join", "join", left=count.products[0], right=again.product("word-counts.json"))


def test_a_run_passes_products_downstream_and_journals_each_node(
    client: Client, texts: list[Path], journals: Path
) -> None:
    p = Pipeline(unique("diamond"), client=client)
    diamond(p, texts)
    events: list[dict[str, Any]] = []
    run = p.run(max_parallel=2, on_event=events.append)
    assert isinstance(run, PipelineRun) and run.status == "succeeded" and run.succeeded
    assert run.submitted == 3 and [n.status for n in run.nodes.values()] == ["succeeded"] * 4
    joined = client.artifacts.get(run["join"].products[0][0])
    count = client.artifacts.get(run["count"].products[0][0])
    again = client.artifacts.get(run["again"].products[0][0])
    assert b"".join(joined.iter_bytes()) == b"".join(count.iter_bytes()) + b"".join(
        again.iter_bytes()
    )
    # Each order carries its node's key, name and run.
    order = client.orders.get(run["join"].urn or "")
    assert order.name == f"{p.name}/join"
    assert (
        f"conveyor:key={run['join'].key}" in order.tags and f"conveyor:run={run.id}" in order.tags
    )
    # The local journal: a line per event, a submit before each submitted.
    lines = [json.loads(line) for line in (journals / p.name / f"{run.id}.jsonl").open()]
    assert lines == [{k: v for k, v in e.items()} for e in events]
    kinds = [e["e"] for e in lines if e.get("node") == "join"]
    assert kinds == ["submit", "submitted", "done"]
    assert lines[0]["e"] == "start" and lines[-1] == {
        **lines[-1],
        "e": "end",
        "status": "succeeded",
    }
    assert run.journal == journals / p.name / f"{run.id}.jsonl"


def test_a_run_is_found_from_another_machine(
    client: Client, other_client: Client, texts: list[Path]
) -> None:
    p = Pipeline(unique("found"), client=client)
    diamond(p, texts)
    run = p.run()
    # The snapshot aspect on the platform: no local journal needed.
    elsewhere = Pipeline(p.name, client=other_client).runs()
    assert [r.id for r in elsewhere] == [run.id]
    assert {n: s.status for n, s in elsewhere[0].nodes.items()} == {
        n: "succeeded" for n in run.nodes
    }
    assert elsewhere[0]["join"].urn == run["join"].urn
    assert any(r.id == run.id for r in list_runs(other_client))
    aspects = list(
        other_client.aspects.list(schema=RUN_SCHEMA, entity=f"urn:conveyor:pipeline-run:{run.id}")
    )
    assert len(aspects) == 1 and aspects[0].content["status"] == "succeeded"


def test_at_most_max_parallel_orders_are_in_progress(client: Client) -> None:
    GAUGE.reset()
    p = Pipeline(unique("gauge"), client=client)
    p.map("gauge", over=[0.1 * i for i in range(1, 9)], param="seconds")
    p.run(max_parallel=3)
    assert 1 <= GAUGE.most <= 3
    GAUGE.reset()
    q = Pipeline(unique("gauge"), client=client)
    q.map("gauge", over=[0.05 * i for i in range(1, 5)], param="seconds")
    q.run(max_parallel=1)
    assert GAUGE.most == 1


def test_an_unchanged_pipeline_run_again_does_nothing_and_says_so(
    client: Client, transport: FaultTransport, texts: list[Path]
) -> None:
    p = Pipeline(unique("again"), client=client)
    diamond(p, texts)
    first = p.run()
    sent = len(writes(transport))
    again = p.run()
    assert again.status == "unchanged" and again.submitted == 0
    assert len(writes(transport)) == sent  # not a single write: no order, no journal
    assert again.summary() == (
        f"pipeline {p.name!r}: nothing to do, all 4 steps were done by run {first.id}"
    )
    assert again["join"].products == first["join"].products and again["join"].cached == first.id


def test_changing_one_node_reruns_it_and_what_needs_it(
    client: Client, transport: FaultTransport, texts: list[Path]
) -> None:
    name = unique("change")
    p = Pipeline(name, client=client)
    diamond(p, texts)
    first = p.run()
    q = Pipeline(name, client=client)
    first_up = q.upload(texts[0], "first")
    count = q.order("word-count", "count", text=first_up)
    again = q.order("word-count", "again", text=first_up, min_length=5)  # was 4
    q.order("join", "join", left=count.products[0], right=again.products[0])
    before = placed(transport)
    second = q.run()
    assert placed(transport) - before == 2  # again and join; count is reused
    assert second["count"].cached == first.id and second["count"].urn == first["count"].urn
    assert second["again"].urn != first["again"].urn and not second["join"].cached


def test_stop_at_the_first_failure_by_default_and_read_its_logs(client: Client) -> None:
    p = Pipeline(unique("stop"), client=client)
    bad = p.order("shout-fail", "bad", message="boom")
    p.order("hello", "after-bad").after(bad)
    p.order("hello", "independent")
    with pytest.raises(PipelineFailed, match=r"node 'bad' failed: boom") as e:
        p.run(max_parallel=1)
    run = e.value.run
    assert run.status == "failed"
    assert {n: s.status for n, s in run.nodes.items()} == {
        "bad": "failed",
        "after-bad": "skipped",
        "independent": "stopped",  # not sent: the run stopped at the failure
    }
    assert [f.name for f in e.value.failures] == ["bad"]
    assert "about to fail: boom" in e.value.failures[0].logs()
    assert run.submitted == 1


def test_continue_goes_on_with_independent_branches(client: Client) -> None:
    p = Pipeline(unique("continue"), client=client)
    bad = p.order("shout-fail", "bad", message="boom")
    p.order("hello", "after-bad").after(bad)
    p.order("hello", "independent")
    with pytest.raises(PipelineFailed) as e:
        p.run(max_parallel=1, on_failure="continue")
    statuses = {n: s.status for n, s in e.value.run.nodes.items()}
    assert statuses == {"bad": "failed", "after-bad": "skipped", "independent": "succeeded"}
    run = p.run(on_failure="continue", check=False)  # the failure is tried again, once more
    assert run.status == "failed" and run["independent"].cached == e.value.run.id


@pytest.mark.anyio
async def test_the_async_entry_point(aclient: AsyncClient, texts: list[Path]) -> None:
    p = aclient.pipeline(unique("async"))
    first = p.upload(texts[0], "first")
    counts = p.map("word-count", over=[first, first.artifact], param="text")
    p.job("total", {"values": [1, 2]}, "sum")
    p.collect(counts.products, "all")
    plan = await p.plan()
    assert [s.decision for s in plan.steps] == ["run"] * 5
    run = await p.run(max_parallel=2)
    assert isinstance(run, AsyncPipelineRun) and run.status == "succeeded"
    assert run["sum"].result == {"total": 3}
    # The two members have one key (same service, same input): sent once, shared.
    assert run["word-count[0]"].urn == run["word-count[1]"].urn and run.submitted == 2
    again = await p.run()
    assert again.status == "unchanged"
    lineage = await run.lineage("word-count[0]")
    assert any(n.kind == "order" for n in lineage.nodes.values())


def test_a_timeout_leaves_the_node_running_for_a_resume(client: Client) -> None:
    p = Pipeline(unique("timeout"), client=client)
    p.order("sleep", "nap", seconds=0.5)
    with pytest.raises(PipelineFailed, match=r"still running after 0\.01 s") as e:
        p.run(timeout=0.01)
    run = e.value.run
    assert run.status == "interrupted" and run["nap"].status == "submitted"
    resumed = p.resume(run)
    assert resumed.status == "succeeded" and resumed["nap"].urn == run["nap"].urn
