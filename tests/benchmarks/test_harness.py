"""Smoke test of the benchmark harness: it runs end to end on tiny sizes.

Benchmarks never run as timed assertions in the suite: this only checks that
``benchmarks/run.py --quick`` completes and writes a table in which every row
(1 to 13) holds a figure or says "not available" (an SDK piece that has not
landed, or the peer venv that ``--quick`` never creates), and that ``--merge``
puts the rows it measures into an existing report, keeping the others.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
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
        timeout=120,
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
    assert sorted(rows, key=int) == [str(n) for n in range(1, 14)], text
    for key, cells in rows.items():
        # | # | measure | Conveyor | baseline | ratio | goal | met | peer | peer ratio |
        assert len(cells) == 9, (key, cells)
        for cell in (cells[2], cells[3], cells[7]):
            assert FIGURE.match(cell) or cell.startswith("not available"), (key, cell)
        assert cells[6] in {"pass", "FAIL", "not available", "reported"}, (key, cells[6])

    # An older report without rows 12 and 13 gets them from a run of those rows only.
    older = tmp_path / "older.md"
    kept = [line for line in text.splitlines() if not re.match(r"^\| 1[23] \|", line)]
    older.write_text("\n".join(kept).split("\n### 12. ")[0] + "\n")
    _quick("--only", "upload-stall", "--merge", "--output", str(older))
    merged = older.read_text()
    assert sorted(_table_rows(merged), key=int) == [str(n) for n in range(1, 14)], merged
    assert _details_order(merged) == [str(n) for n in range(1, 14)], merged
    assert _table_rows(merged)["1"] == rows["1"]  # rows it did not measure stay as they were
    note = re.search(r"\n\nRows 12, 13 come from a later run: `[^\n]*\n\n## Machine", merged)
    assert note, merged  # a paragraph of its own, under the earlier run's header
    assert merged.count("## Machine") == 1
