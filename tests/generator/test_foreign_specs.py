"""Generating a client from a spec Conveyor has never seen, as a new user would.

A first generation compares with nothing; each generator problem names the
operationId, the JSON pointer, the generator's own words and the setting that
fixes it; the settings file beside the spec (or --config) takes those settings,
JSON Patches included, on every run; every failure exits 2 without a traceback.
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import regenerate

from .conftest import ROOT, run_regen, write_spec

PETS: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/pets": {
            "post": {
                "operationId": "createPet",
                "tags": ["pets"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                        "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}},
                    },
                },
                "responses": {
                    "200": {
                        "description": "The pet.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    }
                },
            }
        },
        "/pets/{petId}": {
            "get": {
                "operationId": "getPet",
                "tags": ["pets"],
                "parameters": [
                    {
                        "name": "petId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "nullable": True},
                    }
                ],
                "responses": {"200": {"description": "The pet."}},
            }
        },
        "/jobs": {
            "post": {
                "operationId": "createJob",
                "tags": ["jobs"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"example": {"echo": "hello"}}},
                },
                "responses": {"200": {"description": "Done."}},
            }
        },
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "kind": {"type": "string"}},
            }
        }
    },
}

FIXES = """\
package = "pets"

[generator]
content_type_overrides = { "application/xml" = "application/octet-stream" }

[[patch]]
op = "remove"
path = "/paths/~1pets~1{petId}/get/parameters/0/schema/nullable"
why = "a path parameter is never null"

