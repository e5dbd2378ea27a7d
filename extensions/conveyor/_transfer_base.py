"""What uploads and downloads share: blocking steps as flows, resuming, content identity.

`blocking` is how a transfer flow runs disk and CPU work (opening, statting,
hashing, writing, the content store): as an `Offload` effect, so the async
driver runs it in a worker thread and its event loop keeps serving other
tasks, while the sync driver still calls it inline. `TransferProgress`
reports the bytes moved, to a callback or a tqdm bar, for both directions.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from ._call import Flow, Offload

__all__ = [
    "BULK_PIECE",
    "MAX_RESUMES",
    "ProgressCallback",
    "TransferProgress",
    "WriteBehind",
    "blocking",
    "check_progress",
    "content_url",
    "resume_delay",
    "sha256_from_etag",
]

T = TypeVar("T")

MAX_RESUMES = 10
"""Interruptions one transfer survives before giving up."""

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")

ProgressCallback = Callable[[int, int], Any]
"""``progress(bytes_done, bytes_total)``; ``bytes_total`` is -1 while it is not known."""


BULK_PIECE = 256 * 1024
"""The piece size package pulls read in: big enough that the flow machinery costs
little per byte, small enough to keep memory flat. (Artifact downloads keep the
network's own pieces: a dropped connection then resumes from the last byte
received, not from the last whole piece.)"""


def content_url(data_href: object, artifact_id: str) -> str:
    """Where an artifact's content is uploaded to and read from: its record's ``data-href``.

    Real deployments put the content on a path, often a host, of their own
    choosing, so the URL is never built from the artifact's id.

    Raises:
        MalformedResponse: The record has no absolute http(s) ``data-href``.
    """
    from .errors import MalformedResponse

    if isinstance(data_href, str) and data_href.startswith(("https://", "http://")):
        return data_href
    problem = "it has none" if not data_href else f"{str(data_href)[:80]!r} is not absolute"
    raise MalformedResponse(
        f"the record of {artifact_id} names no content URL (data-href): {problem}"
    )


def resume_delay(resumes: int) -> float:
    """Seconds to wait before the ``resumes``-th attempt to continue (0.25 s, doubling, <= 8 s)."""
    return min(0.25 * 2.0 ** (resumes - 1), 8.0)


def sha256_from_etag(etag: str | None) -> str | None:
    """The hex sha256 in an etag such as ``"sha256:9f86..."`` (``W/`` and quotes allowed)."""
    if not etag:
        return None
    tag = etag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    tag = tag.strip('"')
    if tag.lower().startswith("sha256:"):
        tag = tag[7:]
    return tag.lower() if _HEX64.fullmatch(tag) else None


class _Raised:
    """An exception of an offloaded function, carried back to be raised inside the flow."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


