"""Downloads report progress as uploads do (a callback, or a tqdm.auto bar), and
``download()`` is typed by its target: a path gives a `Path`, a file object ``None``.

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import sys
import types
from pathlib import Path
from typing import Any

import httpx
import pytest
from conveyor import AsyncClient, Client, InvalidParameter

from .mock import ART, BASE, Recorder, artifact_record, json_response
from .test_artifact_stream import Pieces

CONTENT = bytes(range(256)) * 40  # 10 KiB
ETAG = f'"sha256:{hashlib.sha256(CONTENT).hexdigest()}"'


def platform(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/blob"):
        return httpx.Response(200, stream=Pieces(CONTENT, 4096), headers={"etag": ETAG})
    return json_response(200, artifact_record(size=len(CONTENT), etag=ETAG))


def test_a_callback_hears_every_piece_with_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with Client(BASE, transport=httpx.MockTransport(platform), cache_dir=tmp_path / "c") as client:
        path = client.artifacts.get(ART).download(
            tmp_path / "out" / "copy.bin", progress=lambda done, total: seen.append((done, total))
        )
    assert isinstance(path, Path) and path.read_bytes() == CONTENT
    assert seen[0] == (0, len(CONTENT)) and seen[-1] == (len(CONTENT), len(CONTENT))
    assert [done for done, _ in seen] == [0, 4096, 8192, 10240]


def test_progress_true_draws_a_tqdm_auto_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bars: list[dict[str, Any]] = []

    class FakeBar:
        def __init__(self, **options: Any) -> None:
            self.state = {**options, "n": 0, "closed": False}
            bars.append(self.state)

        def update(self, count: int) -> None:
            self.state["n"] += count

        def close(self) -> None:
            self.state["closed"] = True

    # tqdm.auto picks a notebook widget or a terminal bar: the SDK must ask it, not tqdm.
    fake = types.ModuleType("tqdm.auto")
    fake.tqdm = FakeBar  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    with Client(BASE, transport=httpx.MockTransport(platform), cache_dir=tmp_path / "c") as client:
        artifact = client.artifacts.get(ART)
        artifact.download(f"{tmp_path}/d/", progress=True)
    (download_bar,) = bars
    assert download_bar["total"] == len(CONTENT) and download_bar["n"] == len(CONTENT)
    assert download_bar["desc"] == "notes.txt" and download_bar["closed"]
    assert (tmp_path / "d" / "notes.txt").read_bytes() == CONTENT

    # Uploads report through the same class, so their bars come from tqdm.auto too.
    from conveyor._transfer_base import TransferProgress
    from conveyor._upload import upload_flow

    assert "TransferProgress" in upload_flow.__code__.co_names
    TransferProgress(True, 10, "up.txt").close()
    assert bars[1]["desc"] == "up.txt" and bars[1]["closed"]


def test_a_bad_progress_is_refused_before_any_request(tmp_path: Path) -> None:
    recorder = Recorder(json_response(200, artifact_record(size=len(CONTENT), etag=ETAG)))
    with Client(BASE, transport=recorder.transport, cache_dir=tmp_path / "c") as client:
        artifact = client.artifacts.get(ART)
        before = len(recorder.requests)
        with pytest.raises(InvalidParameter, match="progress: True for a bar"):
            artifact.download(tmp_path / "x.bin", progress="yes")  # type: ignore[arg-type]
        with pytest.raises(InvalidParameter, match="progress"):
            client.artifacts.upload(b"x", progress=3)  # type: ignore[arg-type]
    assert len(recorder.requests) == before


def test_progress_true_without_tqdm_is_refused_before_any_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "tqdm" else real(name, *a)
    )
    recorder = Recorder()
    with (
        Client(BASE, transport=recorder.transport, cache_dir=tmp_path / "c") as client,
        pytest.raises(InvalidParameter, match=r"pip install 'conveyor\[progress\]'"),
    ):
        client.artifacts.upload(b"x", name="x.txt", progress=True)
    assert recorder.requests == []


def test_a_file_object_target_returns_none(tmp_path: Path) -> None:
    sink = io.BytesIO()
    with Client(BASE, transport=httpx.MockTransport(platform), cache_dir=tmp_path / "c") as client:
        assert client.artifacts.get(ART).download(sink) is None
    assert sink.getvalue() == CONTENT


def test_async_twin_reports_progress(tmp_path: Path) -> None:
    seen: list[int] = []

    async def main() -> Path:
        async with AsyncClient(
            BASE, transport=httpx.MockTransport(platform), cache_dir=tmp_path / "c"
        ) as client:
            artifact = await client.artifacts.get(ART)
            return await artifact.download(tmp_path / "a.bin", progress=lambda d, t: seen.append(d))

    path = asyncio.run(main())
    assert path.read_bytes() == CONTENT and seen[-1] == len(CONTENT)
