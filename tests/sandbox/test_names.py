"""``X-Name``: every name round-trips through Conveyor's SDK, IVCAP's client and curl.

IVCAP's client is tested in ``test_ivcap_compat.py`` (its own venv); here the
SDK, requests shaped as IVCAP's client sends them, and raw httpx as curl sends
a name (the plain name, UTF-8 bytes beyond ASCII), with and without
``X-Name-Encoding``.
"""

from __future__ import annotations

import base64
import itertools
import string

import httpx
import pytest
from conveyor import Client
from conveyor_sandbox import SandboxServer
from conveyor_sandbox._names import base64_name, header_name
from hypothesis import given, settings
from hypothesis import strategies as st

#: Short letter-digit names whose base64 an old guess kept encoded, base64 spellings
#: that are names too, words that are valid base64, and names beyond ASCII.
NAMES = [
    "v2",
    "a0",
    "Q3",
    "x1y2",
    "v22",
    "nhj",
    "djI=",
    "YWJj",
    "file",
    "data",
    "notes.txt",
    "my notes.txt",
    "inner  double  spaces",
    "résumé.txt",
    "报告.txt",
    "データのメモ",
    "p\u0430ypal",  # a Cyrillic letter inside a Latin word: kept as sent
    "emoji 🐈.png",
]


def b64(name: str) -> str:
    return base64.b64encode(name.encode("utf-8")).decode("ascii")


def created_name(client: httpx.Client, headers: dict[str, str | bytes], tus: bool) -> str:
    """The name the sandbox stored for an artifact created with ``headers``."""
    if tus:
        headers = {**headers, "Tus-Resumable": "1.0.0", "X-Content-Length": "1"}
        r = client.post("/1/artifacts", headers=headers)
    else:
        r = client.post("/1/artifacts", content=b"x", headers=headers)
    assert r.status_code == 201, r.text
    stored = client.get(f"/1/artifacts/{r.json()['id']}").json()["name"]
    assert stored == r.json()["name"]
    return str(stored)


@pytest.fixture(scope="module")
def sdk(server: SandboxServer) -> Client:
    with Client(server.url, token=server.token) as c:
        yield c


@pytest.mark.parametrize("name", NAMES)
def test_the_sdk_round_trips_every_name(sdk: Client, name: str) -> None:
    made = sdk.artifacts.upload(name.encode() + b" content", name=name, force=True)
    assert made.name == name
    assert sdk.artifacts.get(made.id).name == name


@pytest.mark.parametrize("name", NAMES)
def test_ivcap_shaped_requests_round_trip_every_name(client: httpx.Client, name: str) -> None:
    # As IVCAP's client sends it: a tus creation, base64, no marker.
    assert created_name(client, {"X-Name": b64(name)}, tus=True) == name


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("tus", [False, True])
def test_marked_names_are_exact_either_way(client: httpx.Client, name: str, tus: bool) -> None:
    marked = {"X-Name": b64(name), "X-Name-Encoding": "base64"}
    assert created_name(client, marked, tus) == name
    plain: dict[str, str | bytes] = {"X-Name": name.encode(), "X-Name-Encoding": "Plain"}
    assert created_name(client, plain, tus) == name


@pytest.mark.parametrize("name", NAMES)
def test_curl_one_liners_round_trip_every_name(client: httpx.Client, name: str) -> None:
    # curl -H "X-Name: $name" --data-binary @file: the UTF-8 bytes, no marker.
    assert created_name(client, {"X-Name": name.encode()}, tus=False) == name


def test_a_latin_1_header_that_is_not_utf_8_is_read_as_latin_1(client: httpx.Client) -> None:
    assert created_name(client, {"X-Name": "café".encode("latin-1")}, tus=False) == "café"


def test_what_stays_ambiguous_without_the_marker(client: httpx.Client) -> None:
    # A hand-written tus creation whose plain name is also base64 of text is decoded...
    assert created_name(client, {"X-Name": "djI="}, tus=True) == "v2"
    # ...and so is every canonical base64 of text, about 1 in 20 four-letter lowercase words.
    words = ["".join(w) for w in itertools.product(string.ascii_lowercase, repeat=4)]
    decoded = sum(base64_name(w) is not None for w in words)
    assert 0.04 < decoded / len(words) < 0.06
    # Not canonical (YR== is not how "a" encodes), not UTF-8, or with control characters: plain.
    assert created_name(client, {"X-Name": "YR=="}, tus=True) == "YR=="
    assert created_name(client, {"X-Name": "data"}, tus=True) == "data"
    assert base64.b64decode("data") == b"u\xabZ"


def test_a_bad_marker_or_value_is_400_naming_the_header(client: httpx.Client) -> None:
    for headers in (
        {"X-Name": "x.txt", "X-Name-Encoding": "rot13"},
        {"X-Name": "not base64!", "X-Name-Encoding": "base64"},
        {"X-Name": b64("tab\there"), "X-Name-Encoding": "base64"},
    ):
        r = client.post("/1/artifacts", content=b"x", headers=headers)
        assert r.status_code == 400, (headers, r.text)
        assert "X-Name" in r.json()["message"]


def test_base64_of_a_path_is_refused_not_stored_encoded(client: httpx.Client) -> None:
    for headers in ({"X-Name": b64("../../etc/passwd")}, {"X-Name-Encoding": "base64"}):
        r = client.post(
            "/1/artifacts",
            headers={"X-Name": b64("../../etc/passwd"), "Tus-Resumable": "1.0.0", **headers},
        )
        assert r.status_code == 400 and "path" in r.json()["message"]


_NAME = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs"), blacklist_characters="/\\~"),
    min_size=1,
    max_size=40,
).filter(lambda n: n not in (".", "..") and len(n.encode()) <= 255)


@settings(max_examples=300, deadline=None)
@given(name=_NAME)
def test_any_name_reads_back_by_each_path(name: str) -> None:
    raw_plain = name.encode().decode("latin-1")  # what a server sees for curl's UTF-8 bytes
    assert header_name(b64(name), "base64", tus=False) == name
    assert header_name(b64(name), None, tus=True) == name
    assert header_name(raw_plain, None, tus=False) == name
    assert header_name(raw_plain, "plain", tus=True) == name


def test_an_unknown_name_encoding_is_refused_even_without_a_name(client: httpx.Client) -> None:
    for headers in ({"X-Name-Encoding": "AAA"}, {"X-Name-Encoding": "AAA", "X-Name": "v2"}):
        answer = client.post(
            "/1/artifacts",
            content=b"data",
            headers={"Content-Type": "application/octet-stream", **headers},
        )
        assert answer.status_code == 400, answer.text
        assert "X-Name-Encoding" in answer.json()["message"]