def _guarded(function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    try:
        return function(*args)
    except Exception as exc:
        return _Raised(exc)


def blocking(function: Callable[..., T], *args: Any) -> Flow[T]:
    """Run ``function(*args)``, which blocks on disk or CPU, as an `Offload`; return its result.

    An exception it raises is raised here, inside the calling flow, as if
    the function had run inline. The drivers throw only `ConveyorError` into
    a flow: any other exception (an ``OSError`` of a full disk) would escape
    the driver and close the flow with ``GeneratorExit``, skipping clean-up
    that needs effects of its own, such as releasing a download's connection.
    """
    outcome = yield Offload(_guarded, function, args)
    if isinstance(outcome, _Raised):
        raise outcome.error
    result: T = outcome
    return result


class _Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...


class WriteBehind:
    """Hashes and writes received pieces in one worker thread while the flow receives more.

    A pull that hashed and wrote each batch itself would add that time to
    the network's; here the two overlap (hashlib and file writes release
    the GIL). At most ``depth`` batches are in flight and one gathering, so
    memory stays bounded whatever the transfer's size, while a burst of
    network pieces need not wait for the disk batch by batch; the single
    worker keeps pieces hashed and written in the order they came.

    Args:
        write: Writes one batch of pieces, in order (runs in the worker).
        depth: Batches handed over and not yet written, at most.
    """

    def __init__(self, write: Callable[[list[bytes]], None], depth: int = 4) -> None:
        self._write = write
        self._depth = depth
        self._executor: ThreadPoolExecutor | None = None
        self._inflight: deque[Future[None]] = deque()

    def submit(self, batch: list[bytes], hashed: list[tuple[_Hasher, bytes]]) -> Flow[None]:
        """Hand ``batch`` over, first waiting for the oldest batch if ``depth`` are in flight.

        The ``hashed`` pieces are fed to their hashers before the batch is written.
        """
        inflight = self._inflight
        while inflight and (inflight[0].done() or len(inflight) >= self._depth):
            yield from blocking(inflight.popleft().result)
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="conveyor-write")
        inflight.append(self._executor.submit(self._work, batch, hashed))

    def settle(self) -> Flow[None]:
        """Wait until every batch handed over is hashed and written; raise what the work raised."""
        inflight = self._inflight
        while inflight:
            yield from blocking(inflight.popleft().result)

    def close(self) -> None:
        """Stop the worker after the batch in flight.

        Its error, if any, is dropped: the caller is failing already.
        """
        self._inflight.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def _work(self, batch: list[bytes], hashed: list[tuple[_Hasher, bytes]]) -> None:
        for hasher, data in hashed:
            hasher.update(data)
        self._write(batch)


def check_progress(progress: Any) -> None:
    """Refuse a ``progress`` argument that cannot work, before anything is sent.

    Raises:
        InvalidParameter: Not ``True``, ``False``, ``None`` or a callable, or
            ``True`` without tqdm installed.
    """
    from .errors import InvalidParameter

    if progress is True:
        import importlib.util

        if importlib.util.find_spec("tqdm") is None:
            raise InvalidParameter(
                "progress=True needs tqdm: pip install 'conveyor[progress]'",
                parameter="progress",
            )
    elif not (progress is None or progress is False or callable(progress)):
        raise InvalidParameter(
            "progress: True for a bar, or a callback progress(done, total), "
            f"not {type(progress).__name__}",
            parameter="progress",
            value=progress,
        )


class TransferProgress:
    """Reports transferred bytes to a callback, or to a tqdm bar for ``progress=True``.

    The bar comes from ``tqdm.auto``: a widget in a notebook, text in a
    terminal. Made through `blocking` (importing tqdm takes tens of
    milliseconds); its updates run inline, so a callback is called on the
    caller's thread.

    Args:
        progress: ``True`` for a bar, a callback, or ``None``/``False`` for nothing.
        total: Bytes to transfer, or -1 when not known yet.
        label: The bar's description (the file's name).

    Raises:
        InvalidParameter: A ``progress`` that `check_progress` refuses.
    """

    def __init__(self, progress: bool | ProgressCallback | None, total: int, label: str) -> None:
        check_progress(progress)
        self.done = 0
        self.total = total
        self._callback: ProgressCallback | None = None
        self._bar: Any = None
        if progress is True:
            from tqdm.auto import tqdm  # type: ignore[import-untyped]

            self._bar = tqdm(
                total=total if total >= 0 else None,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=label,
            )
        elif callable(progress):
            self._callback = progress

    @property
    def active(self) -> bool:
        """Whether anything listens (a callback or a bar)."""
        return self._callback is not None or self._bar is not None

    def advance(self, count: int) -> None:
        """``count`` more bytes were moved."""
        self.set(self.done + count)

    def set(self, done: int) -> None:
        """``done`` bytes have been moved in all (a resumed transfer starts further on)."""
        if self._bar is not None:
            self._bar.update(done - self.done)
        self.done = done
        if self._callback is not None:
            self._callback(done, self.total)

    def close(self) -> None:
        """End the bar, if there is one."""
        if self._bar is not None:
            self._bar.close()
