"""The change report's rules, on small documents."""

from __future__ import annotations

import copy
from typing import Any

from contract_diff import Change, diff_contracts, format_report

from .conftest import load_contract


def doc(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas},
    }


def read_op(operation_id: str, schema: str, param: str = "id") -> dict[str, Any]:
    return {
        f"/things/{{{param}}}": {
            "get": {
                "operationId": operation_id,
                "parameters": [
                    {"name": param, "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    }
                },
            }
        }
    }


THING = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "state": {"type": "string", "enum": ["on", "off"]},
        "size": {"type": "integer"},
    },
}


def lines(changes: list[Change]) -> set[str]:
    return {change.line() for change in changes}


def test_identical_contracts_have_no_changes() -> None:
    contract = load_contract()
    assert diff_contracts(contract, copy.deepcopy(contract)) == []
    assert format_report([], "a", "b") == "No client-visible changes from a to b."


def test_field_rules() -> None:
    new_thing = copy.deepcopy(THING)
    new_thing["properties"]["id"] = {"type": "string"}  # uuid -> plain string: retyped
    new_thing["properties"]["state"]["enum"] = ["on", "standby"]
    del new_thing["properties"]["size"]
    new_thing["properties"]["label"] = {"type": "string"}
    new_thing["required"] = []
    changes = lines(
        diff_contracts(
            doc({"Thing": THING}, read_op("read_thing", "Thing")),
            doc({"Thing": new_thing}, read_op("read_thing", "Thing")),
        )
    )
    assert changes == {
        "~ field Thing.id: string(uuid) -> string  [BREAKING]",
        "~ field Thing.id: now optional (may be absent)  [BREAKING]",
        "+ enum value Thing.state: 'standby'",
        "- enum value Thing.state: 'off'  [BREAKING]",
        "- field Thing.size: integer, optional  [BREAKING]",
        "+ field Thing.label: string, optional",
    }


def test_renamed_operation_path_parameter_and_schema_are_paired() -> None:
    old = doc({"ThingRT": THING}, read_op("thing#read", "ThingRT", param="thingID"))
    new = doc({"Thing": THING}, read_op("read_thing", "Thing"))
    changes = lines(diff_contracts(old, new))
    assert changes == {
        "~ operation read_thing (GET /things/{id}): renamed from thing#read  [BREAKING]",
        "+ parameter read_thing: path id: string, required  [BREAKING]",
        "- parameter read_thing: path thingID: string, required  [BREAKING]",
        "~ schema Thing: renamed from ThingRT  [BREAKING]",
    }


def test_request_rules() -> None:
    def create(required_body: bool, params: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "/things": {
                "post": {
                    "operationId": "create_thing",
                    "parameters": params,
                    "requestBody": {
                        "required": required_body,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    },
                    "responses": {"204": {"description": "ok"}},
                }
            }
        }

    new_thing = copy.deepcopy(THING)
    new_thing["properties"]["owner"] = {"type": "string"}
    new_thing["required"] = ["id", "owner"]
    old = doc({"Thing": THING}, create(False, []))
    new = doc(
        {"Thing": new_thing},
        create(True, [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}]),
    )
    changes = lines(diff_contracts(old, new))
    assert changes == {
        "+ field Thing.owner: string, required  [BREAKING]",
        "~ request body create_thing: now required  [BREAKING]",
        "+ parameter create_thing: header x-trace: string, optional",
    }


def test_report_lists_breaking_changes_first() -> None:
    changes = [
        Change("field", "A.x", "added", "string, optional", False),
        Change("field", "A.y", "removed", "string, optional", True),
    ]
    report = format_report(changes, "old.yaml", "new.yaml").splitlines()
    assert report[0] == "Changes from old.yaml to new.yaml: 2 (1 breaking)"
    assert report[1] == "  - field A.y: string, optional  [BREAKING]"
    assert report[2] == "  + field A.x: string, optional"
