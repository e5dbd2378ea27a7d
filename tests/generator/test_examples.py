"""The contract's own examples parse with the generated models, and lose nothing."""

from __future__ import annotations

import datetime
import importlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import load_contract

CONTRACT = load_contract()


def resolve(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = CONTRACT
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def examples() -> Iterator[tuple[str, str, Any]]:
    """(where, schema name, example) for every example of a named request or response body."""
    for path, item in CONTRACT["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(status, resolve(r)) for status, r in operation["responses"].items()]
            for where, body in bodies:
                for media in (body.get("content") or {}).values():
                    schema = media.get("schema") or {}
                    ref = schema.get("$ref", "")
                    many = schema.get("type") == "array" and "$ref" in schema.get("items", {})
                    if many:  # an array of a named schema: each element is one example of it
                        ref = schema["items"]["$ref"]
                    if ref and not {"type", "properties", "anyOf"} & set(resolve({"$ref": ref})):
                        continue  # a free-form JSON body (a job's request): no model to parse it
                    values = [media["example"]] if "example" in media else []
                    values += [resolve(e)["value"] for e in (media.get("examples") or {}).values()]
                    for value in values:
                        label = f"{method.upper()} {path} {where}"
                        for one in value if many else [value]:
                            yield label, ref.rsplit("/", 1)[-1], one


def unique(found: Iterator[tuple[str, str, Any]]) -> list[tuple[str, str, Any]]:
    """Shared responses (errors) repeat their example on every operation; keep one."""
    seen: dict[str, tuple[str, str, Any]] = {}
    for where, schema, example in found:
        seen.setdefault(schema + json.dumps(example, sort_keys=True), (where, schema, example))
    return list(seen.values())


EXAMPLES = unique(examples())


def model(name: str) -> Any:
    return getattr(importlib.import_module("conveyor_api.models"), name)


def normalise(value: Any) -> Any:
    """Datetimes compared as instants, whatever their spelling."""
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and "T" in value:
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def ids(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                yield item
            yield from ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from ids(item)


def test_the_contract_has_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize(("where", "schema", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_parses_and_round_trips(where: str, schema: str, example: Any) -> None:
    parsed = model(schema).from_dict(example)
    assert normalise(parsed.to_dict()) == normalise(example)


@pytest.mark.parametrize(("where", "schema", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_ids_are_urns(where: str, schema: str, example: Any) -> None:
    urn = re.compile(CONTRACT["components"]["schemas"]["Urn"]["pattern"])
    for value in ids(example):
        assert urn.search(value), value


def test_an_unknown_order_status_parses_and_is_kept() -> None:
    from conveyor_api.models import OrderList, OrderStatusValue

    page = next(e for w, s, e in EXAMPLES if s == "OrderList")
    statuses = [item["status"] for item in page["items"]]
    assert "queued-for-gpu" in statuses, "the example should show a status we do not know"
    parsed = OrderList.from_dict(page)
    by_status = {item.status: item for item in parsed.items}
    assert by_status[OrderStatusValue.SUCCEEDED].status == "succeeded"
    unknown = by_status["queued-for-gpu"]
    assert not isinstance(unknown.status, OrderStatusValue)
    assert unknown.to_dict()["status"] == "queued-for-gpu"
    assert unknown.id.startswith("urn:ivcap:order:")


def test_unknown_artifact_and_service_states_parse() -> None:
    from conveyor_api.models import ArtifactStatus, ServiceStatus

    artifact = ArtifactStatus.from_dict({"id": "urn:ivcap:artifact:1", "status": "quarantined"})
    assert artifact.status == "quarantined"
    service = ServiceStatus.from_dict(
        {"id": "urn:ivcap:service:1", "parameters": [], "status": "deprecated"}
    )
    assert service.status == "deprecated"
