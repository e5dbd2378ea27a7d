"""An async transfer hands its blocking steps to worker threads; a sync one runs them inline.

Live against the embedded sandbox (``Client.local()`` / ``AsyncClient.local()``)
with small files. What is checked is where the work runs, never how long it
takes (the stall itself is benchmark rows 12 and 13): every file the SDK
opens, renames or deletes in the user's folders and its cache (seen through
an audit hook), every whole-file hash, every chunk read from a stream that
cannot seek and every write into a caller's file object happens off the
event loop's thread, and on the calling thread for the sync client.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conveyor import AsyncClient, Client
from conveyor._upload import _Source

MiB = 1024 * 1024
_EVENTS = {"open", "os.rename", "os.remove", "os.mkdir"}


class _FileOps:
    """Records ``(event, path, thread id)`` of file operations below one folder."""

    active: _FileOps | None = None
    _installed = False

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self.seen: list[tuple[str, str, int]] = []

    @classmethod
    def _hook(cls, event: str, args: tuple[Any, ...]) -> None:
        recorder = cls.active
        if recorder is None or event not in _EVENTS or not args:
            return
        path = args[0]
        if isinstance(path, os.PathLike):
            path = os.fspath(path)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if isinstance(path, str) and path.startswith(recorder.root):
            recorder.seen.append((event, path, threading.get_ident()))

    def __enter__(self) -> _FileOps:
        if not _FileOps._installed:
            # An audit hook cannot be removed again: one, installed once, that
            # does nothing while no recorder is active.
            sys.addaudithook(_FileOps._hook)
            _FileOps._installed = True
        _FileOps.active = self
        return self

    def __exit__(self, *exc: object) -> None:
        _FileOps.active = None

    def threads(self, event: str, fragment: str) -> set[int]:
        """The threads that did ``event`` on a path containing ``fragment`` (at least one)."""
        found = {thread for e, path, thread in self.seen if e == event and fragment in path}
        assert found, (event, fragment, self.seen)
        return found


@pytest.fixture
def hash_threads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The threads on which an upload source was hashed (whole file or a range)."""
    threads: list[int] = []
    original = _Source.hash_range

    def recorded(self: _Source, hasher: Any, start: int, stop: int) -> None:
        threads.append(threading.get_ident())
        original(self, hasher, start, stop)

    monkeypatch.setattr(_Source, "hash_range", recorded)
    return threads


class _Pipe(io.RawIOBase):
    """A stream that cannot seek (like stdin), recording the threads that read it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.threads: set[int] = set()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.threads.add(threading.get_ident())
        return self._data.read(size)


class _Target(io.BytesIO):
    """A caller's file object, recording the threads that write into it."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def write(self, data: Any) -> int:
        self.threads.add(threading.get_ident())
        return super().write(data)


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    """The user's folder: a 3 MiB source file, a cache and a download folder."""
    folder = tmp_path / "work"
    (folder / "out").mkdir(parents=True)
    (folder / "source.bin").write_bytes(os.urandom(3 * MiB))
    yield folder


@pytest.mark.anyio
async def test_async_transfers_do_their_blocking_work_in_threads(
    work: Path, tmp_path: Path, hash_threads: list[int]
) -> None:
    source = work / "source.bin"
    loop_thread = threading.get_ident()
    async with AsyncClient.local(data_dir=tmp_path / "data", cache_dir=work / "cache") as client:
        with _FileOps(work) as ops:
            artifact = await client.artifacts.upload(source, chunk_size=MiB)
            path = await artifact.download(work / "out/")
            assert await client.artifacts.find_by_content(source) is not None
        pipe, target = _Pipe(b"piped " * 100_000), _Target()
        streamed = await client.artifacts.upload(pipe, name="piped.txt", chunk_size=MiB)
        await streamed.download(target)

    assert path == work / "out" / "source.bin" and path.read_bytes() == source.read_bytes()
    assert target.getvalue() == b"piped " * 100_000
    assert artifact.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    places = [
        ops.threads("open", "source.bin"),  # the upload's source
        ops.threads("open", "/cache/"),  # the content store: identities, resume state, index
        ops.threads("os.rename", "/cache/"),
        ops.threads("os.remove", "/cache/uploads/"),  # the finished upload's resume state
        ops.threads("open", ".source.bin.conveyor-part"),  # the download's partial file
        ops.threads("os.rename", ".source.bin.conveyor-part"),  # renamed into place
        set(hash_threads),  # the whole-file hash ahead of the upload (and find_by_content's)
        pipe.threads,  # each chunk of a stream that cannot seek
        target.threads,  # writes into the caller's file object
    ]
    for threads in places:
        assert threads and loop_thread not in threads, places
    assert len(hash_threads) == 2


def test_sync_transfers_do_the_same_work_inline(
    work: Path, tmp_path: Path, hash_threads: list[int]
) -> None:
    source = work / "source.bin"
    caller = threading.get_ident()
    with Client.local(data_dir=tmp_path / "data", cache_dir=work / "cache") as client:
        with _FileOps(work) as ops:
            artifact = client.artifacts.upload(source, chunk_size=MiB)
            artifact.download(work / "out/")
        pipe, target = _Pipe(b"piped " * 100_000), _Target()
        client.artifacts.upload(pipe, name="piped.txt", chunk_size=MiB).download(target)

    for threads in (
        ops.threads("open", "source.bin"),
        ops.threads("open", "/cache/"),
        ops.threads("os.rename", ".source.bin.conveyor-part"),
        set(hash_threads),
        pipe.threads,
        target.threads,
    ):
        assert threads == {caller}
