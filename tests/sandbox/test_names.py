"""``X-Name``: base64 of the UTF-8 name or the plain name, told apart without misreading."""

from __future__ import annotations

import base64
import itertools
import string

import httpx
import pytest
from conveyor_sandbox._names import decoded_name, mixes_scripts, oddity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def b64(name: str) -> str:
    return base64.b64encode(name.encode("utf-8")).decode("ascii")


def upload_named(client: httpx.Client, header: str) -> httpx.Response:
    return client.post("/1/artifacts", content=b"x", headers={"X-Name": header})


@pytest.mark.parametrize("plain", ["file", "dict", "edit", "data", "Test", "NOTE", "abcd1234"])
def test_plain_names_that_are_valid_base64_stay_plain(client: httpx.Client, plain: str) -> None:
    # Each of these is canonical base64 ("file" decodes to "~)^", "dict" to b"v+-"
    # garbage), yet a plain word reads better than its decoding.
    base64.b64decode(plain, validate=True)
    r = upload_named(client, plain)
    assert r.status_code == 201, r.text
    assert r.json()["name"] == plain
    assert client.get(f"/1/artifacts/{r.json()['id']}").json()["name"] == plain


@pytest.mark.parametrize(
    "name",
    [
        "notes.txt",
        "résumé.txt",
        "报告.txt",
        "データのメモ",
        "a",
        "foobar",
        "00A0A.txt",
        "IMG_0001.JPG",
    ],
)
def test_base64_names_are_decoded(client: httpx.Client, name: str) -> None:
    r = upload_named(client, b64(name))
    assert r.status_code == 201, r.text
    assert r.json()["name"] == name


def test_non_canonical_base64_is_the_plain_name(client: httpx.Client) -> None:
    # "YR==" decodes to "a" but is not how "a" encodes ("YQ=="), so no client sent it as base64.
    assert base64.b64decode("YR==") == b"a"
    assert upload_named(client, "YR==").json()["name"] == "YR=="


def test_a_decoding_that_mixes_scripts_is_not_taken(client: httpx.Client) -> None:
    spoof = "p\u0430ypal"  # the second letter is Cyrillic
    assert mixes_scripts(spoof) and not mixes_scripts("報告書のメモ")
    header = b64(spoof)
    assert upload_named(client, header).json()["name"] == header


def test_base64_of_a_path_is_refused_not_stored_encoded(client: httpx.Client) -> None:
    r = upload_named(client, b64("../../etc/passwd"))
    assert r.status_code == 400 and "path" in r.json()["message"]


def test_every_four_letter_lowercase_word_is_read_as_plain() -> None:
    # The old rule misread about 4.9% of these (anything decoding to printable text).
    words = ("".join(w) for w in itertools.product(string.ascii_lowercase, repeat=4))
    misread = [w for w in words if decoded_name(w) is not None]
    assert misread == []


_WORD = st.text(string.ascii_lowercase, min_size=1, max_size=16)


@settings(max_examples=300, deadline=None)
@given(word=_WORD, style=st.sampled_from([str.lower, str.upper, str.capitalize]))
def test_plain_words_round_trip(word: str, style: object) -> None:
    plain = style(word)  # type: ignore[operator]
    assert decoded_name(plain) is None


@settings(max_examples=300, deadline=None)
@given(
    # Names people give files: words, separators, a number.
    stem=st.from_regex(
        r"[A-Za-z]?[a-z]{0,10}([ _-][A-Za-z]?[a-z]{1,8}){0,2}[0-9]{0,4}", fullmatch=True
    ).filter(bool),
    ext=st.sampled_from(["txt", "json", "csv", "tar.gz", "png"]),
)
def test_encoded_names_with_an_extension_decode(stem: str, ext: str) -> None:
    name = f"{stem}.{ext}"
    assert decoded_name(b64(name)) == name
    # The plain spelling has a dot, so it is never taken for base64.
    assert decoded_name(name) is None


def test_oddity_scores_random_text_above_words() -> None:
    assert oddity("notes") == 0 and oddity("Notes") == 0 and oddity("NOTES") == 0
    assert oddity("bm90ZXMudHh0") > oddity("notes.txt")
    assert oddity("~)^") > oddity("file")


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    word=st.text(string.ascii_lowercase, min_size=4, max_size=12).filter(lambda w: len(w) % 4 == 0)
)
def test_plain_words_round_trip_over_http(client: httpx.Client, word: str) -> None:
    assert upload_named(client, word).json()["name"] == word
