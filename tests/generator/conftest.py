"""Helpers for the generator tests: run scripts/regenerate.py, edit copies of the contract."""

from __future__ import annotations

import copy
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "regenerate.py"
CONTRACT = ROOT / "openapi" / "platform.yaml"
GENERATED = ROOT / "generated" / "conveyor_api"

if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))


def run_regen(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the generator as a user would, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load_contract() -> dict[str, Any]:
    document: dict[str, Any] = YAML(typ="safe", pure=True).load(CONTRACT.read_text("utf-8"))
    return document


@pytest.fixture
def contract() -> dict[str, Any]:
    """A fresh, editable copy of openapi/platform.yaml."""
    return copy.deepcopy(_CONTRACT)


_CONTRACT = load_contract()


def write_spec(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def import_package() -> Iterator[Callable[[Path], ModuleType]]:
    """Import a package generated into a temporary folder under its folder name."""
    added: list[tuple[str, str]] = []

    def load(package_dir: Path) -> ModuleType:
        sys.path.insert(0, str(package_dir.parent))
        added.append((str(package_dir.parent), package_dir.name))
        importlib.invalidate_caches()
        return importlib.import_module(package_dir.name)

    yield load
    for path, name in added:
        sys.path.remove(path)
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


def clean_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("RUFF_")}
    env.update(extra)
    return env
