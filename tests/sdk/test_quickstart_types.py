"""The quickstart and the README's ten lines pass ``mypy --strict``, as a user's code would.

They are written to files outside the project (no project mypy settings apply)
and checked against the installed ``conveyor`` package, whose ``py.typed``
makes its annotations what a user's type checker sees.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("mypy")


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


def test_quickstart_and_readme_pass_mypy_strict(tmp_path: Path) -> None:
    quickstart = tmp_path / "quickstart.py"
    quickstart.write_text("\n".join(python_blocks(ROOT / "docs" / "quickstart.md")))
    readme = tmp_path / "readme.py"
    readme.write_text(next(b for b in python_blocks(ROOT / "README.md") if "Client" in b))
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            quickstart.name,
            readme.name,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_download_is_typed_by_its_target(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import io\n"
        "from conveyor import AsyncArtifact, Artifact\n"
        "def sync(a: Artifact) -> None:\n"
        '    reveal_type(a.download("out/"))\n'
        "    reveal_type(a.download(io.BytesIO()))\n"
        "async def main(a: AsyncArtifact) -> None:\n"
        '    reveal_type(await a.download("out/"))\n'
        "    reveal_type(await a.download(io.BytesIO()))\n"
    )
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".c"), "probe.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    revealed = re.findall(r'Revealed type is "([^"]+)"', checked.stdout)
    assert revealed == ["pathlib.Path", "None", "pathlib.Path", "None"], checked.stdout
