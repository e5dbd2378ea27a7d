"""Smoke test of the benchmark harness: it runs end to end on tiny sizes.

Benchmarks never run as timed assertions in the suite: this only checks that
``benchmarks/run.py --quick`` completes and writes a table in which every row
(1 to 18) holds a figure or says "not available" (an SDK piece that has not
landed, or the peer venv that ``--quick`` never creates), and that ``--merge``
puts the rows it measures into an existing report, keeping the others.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ALL_ROWS = [str(n) for n in range(1, 23)]
FIGURE = re.compile(r"^-?[\d,]+(\.\d+)?(e[+-]?\d+)? (ms|µs|s|MiB/s|MiB)\b")


def _table_rows(text: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        found = re.match(r"^\| (\d+) \|", line)
        if found:
            rows[found.group(1)] = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
    return rows


def _quick(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick", *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _details_order(text: str) -> list[str]:
    return re.findall(r"^### (\d+)\. ", text, re.MULTILINE)


def test_quick_run_writes_every_row(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    _quick("--output", str(output))
    text = output.read_text()
    assert "## Machine" in text and "CPU:" in text and "httpx:" in text
    assert "benchmarks/run.py --quick" in text
    rows = _table_rows(text)
    assert sorted(rows, key=int) == ALL_ROWS, text
    for key, cells in rows.items():
        # | # | measure | Conveyor | baseline | ratio | goal | met | peer | peer ratio |
        assert len(cells) == 9, (key, cells)
        for cell in (cells[2], cells[3], cells[7]):
            assert FIGURE.match(cell) or cell.startswith("not available"), (key, cell)
        assert cells[6] in {"pass", "FAIL", "not available", "reported"}, (key, cells[6])

    # Each new job, package and queue row either measured or says why not, with its goal.
    for key, goal in (
        ("14", "<= 1.15x"),
        ("15", ">= 10x faster"),
        ("16", "every line < 0.5 s"),
        ("17", ">= 0.8x each way; peak RSS <= 100 MiB, flat"),
        ("18", "<= 1.5x"),
    ):
        assert rows[key][5] == goal, (key, rows[key])
    assert "`validate=False`" in text.split("\n### 14. ")[1].split("\n### 15. ")[0]
    assert "SandboxServer(workers=4)" in text.split("\n### 15. ")[1].split("\n### 16. ")[0]

    # An older report without rows 14 and 18 (one between others, one at the end)
    # gets them from a run of those rows only.
    older = tmp_path / "older.md"
    gone = re.compile(r"^\| 1[48] \|")
    kept = [line for line in text.splitlines() if not gone.match(line)]
    body = "\n".join(kept)
    head, details = body.split("\n### 1. ", 1)
    sections = re.split(r"\n(?=### \d+\. )", "### 1. " + details)
    sections = [x for x in sections if not re.match(r"### 1[48]\. ", x)]
    older.write_text(head + "\n" + "\n".join(sections) + "\n")
    assert _details_order(older.read_text()) == [n for n in ALL_ROWS if n not in ("14", "18")]
    _quick("--only", "job", "--only", "drain", "--merge", "--output", str(older))
    merged = older.read_text()
    assert sorted(_table_rows(merged), key=int) == ALL_ROWS, merged
    assert _details_order(merged) == ALL_ROWS, merged
    assert _table_rows(merged)["1"] == rows["1"]  # rows it did not measure stay as they were
    note = re.search(r"\n\nRows 14, 18 come from a later run: `[^\n]*\n\n## Machine", merged)
    assert note, merged  # a paragraph of its own, under the earlier run's header
    assert merged.count("## Machine") == 1
