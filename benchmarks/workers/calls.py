"""Worker: per-call overhead (get one record, place an order) and paging (iterate a long list).

Usage: ``python calls.py {get,aget,create,list} {conveyor,httpx,ivcap} [--calls N]
[--batches N] [--total N] [--page-size N]``. ``aget`` is ``get`` through the async clients
(``AsyncClient`` and ``httpx.AsyncClient``; ivcap-client has none). ``create`` places one
order with a service already read (``Service.place_order``: the parameters checked, the POST
with its ``Idempotency-Key``, the record decoded) against a raw POST of the same JSON. Every
implementation talks to the same ``httpx.MockTransport`` serving the same
pre-encoded bodies, so the difference between them is what each client adds
on top of HTTP. Prints the median CPU time (``seconds``) and wall time
(``wall_seconds``) per operation.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Awaitable, Callable
from typing import Any

import _common as c
import httpx

RECORD_PATH = f"/1/artifacts/{c.ARTIFACT_ID}"


def _raw_client(transport: httpx.MockTransport, kind: type[Any] = httpx.Client) -> Any:
    """The baseline: a plain httpx client (``kind``) with the same auth header the SDKs send."""
    return kind(
        base_url=c.BASE_URL,
        transport=transport,
        headers={"Authorization": f"Bearer {c.TOKEN}"},
    )


def _conveyor_client(transport: httpx.MockTransport, kind: str = "Client") -> Any:
    """Conveyor's ``Client`` (or ``AsyncClient``, by name) on ``transport``."""
    try:
        import conveyor

        client_class = getattr(conveyor, kind)
    except (ImportError, AttributeError) as exc:
        c.unavailable(f"conveyor.{kind} missing ({exc})")
    return client_class(url=c.BASE_URL, token=c.TOKEN, transport=transport)


def _artifacts(client: Any, method: str) -> Any:
    """``client.artifacts``, or report "not available" when it lacks ``method``."""
    artifacts = getattr(client, "artifacts", None)
    if artifacts is None or not hasattr(artifacts, method):
        c.unavailable(f"conveyor {type(client).__name__}.artifacts.{method} missing")
    return artifacts


def _name_of(response: httpx.Response) -> object:
    """What the raw baselines do with a record: check the status, decode, read the name."""
    response.raise_for_status()
    return json.loads(response.content)["name"]


def _ivcap(transport: httpx.MockTransport) -> Any:
    """An IVCAP object whose generated client uses ``transport``.

    ivcap-client builds its httpx.Client lazily from ``httpx_args``, so giving
    it an AuthenticatedClient with the transport there keeps its own
    construction path (headers, base URL) intact.
    """
    try:
        from ivcap_client import IVCAP
        from ivcap_client.client.client import AuthenticatedClient
    except ImportError as exc:
        c.unavailable(f"ivcap-client missing ({exc})")
    ivcap = IVCAP(url=c.BASE_URL, token=c.TOKEN)
    ivcap._client = AuthenticatedClient(
        base_url=c.BASE_URL, token=c.TOKEN, httpx_args={"transport": transport}
    )
    return ivcap


def get_op(impl: str) -> Callable[[], object]:
    """Return a callable fetching one artifact record and reading one field."""
    transport = c.record_transport()
    if impl == "httpx":
        client = _raw_client(transport)
        return lambda: _name_of(client.get(RECORD_PATH))
    if impl == "conveyor":
        artifacts = _artifacts(_conveyor_client(transport), "get")
        return lambda: artifacts.get(c.ARTIFACT_ID).name
    ivcap = _ivcap(transport)
    return lambda: ivcap.get_artifact(c.ARTIFACT_ID).name


SERVICE_ID = "urn:ivcap:service:4b1d2c7e-3f0a-4d5e-9c8b-0a1b2c3d4e5f"
ORDER_ID = "urn:ivcap:order:9e8d7c6b-5a49-4382-9171-605f4e3d2c1b"
ORDER_BODY = {"service": SERVICE_ID, "parameters": [{"name": "message", "value": "bench"}]}


def order_transport() -> httpx.MockTransport:
    """The service record (one ``message`` parameter) for a GET, an order record for a POST."""
    service = {
        "id": SERVICE_ID,
        "name": "hello",
        "status": "active",
        "parameters": [{"name": "message", "type": "string", "optional": True, "options": []}],
    }
    order = {
        "id": ORDER_ID,
        "name": "bench",
        "status": "pending",
        "service": SERVICE_ID,
        "account": "urn:ivcap:account:00000000-0000-4000-8000-000000000001",
        "ordered-at": "2026-11-01T09:30:40Z",
        "parameters": ORDER_BODY["parameters"],
        "products": {"items": [], "links": []},
        "links": [],
    }
    headers = {"content-type": "application/json"}
    bodies = {"GET": json.dumps(service).encode(), "POST": json.dumps(order).encode()}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bodies[request.method], headers=headers)

    return httpx.MockTransport(handler)


