"""What the committed package looks like: every operation, docstrings, tag classes, imports."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import subprocess
import sys
from typing import Any

import httpx
import pytest

from .conftest import GENERATED, ROOT, load_contract

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(tag, method, path, operation) for every operation in the contract."""
    found = []
    for path, item in load_contract()["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                found.append((operation["tags"][0], method, path, operation))
    return found


OPERATIONS = operations()


def test_the_contract_has_operations() -> None:
    assert len(OPERATIONS) >= 20


@pytest.mark.parametrize(
    ("tag", "method", "path", "operation"),
    OPERATIONS,
    ids=[operation["operationId"] for *_, operation in OPERATIONS],
)
def test_every_operation_has_its_module_and_methods(
    tag: str, method: str, path: str, operation: dict[str, Any]
) -> None:
    name = operation["operationId"]
    assert (GENERATED / "api" / tag / f"{name}.py").is_file()
    module = importlib.import_module(f"conveyor_api.api.{tag}.{name}")
    summary = operation["summary"].rstrip(".")
    assert module.__doc__ == f"{method.upper()} {path}: {summary}."
    for function in ("sync_detailed", "asyncio_detailed"):
        assert callable(getattr(module, function))
    api_class = getattr(importlib.import_module(f"conveyor_api.api.{tag}"), f"{tag.title()}Api")
    for method_name in (name, f"{name}_async", f"{name}_detailed", f"{name}_detailed_async"):
        if method_name in (name, f"{name}_async") and not hasattr(module, "sync"):
            continue
        assert callable(getattr(api_class, method_name)), method_name
    assert inspect.iscoroutinefunction(getattr(api_class, f"{name}_detailed_async"))


def test_no_module_without_an_operation() -> None:
    expected = {f"{tag}/{operation['operationId']}.py" for tag, _, _, operation in OPERATIONS}
    found = {
        path.relative_to(GENERATED / "api").as_posix()
        for path in (GENERATED / "api").glob("*/*.py")
        if path.name != "__init__.py"
    }
    assert found == expected


def test_tag_class_calls_the_operation_over_one_client() -> None:
    from conveyor_api import Client
    from conveyor_api.api.orders import OrdersApi
    from conveyor_api.models import OrderList, OrderStatus

    order = {
        "id": "urn:ivcap:order:9e8d7c6b-5a49-4382-9171-605f4e3d2c1b",
        "status": "queued-for-gpu",
        "service": "urn:ivcap:service:4b1d2c7e-3f0a-4d5e-9c8b-0a1b2c3d4e5f",
    }
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/1/orders":
            return httpx.Response(200, json={"items": [{**order, "href": "x"}], "links": []})
        return httpx.Response(200, json=order)

    transport = httpx.MockTransport(handler)
    api = OrdersApi(Client(base_url="http://p.test", httpx_args={"transport": transport}))
    assert repr(api) == "OrdersApi(Client)"
    read = api.read_order(order["id"])
    assert isinstance(read, OrderStatus)
    assert read.status == "queued-for-gpu"
    page = api.list_orders(limit=5, filter_="status == 'pending'")
    assert isinstance(page, OrderList)
    assert seen[-1].url.params["limit"] == "5"
    assert seen[-1].url.params["filter"] == "status == 'pending'"
    assert seen[-1].url.params["order-desc"] == "true"
    response = api.read_order_detailed(order["id"])
    assert response.status_code == 200

    async_api = OrdersApi(Client(base_url="http://p.test", httpx_args={"transport": transport}))
    assert asyncio.run(async_api.read_order_async(order["id"])).id == order["id"]


def test_body_content_type_is_a_default_and_only_sent_with_a_body() -> None:
    from conveyor_api.api.artifacts import append_upload_chunk, upload_artifact
    from conveyor_api.api.search import search
    from conveyor_api.types import File

    assert "Content-Type" not in upload_artifact.request_args().get("headers", {})
    direct = upload_artifact.request_args(body=File(payload=b"abc"), x_name="bm90ZXM=")
    assert direct["headers"]["Content-Type"] == "application/octet-stream"
    assert direct["content"] == b"abc"
    chunk = append_upload_chunk.request_args(
        "urn:ivcap:artifact:1", body=File(payload=b"x"), upload_offset=0
    )
    assert chunk["headers"]["Content-Type"] == "application/offset+octet-stream"
    assert chunk["headers"]["Upload-Offset"] == "0"
    assert search.request_args(body=File(payload=b"q"))["headers"]["Content-Type"] == (
        "application/datalog+mangle"
    )
    for module in GENERATED.glob("api/*/*.py"):
        assert 'headers["Content-Type"] =' not in module.read_text(), module


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT / "generated")},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_imports_are_lazy() -> None:
    out = run_python(
        "import sys\n"
        "import conveyor_api\n"
        "print('httpx' in sys.modules)\n"
        "import conveyor_api.api.orders.read_order\n"
        "models = sorted(m for m in sys.modules if m.startswith('conveyor_api.models.'))\n"
        "print(' '.join(models))\n"
    )
    httpx_loaded, models = out.splitlines()
    assert httpx_loaded == "False"
    # only what read_order needs (and what those models need), not all 36
    assert set(models.split()) == {
        "conveyor_api.models.error_message",
        "conveyor_api.models.order_status",
        "conveyor_api.models.order_status_value",
    }


def test_lazy_exports_behave_like_eager_ones() -> None:
    import conveyor_api
    import conveyor_api.models as models

    assert conveyor_api.Client.__name__ == "Client"
    assert set(conveyor_api.__all__) == {"AuthenticatedClient", "Client"}
    assert "Client" in dir(conveyor_api)
    assert len(models.__all__) == len(list(GENERATED.glob("models/*.py"))) - 1
    for name in models.__all__:
        assert getattr(models, name).__name__ == name
        assert name in dir(models)
    from conveyor_api.models import OrderStatusValue, ServiceStatus  # noqa: F401

    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        models.Nope  # noqa: B018
    with pytest.raises(ImportError):
        from conveyor_api.models import Nope  # type: ignore[attr-defined]  # noqa: F401


def test_import_cost_is_within_goal() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "import_cost.py"),
            "--runs",
            "5",
            "--max-ratio",
            "1.5",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
