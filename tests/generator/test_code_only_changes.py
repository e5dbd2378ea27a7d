"""When the contract is unchanged but files differ, the run says where the changes come from."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .conftest import GENERATED, run_regen, write_spec

NOTE = "matches the contract {output} was made from, so the file changes come from the templates"


def edited_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "conveyor_api"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    module = copy / "api" / "orders" / "read_order.py"
    module.write_text(module.read_text().replace("def request_args(", "def build_args("))
    return copy


def test_check_names_the_causes_beside_an_empty_change_report(tmp_path: Path) -> None:
    copy = edited_copy(tmp_path)
    result = run_regen("--check", "--output", copy)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "No client-visible changes" in out
    assert f"openapi/platform.yaml {NOTE.format(output=copy)} (openapi/templates/)" in out
    assert "the generator config (openapi/generator-config.yaml)" in out
    assert f"or hand edits to {copy}." in out


def test_regenerating_names_the_causes_after_what_it_wrote(tmp_path: Path) -> None:
    copy = edited_copy(tmp_path)
    result = run_regen("--output", copy)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    wrote = next(i for i, line in enumerate(lines) if line.startswith("Wrote "))
    assert NOTE.format(output=copy) in lines[wrote + 1]
    again = run_regen("--output", copy)
    assert "already matches the contract" in again.stdout
    assert NOTE.format(output=copy) not in again.stdout


def test_no_note_when_the_contract_changed(tmp_path: Path, contract: dict[str, Any]) -> None:
    contract["paths"]["/1/orders/{id}"]["get"]["summary"] = "Read one order"
    spec = write_spec(tmp_path / "spec.json", contract)
    copy = tmp_path / "conveyor_api"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    result = run_regen("--check", "--spec", spec, "--output", copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "changed  _contract.json" in result.stdout
    assert "was made from, so the file changes" not in result.stdout
