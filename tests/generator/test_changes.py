"""A changed contract regenerates into a working package and a change report."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from .conftest import GENERATED, load_contract, run_regen, write_spec

ORDER = {
    "id": "urn:ivcap:order:9e8d7c6b-5a49-4382-9171-605f4e3d2c1b",
    "status": "pending",
    "service": "urn:ivcap:service:4b1d2c7e-3f0a-4d5e-9c8b-0a1b2c3d4e5f",
    "priority": 7,
}


OPERATIONS = [
    operation
    for item in load_contract()["paths"].values()
    for method, operation in item.items()
    if method in ("get", "put", "post", "delete", "patch", "head")
]


def add_cancel_and_priority(contract: dict[str, Any]) -> dict[str, Any]:
    """One new operation (POST /1/orders/{id}/cancel) and one new field (OrderStatus.priority)."""
    contract["paths"]["/1/orders/{id}/cancel"] = {
        "parameters": [{"$ref": "#/components/parameters/EntityId"}],
        "post": {
            "tags": ["orders"],
            "operationId": "cancel_order",
            "summary": "Cancel an order",
            "responses": {
                "200": {
                    "description": "The order, now cancelled.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/OrderStatus"}}
                    },
                },
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        },
    }
    contract["components"]["schemas"]["OrderStatus"]["properties"]["priority"] = {
        "type": "integer",
        "description": "Scheduling priority.",
    }
    return contract


def mock_client(package: ModuleType, seen: list[httpx.Request]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ORDER)

    return package.Client(
        base_url="http://platform.test",
        httpx_args={"transport": httpx.MockTransport(handler)},
    )


def test_new_operation_and_field_generate_and_work(
    tmp_path: Path, contract: dict[str, Any], import_package: Callable[[Path], ModuleType]
) -> None:
    spec = write_spec(tmp_path / "changed.json", add_cancel_and_priority(contract))
    package_dir = tmp_path / "conveyor_api_changed"

    recorded = GENERATED / "_contract.json"
    result = run_regen("--spec", spec, "--output", package_dir, "--against", recorded)

    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "# Changes from generated/conveyor_api/_contract.json to " in report
    assert "- `cancel_order` (POST /1/orders/{id}/cancel): new operation." in report
    assert "- `OrderStatus.priority`: new optional property (integer)" in report
    assert "cancel_order` 200 response" not in report  # a new operation is one line, not many
    assert "**0 breaking**" in report
    assert f"conveyor_api_changed: {len(OPERATIONS) + 1} operations" in report

    package = import_package(package_dir)
    cancel = __import__(f"{package_dir.name}.api.orders.cancel_order", fromlist=["sync"])
    assert cancel.__doc__ == "POST /1/orders/{id}/cancel: Cancel an order."
    seen: list[httpx.Request] = []
    order = cancel.sync(id=ORDER["id"], client=mock_client(package, seen))
    assert order.priority == 7
    assert order.id == ORDER["id"]
    assert seen[0].method == "POST"
    assert seen[0].url.raw_path == (
        b"/1/orders/urn:ivcap:order:9e8d7c6b-5a49-4382-9171-605f4e3d2c1b/cancel"
    )

    orders_api = __import__(f"{package_dir.name}.api.orders", fromlist=["OrdersApi"]).OrdersApi
    api = orders_api(mock_client(package, seen))
    assert api.cancel_order(ORDER["id"]).priority == 7
    assert asyncio.run(api.cancel_order_async(ORDER["id"])).priority == 7
    detailed = api.cancel_order_detailed(ORDER["id"])
    assert detailed.status_code == 200
    assert detailed.parsed.priority == 7

    models = __import__(f"{package_dir.name}.models", fromlist=["OrderStatus"])
    assert models.OrderStatus.from_dict(ORDER).to_dict()["priority"] == 7


def test_removed_field_is_breaking(tmp_path: Path, contract: dict[str, Any]) -> None:
    del contract["components"]["schemas"]["OrderStatus"]["properties"]["error-message"]
    spec = write_spec(tmp_path / "removed.json", contract)

    result = run_regen("--report-only", "--spec", spec)

    assert result.returncode == 0, result.stderr
    assert "- `OrderStatus.error-message`: property removed;" in result.stdout
    assert "`response-property-removed`" in result.stdout
    assert "**1 breaking**" in result.stdout
    strict = run_regen("--report-only", "--fail-on-breaking", "--spec", spec)
    assert strict.returncode == 1


def test_against_compares_with_a_given_spec(tmp_path: Path, contract: dict[str, Any]) -> None:
    old = write_spec(tmp_path / "old.json", add_cancel_and_priority(contract))
    # Compared the other way round, the extra operation is one the contract lacks.
    result = run_regen("--report-only", "--against", old)
    assert result.returncode == 0, result.stderr
    assert "# Changes from " in result.stdout
    assert "- `cancel_order` (POST /1/orders/{id}/cancel): operation removed." in result.stdout
    assert "- `OrderStatus.priority`: property removed;" in result.stdout


def test_new_required_request_field_and_parameter_are_breaking(
    tmp_path: Path, contract: dict[str, Any]
) -> None:
    request = contract["components"]["schemas"]["OrderRequest"]
    request["properties"]["budget"] = {"type": "number"}
    request["required"].append("budget")
    contract["paths"]["/1/orders"]["get"]["parameters"].append(
        {"name": "project", "in": "query", "required": True, "schema": {"type": "string"}}
    )
    contract["components"]["schemas"]["ArtifactStatus"]["properties"]["size"] = {"type": "string"}
    result = run_regen("--report-only", "--spec", write_spec(tmp_path / "s.json", contract))
    out = result.stdout
    assert "- `OrderRequest.budget`: new required property (number); in requests of" in out
    assert "- `list_orders` query parameter `project`: new required parameter (string)." in out
    assert "- `ArtifactStatus.size`: type changed (integer -> string); in responses of" in out
    assert "**3 breaking**" in out


def test_report_is_recorded_with_the_code() -> None:
    recorded = json.loads((GENERATED / "_contract.json").read_text(encoding="utf-8"))
    assert recorded["info"]["title"] == "Conveyor platform API"
    assert "/1/orders/{id}" in recorded["paths"]
