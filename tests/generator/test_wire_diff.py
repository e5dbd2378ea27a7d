"""The wire comparison with an upstream contract (`regenerate.py --upstream`), rule by rule."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from wire_diff import (
    Allowed,
    Difference,
    apply_allow_list,
    diff_wire,
    format_wire_report,
    parse_allow_list,
)

from .conftest import CONTRACT, ROOT, load_contract, run_regen

UPSTREAM = ROOT / "openapi" / "upstream" / "ivcap-core-api-0.44.openapi3.json"
ALLOW_LIST = ROOT / "openapi" / "upstream-differences.toml"

STRING = {"type": "string"}


def doc(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def op(
    operation_id: str = "op",
    *,
    parameters: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    responses: dict[str, Any] | None = None,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "responses": responses or {"204": {"description": "done"}},
    }
    if parameters is not None:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = body
    return operation


def query(name: str, schema: dict[str, Any] | None = None, required: bool = False) -> Any:
    return {"name": name, "in": "query", "required": required, "schema": schema or STRING}


def lines(ours: dict[str, Any], upstream: dict[str, Any]) -> set[str]:
    return {difference.line() for difference in diff_wire(ours, upstream)}


def record(schema: dict[str, Any]) -> dict[str, Any]:
    """A document with one read operation answering `schema`."""
    return doc({"/things/{id}": {"get": op(responses={"200": json_body(schema)})}})


def create(schema: dict[str, Any]) -> dict[str, Any]:
    """A document with one create operation taking `schema`."""
    return doc({"/things": {"post": op(body={"required": True, **json_body(schema)})}})


# --- operations and parameters ----------------------------------------------------------


def test_operations_match_by_method_and_path_not_by_id_or_parameter_name() -> None:
    path_param = {"in": "path", "required": True, "schema": STRING}
    ours = doc(
        {"/orders/{id}": {"get": op("read_order", parameters=[{"name": "id", **path_param}])}}
    )
    upstream = doc(
        {
            "/orders/{orderID}": {
                "get": op("order#read", parameters=[{"name": "orderID", **path_param}])
            }
        }
    )
    assert diff_wire(ours, upstream) == []


def test_an_operation_on_one_side_only() -> None:
    ours = doc({"/a": {"get": op("a")}, "/mine": {"head": op("mine")}})
    upstream = doc({"/a": {"get": op("a")}, "/theirs": {"post": op("theirs")}})
    assert lines(ours, upstream) == {
        "operation POST /theirs: upstream has it; the contract does not",
        "operation HEAD /mine: only in the contract; upstream has no such operation",
    }


def test_parameter_rules() -> None:
    ours = doc(
        {
            "/things": {
                "get": op(
                    parameters=[
                        query("limit", {"type": "integer"}),
                        query("filter", required=True),
                        {"name": "page", "in": "header", "schema": STRING},
                        query("extra-optional"),
                        query("extra-required", required=True),
                        {"name": "x-trace", "in": "header", "schema": STRING},
                    ]
                )
            }
        }
    )
    upstream = doc(
        {
            "/things": {
                "get": op(
                    parameters=[
                        query("limit", STRING),  # retyped
                        query("filter"),  # optional upstream
                        query("page"),  # in query upstream
                        query("at-time"),  # missing here
                        {"name": "X-Trace", "in": "header", "schema": STRING},  # same header
                        {
                            "name": "Content-Type",
                            "in": "header",
                            "required": True,
                            "schema": STRING,
                        },
                    ]
                )
            }
        }
    )
    assert lines(ours, upstream) == {
        "parameter GET /things query limit: integer here, string upstream",
        "parameter GET /things query filter: required here, optional upstream",
        "parameter GET /things query page: in header here, in query upstream",
        "parameter GET /things query at-time: upstream declares it (optional); "
        "the contract does not",
        "parameter GET /things query extra-required: required here; upstream does not declare it",
    }


def test_formats_and_urn_patterns_are_not_types() -> None:
    ours = doc({"/t": {"get": op(parameters=[query("id", {"$ref": "#/components/schemas/Urn"})])}})
    ours["components"]["schemas"]["Urn"] = {"type": "string", "pattern": "^urn:"}
    upstream = doc(
        {"/t": {"get": op(parameters=[query("id", {"type": "string", "format": "uuid"})])}}
    )
    assert diff_wire(ours, upstream) == []


def test_request_enums_must_agree() -> None:
    def with_enum(values: list[str]) -> dict[str, Any]:
        return doc(
            {"/t": {"get": op(parameters=[query("type", {"type": "string", "enum": values})])}}
        )

    assert lines(with_enum(["manifest", "config"]), with_enum(["manifest", "config", "layer"])) == {
        "parameter GET /t query type: upstream allows 'layer'; the contract does not"
    }
    assert lines(with_enum(["manifest", "blob"]), with_enum(["manifest"])) == {
        "parameter GET /t query type: the contract allows 'blob'; upstream does not"
    }


# --- bodies, statuses and headers -------------------------------------------------------


def test_request_body_presence_media_type_and_required_flag() -> None:
    binary = {
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
    }
    assert lines(doc({"/t": {"post": op(body=binary)}}), doc({"/t": {"post": op()}})) == {
        "request body POST /t: the contract takes one (application/octet-stream); upstream none"
    }
    assert lines(doc({"/t": {"post": op()}}), doc({"/t": {"post": op(body=binary)}})) == {
        "request body POST /t: upstream takes one (application/octet-stream); the contract none"
    }
    upstream = doc({"/t": {"post": op(body={"required": True, **json_body({"type": "object"})})}})
    assert lines(doc({"/t": {"post": op(body=binary)}}), upstream) == {
        "request body POST /t: upstream accepts application/json; the contract does not",
        "request body POST /t: optional here, required upstream",
    }


def test_statuses_and_response_headers() -> None:
    located = {"description": "x", "headers": {"Location": {"schema": STRING}}}
    typed = {"description": "x", "headers": {"Content-Type": {"schema": STRING}}}
    ours = doc(
        {
            "/t": {
                "post": op(
                    responses={
                        "200": typed,
                        "202": {"description": "x"},
                        "4XX": {"description": "x"},
                    }
                )
            }
        }
    )
    upstream = doc(
        {
            "/t": {
                "post": op(
                    responses={
                        "200": typed,
                        "202": located,
                        "307": located,
                        "404": {"description": "x"},
                    }
                )
            }
        }
    )
    assert lines(ours, upstream) == {
        "response POST /t 307: upstream answers it; the contract does not",
        "response header POST /t 202 location: upstream sends it; the contract does not declare it",
    }


def test_response_body_on_one_side_only() -> None:
    obj = json_body({"type": "object", "properties": {"a": STRING}})
    binary = json_body({"type": "string", "format": "binary"})
    none = {"description": "x"}

    def answering(response: dict[str, Any]) -> dict[str, Any]:
        return doc({"/t": {"get": op(responses={"200": response})}})

    assert lines(answering(obj), answering(none)) == {
        "response GET /t 200: the contract declares a body (application/json); upstream none"
    }
    assert lines(answering(none), answering(obj)) == {
        "response GET /t 200: upstream declares a body (application/json); the contract none"
    }
    # A byte stream may be empty, so "no body" is one; and bytes match any body.
    assert lines(answering(none), answering(binary)) == set()
    assert lines(answering(obj), answering(binary)) == set()


# --- fields ------------------------------------------------------------------------------


def test_response_fields_are_lenient_and_compared_by_json_name() -> None:
    ours = {
        "$ref": "#/components/schemas/OrderStatus",
    }
    ours_doc = record(ours)
    ours_doc["components"]["schemas"] = {
        "OrderStatus": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "string"},
                "name": STRING,
                "status": {"anyOf": [{"$ref": "#/components/schemas/Status"}, STRING]},
                "size": {"type": "integer"},
                "error-message": STRING,  # an extension: optional, so fine
            },
        },
        "Status": {"type": "string", "enum": ["pending", "done"]},
    }
    upstream = record(
        {
            "type": "object",
            "required": ["id", "links", "size"],  # upstream requiring more is fine in a response
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "name": STRING,  # optional upstream, required here
                "status": {"type": "string", "enum": ["pending", "done", "archived"]},
                "size": STRING,
                "links": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"rel": STRING}},
                },
            },
        }
    )
    assert lines(ours_doc, upstream) == {
        "field GET /things/{id} 200 name: required here; upstream may leave it out",
        "field GET /things/{id} 200 size: integer here, string upstream",
        # reported once, not again for links[] and links[].rel:
        "field GET /things/{id} 200 links: upstream sends it; the contract does not declare it",
    }


def test_a_closed_enum_in_a_response_must_take_every_upstream_value() -> None:
    closed = {"type": "object", "properties": {"status": {"type": "string", "enum": ["a"]}}}
    upstream = {"type": "object", "properties": {"status": {"type": "string", "enum": ["a", "b"]}}}
    assert lines(record(closed), record(upstream)) == {
        "field GET /things/{id} 200 status: upstream allows 'b'; the contract does not"
    }
    free = {"type": "object", "properties": {"status": STRING}}
    assert lines(record(closed), record(free)) == {
        "field GET /things/{id} 200 status: a closed set of values here; "
        "upstream may send any string"
    }


def test_request_fields_are_strict() -> None:
    ours = {
        "type": "object",
        "required": ["name", "value"],
        "properties": {
            "name": STRING,
            "value": STRING,
            "id": STRING,
            "tags": {"type": "array", "items": STRING},
        },
    }
    upstream = {
        "type": "object",
        "required": ["name", "id"],
        "properties": {"name": STRING, "value": STRING, "id": STRING, "policy": STRING},
    }
    assert lines(create(ours), create(upstream)) == {
        "field POST /things request value: required here, optional upstream",
        "field POST /things request id: optional here, required upstream",
        "field POST /things request policy: upstream accepts it (optional); "
        "the contract does not declare it",
    }


def test_any_value_matches_in_one_direction_only() -> None:
    obj = {"type": "object", "properties": {"content": {"type": "object"}}}
    anything = {"type": "object", "properties": {"content": {"description": "any JSON value"}}}
    # A response: the contract narrower than upstream may fail to parse what upstream sends.
    assert lines(record(obj), record(anything)) == {
        "field GET /things/{id} 200 content: object here, any value upstream"
    }
    assert lines(record(anything), record(obj)) == set()
    # A request: the contract wider than upstream may send what upstream refuses.
    assert lines(create(anything), create(obj)) == {
        "field POST /things request content: any value here, object upstream"
    }
    assert lines(create(obj), create(anything)) == set()


def test_below_a_free_form_field_nothing_is_compared() -> None:
    free = {
        "type": "object",
        "properties": {"controller": {"type": "object", "additionalProperties": True}},
    }
    detailed = {
        "type": "object",
        "properties": {
            "controller": {"type": "object", "required": ["image"], "properties": {"image": STRING}}
        },
    }
    assert lines(record(free), record(detailed)) == set()
    assert lines(create(detailed), create(free)) == set()


def test_recursive_schemas_terminate() -> None:
    node = {
        "type": "object",
        "properties": {
            "name": STRING,
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        },
    }
    ours = record({"$ref": "#/components/schemas/Node"})
    ours["components"]["schemas"]["Node"] = node
    assert diff_wire(ours, copy.deepcopy(ours)) == []


# --- the allow-list ----------------------------------------------------------------------


def test_allowed_differences_and_stale_entries() -> None:
    differences = [
        Difference("operation", "GET /a", "only in the contract; upstream has no such operation"),
        Difference("field", "GET /a 200 x", "integer here, string upstream"),
    ]
    allowed = [
        Allowed("operation", "GET /a", "ours, on purpose"),
        Allowed("field", "GET /gone 200 y", "no longer differs"),
    ]
    report = apply_allow_list(differences, allowed)
    assert report.differences == [differences[1]]
    assert [entry.reason for _, entry in report.allowed] == ["ours, on purpose"]
    assert [entry.subject for entry in report.stale] == ["GET /gone 200 y"]
    assert report.failed
    text = format_wire_report(report, "ours.yaml", "up.json", "allowed.toml")
    assert text.splitlines()[0] == (
        "Wire differences between ours.yaml and upstream up.json: 1 beyond the 1 allowed by "
        "allowed.toml"
    )
    assert "      why: ours, on purpose" in text
    assert "  field GET /gone 200 y" in text.split("match no difference")[1]
    assert not apply_allow_list(differences[:1], allowed[:1]).failed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"difference": {"kind": "x"}}, "must be an array of tables"),
        (
            {"difference": [{"kind": "field", "subject": "GET /a"}]},
            "entry 1 needs a non-empty `reason`",
        ),
        (
            {"difference": [{"kind": "field", "subject": "s", "reason": "r", "why": "w"}]},
            "unknown keys: why",
        ),
        (
            {"difference": [{"kind": "k", "subject": "s", "reason": "r"}] * 2},
            "entry 2 repeats k s",
        ),
    ],
)
def test_a_malformed_allow_list_is_refused(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_allow_list(data, "allowed.toml")


def test_the_allow_list_is_well_formed_and_every_entry_has_a_reason() -> None:
    import tomllib

    entries = parse_allow_list(tomllib.loads(ALLOW_LIST.read_text("utf-8")), "allow-list")
    assert entries
    assert all(len(entry.reason.split()) >= 8 for entry in entries)


# --- the command line --------------------------------------------------------------------

needs_upstream = pytest.mark.skipif(not UPSTREAM.is_file(), reason=f"no {UPSTREAM}")


def manifest(tmp_path: Path, contract: dict[str, Any], allowed: str | None) -> Path:
    spec = tmp_path / "contract.json"
    spec.write_text(json.dumps(contract), encoding="utf-8")
    lines = [
        "[tools]",
        'openapi-python-client = "0.29.1"',
        'ruff = "0.17.6"',
        "[[spec]]",
        f"source = {json.dumps(str(spec))}",
        'package = "conveyor_api"',
        'output = "out"',
        f"upstream = {json.dumps(str(UPSTREAM))}",
    ]
    if allowed is not None:
        (tmp_path / "allowed.toml").write_text(allowed, encoding="utf-8")
        lines.append('upstream-differences = "allowed.toml"')
    path = tmp_path / "manifest.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@needs_upstream
def test_the_contract_has_no_unlisted_wire_difference_with_upstream() -> None:
    result = run_regen("--upstream", "--fail-on-difference")
    assert result.returncode == 0, result.stdout + result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("No wire differences between openapi/platform.yaml and upstream ")
    assert "allowed by openapi/upstream-differences.toml" in first


@needs_upstream
def test_a_difference_fails_only_with_fail_on_difference(tmp_path: Path) -> None:
    contract = load_contract()
    del contract["paths"]["/1/queues/{id}/messages"]["get"]
    allowed = ALLOW_LIST.read_text("utf-8")
    path = manifest(tmp_path, contract, allowed)

    lenient = run_regen("--manifest", path, "--upstream")
    assert lenient.returncode == 0, lenient.stderr
    strict = run_regen("--manifest", path, "--upstream", "--fail-on-difference")
    assert strict.returncode == 1
    out = strict.stdout
    assert "Wire differences between " in out
    assert "  operation GET /1/queues/{id}/messages: upstream has it; the contract does not" in out
    assert "Make the contract compatible, or, for a deliberate difference, add its kind" in out


@needs_upstream
def test_a_stale_allow_list_entry_fails(tmp_path: Path) -> None:
    allowed = ALLOW_LIST.read_text("utf-8") + (
        '\n[[difference]]\nkind = "operation"\nsubject = "GET /1/nothing"\n'
        'reason = "a difference that does not occur"\n'
    )
    result = run_regen(
        "--manifest",
        manifest(tmp_path, load_contract(), allowed),
        "--upstream",
        "--fail-on-difference",
    )
    assert result.returncode == 1
    assert "match no difference" in result.stdout
    assert "  operation GET /1/nothing" in result.stdout


@needs_upstream
def test_without_an_allow_list_every_difference_is_listed(tmp_path: Path) -> None:
    result = run_regen("--manifest", manifest(tmp_path, load_contract(), None), "--upstream")
    assert result.returncode == 0
    assert "operation PATCH /1/artifacts/{id}/blob: only in the contract" in result.stdout
    assert "an `upstream-differences` file named in the manifest" in result.stdout


def test_an_explicit_upstream_spec_is_compared(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream.json"
    upstream.write_text(json.dumps(load_contract()), encoding="utf-8")
    result = run_regen("--upstream", upstream, "--fail-on-difference")
    # The allow-list is written for the manifest's upstream: against another contract its
    # entries that match nothing are reported, but are no failure.
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(
        f"No wire differences between openapi/platform.yaml and upstream {upstream}"
    )
    assert "match no difference with this upstream" in result.stdout


def test_command_line_errors(tmp_path: Path) -> None:
    result = run_regen("--fail-on-difference")
    assert result.returncode == 2
    assert "--fail-on-difference needs --upstream" in result.stderr
    result = run_regen("--upstream", "--against", CONTRACT)
    assert result.returncode == 2
    assert "--upstream compares contracts only" in result.stderr

    no_upstream = tmp_path / "m.toml"
    no_upstream.write_text(
        f'[tools]\nopenapi-python-client = "0.29.1"\nruff = "0.17.6"\n[[spec]]\n'
        f'source = {json.dumps(str(CONTRACT))}\npackage = "p"\noutput = "out"\n',
        encoding="utf-8",
    )
    result = run_regen("--manifest", no_upstream, "--upstream")
    assert result.returncode == 2
    assert "no upstream contract to compare with" in result.stderr

    missing = tmp_path / "missing.toml"
    missing.write_text(
        no_upstream.read_text("utf-8") + f"upstream = {json.dumps(str(CONTRACT))}\n"
        'upstream-differences = "nowhere.toml"\n',
        encoding="utf-8",
    )
    result = run_regen("--manifest", missing, "--upstream")
    assert result.returncode == 2
    assert "nowhere.toml: cannot read the allowed differences" in result.stderr
