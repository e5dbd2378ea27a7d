"""Drive a Conveyor sandbox with IVCAP's official Python client (``ivcap-client``).

Standalone on purpose: it runs in its own venv (``benchmarks/.peers/ivcap``),
never in the project's, and imports nothing of Conveyor. Usage::

    IVCAP_URL=http://127.0.0.1:8088 IVCAP_JWT=<token> \\
        benchmarks/.peers/ivcap/bin/python tests/sandbox/compat/ivcap_client_compat.py

Each step prints ``ok <step>`` or ``FAIL <step>: <why>``; steps the client
cannot do against any server speaking the contract print ``n/a <step>: <why>``.
The exit code is the number of failed steps.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from typing import Any

from ivcap_client import IVCAP
from ivcap_client.api.order import order_create, order_products
from ivcap_client.api.servicex import servicex_list, servicex_read
from ivcap_client.models.order_request_t import OrderRequestT
from ivcap_client.models.parameter_def_t import ParameterDefT
from ivcap_client.models.parameter_t import ParameterT
from ivcap_client.service import ServiceParameter

FAILED: list[str] = []
STATE: dict[str, Any] = {}


def step(name: str) -> Callable[[Callable[[IVCAP], str | None]], None]:
    """Run the decorated function now and report how it went."""

    def run(fn: Callable[[IVCAP], str | None]) -> None:
        try:
            detail = fn(STATE["ivcap"])
        except NotImplementedError as exc:
            print(f"n/a  {name}: {exc}")
        except Exception as exc:
            FAILED.append(name)
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            traceback.print_exc(limit=3, file=sys.stdout)
        else:
            print(f"ok   {name}" + (f" ({detail})" if detail else ""))

    return run


def main() -> int:
    STATE["ivcap"] = IVCAP(url=os.environ["IVCAP_URL"], token=os.environ["IVCAP_JWT"])

    @step("list services (servicex_list, GET /1/services, two pages)")
    def _(ivcap: IVCAP) -> str:
        names: list[str] = []
        page = None
        while True:
            kwargs: dict[str, Any] = {"client": ivcap._client, "limit": 2}
            if page:
                kwargs["page"] = page
            r = servicex_list.sync_detailed(**kwargs)
            assert r.status_code == 200, (r.status_code, r.content)
            names += [i.name for i in r.parsed.items]
            nxt = [lk.href for lk in r.parsed.links if lk.rel == "next"]
            if not nxt:
                break
            query = nxt[0].split("?", 1)[1]
            assert query.startswith("page="), nxt[0]
            page = query[len("page=") :]
        assert {"hello", "word-count", "sleep", "fail"} <= set(names), names
        found = servicex_list.sync_detailed(client=ivcap._client, filter_="name~='word-count'")
        STATE["wc"] = found.parsed.items[0].id
        return ", ".join(sorted(names))

    @step("read a service and its parameter definitions (servicex_read)")
    def _(ivcap: IVCAP) -> str:
        r = servicex_read.sync_detailed(STATE["wc"], client=ivcap._client)
        assert r.status_code == 200, (r.status_code, r.content)
        params = [
            ServiceParameter(ParameterDefT.from_dict(p.to_dict())) for p in r.parsed.parameters
        ]
        by_name = {p.name: p for p in params}
        assert by_name["text"].type.value == "artifact" and not by_name["text"].is_optional
        assert [o.value for o in by_name["case"].options] == ["fold", "keep"]
        return ", ".join(f"{p.name}:{p.type.value}" for p in params)

    @step("IVCAP.list_services() high-level iterator")
    def _(ivcap: IVCAP) -> str:
        try:
            services = list(ivcap.list_services(limit=5))
        except Exception as exc:
            raise NotImplementedError(
                "ivcap-client 0.47 lists services at /1/services2, "
                f"which the contract does not define ({exc})"
            ) from None
        return f"{len(services)} services"

    text = b"the quick brown fox jumps over the lazy dog\nThe dog sleeps\n"

    @step("upload an artifact from a stream (tus via tuspy)")
    def _(ivcap: IVCAP) -> str:
        art = ivcap.upload_artifact(
            name="notes.txt",
            io_stream=io.BytesIO(text),
            content_type="text/plain",
            content_size=len(text),
        )
        art.refresh()
        assert art.status == "ready", art.status
        STATE["art"] = art
        return art.id

    @step("upload an artifact from a file, in 3 tus chunks")
    def _(ivcap: IVCAP) -> str:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "data.bin")
            payload = os.urandom(300_000)
            with open(path, "wb") as fh:
                fh.write(payload)
            art = ivcap.upload_artifact(name="data.bin", file_path=path, chunk_size=100_000)
            assert art.refresh().status == "ready"
            with art.open() as fh:
                assert fh.read() == payload
        return f"{art.size} bytes"

    @step("read and download an artifact (get_artifact, open, as_stream)")
    def _(ivcap: IVCAP) -> str:
        art = ivcap.get_artifact(STATE["art"].id)
        assert art.name == "notes.txt" and art.mime_type == "text/plain"
        with art.open() as fh:
            assert fh.read() == text
        assert b"".join(art.as_stream(chunk_size=7)) == text
        return f"{art.size} bytes"

    @step("list artifacts (IVCAP.list_artifacts)")
    def _(ivcap: IVCAP) -> str:
        got = list(ivcap.list_artifacts(limit=3))
        assert len(got) == 2 and all(a.id.startswith("urn:ivcap:artifact:") for a in got)
        return f"{len(got)} artifacts"

    @step("place an order (order_create, POST /1/orders)")
    def _(ivcap: IVCAP) -> str:
        body = OrderRequestT(
            service=STATE["wc"],
            name="compat",
            parameters=[
                ParameterT(name="text", value=STATE["art"].id),
                ParameterT(name="case", value="fold"),
            ],
        )
        r = order_create.sync_detailed(client=ivcap._client, body=body)
        assert r.status_code == 200, (r.status_code, r.content)
        STATE["order"] = r.parsed.id
        return f"{r.parsed.id} {r.parsed.status}"

    @step("follow the order to completion (IVCAP.get_order, Order.status)")
    def _(ivcap: IVCAP) -> str:
        order = ivcap.get_order(STATE["order"])
        for _ in range(300):
            status = str(order.status())
            if status in ("succeeded", "failed", "error"):
                break
            time.sleep(0.05)
        assert status == "succeeded", status
        assert order.parameters["text"].value == STATE["art"].id
        return status

    @step("list the order's products and download one (order_products, open)")
    def _(ivcap: IVCAP) -> str:
        r = order_products.sync_detailed(STATE["order"], client=ivcap._client)
        assert r.status_code == 200, (r.status_code, r.content)
        [product] = r.parsed.items
        art = ivcap.get_artifact(product.id)
        with art.open() as fh:
            counts = json.loads(fh.read())
        assert counts["words"] == 12 and counts["top"][:2] == [["the", 3], ["dog", 2]], counts
        STATE["product"] = product.id
        return f"{product.name}: {counts['words']} words"

    @step("list orders (IVCAP.list_orders)")
    def _(ivcap: IVCAP) -> str:
        orders = list(ivcap.list_orders(limit=5))
        assert STATE["order"] in [o.id for o in orders]
        return f"{len(orders)} orders"

    schema = "urn:example:schema:compat.1"

    @step("add, update, list, read and retract aspects")
    def _(ivcap: IVCAP) -> str:
        first = ivcap.add_aspect(STATE["product"], {"$schema": schema, "reviewed": False})
        second = ivcap.update_aspect(STATE["product"], {"$schema": schema, "reviewed": True})
        assert first.id != second.id
        listed = list(
            ivcap.list_aspects(entity=STATE["product"], schema=schema, include_content=True)
        )
        assert [a.id for a in listed] == [second.id], listed
        assert listed[0].content["reviewed"] is True
        old = ivcap.list_aspects(entity=STATE["product"], schema="urn:example:schema:%", limit=5)
        assert second.id in [a.id for a in old]
        second.refresh()
        second.retract()
        assert second.valid_to is not None
        assert list(ivcap.list_aspects(entity=STATE["product"], schema=schema)) == []
        lineage = list(
            ivcap.list_aspects(
                entity=STATE["product"], schema="urn:conveyor:schema:artifact.produced-by.1"
            )
        )
        assert lineage and lineage[0].content["order"] == STATE["order"], lineage
        return f"{first.id} replaced by {second.id}, then retracted"

    @step("search (IVCAP.search, application/datalog+mangle)")
    def _(ivcap: IVCAP) -> str:
        rows = ivcap.search('product(Order, Artifact), artifact(Artifact, Name, "ready", _)')
        assert any(r["Order"] == STATE["order"] for r in rows.items), rows
        return f"{len(rows.items)} rows"

    print(f"{len(FAILED)} failed")
    return len(FAILED)


if __name__ == "__main__":
    raise SystemExit(main())
