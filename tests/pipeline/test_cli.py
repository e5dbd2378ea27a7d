"""``conveyor pipelines``: plan, run, resume, show, list, and the crontab line of the guide."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conveyor.cli import cli

from .conftest import TOKEN, unique

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "guides" / "pipelines.md"

DEFINITION = """\
from conveyor.pipeline import Pipeline

pipeline = Pipeline({name!r})
notes = pipeline.upload("notes.txt")
more = pipeline.upload("more.txt")
counts = pipeline.map("word-count", over=[notes, more], param="text", min_length=2)
pipeline.collect(counts.products, "summary")
"""


@pytest.fixture
def cli_env(server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("CONVEYOR_PROFILE", "IVCAP_URL", "IVCAP_BASE_URL", "IVCAP_JWT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONVEYOR_URL", server.url)
    monkeypatch.setenv("CONVEYOR_TOKEN", TOKEN)
    monkeypatch.setenv("CONVEYOR_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("CONVEYOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CONVEYOR_PIPELINES_DIR", str(tmp_path / "journals"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("the cat sat on the mat\n")
    (tmp_path / "more.txt").write_text("to be or not to be\n")
    return tmp_path


def conveyor(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, (result.output, result.stderr)
    assert TOKEN not in result.output + result.stderr
    return result


def write(folder: Path, name: str, text: str | None = None) -> Path:
    path = folder / f"{name}.py"
    path.write_text(text if text is not None else DEFINITION.format(name=name))
    return path


def orders_named(client: Any, pipeline: str) -> int:
    return len(list(client.orders.list(filter=f"name ~= '{pipeline}/%'")))


def test_plan_run_show_list(cli_env: Path, client: Any) -> None:
    name = unique("cli")
    file = write(cli_env, name)
    plan = conveyor("pipelines", "plan", str(file))
    assert "5 steps, 5 to run, 0 cached" in plan.output
    assert "word-count[1]  order    word-count  run" in plan.output
    assert orders_named(client, name) == 0  # planning placed nothing
    ran = conveyor("pipelines", "run", str(file), "--max-parallel", "2")
    assert "succeeded (5 succeeded; 2 sent)" in ran.stdout
    assert "  sent     word-count[0]  urn:ivcap:order:" in ran.stderr
    run_id = re.search(r"run (\S+): succeeded", ran.stdout).group(1)  # type: ignore[union-attr]
    shown = conveyor("pipelines", "show", run_id)
    assert "summary" in shown.output and "urn:ivcap:collection:" in shown.output
    mermaid = conveyor("pipelines", "show", run_id, "--format", "mermaid")
    assert mermaid.output.startswith("flowchart LR")
    listed = conveyor("-o", "json", "pipelines", "list", name)
    [only] = json.loads(listed.output)
    assert only["run"] == run_id and only["status"] == "succeeded"
    data = json.loads(conveyor("-o", "json", "pipelines", "show", run_id).output)
    assert data["nodes"]["word-count[0]"]["status"] == "succeeded"


def test_the_guide_s_crontab_line_runs_twice_and_the_second_sends_nothing(
    cli_env: Path, client: Any
) -> None:
    text = GUIDE.read_text()
    [line] = [
        ln for ln in text.splitlines() if re.match(r"^(\*|\d)\S* \S+ \S+ \S+ \S+ .*conveyor", ln)
    ]
    command = line.split(None, 5)[5]
    assert "conveyor pipelines run" in command and "flock -n" in command
    # The command itself, as cron would run it (without the cd, the lock and the log).
    words = shlex.split(command.split("conveyor ", 1)[1].split(">>")[0])
    assert words[:2] == ["pipelines", "run"]
    name = unique("cron")
    write(cli_env, "counts", DEFINITION.format(name=name))
    first = conveyor(*words)
    assert "succeeded" in first.output
    placed = orders_named(client, name)
    assert placed == 2
    second = conveyor(*words)
    assert "nothing to do, all 5 steps were done by run" in second.output
    assert orders_named(client, name) == placed


def test_a_failed_run_exits_1_with_its_logs_and_resumes(cli_env: Path) -> None:
    name = unique("cli-fail")
    file = write(
        cli_env,
        name,
        "from conveyor.pipeline import Pipeline\n"
        f"pipeline = Pipeline({name!r})\n"
        "bad = pipeline.order('shout-fail', 'bad', message='no luck')\n"
        "pipeline.order('hello', 'after').after(bad)\n",
    )
    failed = conveyor("pipelines", "run", str(file), code=1)
    assert re.search(r"^  bad\s+failed\s+urn:ivcap:order:\S+  no luck$", failed.stdout, re.M)
    assert "bad | about to fail: no luck" in failed.stderr
    run_id = re.search(r"run (\S+): failed", failed.stdout).group(1)  # type: ignore[union-attr]
    assert f"conveyor pipelines resume {run_id}" in failed.stderr
    again = conveyor("pipelines", "resume", run_id, code=1)  # the recorded steps, sent again
    assert re.search(r"^  bad\s+failed", again.stdout, re.M) and "sent     bad" in again.stderr


def test_a_refused_definition_exits_2_naming_the_node(cli_env: Path) -> None:
    file = write(
        cli_env,
        "bad",
        "from conveyor.pipeline import Pipeline\n"
        "pipeline = Pipeline('bad-def')\n"
        "pipeline.order('word-count', 'count', text='urn:ivcap:artifact:x', min_lenght=1)\n",
    )
    refused = conveyor("pipelines", "run", str(file), code=2)
    assert "node 'count': min_lenght: the service has no such parameter" in refused.stderr
    missing = conveyor("pipelines", "plan", str(cli_env / "nope.py"), code=2)
    assert "no such file" in missing.stderr
    empty = write(cli_env, "empty", "x = 1\n")
    assert "must define `pipeline`" in conveyor("pipelines", "plan", str(empty), code=2).stderr
