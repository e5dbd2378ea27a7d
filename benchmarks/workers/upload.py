"""Worker: upload one file to a live sandbox, report throughput and peak RSS.

Usage: ``python upload.py {conveyor,httpx,ivcap} --url URL --token T --file PATH``.

Each run is a fresh process, so ``ru_maxrss`` is the peak of this one upload
(plus interpreter and imports, reported separately as ``rss_before_mib``).
The first bytes of the file are overwritten with a random stamp before the
upload, so no client or server can skip work by recognising content it has
seen in an earlier repeat.
"""

from __future__ import annotations

import argparse
import base64
import inspect
import os
import resource
import time
from collections.abc import Callable, Iterator
from typing import Any

import _common as c
import httpx

PIECE = 1 << 20  # the baseline reads and sends the file 1 MiB at a time


def raw_upload(url: str, token: str, path: str, size: int) -> Callable[[], None]:
    """The baseline: tus creation, then one PATCH streaming the file with Content-Length."""
    client = httpx.Client(
        headers={"Authorization": f"Bearer {token}"},
        timeout=httpx.Timeout(600.0, connect=10.0),
    )

    def pieces() -> Iterator[bytes]:
        with open(path, "rb") as stream:
            while piece := stream.read(PIECE):
                yield piece

    def run() -> None:
        created = client.post(
            f"{url}/1/artifacts",
            headers={
                "Tus-Resumable": "1.0.0",
                "X-Content-Length": str(size),
                "Upload-Length": str(size),
                "X-Content-Type": "application/octet-stream",
                "X-Name": base64.b64encode(os.path.basename(path).encode()).decode(),
            },
        )
        created.raise_for_status()
        patched = client.patch(
            created.json()["data-href"],
            content=pieces(),
            headers={
                "Tus-Resumable": "1.0.0",
                "Upload-Offset": "0",
                "Content-Type": "application/offset+octet-stream",
                "Content-Length": str(size),
            },
        )
        patched.raise_for_status()
        if int(patched.headers["Upload-Offset"]) != size:
            raise RuntimeError(f"server holds {patched.headers['Upload-Offset']} of {size}")

    return run


def conveyor_upload(url: str, token: str, path: str, size: int) -> Callable[[], None]:
    """Conveyor's ``client.artifacts.upload`` with its defaults (chunk size included)."""
    try:
        from conveyor import Client
    except ImportError as exc:
        c.unavailable(f"conveyor.Client missing ({exc})")
    client = Client(url=url, token=token)
    upload = getattr(getattr(client, "artifacts", None), "upload", None)
    if upload is None:
        c.unavailable("conveyor Client.artifacts.upload missing")
    kwargs: dict[str, Any] = {"name": os.path.basename(path)}
    params = inspect.signature(upload).parameters
    if "content_type" in params:
        kwargs["content_type"] = "application/octet-stream"
    if "force" in params:
        kwargs["force"] = True  # measure the transfer, never a dedupe hit

    def run() -> None:
        artifact = upload(path, **kwargs)
        got = getattr(artifact, "size", size)
        if got is not None and got != size:
            raise RuntimeError(f"artifact size {got}, expected {size}")

    return run


def ivcap_upload(url: str, token: str, path: str, size: int) -> Callable[[], None]:
    """ivcap-client's ``IVCAP.upload_artifact`` with its defaults (tuspy, one chunk)."""
    try:
        from ivcap_client import IVCAP
    except ImportError as exc:
        c.unavailable(f"ivcap-client missing ({exc})")
    ivcap = IVCAP(url=url, token=token)

    def run() -> None:
        ivcap.upload_artifact(
            name=os.path.basename(path),
            file_path=path,
            content_type="application/octet-stream",
            force_upload=True,
        )

    return run


def _cpu_seconds() -> float:
    """User plus system CPU time of this process (all its threads) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Parse arguments, stamp the file, time the upload, print the JSON result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("impl", choices=["conveyor", "httpx", "ivcap"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--file", required=True)
    args = parser.parse_args()
    size = os.path.getsize(args.file)
    with open(args.file, "r+b") as stream:
        stream.write(os.urandom(16).hex().encode())
    makers = {"httpx": raw_upload, "conveyor": conveyor_upload, "ivcap": ivcap_upload}
    try:
        run = makers[args.impl](args.url, args.token, args.file, size)
    except (AttributeError, NotImplementedError) as exc:
        c.unavailable(f"{type(exc).__name__}: {exc}")
    try:
        rss_before = c.peak_rss_mib()
        cpu_before = _cpu_seconds()
        start = time.perf_counter()
        run()
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_before
    except NotImplementedError as exc:
        c.unavailable(f"NotImplementedError: {exc}")
    except Exception as exc:
        c.emit({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        return
    c.emit(
        {
            "ok": True,
            "seconds": seconds,
            "mib_per_s": size / (1 << 20) / seconds,
            "peak_rss_mib": c.peak_rss_mib(),
            "rss_before_mib": rss_before,
            # CPU time per GiB is far less sensitive to a busy machine than wall time.
            "cpu_s_per_gib": cpu / (size / (1 << 30)),
        }
    )


if __name__ == "__main__":
    main()