def create_op(impl: str) -> Callable[[], object]:
    """Return a callable placing one order and reading its id."""
    transport = order_transport()
    if impl == "httpx":
        client = _raw_client(transport)

        def raw() -> object:
            response = client.post("/1/orders", json=ORDER_BODY)
            response.raise_for_status()
            return json.loads(response.content)["id"]

        return raw
    if impl != "conveyor":
        c.unavailable(f"{impl}: not set up for placing orders")
    service = _conveyor_client(transport).services.get(SERVICE_ID)
    return lambda: service.place_order(message="bench").id


def aget_op(impl: str) -> Callable[[], Awaitable[object]]:
    """``get_op`` through the async clients: a coroutine function doing the same work."""
    transport = c.record_transport()
    if impl == "httpx":
        client = _raw_client(transport, httpx.AsyncClient)

        async def raw() -> object:
            return _name_of(await client.get(RECORD_PATH))

        return raw
    if impl != "conveyor":
        c.unavailable(f"{impl}: no async client")
    artifacts = _artifacts(_conveyor_client(transport, "AsyncClient"), "get")

    async def op() -> object:
        return (await artifacts.get(c.ARTIFACT_ID)).name

    return op


def list_op(impl: str, total: int, page_size: int, field: str = "name") -> Callable[[], int]:
    """Return a callable iterating every artifact of the list, reading ``field`` of each.

    Reading a field other than the id matters: an SDK that keeps items as raw
    JSON until first use would otherwise never pay for building its objects,
    and users iterate a list to look at what is in it.
    """
    transport = c.list_transport(c.list_pages(total, page_size))
    if impl == "httpx":
        client = _raw_client(transport)

        def op() -> int:
            count = 0
            url: str | None = f"/1/artifacts?limit={page_size}"
            while url:
                response = client.get(url)
                response.raise_for_status()
                page = json.loads(response.content)
                for item in page["items"]:
                    count += item[field] is not None
                url = next((ln["href"] for ln in page["links"] if ln["rel"] == "next"), None)
            return count

        return op
    if impl == "conveyor":
        artifacts = _artifacts(_conveyor_client(transport), "list")

        def op() -> int:
            return sum(getattr(a, field) is not None for a in artifacts.list(page_size=page_size))

        return op
    ivcap = _ivcap(transport)

    def op() -> int:
        # limit=None: ivcap-client's ``limit`` caps the total; unset it pages by 50.
        return sum(getattr(a, field) is not None for a in ivcap.list_artifacts(limit=None))

    return op


def main() -> None:
    """Parse arguments, run the measurement, print the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("op", choices=["get", "aget", "create", "list"])
    parser.add_argument("impl", choices=["conveyor", "httpx", "ivcap"])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--total", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--field", choices=["name", "id"], default="name", help="list: read this")
    args = parser.parse_args()

    try:
        op: Callable[[], Any] = {
            "get": lambda: get_op(args.impl),
            "aget": lambda: aget_op(args.impl),
            "create": lambda: create_op(args.impl),
            "list": lambda: list_op(args.impl, args.total, args.page_size, args.field),
        }[args.op]()
    except (AttributeError, NotImplementedError) as exc:
        c.unavailable(f"{type(exc).__name__}: {exc}")
    try:
        if args.op in ("get", "aget", "create"):
            timer = c.time_per_async_op if args.op == "aget" else c.time_per_op
            cpu, wall = timer(op, calls=args.calls, batches=args.batches, warmup=50)
            c.emit({"ok": True, "seconds": cpu, "wall_seconds": wall})
            return
        got = op()  # warm-up, and proof that every item arrives
        if got != args.total:
            c.emit({"ok": False, "error": f"iterated {got} items, expected {args.total}"})
            return
        cpu, wall = c.time_per_op(op, calls=1, batches=args.batches, warmup=0)
        c.emit({"ok": True, "seconds": cpu, "wall_seconds": wall})
    except NotImplementedError as exc:
        c.unavailable(f"NotImplementedError: {exc}")
    except Exception as exc:
        c.emit({"ok": False, "error": f"{type(exc).__name__}: {exc}"})


if __name__ == "__main__":
    main()
