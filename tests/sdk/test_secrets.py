"""Secrets on a scripted platform: names checked first, values never shown unless revealed."""

from __future__ import annotations

import datetime as dt
import json
import logging

import httpx
import pytest
from conveyor import AsyncClient, ConveyorError, InvalidParameter, MalformedResponse, NotFound
from conveyor._display import as_dict

from .mock import BASE, SECRET, Recorder, json_response, make

VALUE = "correct-horse-battery-staple-7f3a"


def secret_answer(name: str = "db-password", value: str = VALUE, expiry: int = 0) -> httpx.Response:
    return json_response(200, {"secret-name": name, "secret-value": value, "expiry-time": expiry})


def listing(*names: str, next_page: str | None = None) -> httpx.Response:
    links = [{"rel": "next", "href": f"/1/secrets/list?page={next_page}"}] if next_page else []
    items = [{"secret-name": name, "expiry-time": 0} for name in names]
    return json_response(200, {"items": items, "links": links})


def test_list_pages_through_names_without_values() -> None:
    recorder = Recorder(listing("a-key", "db-password", next_page="p2"), listing("z-key"))
    with make(recorder) as client:
        secrets = client.secrets.list(filter="^db-|key$")
        assert [s.name for s in secrets] == ["a-key", "db-password", "z-key"]
    first, second = recorder.requests
    assert first.url.path == "/1/secrets/list" and first.url.params["filter"] == "^db-|key$"
    assert dict(second.url.params) == {"page": "p2", "limit": "50"}


def test_get_holds_the_value_hidden_and_reveal_shows_it() -> None:
    recorder = Recorder(secret_answer(expiry=1798761600))
    with make(recorder) as client:
        secret = client.secrets.get("db-password")
        assert secret.id == secret.name == "db-password"
        assert secret.expires_at == dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
        assert secret.reveal() == VALUE
        assert len(recorder.requests) == 1  # the value came with the record
        assert recorder.requests[0].url.params["secret-name"] == "db-password"


def test_a_listed_secret_reads_its_value_on_reveal() -> None:
    recorder = Recorder(listing("db-password"), secret_answer())
    with make(recorder) as client:
        (secret,) = client.secrets.list()
        assert secret.reveal() == VALUE
        assert secret.reveal() == VALUE
    assert len(recorder.requests) == 2


