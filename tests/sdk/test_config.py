"""Where a client finds its platform: arguments, environment, profiles; never local by itself."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from conveyor import Client, ConfigurationError, ProfileStore, config_path
from conveyor._config import resolve_settings

CLEAN = {"HOME": "/nonexistent-home"}


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"CONVEYOR_CONFIG": str(tmp_path / "config.toml"), **extra}


def test_nothing_configured_names_the_three_ways(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(environ=env(tmp_path))
    message = str(caught.value)
    assert "url=" in message and "CONVEYOR_URL" in message and "profile" in message
    assert "Client.local()" in message


def test_client_without_configuration_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CONVEYOR_URL", "CONVEYOR_TOKEN", "IVCAP_URL", "IVCAP_JWT", "CONVEYOR_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONVEYOR_CONFIG", str(tmp_path / "none.toml"))
    with pytest.raises(ConfigurationError):
        Client()


def test_arguments_beat_environment_beat_profiles(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config.toml")
    store.add("work", "https://work.example/", "profile-token")
    both = env(tmp_path, CONVEYOR_URL="https://env.example", CONVEYOR_TOKEN="env-token")

    chosen = resolve_settings("https://arg.example/", "arg-token", environ=both)
    assert (chosen.url, chosen.token, chosen.source) == (
        "https://arg.example",
        "arg-token",
        "arguments",
    )

    chosen = resolve_settings(environ=both)
    assert (chosen.url, chosen.token) == ("https://env.example", "env-token")

    chosen = resolve_settings(environ=env(tmp_path))
    assert (chosen.url, chosen.token) == ("https://work.example", "profile-token")
    assert "work" in chosen.source

    chosen = resolve_settings(profile="work", environ=both)  # an explicit profile wins
    assert chosen.url == "https://work.example"


def test_a_token_is_never_borrowed_from_another_source(tmp_path: Path) -> None:
    chosen = resolve_settings(
        "https://arg.example", environ=env(tmp_path, CONVEYOR_TOKEN="env-token")
    )
    assert chosen.token is None


def test_ivcap_variables_are_accepted(tmp_path: Path) -> None:
    chosen = resolve_settings(
        environ=env(tmp_path, IVCAP_URL="https://ivcap.example", IVCAP_JWT="jwt")
    )
    assert (chosen.url, chosen.token) == ("https://ivcap.example", "jwt")


def test_profile_store_add_use_remove_and_default(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    store = ProfileStore(path)
    assert list(store) == [] and store.default is None
    store.add("a", "http://a.example", "tok-a")
    store.add("b", "http://b.example")
    assert store.default == "a"
    assert [p.name for p in store] == ["a", "b"]
    assert store.get("b").token is None
    store.use("b")
    assert resolve_settings(environ={"CONVEYOR_CONFIG": str(path)}).url == "http://b.example"
    assert (
        resolve_settings(environ={"CONVEYOR_CONFIG": str(path), "CONVEYOR_PROFILE": "a"}).token
        == "tok-a"
    )
    store.remove("b")
    assert store.default is None and [p.name for p in store] == ["a"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "tok-a" not in repr(store.get("a"))
    with pytest.raises(ConfigurationError, match="no profile named 'zz'"):
        store.get("zz")
    with pytest.raises(ConfigurationError):
        store.add("bad name!", "http://x")


def test_awkward_values_round_trip(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "c.toml")
    store.add("q", 'http://x.example/"quoted"\\path', 'tok"en\\')
    assert store.get("q").token == 'tok"en\\'


def test_broken_files_raise_configuration_errors(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("default = [unclosed")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        resolve_settings(environ={"CONVEYOR_CONFIG": str(path)})
    path.write_text('default = "x"\n[profiles.x]\ntoken = "t"\n')
    with pytest.raises(ConfigurationError, match="has no url"):
        resolve_settings(environ={"CONVEYOR_CONFIG": str(path)})
    with pytest.raises(ConfigurationError, match="scheme"):
        resolve_settings("platform.example", environ={})


def test_config_path_respects_xdg_and_override() -> None:
    assert config_path({"XDG_CONFIG_HOME": "/xdg"}) == Path("/xdg/conveyor/config.toml")
    assert config_path({"CONVEYOR_CONFIG": "/over/c.toml", "XDG_CONFIG_HOME": "/xdg"}) == Path(
        "/over/c.toml"
    )
    assert config_path({}).parts[-3:] == (".config", "conveyor", "config.toml")
