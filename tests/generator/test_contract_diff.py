"""The change report on small documents: direction, inline schemas, pairing, the report's shape.

Every rule also has its own fixture pair (test_change_rules.py); these are the cases
issue 14 saw missed or misjudged, and the report a user reads.
"""

from __future__ import annotations

import copy
from typing import Any

from contract_diff import Change, Use, diff_contracts, format_report

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
                "tags": ["things"],
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


def inline_op(request: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    """POST /things with inline request and response bodies."""
    return {
        "/things": {
            "post": {
                "operationId": "create_thing",
                "tags": ["things"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": request}},
                },
                "responses": {
                    "201": {
                        "description": "ok",
                        "content": {"application/json": {"schema": response}},
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


def test_response_fields_are_judged_as_responses() -> None:
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
        "[error] python-type-changed: Thing.id (uuid.UUID -> str, format uuid -> none)",
        "[error] response-property-became-optional: Thing.id",
        "[error] response-property-removed: Thing.size",
        # a new value in a closed response enum breaks old clients; a removed one does not
        '[error] response-enum-value-added: Thing.state ("standby")',
        '[info] response-enum-value-removed: Thing.state ("off")',
        "[info] response-property-added: Thing.label (string)",
    }


def test_renamed_operation_path_parameter_and_schema_are_paired() -> None:
    old = doc({"ThingRT": THING}, read_op("thing#read", "ThingRT", param="thingID"))
    new = doc({"Thing": THING}, read_op("read_thing", "Thing"))
    assert lines(diff_contracts(old, new)) == {
        "[error] model-renamed: Thing (was ThingRT)",
        "[error] operation-id-changed: read_thing (GET /things/{id}) (thing#read -> read_thing)",
        "[error] path-parameter-renamed: read_thing path parameter id (thingID -> id)",
    }


def test_inline_bodies_are_compared_field_by_field() -> None:
    request = {"type": "object", "properties": {"name": {"type": "string"}}}
    response = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "meta": {"type": "object", "properties": {}}},
    }
    new_request = copy.deepcopy(request)
    new_request["properties"]["owner"] = {"type": "string"}
    new_request["required"] = ["owner"]
    new_response = copy.deepcopy(response)
    del new_response["properties"]["id"]
    new_response["properties"]["meta"]["properties"]["etag"] = {"type": "string"}
    new_response["properties"]["meta"]["required"] = ["etag"]
    changes = diff_contracts(
        doc({}, inline_op(request, response)), doc({}, inline_op(new_request, new_response))
    )
    assert lines(changes) == {
        "[error] request-property-added-required: create_thing request body $.owner (string)",
        "[error] response-property-removed: create_thing 201 response $.id",
        # the regenerated client raises on a record from a server that does not send it yet
        "[error] response-property-added-required: create_thing 201 response $.meta.etag (string)",
    }
    owner = next(c for c in changes if c.rule == "request-property-added-required")
    assert owner.pointer == (
        "#/paths/~1things/post/requestBody/content/application~1json/schema/properties/owner"
    )
    assert owner.tags == ("things",)


def test_widening_a_request_field_is_not_breaking_narrowing_it_is() -> None:
    flag = {"type": "object", "properties": {"on": {"type": "boolean"}}}
    nullable = {"type": "object", "properties": {"on": {"type": ["boolean", "null"]}}}
    answer = {"type": "object"}
    wider = diff_contracts(doc({}, inline_op(flag, answer)), doc({}, inline_op(nullable, answer)))
    assert lines(wider) == {"[info] request-became-nullable: create_thing request body $.on"}
    narrower = diff_contracts(
        doc({}, inline_op(nullable, answer)), doc({}, inline_op(flag, answer))
    )
    assert lines(narrower) == {
        "[error] request-became-not-nullable: create_thing request body $.on"
    }
    # in a response the other way round
    in_response = diff_contracts(
        doc({}, inline_op(answer, flag)), doc({}, inline_op(answer, nullable))
    )
    assert lines(in_response) == {
        "[error] response-became-nullable: create_thing 201 response $.on"
    }


def test_security_and_defaults_are_compared() -> None:
    old = doc({"Thing": THING}, read_op("read_thing", "Thing"))
    old["paths"]["/things/{id}"]["get"]["parameters"].append(
        {"name": "view", "in": "query", "schema": {"type": "string", "default": "full"}}
    )
    new = copy.deepcopy(old)
    operation = new["paths"]["/things/{id}"]["get"]
    operation["security"] = [{"bearer": []}]
    del operation["parameters"][1]["schema"]["default"]
    new["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    assert lines(diff_contracts(old, new)) == {
        "[error] security-added: read_thing (GET /things/{id}) (bearer)",
        '[error] request-default-removed: read_thing query parameter view (was "full")',
    }


def test_one_change_of_a_shared_schema_is_reported_once_with_every_use() -> None:
    paths = read_op("read_thing", "Thing")
    paths["/things"] = {
        "get": {
            "operationId": "list_things",
            "tags": ["listing"],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Thing"},
                            }
                        }
                    },
                }
            },
        }
    }
    new_thing = copy.deepcopy(THING)
    del new_thing["properties"]["size"]
    (change,) = diff_contracts(doc({"Thing": THING}, paths), doc({"Thing": new_thing}, paths))
    assert change.rule == "response-property-removed"
    assert [use.operation_id for use in change.uses] == ["list_things", "read_thing"]
    assert change.tags == ("listing", "things")
    assert change.text() == (
        "`Thing.size`: property removed; in responses of `list_things`, `read_thing`. "
        "Clients that read it get nothing, and the generated model loses the attribute."
    )


def test_report_groups_by_tag_with_breaking_changes_first() -> None:
    use = Use("read_thing", "get", "/things/{id}", ("things",), "200 response", "response")
    changes = [
        Change("response-property-added", "`A.x`", "string", "#/a", (use,), True),
        Change("response-property-removed", "`A.y`", "", "#/b", (use,), True),
    ]
    report = format_report(changes, "old.yaml", "new.yaml").splitlines()
    assert report[0] == "# Changes from old.yaml to new.yaml"
    assert "2 changes: **1 breaking**, 0 that may break, 1 other." in report
    assert "| things | 1 | 0 | 1 |" in report
    start = report.index("## Tag `things`")
    assert report[start + 2] == "### Breaking"
    assert report[start + 4].startswith("- `A.y`: property removed; in responses of `read_thing`")
    assert report[start + 4].endswith("`response-property-removed`")
    assert report[start + 6] == "### Other changes"
