"""Every code example in README.md and docs/ runs, against a sandbox on loopback.

Each page is one story: its ```python blocks run in order in one namespace,
and its ```bash blocks run in order in one bash process (so a variable set in
one block is there in the next), both with ``CONVEYOR_URL`` and
``CONVEYOR_TOKEN`` naming a sandbox, a private profiles file and cache, and a
``notes.txt`` in the working directory. A block preceded by
``<!-- no-run: reason -->`` is skipped: the reason is required, and such
blocks are few (installing packages, serving forever, rewriting generated/).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TOKEN = "cvy-docs-test-token-61b0c2d9"
RUNNABLE = ("python", "bash")
NOTES = "the cat sat on the mat with the other cat\n"


@dataclass
class Block:
    """One fenced code block of a page."""

    language: str
    code: str
    line: int
    skip: str | None


_FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[\w-]*)\s*$")
_NO_RUN = re.compile(r"<!--\s*no-run:\s*(?P<reason>.*?)\s*-->")


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of a Markdown file, with their language, line and no-run reason."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match or not match.group("lang"):
            index += 1
            continue
        indent = len(match.group("indent"))
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].strip() != "```":
            body.append(lines[index][indent:])
            index += 1
        previous = next((lines[i] for i in range(start - 1, -1, -1) if lines[i].strip()), "")
        marker = _NO_RUN.search(previous)
        found.append(
            Block(
                match.group("lang"), "\n".join(body) + "\n", start + 1, marker and marker["reason"]
            )
        )
        index += 1
    return found


def pages() -> list[Path]:
    """README.md and every docs page with an example to run."""
    candidates = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
    return [p for p in candidates if any(b.language in RUNNABLE for b in blocks(p))]


def page_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    from conveyor_sandbox import SandboxServer

    with SandboxServer(token=TOKEN) as sandbox:
        yield sandbox


@pytest.fixture
def workdir(tmp_path: Path, server: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with notes.txt, and an environment naming the sandbox."""
    for name in ("CONVEYOR_PROFILE", "IVCAP_URL", "IVCAP_JWT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONVEYOR_URL", server.url)
    monkeypatch.setenv("CONVEYOR_TOKEN", TOKEN)
    monkeypatch.setenv("CONVEYOR_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("CONVEYOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CONVEYOR_PIPELINES_DIR", str(tmp_path / "pipelines"))
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text(NOTES, encoding="utf-8")
    monkeypatch.chdir(work)
    return work


@pytest.mark.parametrize("page", pages(), ids=page_id)
def test_python_examples_run(page: Path, workdir: Path) -> None:
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    output = io.StringIO()
    for block in blocks(page):
        if block.language != "python" or block.skip:
            continue
        code = compile(block.code, f"{page_id(page)}:{block.line}", "exec")
        with contextlib.redirect_stdout(output):
            try:
                exec(code, namespace)
            except Exception as exc:
                raise AssertionError(
                    f"the example at {page_id(page)} line {block.line} failed: "
                    f"{type(exc).__name__}: {exc}\n{block.code}"
                ) from exc
    assert TOKEN not in output.getvalue()


@pytest.mark.parametrize(
    "page",
    [p for p in pages() if any(b.language == "bash" and not b.skip for b in blocks(p))],
    ids=page_id,
)
def test_shell_examples_run(page: Path, workdir: Path) -> None:
    script = ["set -euo pipefail"]
    for block in blocks(page):
        if block.language == "bash" and not block.skip:
            script += [f"# {page_id(page)} line {block.line}", block.code]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=workdir,
        timeout=120,
    )
    assert done.returncode == 0, f"{page_id(page)}:\n{done.stdout}\n{done.stderr}"
    assert TOKEN not in done.stdout + done.stderr


def test_skipped_blocks_are_few_and_explained() -> None:
    skipped = [
        (page_id(page), block.line, block.skip)
        for page in [ROOT / "README.md", *DOCS.rglob("*.md")]
        for block in blocks(page)
        if block.skip is not None
    ]
    assert all(reason for _, _, reason in skipped), skipped
    # Excerpts of the SDK's own source (architecture.md's recipes) cannot run as
    # pages do; everything else must, so the budget counts them apart.
    excerpts = [s for s in skipped if "excerpt of a module's source" in s[2]]
    assert len(excerpts) <= 4, excerpts
    assert len(skipped) - len(excerpts) <= 12, skipped
    runnable = [b for p in pages() for b in blocks(p) if b.language in RUNNABLE and not b.skip]
    assert len(runnable) >= 30  # the docs are mostly runnable examples


def test_readme_links_into_the_docs_resolve() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/[^)#]+)", text)
    assert links, "the README links to the docs"
    for link in links:
        assert (ROOT / link).is_file(), link


def test_every_docs_page_is_in_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in DOCS.rglob("*.md"):
        assert str(page.relative_to(DOCS)) in nav, page
