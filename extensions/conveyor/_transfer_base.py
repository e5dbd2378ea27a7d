"""What uploads and downloads share: blocking steps as flows, resuming, content identity.

`blocking` is how a transfer flow runs disk and CPU work (opening, statting,
hashing, writing, the content store): as an `Offload` effect, so the async
driver runs it in a worker thread and its event loop keeps serving other
tasks, while the sync driver still calls it inline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from ._call import Flow, Offload

__all__ = ["MAX_RESUMES", "blocking", "resume_delay", "sha256_from_etag"]

T = TypeVar("T")

MAX_RESUMES = 10
"""Interruptions one transfer survives before giving up."""

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


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
