"""Bad input fails before anything is written, with a message naming the problem."""

from __future__ import annotations

import copy
import json
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
    assert "add JSON Patches ([[patch]]) to " in result.stderr  # the way to fix someone's spec
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
    assert "at #/paths/~11~1orders/post/operationId" in result.stderr
    assert 'op = "replace"' in result.stderr  # a patch that renames one, ready to paste


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


# --- the one-pass semantic checks find what openapi-spec-validator's keyword pass finds ---


def _with(document: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    copied = copy.deepcopy(document)
    edit(copied)
    return copied


def _schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


BROKEN: dict[str, Edit] = {
    "valid": lambda spec: None,
    "misspelt type": misspelt_type,
    "nested inline type": lambda spec: _schema(spec, "OrderRequest")["properties"].update(
        {"extra": {"type": "object", "properties": {"x": {"type": "strng"}}}}
    ),
    "bad default": lambda spec: spec["paths"]["/1/orders"]["get"]["parameters"].append(
        {"name": "n", "in": "query", "schema": {"type": "integer", "default": "many"}}
    ),
    "bad default behind a ref": lambda spec: (
        spec["components"]["schemas"].update({"Count": {"type": "integer", "default": "x"}}),
        _schema(spec, "OrderRequest")["properties"].update(
            {"count": {"$ref": "#/components/schemas/Count"}}
        ),
    ),
    "duplicate parameter": lambda spec: spec["paths"]["/1/orders"]["get"]["parameters"].append(
        {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    ),
    "undeclared path parameter": lambda spec: spec["paths"].update(
        {"/1/things/{thing}": {"get": {"responses": {"204": {"description": "ok"}}}}}
    ),
    "path parameter not in the path": lambda spec: spec["paths"]["/1/orders"]["get"][
        "parameters"
    ].append({"name": "ghost", "in": "path", "required": True, "schema": {"type": "string"}}),
    "required not defined beside allOf": lambda spec: spec["components"]["schemas"].update(
        {
            "Both": {
                "allOf": [{"$ref": "#/components/schemas/OrderRequest"}],
                "required": ["nowhere"],
            }
        }
    ),
    "duplicate tags": lambda spec: spec.setdefault("tags", []).extend(
        [{"name": "orders"}, {"name": "orders"}]
    ),
    "unknown dialect": lambda spec: _schema(spec, "OrderRequest").update(
        {"$schema": "https://example.com/no-such-dialect"}
    ),
    "bad pattern": lambda spec: spec["paths"]["/1/orders"]["get"]["parameters"].append(
        {"name": "q", "in": "query", "schema": {"type": "string", "pattern": "[a-"}}
    ),
}


def _validator_messages(document: dict[str, Any]) -> list[str]:
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.shortcuts import get_validator_cls

    validator = get_validator_cls(document)(SchemaPath.from_dict(document))
    return sorted(
        str(error.message).splitlines()[0]
        for error in validator.root_validator(validator.schema_path)
    )


@pytest.mark.parametrize("fast", [True, False], ids=["jsonschema-rs screen", "python only"])
@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
@pytest.mark.parametrize("case", list(BROKEN))
def test_semantic_checks_find_what_openapi_spec_validator_finds(
    contract: dict[str, Any], case: str, version: str, fast: bool
) -> None:
    from spec_checks import semantic_problems

    if version.startswith("3.0") and case == "unknown dialect":
        pytest.skip("3.0 has one dialect")
    document = _with(contract, BROKEN[case])
    if version.startswith("3.0"):
        document = _as_3_0(document)
    ours = sorted(finding.message for finding in semantic_problems(document, fast=fast))
    assert ours == _validator_messages(document)
    assert bool(ours) == (case != "valid")


def _as_3_0(document: dict[str, Any]) -> dict[str, Any]:
    """The contract as OpenAPI 3.0: `type` lists become `nullable`, 3.1-only keys go."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            node = {k: walk(v) for k, v in node.items() if k not in ("$schema", "examples")}
            if isinstance(node.get("type"), list):
                kinds = [kind for kind in node["type"] if kind != "null"]
                if len(kinds) < len(node["type"]):
                    node["nullable"] = True
                node["type"] = kinds[0]
            if "const" in node:
                node["enum"] = [node.pop("const")]
            return node
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    converted: dict[str, Any] = walk(document)
    converted["openapi"] = "3.0.3"
    converted.pop("jsonSchemaDialect", None)
    converted.get("info", {}).pop("summary", None)
    converted.get("components", {}).pop("pathItems", None)
    return converted


@pytest.mark.parametrize(
    "name", ["ivcap-core-api.openapi3.json", "ivcap-core-api-0.44.openapi3.json"]
)
def test_semantic_checks_agree_on_the_upstream_specs(name: str) -> None:
    from spec_checks import semantic_problems

    document = json.loads((ROOT / "openapi" / "upstream" / name).read_text(encoding="utf-8"))
    assert [f.message for f in semantic_problems(document)] == _validator_messages(document)


def test_semantic_problems_name_their_json_pointer(
    tmp_path: Path, contract: dict[str, Any]
) -> None:
    BROKEN["bad default"](contract)
    result = run_regen("--report-only", "--spec", write_spec(tmp_path / "d.json", contract))
    assert result.returncode == 2
    assert "#/paths/~11~1orders/get/parameters/" in result.stderr
    assert "/schema/default: 'many' is not of type 'integer'" in result.stderr
