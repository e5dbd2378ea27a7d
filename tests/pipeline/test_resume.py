"""resume(): after a crash, a Ctrl-C or a failure; nothing is sent twice.

A crash is simulated in-process by a transport that lets an order be placed
and then raises a `BaseException` instead of handing back the answer: the
journal then holds a ``submit`` with no ``submitted`` after it, exactly what
a process killed at that moment leaves (the live SIGKILL test is in
``test_must_hold.py``).
"""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor import Client
from conveyor.pipeline import Pipeline

from ..fakes import FakeClock
from ..sdk.faults import FaultTransport
from .conftest import REAL_SLEEP, TOKEN, placed, unique


class Crash(BaseException):
    """The process dies (not an `Exception`: nothing in the SDK handles it)."""


class CrashAfterPlacing(httpx.BaseTransport):
    """Forwards everything; the ``nth`` order placed gets through, then the 'process' dies."""

    def __init__(self, nth: int, jobs: bool = False) -> None:
        self.inner = FaultTransport()
        self.nth = nth
        self.seen = 0
        self.jobs = jobs  # count jobs run instead of orders placed

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        path = request.url.path
        if request.method == "POST" and (
            path.endswith("/jobs") if self.jobs else path == "/1/orders"
        ):
            self.seen += 1
            if self.seen == self.nth:
                response.read()
                raise Crash(f"died after placing order {self.nth}")
        return response


def connect(server: Any, tmp_path: Path, transport: httpx.BaseTransport) -> Client:
    return Client(
        server.url,
        token=TOKEN,
        transport=transport,
        clock=FakeClock(real_sleep=REAL_SLEEP),
        cache_dir=tmp_path / "cache",
    )


def chain(p: Pipeline, texts: list[Path]) -> None:
    first = p.upload(texts[0], "first")
    a = p.order("word-count", "a", text=first)
    b = p.order("join", "b", left=a.products[0], right=first)
    p.order("word-count", "c", text=b.products[0])


def orders_of(client: Client, pipeline: str) -> dict[str, list[Any]]:
    """Every order the pipeline placed, by node (read back from the platform)."""
    found: dict[str, list[Any]] = {}
    for item in client.orders.list(filter=f"name ~= '{pipeline}/%'"):
        found.setdefault(item.name.split("/", 1)[1], []).append(item)
    return found


def test_a_crash_between_placing_and_recording_is_resumed_without_a_second_order(
    server: Any,
    client: Client,
    transport: FaultTransport,
    tmp_path: Path,
    texts: list[Path],
    journals: Path,
) -> None:
    name = unique("crash")
    dying = connect(server, tmp_path, CrashAfterPlacing(2))  # b is placed, then the crash
    p = Pipeline(name, client=dying)
    chain(p, texts)
    with pytest.raises(Crash):
        p.run(max_parallel=1)
    dying.close()
    [journal] = (journals / name).glob("*.jsonl")
    events = [json.loads(line) for line in journal.open()]
    b = [e["e"] for e in events if e.get("node") == "b"]
    assert b == ["submit"]  # sent, never recorded: the window a crash leaves
    run_id = events[0]["run"]
    q = Pipeline(name, client=client)
    chain(q, texts)
    assert {s.name: s.decision for s in q.plan().steps} == {
        "first": "cached",
        "a": "cached",
        "b": "check",
        "c": "run",
    }
    before = placed(transport)
    run = q.resume(run_id)
    assert run.id == run_id and run.status == "succeeded"
    assert placed(transport) - before == 1  # only c: b was found by its key, not sent again
    assert {node: len(found) for node, found in orders_of(client, name).items()} == {
        "a": 1,
        "b": 1,
        "c": 1,
    }


def test_a_run_of_a_crashed_pipeline_also_finds_what_the_crash_left(
    server: Any, client: Client, transport: FaultTransport, tmp_path: Path, texts: list[Path]
) -> None:
    name = unique("cron")
    dying = connect(server, tmp_path, CrashAfterPlacing(1))
    p = Pipeline(name, client=dying)
    chain(p, texts)
    with pytest.raises(Crash):
        p.run()
    dying.close()
    # The next scheduled run (a new run, not a resume) must not place a again.
    q = Pipeline(name, client=client)
    chain(q, texts)
    q.run()
    assert {node: len(found) for node, found in orders_of(client, name).items()} == {
        "a": 1,
        "b": 1,
        "c": 1,
    }


def test_resume_from_another_machine_with_only_the_platform_snapshot(
    server: Any, other_client: Client, tmp_path: Path, texts: list[Path]
) -> None:
    name = unique("elsewhere")
    dying = connect(server, tmp_path, CrashAfterPlacing(2))
    p = Pipeline(name, client=dying, journal_dir=tmp_path / "machine-a")
    chain(p, texts)
    with pytest.raises(Crash):
        p.run(max_parallel=1)
    dying.close()
    [run] = Pipeline(name, client=other_client, journal_dir=tmp_path / "machine-b").runs()
    assert run.status == "running"  # its snapshot: the run never said it ended
    # Without the Python file: the run's recorded steps (the upload is done, its file unneeded).
    resumed = Pipeline.from_run(run, client=other_client)
    resumed._journal_dir = tmp_path / "machine-b"
    done = resumed.resume(run.id)
    assert done.status == "succeeded"
    assert {node: len(found) for node, found in orders_of(other_client, name).items()} == {
        "a": 1,
        "b": 1,
        "c": 1,
    }


