"""Inside an IVCAP container: ``IVCAP_BASE_URL`` with ``IVCAP_JWT`` configures ``Client()``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conveyor import Client, ConfigurationError
from conveyor._config import resolve_settings

from .mock import Recorder, json_response

_NAMES = (
    "CONVEYOR_URL",
    "CONVEYOR_TOKEN",
    "CONVEYOR_PROFILE",
    "IVCAP_URL",
    "IVCAP_BASE_URL",
    "IVCAP_JWT",
)


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"CONVEYOR_CONFIG": str(tmp_path / "none.toml"), **extra}


def test_ivcap_base_url_is_honoured_with_ivcap_jwt(tmp_path: Path) -> None:
    chosen = resolve_settings(
        environ=env(tmp_path, IVCAP_BASE_URL="http://ivcap.local/", IVCAP_JWT="container-jwt")
    )
    assert (chosen.url, chosen.token) == ("http://ivcap.local", "container-jwt")
    assert chosen.source == "environment (IVCAP_BASE_URL)"


def test_the_more_specific_variables_win(tmp_path: Path) -> None:
    base = {"IVCAP_BASE_URL": "http://ivcap.local", "IVCAP_JWT": "jwt"}
    named = resolve_settings(environ=env(tmp_path, IVCAP_URL="https://ivcap.example", **base))
    assert named.url == "https://ivcap.example"
    ours = resolve_settings(
        environ=env(tmp_path, CONVEYOR_URL="https://mine.example", CONVEYOR_TOKEN="t", **base)
    )
    assert (ours.url, ours.token) == ("https://mine.example", "t")


def test_the_help_without_configuration_names_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="IVCAP_BASE_URL"):
        resolve_settings(environ=env(tmp_path))


def test_client_sends_the_container_token_to_the_container_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in _NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONVEYOR_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("IVCAP_BASE_URL", "http://ivcap.local")
    monkeypatch.setenv("IVCAP_JWT", "container-jwt-5f2a")
    recorder = Recorder(json_response(200, {"items": [], "links": []}))
    with Client(transport=recorder.transport) as client:
        assert client.url == "http://ivcap.local"
        assert list(client.services.list()) == []
    (request,) = recorder.requests
    assert str(request.url).startswith("http://ivcap.local/1/services")
    assert request.headers["authorization"] == "Bearer container-jwt-5f2a"
