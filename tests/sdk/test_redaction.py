"""The token and URL credentials never leak: not in reprs, logs, errors or error bodies.

On the scripted platform of `mock` (an ``httpx.MockTransport``).
"""

from __future__ import annotations

import logging

import httpx
import pytest
from conveyor import Client, ConveyorError, MalformedResponse, TransportError, Unauthorized

from .mock import ART, BASE, SECRET, Recorder, artifact_record, json_response, make


def test_token_never_appears_in_reprs_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    echo = json_response(401, {"message": f"bad token {SECRET}"})
    request = httpx.Request("GET", BASE)
    recorder = Recorder(
        httpx.Response(503),
        json_response(200, artifact_record()),
        echo,
        httpx.ConnectError(f"refused {SECRET}", request=request),
    )
    client = make(recorder, retries=1)
    artifact = client.artifacts.get(ART)
    texts = [repr(client), str(client), repr(artifact), repr(client.artifacts), repr(client.http)]
    texts.append(repr(client._settings))
    with pytest.raises(Unauthorized) as unauthorized:
        client.artifacts.get(ART)
    with pytest.raises(TransportError) as transport:
        client.with_options(retries=0).artifacts.get(ART)
    for error in (unauthorized.value, transport.value):
        texts += [str(error), repr(error), repr(error.args), str(getattr(error, "body", ""))]
    texts += [record.getMessage() for record in caplog.records]
    texts += [str(record.args) for record in caplog.records]
    assert caplog.records  # debug logging did happen
    for text in texts:
        assert SECRET not in text, text


@pytest.mark.parametrize("token", ["k3y-7ch", "ab", "long-enough-token-1234"])
def test_every_configured_token_is_redacted_however_short(token: str) -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in token)  # JSON escapes hide it from a text search
    answers = [
        json_response(401, {"message": f"bad token {token}", "echo": [token]}),
        httpx.Response(403, content=('{"message": "no", "token": "' + escaped + '"}').encode()),
        httpx.Response(400, content=b"x" * 8190 + token.encode()),  # straddles the size cut
        httpx.ConnectError(f"refused {token}", request=httpx.Request("GET", BASE)),
        json_response(200, {"id": ART, "status": "ready", "size": token}),
    ]
    client = Client(BASE, token=token, transport=Recorder(*answers).transport, retries=0)
    errors: list[ConveyorError] = []
    for _ in range(4):
        with pytest.raises(ConveyorError) as caught:
            client.artifacts.get(ART)
        errors.append(caught.value)
    with pytest.raises(MalformedResponse) as malformed:
        client.artifacts.get(ART).size  # noqa: B018 - the field quotes the token back
    errors.append(malformed.value)
    for error in errors:
        texts = [str(error), repr(error), repr(error.args), repr(getattr(error, "body", ""))]
        texts.append(repr(error.__cause__))
        for text in texts:
            assert token not in text, text
    assert errors[0].body == {"message": "bad token [redacted]", "echo": ["[redacted]"]}
    assert errors[1].body == {"message": "no", "token": "[redacted]"}


def test_urls_in_errors_lose_credentials() -> None:
    from conveyor._call import redact_url

    assert redact_url("https://user:pw@h.example/a?x=1&token=abc&sig=ok") == (
        "https://h.example/a?x=1&token=[redacted]&sig=ok"
    )
    assert redact_url("https://h/a?X-Amz-Signature=abc&b=2") == (
        "https://h/a?X-Amz-Signature=[redacted]&b=2"
    )


def test_a_malformed_upload_offset_answer_names_the_url_without_credentials() -> None:
    from conveyor._upload import _offset_flow

    recorder = Recorder(httpx.Response(200))  # no Upload-Offset header
    client = Client(
        "https://user:pw@platform.test", token=SECRET, transport=recorder.transport, retries=0
    )
    with pytest.raises(MalformedResponse) as caught:
        client._run(_offset_flow(ART, "https://user:pw@content.test/up/1?token=abc", None))
    assert caught.value.url == "https://content.test/up/1?token=[redacted]"
    assert "pw" not in str(caught.value) and "user" not in str(caught.value)
