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

import asyncio
import io
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ivcap_client import IVCAP
from ivcap_client.api.order import order_create, order_products
from ivcap_client.api.service import service_job_list, service_service_list
from ivcap_client.api.servicex import servicex_list, servicex_read
from ivcap_client.exception import IvcapApiError, ResourceNotFound
from ivcap_client.job import JobStatus
from ivcap_client.models.order_request_t import OrderRequestT
from ivcap_client.models.parameter_def_t import ParameterDefT
from ivcap_client.models.parameter_t import ParameterT
from ivcap_client.service import PType, Service, ServiceParameter
from ivcap_client.utils import Links, set_page


@dataclass
class WordStatsRequest:
    """A job request body, as ``Service.request_job`` also takes one (a dataclass)."""

    text: str


@dataclass
class SlowEcho:
    """The request of ``slow-echo``."""

    seconds: float
    message: str = "echo"


def service_by_name(ivcap: IVCAP, name: str) -> str:
    """The URN of the service called ``name``."""
    found: str = ivcap.get_service_by_name(name).id
    return found


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

    @step("list services (IVCAP.list_services, GET /1/services2)")
    def _(ivcap: IVCAP) -> str:
        # limit=None: the iterator asks for pages of 50 until no next link.
        services = list(ivcap.list_services(limit=None))
        assert all(isinstance(s, Service) for s in services), services
        assert all(s.id.startswith("urn:ivcap:service:") for s in services), services
        names = sorted(s.name for s in services)
        assert {"hello", "word-count", "sleep", "fail", "word-stats", "slow-echo"} <= set(names)
        assert len(list(ivcap.list_services(limit=2))) == 2
        return ", ".join(names)

    @step("page through services (service_service_list, limit 2, next-link tokens)")
    def _(ivcap: IVCAP) -> str:
        # What the iterator does with a next link: copy the token, send it again.
        ids: list[str] = []
        kwargs: dict[str, Any] = {"client": ivcap._client, "limit": 2, "order_desc": False}
        pages = 0
        while True:
            r = service_service_list.sync_detailed(**kwargs)
            assert r.status_code == 200, (r.status_code, r.content)
            pages += 1
            ids += [i.id for i in r.parsed.items]
            assert all(i.controller_schema for i in r.parsed.items)
            nxt = Links(r.parsed.links).next
            if not nxt:
                break
            kwargs = {"client": ivcap._client, "limit": 2, "page": set_page(nxt)}
        assert len(ids) == len(set(ids)) >= 4 and pages >= 2, (ids, pages)
        return f"{len(ids)} services in {pages} pages"

    @step("find a service by name (IVCAP.get_service_by_name)")
    def _(ivcap: IVCAP) -> str:
        svc = ivcap.get_service_by_name("word-count")
        assert svc.name == "word-count" and svc.id.startswith("urn:ivcap:service:"), svc
        try:
            ivcap.get_service_by_name("no-such-service")
        except ResourceNotFound:
            pass
        else:
            raise AssertionError("an unknown name was found")
        STATE["svc"] = svc
        STATE["wc"] = svc.id
        return svc.id

    @step("read a service's parameters (Service.refresh, Service.parameters)")
    def _(ivcap: IVCAP) -> str:
        svc: Service = STATE["svc"]
        assert svc.refresh() is svc
        params = svc.parameters
        assert set(params) == {"text", "min_length", "case"}, params
        assert params["text"].type is PType.ARTIFACT and not params["text"].is_optional
        assert params["min_length"].type is PType.INT and params["min_length"].default == "1"
        assert [o.value for o in params["case"].options] == ["fold", "keep"]
        assert svc.mandatory_parameters == {"text"}
        assert str(svc.status()) == "active"
        assert svc.description == "Counts the words of a text artifact."
        return ", ".join(f"{p.name}:{p.type.value}" for p in params.values())

    @step("get a service by id (IVCAP.get_service, GET /1/services2/{id})")
    def _(ivcap: IVCAP) -> str:
        svc = ivcap.get_service(STATE["wc"])
        assert svc.parameters["case"].default == "fold"  # reading parameters refreshes
        assert svc.name == "word-count" and svc.account.startswith("urn:ivcap:account:")
        missing = ivcap.get_service("urn:ivcap:service:00000000-0000-4000-8000-000000000000")
        try:
            missing.refresh()
        except IvcapApiError as exc:
            assert exc.status_code == 404, exc
        else:
            raise AssertionError("an unknown service was read")
        return f"{svc.name}, unknown id: 404"

    @step("list and read services the v0.43 way (servicex_list, servicex_read, GET /1/services)")
    def _(ivcap: IVCAP) -> str:
        found = servicex_list.sync_detailed(client=ivcap._client, filter_="name~='word-count'")
        assert found.status_code == 200, (found.status_code, found.content)
        assert [i.id for i in found.parsed.items] == [STATE["wc"]]
        r = servicex_read.sync_detailed(STATE["wc"], client=ivcap._client)
        assert r.status_code == 200, (r.status_code, r.content)
        params = [
            ServiceParameter(ParameterDefT.from_dict(p.to_dict())) for p in r.parsed.parameters
        ]
        assert [p.name for p in params] == [p.name for p in STATE["svc"].parameters.values()]
        return ", ".join(f"{p.name}:{p.type.value}" for p in params)

    @step("build a request model from a tool service (Service.request_model)")
    def _(ivcap: IVCAP) -> str:
        svc = ivcap.get_service(service_by_name(ivcap, "word-stats"))
        model = svc.request_model
        request = model(text="The cat and the hat and the bat", min_length=3)
        assert json.loads(request.model_dump_json()) == {
            "text": "The cat and the hat and the bat",
            "min_length": 3,
        }
        assert model(text="x").min_length == 1  # the schema's default
        STATE["stats"], STATE["stats_request"] = svc, request
        # A service that runs orders has no tool definition, so no request model.
        try:
            _ = STATE["svc"].request_model
        except ValueError:
            pass
        else:
            raise AssertionError("word-count has a request model")
        return f"{model.__name__}({', '.join(model.model_fields)})"

    @step("run a job and get its result at once (Service.request_job, timeout=10)")
    def _(ivcap: IVCAP) -> str:
        job = STATE["stats"].request_job(STATE["stats_request"], timeout=10)
        assert job.id.startswith("urn:ivcap:job:"), job.id
        # The result came with the answer. Read it before refreshing: the client
        # refreshes with with-result-content=false (it has the result) and then
        # overwrites its copy with the field the answer rightly leaves out.
        result = job.result
        assert result == {
            "words": 8,
            "distinct": 5,
            "longest": "and",
            "top": [["the", 3], ["and", 2], ["bat", 1], ["cat", 1], ["hat", 1]],
        }, result
        assert job.status() is JobStatus.SUCCEEDED and job.finished and job.succeeded
        assert job.requested_at and job.request_content_type == "application/json"
        return f"{job.id}: {result['words']} words"

    @step("run a job that answers later and poll it (request_job timeout=0, refresh, status)")
    def _(ivcap: IVCAP) -> str:
        svc = ivcap.get_service(service_by_name(ivcap, "slow-echo"))
        job = svc.request_job(svc.request_model(seconds=0.5, message="later"), timeout=0)
        assert job.id.startswith("urn:ivcap:job:"), job.id
        assert job.refresh() is job and job.status() in (
            JobStatus.PENDING,
            JobStatus.SCHEDULED,
            JobStatus.EXECUTING,
        ), job.status(refresh=False)
        polls = 0
        while not job.finished:
            polls += 1
            assert polls < 300, job
            time.sleep(0.05)
        assert job.status() is JobStatus.SUCCEEDED
        assert job.result == {"echo": "later", "waited": 0.5}, job.result
        STATE["slow"] = svc
        return f"{job.id}: {job.status(refresh=False).value} after {polls} polls"

    @step("run a job from an async program (Service.request_job_async)")
    def _(ivcap: IVCAP) -> str:
        svc = STATE["slow"]
        # No max_wait_time: Timeout 0, then polling until done, which brings the
        # result (with one, the 200's result would be lost as described above).
        job = asyncio.run(svc.request_job_async(SlowEcho(seconds=0.2), poll_interval=0.05))
        assert job.status(refresh=False) is JobStatus.SUCCEEDED and job.finished
        assert job.result == {"echo": "echo", "waited": 0.2}, job.result
        return job.id

    @step("list a service's jobs (service_job_list, GET /1/services2/{id}/jobs)")
    def _(ivcap: IVCAP) -> str:
        r = service_job_list.sync_detailed(STATE["slow"].id, client=ivcap._client, limit=5)
        assert r.status_code == 200, (r.status_code, r.content)
        statuses = {str(i.status.value) for i in r.parsed.items}
        assert len(r.parsed.items) == 2 and statuses == {"succeeded"}, r.parsed.items
        return f"{len(r.parsed.items)} jobs"

    @step("a bad request is refused, naming the field (request_job, 422)")
    def _(ivcap: IVCAP) -> str:
        try:
            STATE["stats"].request_job(WordStatsRequest(text=5), timeout=10)  # type: ignore[arg-type]
        except IvcapApiError as exc:
            assert exc.status_code == 422, exc
            body = json.loads(exc.content)
            assert body["name"] == "$.text", body
            return body["message"]
        raise AssertionError("a request off the schema was accepted")

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

    @step("names round-trip exactly (upload_artifact name=, base64 X-Name)")
    def _(ivcap: IVCAP) -> str:
        names = json.loads(os.environ.get("CONVEYOR_NAMES", "[]"))
        for name in names:
            art = ivcap.upload_artifact(
                name=name, io_stream=io.BytesIO(b"n"), content_type="text/plain", content_size=1
            )
            assert ivcap.get_artifact(art.id).name == name, (name, art.name)
        return f"{len(names)} names"

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
        got = list(ivcap.list_artifacts(limit=2))
        assert len(got) == 2 and all(a.id.startswith("urn:ivcap:artifact:") for a in got)
        return f"{len(got)} artifacts"

    @step("place an order (order_create, POST /1/orders)")
    def _(ivcap: IVCAP) -> str:
        # The high-level Service object checks a value before it is ordered.
        STATE["svc"].parameters["text"].verify(STATE["art"].id)
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
        # Rows are strings, as upstream's SearchListRT has them: each the JSON text of
        # one answer's variables (the client hands them over as they came).
        assert all(isinstance(r, str) for r in rows.items), rows
        answers = [json.loads(r) for r in rows.items]
        assert any(a["Order"] == STATE["order"] for a in answers), answers
        return f"{len(rows.items)} rows"

    @step("create, get, list, add to, remove from and retract a collection (IVCAP collections)")
    def _(ivcap: IVCAP) -> str:
        urn = "urn:ivcap:collection:0c0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b"
        made = ivcap.create_collection(urn, "peer compat", description="made by ivcap-client")
        assert made.urn == urn, made
        member = STATE["product"]
        assert ivcap.add_to_collection(urn, member) is not None
        assert ivcap.add_to_collection(urn, member) is None  # already a member: skipped
        got = ivcap.get_collection(urn)
        assert (got.name, got.description) == ("peer compat", "made by ivcap-client"), got
        listed = [c.urn for c in ivcap.list_collections(name_filter='== "peer compat"')]
        assert listed == [urn], listed
        assert [i.item for i in got.items(limit=None)] == [member]
        assert ivcap.remove_from_collection(urn, member) is True
        assert ivcap.remove_from_collection(urn, member) is False
        assert ivcap.retract_collection(urn) == 1
        try:
            ivcap.get_collection(urn)
        except ResourceNotFound:
            pass
        else:
            raise AssertionError("a retracted collection was found")
        return urn

    @step("read a collection Conveyor made (get_collection, Collection.items)")
    def _(ivcap: IVCAP) -> str:
        urn = os.environ.get("CONVEYOR_COLLECTION")
        if not urn:
            raise NotImplementedError("run by tests/sandbox/test_ivcap_compat.py only")
        got = ivcap.get_collection(urn)
        assert got.name == "made by conveyor", got
        items = [i.item for i in got.items(limit=None)]
        assert items == [os.environ["CONVEYOR_MEMBER"]], items
        return f"{urn}: {len(items)} item"

    @step("make a collection for Conveyor to read (create_collection, add_to_collection)")
    def _(ivcap: IVCAP) -> str:
        urn = os.environ.get("PEER_COLLECTION")
        if not urn:
            raise NotImplementedError("run by tests/sandbox/test_ivcap_compat.py only")
        ivcap.create_collection(urn, "made by ivcap-client", description="for Conveyor")
        ivcap.add_to_collection(urn, os.environ["CONVEYOR_MEMBER"])
        return urn

    @step("list secrets (IVCAP.list_secrets)")
    def _(ivcap: IVCAP) -> str:
        names = [s.secret_name for s in ivcap.list_secrets(limit=None)]
        assert "compat-secret" in names, names
        return ", ".join(names)

    print(f"{len(FAILED)} failed")
    return len(FAILED)


if __name__ == "__main__":
    raise SystemExit(main())
