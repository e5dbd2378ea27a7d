"""The quickstart runs for real against ``Client.local()`` (an embedded sandbox).

Every ```python block of README.md that uses ``Client`` is executed with
``Client()`` connected to a fresh local sandbox, so the README cannot rot; the
package docstring's quickstart is executed the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import conveyor
import pytest
from conveyor import Client

ROOT = Path(__file__).resolve().parents[2]


def python_blocks(text: str) -> list[str]:
    return [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "Client" in b]


def docstring_quickstart() -> str:
    doc = conveyor.__doc__ or ""
    block = doc.split("::", 1)[1].split("`AsyncClient`", 1)[0]
    lines = [line[4:] if line.startswith("    ") else line for line in block.splitlines()]
    return "\n".join(lines)


def run(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("the cat sat on the mat with the other cat\n")
    clients: list[Client] = []

    def local_client(*args: Any, **kwargs: Any) -> Client:
        client = Client.local(cache_dir=tmp_path / "cache")
        clients.append(client)
        return client

    namespace: dict[str, Any] = {"__name__": "__quickstart__"}
    patched = code.replace("from conveyor import Client", "")
    namespace["Client"] = local_client
    try:
        exec(compile(patched, "<quickstart>", "exec"), namespace)
    finally:
        for client in clients:
            client.close()
    assert clients, "the example never created a Client"


def test_package_docstring_quickstart_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(docstring_quickstart(), tmp_path, monkeypatch)
    products = list((tmp_path / "out").iterdir())
    assert [p.name for p in products] == ["word-counts.json"]


@pytest.mark.parametrize("index", range(len(python_blocks((ROOT / "README.md").read_text()))))
def test_readme_examples_run(index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = python_blocks((ROOT / "README.md").read_text())[index]
    run(block, tmp_path, monkeypatch)
