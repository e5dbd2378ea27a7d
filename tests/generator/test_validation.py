"""Bad input fails before anything is written, with a message naming the problem."""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, run_regen, write_spec

Edit = Callable[[dict[str, Any]], None]


def misspelt_type(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Parameter"]["properties"]["name"]["type"] = "strng"


def dangling_ref(spec: dict[str, Any]) -> None:
    content = spec["paths"]["/1/orders"]["get"]["responses"]["200"]["content"]
    content["application/json"]["schema"] = {"$ref": "#/components/schemas/OrderLst"}


def duplicate_operation_id(spec: dict[str, Any]) -> None:
    spec["paths"]["/1/orders"]["post"]["operationId"] = "list_orders"


def parameter_without_location(spec: dict[str, Any]) -> None:
    del spec["paths"]["/1/services/{id}"]["put"]["parameters"][0]["in"]


def no_openapi_version(spec: dict[str, Any]) -> None:
    del spec["openapi"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (misspelt_type, r"#/components/schemas/Parameter/properties/name/type: 'strng'"),
        (dangling_ref, r"\$ref '#/components/schemas/OrderLst' points to nothing"),
        (duplicate_operation_id, r"operationId 'list_orders' is used by both GET /1/orders"),
        (
            parameter_without_location,
            r"#/paths/~11~1services~1\{id\}/put/parameters/0: .in. is a required property",
        ),
        (no_openapi_version, r"no `openapi` version field"),
    ],
)
def test_invalid_spec_fails_naming_the_problem(
    tmp_path: Path, contract: dict[str, Any], edit: Edit, expected: str
) -> None:
    edit(contract)
    out = tmp_path / "out"
    result = run_regen("--spec", write_spec(tmp_path / "bad.json", contract), "--output", out)
    assert result.returncode == 2
    assert "bad.json" in result.stderr
    assert re.search(expected, result.stderr), result.stderr
    assert not out.exists()


def test_unparseable_yaml_names_the_line(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: x\npaths: {}\n")
    result = run_regen("--report-only", "--spec", spec)
    assert result.returncode == 2
    assert "broken.yaml: not valid YAML" in result.stderr
    assert "line" in result.stderr


def test_generator_warning_fails_the_run(tmp_path: Path, contract: dict[str, Any]) -> None:
    # Valid OpenAPI, but the generator cannot send XML and would skip the operation.
    contract["paths"]["/1/orders"]["post"]["requestBody"]["content"] = {
        "application/xml": {"schema": {"$ref": "#/components/schemas/OrderRequest"}}
    }
    out = tmp_path / "out"
    result = run_regen("--spec", write_spec(tmp_path / "xml.json", contract), "--output", out)
    assert result.returncode == 2
    err = result.stderr
    assert "create_order (POST /1/orders)" in err  # the operationId, then the method and path
    assert "at #/paths/~11~1orders/post/requestBody/content/application~1xml" in err
    assert "generator: Unsupported content type application/xml" in err  # its own words
    assert "xml.regen.toml (create it):" in err  # where a fix goes
    assert 'content_type_overrides = { "application/xml" = "application/octet-stream" }' in err
    assert 'allow-skip = ["create_order"]' in err
    assert "Traceback" not in err
    assert not out.exists()


def test_operations_mapping_to_one_module_fail(tmp_path: Path, contract: dict[str, Any]) -> None:
    # Distinct operationIds that the generator would write to the same file.
    contract["paths"]["/1/orders"]["post"]["operationId"] = "List-Orders"
    out = tmp_path / "out"
    result = run_regen("--spec", write_spec(tmp_path / "clash.json", contract), "--output", out)
    assert result.returncode == 2
    assert "would both be written to api/orders/list_orders.py" in result.stderr


def copy_openapi_dir(tmp_path: Path) -> Path:
    target = tmp_path / "openapi"
    shutil.copytree(ROOT / "openapi", target)
    return target / "manifest.toml"


def test_wrong_generator_version_fails_clearly(tmp_path: Path) -> None:
    manifest = copy_openapi_dir(tmp_path)
    text = manifest.read_text().replace(
        'openapi-python-client = "0.29.1"', 'openapi-python-client = "0.28.0"'
    )
    manifest.write_text(text)
    result = run_regen("--manifest", manifest, "--check")
    assert result.returncode == 2
    assert "openapi-python-client 0.28.0 is required" in result.stderr
    assert "but 0.29.1 is installed" in result.stderr


def test_wrong_ruff_version_fails_clearly(tmp_path: Path) -> None:
    manifest = copy_openapi_dir(tmp_path)
    manifest.write_text(manifest.read_text().replace('ruff = "0.17.6"', 'ruff = "0.1.0"'))
    result = run_regen("--manifest", manifest, "--check")
    assert result.returncode == 2
    assert "ruff 0.1.0 is required" in result.stderr


def test_post_hooks_are_refused(tmp_path: Path) -> None:
    manifest = copy_openapi_dir(tmp_path)
    config = manifest.parent / "generator-config.yaml"
    config.write_text(config.read_text().replace("post_hooks: []", "post_hooks: ['ruff format .']"))
    result = run_regen("--manifest", manifest, "--output", tmp_path / "out")
    assert result.returncode == 2
    assert "post_hooks must be []" in result.stderr


def test_manifest_pins_match_the_dev_extra() -> None:
    manifest = tomllib.loads((ROOT / "openapi" / "manifest.toml").read_text())
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"][
        "dev"
    ]
    for name, version in manifest["tools"].items():
        assert f"{name}=={version}" in dev