def test_ctrl_c_leaves_an_interrupted_run_that_resumes(
    client: Client, texts: list[Path], journals: Path
) -> None:
    p = Pipeline(unique("ctrl-c"), client=client)
    chain(p, texts)

    def interrupt(event: dict[str, Any]) -> None:
        if event["e"] == "submitted" and event["node"] == "a":
            signal.raise_signal(signal.SIGINT)  # Ctrl-C, as the terminal sends it

    with pytest.raises(KeyboardInterrupt):
        p.run(on_event=interrupt)
    [run] = p.runs()
    assert run.status == "interrupted" and run["a"].status == "submitted"
    resumed = p.resume(run)
    assert resumed.status == "succeeded" and resumed["a"].urn == run["a"].urn
    assert resumed["c"].attempts == 1


def test_resume_sends_a_failed_node_again_and_a_finished_run_has_nothing_left(
    client: Client, transport: FaultTransport
) -> None:
    p = Pipeline(unique("again"), client=client)
    bad = p.order("shout-fail", "bad", message="once")
    p.order("hello", "after").after(bad)
    failed = p.run(check=False)
    assert failed.status == "failed"
    before = placed(transport)
    second = p.resume(failed, check=False)
    assert placed(transport) - before == 1 and second["bad"].attempts == 2
    order = client.orders.get(second["bad"].urn or "")
    assert "conveyor:attempt=2" in order.tags
    ok = Pipeline(p.name + "-ok", client=client)
    ok.order("hello", "hi")
    finished = ok.run()
    again = ok.resume(finished.id)
    assert again.summary().endswith("nothing left to do (succeeded)")


def test_resume_with_a_changed_node_reruns_it_and_its_dependents(
    client: Client, transport: FaultTransport, texts: list[Path]
) -> None:
    name = unique("changed")
    p = Pipeline(name, client=client)
    chain(p, texts)
    run = p.run()
    q = Pipeline(name, client=client)
    first = q.upload(texts[0], "first")
    a = q.order("word-count", "a", text=first)
    b = q.order("join", "b", left=a.products[0], right=first, pause=0.01)  # changed
    q.order("word-count", "c", text=b.products[0])
    before = placed(transport)
    again = q.resume(run.id)
    assert placed(transport) - before == 2 and again["a"].urn == run["a"].urn


def test_a_job_sent_just_before_a_crash_is_recognised_by_its_request(
    server: Any, client: Client, transport: FaultTransport, tmp_path: Path
) -> None:
    name = unique("job-crash")
    dying = connect(server, tmp_path, CrashAfterPlacing(2, jobs=True))

    def build(p: Pipeline) -> None:
        first = p.job("word-stats", {"text": "one two three"}, "first")
        p.job("total", {"values": [first.result["words"], 4]}, "second")
        p.job("word-stats", {"text": "four five"}, "third").after(p["second"])

    p = Pipeline(name, client=dying)
    build(p)
    with pytest.raises(Crash):
        p.run(max_parallel=1)
    dying.close()
    q = Pipeline(name, client=client)
    build(q)
    assert q.plan()["second"].decision == "check"
    before = placed(transport)
    [crashed] = q.runs()
    resumed = q.resume(crashed.id)
    assert resumed.status == "succeeded" and resumed["second"].result == {"total": 7}
    assert placed(transport) - before == 1  # only third: second was found, not run again


def test_a_big_snapshot_is_paged_and_read_back_whole(
    server: Any, other_client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conveyor.pipeline import RUN_SCHEMA, _snapshot

    monkeypatch.setattr(_snapshot, "PAGE_BYTES", 3000)  # a few steps per page
    monkeypatch.setattr(_snapshot, "RESULT_BYTES", 10)  # no job result in the snapshot
    name = unique("paged")
    dying = connect(server, tmp_path, CrashAfterPlacing(6))

    def build(p: Pipeline) -> None:
        stats = p.job("word-stats", {"text": "one two three four"}, "stats")
        hellos = p.map("hello", over=[f"m{i}" for i in range(8)], param="message", name="hi")
        p.job("total", {"values": [stats.result["words"], 1]}, "total").after(hellos)

    p = Pipeline(name, client=dying, journal_dir=tmp_path / "machine-a")
    build(p)
    with pytest.raises(Crash):
        p.run(max_parallel=1)
    dying.close()
    pages = list(
        other_client.aspects.list(schema=RUN_SCHEMA, content_path=f'$.pipeline ? (@ == "{name}")')
    )
    assert len(pages) > 1
    q = Pipeline(name, client=other_client, journal_dir=tmp_path / "machine-b")
    build(q)
    [run] = q.runs()
    assert len(run.nodes) == 10 and run["stats"].status == "succeeded"
    assert run["stats"].result is None  # too big for the snapshot: read from the job when needed
    resumed = q.resume(run.id)
    assert resumed.status == "succeeded" and resumed["total"].result == {"total": 5}
    assert {n: len(o) for n, o in orders_of(other_client, name).items()} == {
        f"hi[{i}]": 1 for i in range(8)
    }
