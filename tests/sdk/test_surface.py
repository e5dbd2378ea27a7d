"""The shape of the public API: async twins, docstrings, lazy import, cassette hygiene."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import conveyor
import pytest
from conveyor._fields import Field

from .conftest import CASSETTES, RECORDING_TOKEN

# Every public class with an ``Async`` twin: derived from the exports, so a new
# resource is checked without being listed here.
TWINS = sorted(
    (name, f"Async{name}")
    for name in conveyor.__all__
    if f"Async{name}" in conveyor.__all__ and isinstance(getattr(conveyor, name), type)
)


def test_the_twins_are_found() -> None:
    assert {"Client", "Service", "Orders", "Artifact", "Paginator", "ArtifactReader"} <= {
        sync for sync, _ in TWINS
    }


def public_members(cls: type) -> dict[str, object]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and (callable(member) or isinstance(member, property))
    }


@pytest.mark.parametrize(("sync_name", "async_name"), TWINS)
def test_every_sync_method_has_an_async_twin(sync_name: str, async_name: str) -> None:
    sync_cls = getattr(conveyor, sync_name)
    async_cls = getattr(conveyor, async_name)
    sync_members = public_members(sync_cls)
    async_members = public_members(async_cls)
    missing = set(sync_members) - set(async_members)
    assert not missing, f"{async_name} lacks {sorted(missing)}"
    for name, member in sync_members.items():
        twin = async_members[name]
        if isinstance(member, property):
            assert isinstance(twin, property), name
            continue
        if name in ("local",):  # classmethods: same signature
            pass
        try:
            sync_sig = inspect.signature(member)  # type: ignore[arg-type]
        except ValueError:  # a C method of io.RawIOBase without one (write, truncate)
            assert callable(twin), name
            continue
        async_sig = inspect.signature(twin)  # type: ignore[arg-type]
        assert list(sync_sig.parameters) == list(async_sig.parameters), name
        for param in sync_sig.parameters:
            assert sync_sig.parameters[param].default == async_sig.parameters[param].default


def test_every_public_name_has_a_docstring() -> None:
    undocumented = []
    for name in conveyor.__all__:
        value = getattr(conveyor, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if not inspect.getdoc(value):
            undocumented.append(name)
        if inspect.isclass(value):
            for member_name, member in inspect.getmembers(value):
                if isinstance(member, Field) and not member.__doc__:
                    undocumented.append(f"{name}.{member_name}")
            for member_name, member in vars(value).items():
                if member_name.startswith("_"):
                    continue
                if (inspect.isfunction(member) or isinstance(member, property)) and not (
                    member.__doc__
                ):
                    undocumented.append(f"{name}.{member_name}")
    assert undocumented == []


def test_import_conveyor_is_lazy() -> None:
    code = (
        "import sys, json, conveyor; print(json.dumps(sorted(m for m in sys.modules"
        " if m.startswith(('httpx', 'conveyor_api', 'conveyor.')))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert "httpx" not in loaded and not any(m.startswith("conveyor_api") for m in loaded)


def test_cassettes_hold_no_token_and_stay_small() -> None:
    files = sorted(CASSETTES.rglob("*.yaml"))
    assert files, "no cassettes: run ./dev record"
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert RECORDING_TOKEN not in text, path
        assert "Bearer" not in text, path
        assert "127.0.0.1" not in text, path  # host canonicalised
        assert path.stat().st_size < 64 * 1024, path


def test_every_cassette_belongs_to_a_test() -> None:
    here = Path(__file__).parent
    for path in CASSETTES.rglob("*.yaml"):
        module = here / f"{path.parent.name}.py"
        assert module.exists(), path
        assert f"def {path.stem}(" in module.read_text(), path