[[patch]]
op = "add"
path = "/paths/~1jobs/post/requestBody/content/application~1json/schema"
value = {}
"""


def pets(tmp_path: Path, name: str = "pets.json") -> Path:
    return write_spec(tmp_path / name, copy.deepcopy(PETS))


def test_a_foreign_spec_fails_naming_each_operation_pointer_detail_and_fix(
    tmp_path: Path,
) -> None:
    out = tmp_path / "pets_client"
    result = run_regen("--spec", pets(tmp_path), "--output", out)
    assert result.returncode == 2
    err = result.stderr
    assert "cannot generate 3 part(s)" in err
    assert "Traceback" not in err
    expected = [
        (
            "createPet (POST /pets)",
            "#/paths/~1pets/post/requestBody/content/application~1xml",
            "Unsupported content type application/xml",
            'content_type_overrides = { "application/xml" = "application/octet-stream" }',
        ),
        (
            "getPet (GET /pets/{petId})",
            "#/paths/~1pets~1{petId}/get/parameters/0",
            "None | str is not allowed in path",
            'path = "/paths/~1pets~1{petId}/get/parameters/0/schema/nullable"',
        ),
        (
            "createJob (POST /jobs)",
            "#/paths/~1jobs/post/requestBody/content/application~1json",
            "Missing schema",
            'path = "/paths/~1jobs/post/requestBody/content/application~1json/schema"',
        ),
    ]
    for subject, pointer, detail, fix in expected:
        block = err[err.index(f"  {subject}\n") :]
        block = block[: block.find("\n\n")] if "\n\n" in block else block
        assert f"at {pointer}\n" in block, block
        assert f"generator: {detail}" in block, block
        assert fix in block, block
        assert f"in {tmp_path / 'pets.regen.toml'} (create it):" in block, block
        assert f'allow-skip = ["{subject.split()[0]}"]' in block, block
    assert not out.exists()


def test_the_settings_the_messages_suggest_make_a_first_generation(
    tmp_path: Path, import_package: Callable[[Path], ModuleType]
) -> None:
    spec = pets(tmp_path)
    (tmp_path / "pets.regen.toml").write_text(FIXES, encoding="utf-8")
    out = tmp_path / "pets"

    result = run_regen("--spec", spec, "--output", out, "--fail-on-breaking")

    assert result.returncode == 0, result.stderr
    assert "First generation of `pets`" in result.stdout
    assert "no change report" in result.stdout
    assert "pets: 3 operations, " in result.stdout  # the package it made, not conveyor_api
    assert "(+2 patches from " in result.stdout
    recorded = json.loads((out / "_contract.json").read_text("utf-8"))
    body = recorded["paths"]["/jobs"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {}  # the record is the patched spec the code was made from
    package = import_package(out)
    jobs = __import__(f"{package.__name__}.api.jobs.create_job", fromlist=["request_args"])
    assert jobs.request_args(body={"echo": "hi"})["json"] == {"echo": "hi"}

    # The patches are applied again on every run: the output stays up to date.
    again = run_regen("--check", "--spec", spec, "--output", out)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No client-visible changes" in again.stdout or "is up to date" in again.stdout


def test_config_names_the_settings_file_and_allow_skip_leaves_operations_out(
    tmp_path: Path,
) -> None:
    spec = pets(tmp_path)
    config = tmp_path / "elsewhere.toml"
    config.write_text(
        'allow-skip = ["getPet", "createJob", "POST /pets", "deleteEverything"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "skipping"
    result = run_regen("--spec", spec, "--output", out, "--config", config)
    assert result.returncode == 0, result.stderr
    assert "note: left out, as " in result.stderr
    assert "getPet (GET /pets/{petId}): None | str is not allowed in path" in result.stderr
    assert "allow-skip entry 'deleteEverything' matches no generator warning" in result.stderr
    assert not (out / "api" / "pets" / "get_pet.py").exists()
    assert (out / "api" / "pets" / "create_pet.py").exists()  # JSON body only


def test_a_patch_that_no_longer_applies_fails_naming_it(tmp_path: Path) -> None:
    spec = pets(tmp_path)
    (tmp_path / "pets.regen.toml").write_text(
        FIXES.replace("/parameters/0/schema/nullable", "/parameters/3/schema/nullable"),
        encoding="utf-8",
    )
    result = run_regen("--report-only", "--spec", spec)
    assert result.returncode == 2
    assert "patch 1 (remove /paths/~1pets~1{petId}/get/parameters/3/schema/nullable)" in (
        result.stderr
    )
    assert "is a list of 1; no index '3'" in result.stderr


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ("pakage = 'x'\n", "unknown setting(s) 'pakage'"),
        ("package = 'not a name'\n", "package must be a Python identifier"),
        ("[generator]\nliteral_enum = true\n", "unknown openapi-python-client setting(s)"),
        ("[generator]\npost_hooks = []\n", "post_hooks cannot be set here"),
        ("[[patch]]\nop = 'put'\npath = '/x'\n", "op must be one of add, remove"),
        ("[[patch]]\nop = 'add'\npath = 'paths'\nvalue = 1\n", "path must be a JSON pointer"),
        ("allow-skip = 'getPet'\n", "allow-skip must be a list of strings"),
        ("package = \n", "not valid TOML"),
    ],
)
def test_bad_settings_fail_clearly(tmp_path: Path, settings: str, expected: str) -> None:
    (tmp_path / "pets.regen.toml").write_text(settings, encoding="utf-8")
    result = run_regen("--spec", pets(tmp_path), "--output", tmp_path / "out")
    assert result.returncode == 2
    assert expected in result.stderr
    assert "pets.regen.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_generator_crash_exits_2_naming_the_part_and_the_setting(tmp_path: Path) -> None:
    spec = copy.deepcopy(PETS)
    spec["components"]["schemas"]["Pet"]["properties"]["kind"]["enum"] = ["dog-cat", "dog_cat"]
    path = write_spec(tmp_path / "pets.json", spec)
    (tmp_path / "pets.regen.toml").write_text(FIXES, encoding="utf-8")
    result = run_regen("--spec", path, "--output", tmp_path / "pets")
    assert result.returncode == 2  # 1 would mean "differences found"
    err = result.stderr
    assert "Traceback" not in err
    assert "openapi-python-client stopped with an error" in err
    assert "at #/components/schemas/Pet/properties/kind" in err
    assert "generator: ValueError: Duplicate key DOG_CAT in enum" in err
    assert "literal_enums = true" in err
    fixed = FIXES.replace("[generator]\n", "[generator]\nliteral_enums = true\n")
    (tmp_path / "pets.regen.toml").write_text(fixed, encoding="utf-8")
    assert run_regen("--spec", path, "--output", tmp_path / "pets").returncode == 0


def test_an_output_folder_that_is_no_package_name_asks_for_one(tmp_path: Path) -> None:
    (tmp_path / "pets.regen.toml").write_text(FIXES.replace('package = "pets"\n', ""))
    result = run_regen("--spec", pets(tmp_path), "--output", tmp_path / "pets-client")
    assert result.returncode == 2
    assert "'pets-client' is not a Python package name" in result.stderr
    assert 'package = "..."' in result.stderr


def test_many_problems_come_as_a_summary(tmp_path: Path) -> None:
    spec = copy.deepcopy(PETS)
    for index in range(40):
        spec["paths"][f"/things{index}"] = {
            "post": {
                "operationId": f"createThing{index}",
                "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}},
                "responses": {"204": {"description": "Done."}},
            }
        }
    path = write_spec(tmp_path / "many.json", spec)
    result = run_regen("--spec", path, "--output", tmp_path / "many")
    assert result.returncode == 2
    err = result.stderr
    assert "43 problems of 4 kinds:" in err
    assert "40 x unsupported content type text/csv" in err
    assert "... and 37 more: createThing3 (POST /things3)" in err
    assert "--all-problems lists every one in full" in err
    assert len(err.splitlines()) < 150
    everything = run_regen("--spec", path, "--output", tmp_path / "many", "--all-problems")
    assert everything.stderr.count("generator: Unsupported content type text/csv") == 40


def test_ruff_failures_name_the_file_and_the_reason(tmp_path: Path) -> None:
    openapi = tmp_path / "openapi"
    shutil.copytree(ROOT / "openapi", openapi)
    template = openapi / "templates" / "endpoint_module.py.jinja"
    template.write_text(template.read_text() + "\ndef broken(:\n    pass\n")
    manifest = openapi / "manifest.toml"
    result = run_regen("--manifest", manifest, "--output", tmp_path / "conveyor_api")
    assert result.returncode == 2
    err = result.stderr
    assert "ruff format failed on the generated code" in err
    assert "conveyor_api/api/orders/read_order.py:" in err
    assert "def broken(:" in err  # the line itself
    assert "Traceback" not in err


def test_json_report_goes_alone_to_standard_output(tmp_path: Path) -> None:
    spec = pets(tmp_path)
    (tmp_path / "pets.regen.toml").write_text(FIXES)
    first = run_regen("--spec", spec, "--output", tmp_path / "pets", "--format", "json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["first_generation"] is True
    assert data["package"] == "pets"
    assert "pets: 3 operations" in first.stderr
    changed = copy.deepcopy(PETS)
    changed["components"]["schemas"]["Pet"]["required"] = ["name"]
    write_spec(tmp_path / "pets.json", changed)
    result = run_regen(
        "--report-only", "--spec", spec, "--output", tmp_path / "pets", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    rules = {change["rule"] for change in report["changes"]}
    assert rules == {"request-property-became-required", "response-property-became-required"}


def test_unexpected_failures_exit_2_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(source: str) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(regenerate, "load_spec", broken)
    assert regenerate.main(["--report-only"]) == 2
    err = capsys.readouterr().err
    assert "failed unexpectedly: RuntimeError: disk on fire" in err
    assert "--debug shows the traceback" in err
    assert "Traceback" not in err
    assert regenerate.main(["--report-only", "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_scripts_are_importable_without_the_generator_installed() -> None:
    # The change report and settings run without importing openapi-python-client.
    code = (
        "import sys; sys.path.insert(0, 'scripts'); import contract_diff, spec_settings; "
        "print('openapi_python_client' in sys.modules)"
    )
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_names_the_generator_wraps_are_shown_as_names() -> None:
    from openapi_python_client.schema.untrusted_string import UntrustedString
    from problems import unmask

    name = UntrustedString("fooBar")
    text = f"Properties {name} and {UntrustedString('gone')} have the same python_name"
    assert "object at 0x" in text
    shown = unmask(text)
    assert shown.startswith("Properties 'fooBar' and ")
    assert "object at 0x" not in shown
    assert name.get_untrusted_value() == "fooBar"
