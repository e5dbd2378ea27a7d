"""A missing local file to upload: both a FileNotFoundError and an InvalidParameter, before
any request (the scripted platform answers nothing, so any request would fail the test)."""

from __future__ import annotations

import asyncio
import errno
from pathlib import Path

import pytest
from conveyor import AsyncClient, ConveyorError, InvalidParameter, LocalFileNotFound

from ..fakes import FakeClock
from .mock import BASE, SECRET, Recorder, make

COLLECTION = "urn:ivcap:collection:0b8f4d2a-6c1e-4f3a-9d7b-2e5c8a1f0d39"


def test_missing_file_is_a_file_not_found_error_and_a_conveyor_error(tmp_path: Path) -> None:
    recorder = Recorder()
    client = make(recorder)
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError) as caught:
        client.artifacts.upload(missing)
    error = caught.value
    assert isinstance(error, LocalFileNotFound)
    assert isinstance(error, InvalidParameter) and isinstance(error, ConveyorError)
    assert error.errno == errno.ENOENT and error.filename == str(missing)
    assert error.parameter == "source" and error.status is None
    assert str(error) == f"source: no such file: {str(missing)!r}"
    assert recorder.requests == []


def test_it_is_refused_before_the_collection_is_looked_up(tmp_path: Path) -> None:
    recorder = Recorder()
    with pytest.raises(LocalFileNotFound):
        make(recorder).artifacts.upload(str(tmp_path / "nope.bin"), collection=COLLECTION)
    assert recorder.requests == []


def test_a_directory_is_an_invalid_parameter_but_not_a_missing_file(tmp_path: Path) -> None:
    recorder = Recorder()
    with pytest.raises(InvalidParameter, match="a directory, not a file") as caught:
        make(recorder).artifacts.upload(tmp_path)
    assert not isinstance(caught.value, FileNotFoundError)
    assert recorder.requests == []


def test_except_oserror_catches_it_as_for_open(tmp_path: Path) -> None:
    try:
        make(Recorder()).artifacts.upload(tmp_path / "gone.txt")
    except OSError as exc:
        assert exc.strerror and exc.filename == str(tmp_path / "gone.txt")
    else:  # pragma: no cover - the upload must fail
        pytest.fail("no error")


def test_async_twin(tmp_path: Path) -> None:
    recorder = Recorder()

    async def main() -> None:
        async with AsyncClient(
            BASE, token=SECRET, transport=recorder.transport, clock=FakeClock()
        ) as client:
            await client.artifacts.upload(tmp_path / "missing.txt", collection=COLLECTION)

    with pytest.raises(LocalFileNotFound):
        asyncio.run(main())
    assert recorder.requests == []
