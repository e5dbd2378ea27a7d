"""Uploads under interruptions: one record, resumed from the platform's offset, a fair budget.

A scripted tus platform (``httpx.MockTransport``) that takes part of a PATCH
and then drops the connection, answers ``HEAD`` with what it holds, and can
fail a ``HEAD`` too. The upload's budget counts interruptions in a row
without progress (issue 18), not interruptions.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import httpx
import pytest
from conveyor import Client, TransportError

from .mock import ART, BASE, SECRET, FakeClock, json_response

HREF = f"{BASE}/1/artifacts/{ART}/blob"
DATA = bytes(range(256)) * 64  # 16 KiB


class Flaky:
    """A tus platform whose PATCHes take ``take`` bytes and then break (``breaks`` times)."""

    def __init__(self, *, breaks: int, take: int, head_failures: int = 0) -> None:
        self.held = b""
        self.breaks = breaks
        self.take = take
        self.head_failures = head_failures
        self.creations: list[str | None] = []
        self.patch_offsets: list[tuple[int, int]] = []  # (Upload-Offset sent, bytes held)

    def record(self) -> dict[str, Any]:
        done = self.held == DATA
        return {
            "id": ART,
            "name": "data.bin",
            "status": "ready" if done else "pending",
            "size": len(DATA),
            "etag": f'"sha256:{hashlib.sha256(DATA).hexdigest()}"' if done else None,
            "data-href": HREF,
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        if request.method == "POST":
            self.creations.append(request.headers.get("idempotency-key"))
            return json_response(201, self.record())
        if request.method == "HEAD":
            if self.head_failures:
                self.head_failures -= 1
                raise httpx.ReadError("reset while asking the offset", request=request)
            return httpx.Response(200, headers={"Upload-Offset": str(len(self.held))})
        if request.method == "PATCH":
            self.patch_offsets.append((int(request.headers["upload-offset"]), len(self.held)))
            if self.breaks:
                self.breaks -= 1
                self.held += body[: self.take]
                raise httpx.ReadError("reset mid-body", request=request)
            self.held += body
            return httpx.Response(204, headers={"Upload-Offset": str(len(self.held))})
        return json_response(200, self.record())


def upload(platform: Flaky, tmp_path: Any, **kwargs: Any) -> Any:
    with Client(
        BASE,
        token=SECRET,
        transport=httpx.MockTransport(platform),
        clock=FakeClock(),
        cache_dir=tmp_path,
        **kwargs,
    ) as client:
        return client.artifacts.upload(io.BytesIO(DATA), name="data.bin", chunk_size=4096)


def test_many_interruptions_with_progress_do_not_end_the_upload(tmp_path: Any) -> None:
    # 15 breaks, more than the 10 in a row the budget allows, each after 1 KiB arrived.
    platform = Flaky(breaks=15, take=1024)
    artifact = upload(platform, tmp_path)
    assert artifact.status == "ready" and platform.held == DATA
    # Every PATCH started where the platform said it stood: nothing sent twice.
    assert all(sent == held for sent, held in platform.patch_offsets)
    assert len(platform.creations) == 1 and platform.creations[0] is not None


def test_a_failed_head_during_a_resume_does_not_end_the_upload(tmp_path: Any) -> None:
    platform = Flaky(breaks=1, take=100, head_failures=3)
    artifact = upload(platform, tmp_path, retries=0)
    assert artifact.status == "ready" and platform.held == DATA
    assert all(sent == held for sent, held in platform.patch_offsets)


def test_interruptions_without_progress_end_the_upload_with_the_last_failure(
    tmp_path: Any,
) -> None:
    platform = Flaky(breaks=100, take=0)
    with pytest.raises(TransportError):
        upload(platform, tmp_path)
    # The first try and ten more in a row that moved nothing.
    assert len(platform.patch_offsets) == 11 and platform.held == b""
