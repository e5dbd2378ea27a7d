"""The docs site and the quickstart notebook as a person sees them: rendered in headless Chromium.

The reference page of services is opened as built (its DOM after the theme's
scripts ran, and a screenshot: the header bar drawn, the signature shown with
its concrete type). The quickstart notebook is executed with ``jupyter
nbconvert --execute`` against the embedded sandbox it starts itself, and the
HTML it becomes is screenshot: the listing table's rules and the lineage
picture's node colours must be on it. Chromium is offline: every host name
fails at once (``--host-resolver-rules``), so a page that needed the network
would show it.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ..chromium import chromium, pixels, run_chromium

ROOT = Path(__file__).resolve().parents[2]
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND"
#: The lineage picture's node fills (conveyor.lineage's SVG) and a listing table's rules.
FILLS = {"artifact": (0xE8, 0xF1, 0xFB), "order": (0xFD, 0xF3, 0xE1), "service": (0xE9, 0xF6, 0xEC)}
RULE = (0xDD, 0xDD, 0xDD)
NBCONVERT = ("--to", "html", "--execute", "--ExecutePreprocessor.timeout=60", "quickstart.ipynb")
#: The docs theme's header bar (Material, primary: indigo).
INDIGO = (0x40, 0x51, 0xB5)


def near(pixel: bytes | tuple[int, ...], colour: tuple[int, int, int], slack: int = 6) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(pixel[:3], colour, strict=True))


def screenshot(tmp_path: Path, url: str, width: int, height: int) -> tuple[int, list[bytes]]:
    shot = tmp_path / "shot.png"
    done = run_chromium(
        chromium(),
        tmp_path / "profile",
        OFFLINE,
        f"--window-size={width},{height}",
        f"--screenshot={shot}",
        url,
    )
    assert shot.exists(), done.stderr.decode()[-2000:]
    image_width, _, rows = pixels(shot.read_bytes())
    return len(rows[0]) // image_width, rows


def run_of(colour: tuple[int, int, int], channels: int) -> bytes:
    """One pixel of ``colour`` as the screenshot's rows hold it (opaque when it has alpha)."""
    return bytes(colour) + b"\xff" * (channels - 3)


def count(rows: list[bytes], channels: int, colour: tuple[int, int, int]) -> int:
    """Pixels of exactly ``colour`` (flat fills and 1 px rules are drawn exactly)."""
    pixel = run_of(colour, channels)
    return sum(row.count(pixel) for row in rows)


def test_a_reference_page_renders_with_its_theme_and_concrete_types(
    site: Path, tmp_path: Path
) -> None:
    page = (site / "reference" / "service" / "index.html").as_uri()
    dom = run_chromium(chromium(), tmp_path / "dom", OFFLINE, "--dump-dom", page).stdout.decode()
    assert 'class="md-header' in dom and 'class="md-nav' in dom  # the theme's layout
    signatures = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())
        for block in re.findall(r'<div class="doc-signature[^"]*">(.*?)</div>', dom, re.S)
    ]
    assert "get ( id : str ) -> Service" in signatures, signatures[:5]
    channels, rows = screenshot(tmp_path, page, 1000, 300)
    header = rows[10]  # a row through the header bar, drawn by the theme's CSS
    assert sum(near(header[x : x + 3], INDIGO, 10) for x in range(0, len(header), channels)) > 800


def test_the_quickstart_notebook_executes_and_shows_its_table_and_lineage(tmp_path: Path) -> None:
    shutil.copy(ROOT / "notebooks" / "quickstart.ipynb", tmp_path)
    started = time.monotonic()
    executed = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter")), "nbconvert", *NBCONVERT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert executed.returncode == 0, executed.stderr[-3000:]
    elapsed = time.monotonic() - started
    page = (tmp_path / "quickstart.html").read_text(encoding="utf-8")
    assert "'min_length': 3" in page  # order.parameters as placed
    assert page.count("<svg") >= 1 and "word-counts.json" in page  # the lineage picture
    assert re.search(r"<table[^>]*>.*?word-count", page, re.S)  # the services listing
    assert "Traceback" not in page and elapsed < 120

    channels, rows = screenshot(tmp_path, (tmp_path / "quickstart.html").as_uri(), 900, 1400)
    for kind, colour in FILLS.items():
        assert count(rows, channels, colour) > 400, kind  # each kind of node is drawn
    # The listing's rows are ruled: long runs of the rule colour, one per service at least.
    rule = run_of(RULE, channels)
    ruled = [y for y, row in enumerate(rows) if row.count(rule) > 300]
    assert len(ruled) >= 7, ruled
