"""``conveyor demo``, the main job: every step's output, its speed, and that nothing is left."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conveyor.cli._demo import STEPS

from .conftest import TOKEN, Run


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory the demo's own temporary files must go to (and leave)."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


def check_story(out: str) -> None:
    """Each step's heading in order, and what it must show."""
    positions = [out.index(f"Step {n}/{len(STEPS)}  {title}") for n, title in enumerate(STEPS, 1)]
    assert positions == sorted(positions)
    sections = [out[a:b] for a, b in zip(positions, [*positions[1:], len(out)], strict=True)]
    services, upload, order, wait, download, metadata, aspects, lineage, job, polled, pipe = (
        sections
    )
    for name in ("hello", "word-count", "sleep", "fail"):
        assert name in services
    assert "uploading notes.txt" in upload and re.search(
        r"notes\.txt -> urn:ivcap:artifact:", upload
    )
    assert "text/plain" in upload
    assert re.search(r"order urn:ivcap:order:\S+: (pending|scheduled|executing|succeeded)", order)
    assert "min_length=5" in order  # typed, as the step placed it
    assert re.search(r"succeeded after \d+\.\d\d s", wait)
    assert "word-counts.json" in download and "words " in download and "top word" in download
    assert "urn:example:schema:demo-review.1" in metadata
    assert "urn:ivcap:aspect:" in metadata
    assert "urn:conveyor:schema:artifact.produced-by.1" in aspects
    assert "urn:example:schema:demo-review.1" in aspects
    assert "artifact word-counts.json" in lineage
    assert 'produced by order "demo word count"  [succeeded]' in lineage
    assert "service word-count" in lineage and "input notes.txt" in lineage
    assert "```mermaid" in lineage and "flowchart LR" in lineage
    assert re.search(r"job urn:ivcap:job:\S+: succeeded in \d+\.\d\d s\b", job)
    assert "words " in job and "distinct " in job
    assert re.search(r"job urn:ivcap:job:\S+: \w+ \(answered at once, still running\)", polled)
    assert re.search(r"succeeded after \d+\.\d\d s: .*done waiting", polled)
    assert "✔ count[1]" in pipe or "ok count[1]" in pipe
    assert re.search(r"run \S+: 2 orders sent", pipe) and "nothing to do, all 5 steps" in pipe
    assert re.search(r"Done in \d+\.\d s\.", out)


def test_demo_tells_the_whole_story_and_leaves_nothing(
    run: Run, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo runs its own sandbox: no configured platform is needed.
    monkeypatch.delenv("CONVEYOR_URL")
    monkeypatch.delenv("CONVEYOR_TOKEN")
    result = run("demo")
    check_story(result.stdout)
    assert "Platform: an embedded sandbox at http://127.0.0.1:" in result.stdout
    assert "temporary data removed" in result.stdout
    assert list(private_tmp.iterdir()) == []
    assert not Path(os.environ["CONVEYOR_CACHE_DIR"]).exists()  # the user's cache untouched


def test_demo_keep_keeps_the_sandbox_data(
    run: Run, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONVEYOR_URL")
    result = run("demo", "--keep")
    (kept,) = private_tmp.iterdir()
    assert f"Kept everything in {kept}" in result.stdout
    assert (kept / "out" / "word-counts.json").is_file()
    assert (kept / "sandbox").is_dir() and (kept / "notes.txt").is_file()
    assert f"--data-dir {kept / 'sandbox'}" in result.stdout


def test_demo_against_a_platform_given_by_url(run: Run, server: object) -> None:
    result = run("--url", server.url, "--token", TOKEN, "demo")  # type: ignore[attr-defined]
    check_story(result.stdout)
    assert f"Platform: the platform at {server.url}" in result.stdout  # type: ignore[attr-defined]
    assert "stays on the platform" in result.stdout


def test_demo_script_runs_in_a_fresh_process(tmp_path: Path) -> None:
    """The installed entry point, as `./dev demo` runs it, in a fresh process.

    How long it takes is measured in benchmarks/ (row `demo`), not asserted here.
    """
    env = {**os.environ, "TMPDIR": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for name in ("CONVEYOR_URL", "CONVEYOR_TOKEN", "CONVEYOR_PROFILE"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "conveyor.cli", "demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    check_story(done.stdout)
    assert done.stderr == ""
    assert list(tmp_path.iterdir()) == []