def test_the_value_is_in_no_repr_description_json_error_or_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The proof: a value the client has seen never shows, unless revealed."""
    caplog.set_level(logging.DEBUG)
    escaped = "".join(f"\\u{ord(c):04x}" for c in VALUE)  # JSON escapes hide it from a text search
    recorder = Recorder(
        secret_answer(),
        json_response(422, {"message": f"no: {VALUE}", "name": "secret-value", "value": VALUE}),
        httpx.Response(500, content=('{"message": "echo ' + escaped + '"}').encode()),
        httpx.Response(400, content=b"x" * 8190 + VALUE.encode()),  # straddles the size cut
        httpx.ConnectError(f"refused {VALUE}", request=httpx.Request("GET", BASE)),
        json_response(200, {"secret-name": 7, "secret-value": VALUE}),
    )
    client = make(recorder, retries=0)
    secret = client.secrets.get("db-password")
    texts = [repr(secret), str(secret), secret.describe(), repr(secret.record)]
    texts += [json.dumps(as_dict(secret)), repr(client), repr(client.secrets)]
    errors: list[ConveyorError] = []
    for _ in range(4):
        with pytest.raises(ConveyorError) as caught:
            client.secrets.set("db-password", VALUE)
        errors.append(caught.value)
    with pytest.raises(MalformedResponse) as malformed:
        client.secrets.get("db-password").name  # noqa: B018 - the check quotes the answer
    errors.append(malformed.value)
    for error in errors:
        texts += [str(error), repr(error), repr(error.args), repr(getattr(error, "body", ""))]
        texts.append(repr(error.__cause__))
    texts += [record.getMessage() for record in caplog.records]
    texts += [str(record.args) for record in caplog.records]
    assert caplog.records  # debug logging did happen
    for text in texts:
        assert VALUE not in text, text
    assert errors[0].body["value"] == "[redacted]"  # type: ignore[attr-defined]
    assert secret.reveal() == VALUE  # asked for explicitly


def test_a_value_set_is_hidden_before_it_is_sent() -> None:
    fresh = "a-value-never-read-back-1234"
    recorder = Recorder(json_response(422, {"message": f"bad value {fresh}"}))
    with make(recorder) as client, pytest.raises(InvalidParameter) as caught:
        client.secrets.set("api-key", fresh)
    assert fresh not in str(caught.value) and "[redacted]" in str(caught.value)
    assert json.loads(recorder.requests[0].content)["secret-value"] == fresh


def test_set_sends_name_value_and_expiry() -> None:
    recorder = Recorder(httpx.Response(204))
    with make(recorder) as client:
        secret = client.secrets.set("api-key", VALUE)
        later = client.secrets.set("db-password", VALUE, expires=dt.timedelta(days=1))
        dated = client.secrets.set("x", VALUE, expires="2099-01-01T00:00:00Z", secret_type="raw")
    bodies = [json.loads(r.content) for r in recorder.requests]
    assert [r.method for r in recorder.requests] == ["POST"] * 3
    assert recorder.requests[0].url.path == "/1/secrets"
    assert bodies[0] == {"secret-name": "api-key", "secret-value": VALUE, "expiry-time": 0}
    assert abs(bodies[1]["expiry-time"] - (dt.datetime.now(dt.UTC).timestamp() + 86400)) < 60
    assert bodies[2]["expiry-time"] == 4070908800 and bodies[2]["secret-type"] == "raw"
    assert secret.reveal() == VALUE and secret.expires_at is None
    assert later.expires_at is not None and dated.name == "x"


@pytest.mark.parametrize(
    "name",
    ["", "a/b", "a\x00b", "x" * 257, None, 42],
    ids=["empty", "slash", "nul", "long", "none", "int"],
)
def test_bad_names_are_refused_before_any_request(name: object) -> None:
    recorder = Recorder()
    with make(recorder) as client:
        for call in (
            lambda: client.secrets.get(name),  # type: ignore[arg-type]
            lambda: client.secrets.set(name, VALUE),  # type: ignore[arg-type]
        ):
            with pytest.raises(InvalidParameter) as caught:
                call()
            assert caught.value.parameter == "name"
    assert recorder.requests == []


def test_a_name_of_256_characters_is_allowed() -> None:
    recorder = Recorder(httpx.Response(204))
    with make(recorder) as client:
        client.secrets.set("x" * 256, VALUE)
    assert len(recorder.requests) == 1


def test_bad_values_and_expiries_are_refused_without_quoting_the_value() -> None:
    recorder = Recorder()
    with make(recorder) as client:
        with pytest.raises(InvalidParameter, match="value: a secret's value is text") as caught:
            client.secrets.set("api-key", b"raw-bytes-value")  # type: ignore[arg-type]
        assert "raw-bytes-value" not in str(caught.value)
        with pytest.raises(InvalidParameter, match=r"expires: .* has passed"):
            client.secrets.set("api-key", VALUE, expires="2001-01-01")
        with pytest.raises(InvalidParameter, match="expires: a duration"):
            client.secrets.set("api-key", VALUE, expires=dt.timedelta(0))
        with pytest.raises(InvalidParameter, match="expires: a datetime"):
            client.secrets.set("api-key", VALUE, expires=1798761600)  # type: ignore[arg-type]
    assert recorder.requests == []


def test_an_unknown_secret_is_not_found() -> None:
    recorder = Recorder(json_response(404, {"message": "no secret named nope"}))
    with make(recorder) as client, pytest.raises(NotFound):
        client.secrets.get("nope")


def test_a_short_value_is_not_blanked_out_of_text() -> None:
    # Blanking "abc" wherever it occurs would garble messages and show it by its gaps.
    recorder = Recorder(secret_answer(value="abc"), json_response(404, {"message": "abc def"}))
    with make(recorder) as client:
        assert client.secrets.get("db-password").reveal() == "abc"
        with pytest.raises(NotFound, match="abc def"):
            client.secrets.get("other")


@pytest.mark.anyio
async def test_the_async_twins() -> None:
    recorder = Recorder(
        listing("db-password"), secret_answer(), httpx.Response(204), secret_answer("api-key")
    )
    async with AsyncClient(BASE, token=SECRET, transport=recorder.transport) as client:
        (listed,) = await client.secrets.list().to_list()
        assert VALUE not in repr(listed)
        assert await listed.reveal() == VALUE
        secret = await client.secrets.set("api-key", VALUE)
        assert await secret.reveal() == VALUE
        assert (await secret.refresh()) is secret
