"""A tiny scripted platform on ``httpx.MockTransport`` for unit tests of the SDK's mechanics."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
from conveyor import Client

from ..fakes import FakeClock

BASE = "http://platform.test"
SECRET = "s3cr3t-token-value-9d8c7b"
ART = "urn:ivcap:artifact:0f1e2d3c-4b5a-4697-8877-665544332211"
ORDER = "urn:ivcap:order:9e8d7c6b-5a49-4382-9171-605f4e3d2c1b"
SERVICE = "urn:ivcap:service:4b1d2c7e-3f0a-4d5e-9c8b-0a1b2c3d4e5f"

Handler = Callable[[httpx.Request], httpx.Response]


def artifact_record(id: str = ART, **extra: Any) -> dict[str, Any]:
    return {
        "id": id,
        "name": "notes.txt",
        "status": "ready",
        "size": 4,
        "mime-type": "text/plain",
        "etag": '"sha256:88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589"',
        "created-at": "2026-11-01T09:30:40Z",
        "data-href": f"{BASE}/1/artifacts/{id}/blob",
        **extra,
    }


def service_record() -> dict[str, Any]:
    return {
        "id": SERVICE,
        "name": "word-count",
        "status": "active",
        "parameters": [
            {"name": "text", "type": "artifact", "options": []},
            {"name": "min-length", "type": "int", "default": "1", "optional": True, "options": []},
            {
                "name": "case",
                "type": "option",
                "default": "fold",
                "optional": True,
                "options": [{"value": "fold"}, {"value": "keep"}],
            },
            {"name": "ratio", "type": "float", "optional": True, "options": []},
            {"name": "loud", "type": "bool", "optional": True, "options": []},
        ],
    }


def order_record(status: str = "pending", **extra: Any) -> dict[str, Any]:
    return {"id": ORDER, "status": status, "service": SERVICE, **extra}


def json_response(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(), headers=headers)


class Recorder:
    """A MockTransport handler that answers from a script and remembers every request."""

    def __init__(self, *answers: httpx.Response | Handler | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if not self.answers:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return answer

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def make(recorder: Recorder, **kwargs: Any) -> Client:
    """A client of the scripted platform (token `SECRET`, a `FakeClock` unless given)."""
    kwargs.setdefault("clock", FakeClock())
    return Client(BASE, token=SECRET, transport=recorder.transport, **kwargs)


def service_client() -> tuple[Client, Recorder]:
    """A client whose platform answers a service read, then an order."""
    recorder = Recorder(json_response(200, service_record()), json_response(200, order_record()))
    client = make(recorder)
    return client, recorder
