"""Where a client finds its platform: arguments, environment, then the profiles file.

Precedence, highest first:

1. ``Client(url=..., token=...)`` or ``Client(profile="name")``;
2. ``CONVEYOR_URL`` and ``CONVEYOR_TOKEN``; else ``IVCAP_URL`` and then
   ``IVCAP_BASE_URL`` (which IVCAP sets inside the containers it runs), each
   with ``IVCAP_JWT``, as IVCAP's own client reads them;
3. the profiles file, ``$XDG_CONFIG_HOME/conveyor/config.toml`` (by default
   ``~/.config/conveyor/config.toml``; ``CONVEYOR_CONFIG`` names another
   file), using the profile named by ``CONVEYOR_PROFILE`` or the file's
   ``default``.

A token always comes from the same place as the URL it is for (or from an
explicit ``token=`` argument), so a token configured for one platform is never
sent to another. With nothing configured, `ConfigurationError` explains the
three ways; the client never falls back to a local sandbox on its own.

The profiles file is plain TOML::

    default = "work"

    [profiles.work]
    url = "https://analytics.example.org"
    token = "..."

    [profiles.sandbox]
    url = "http://127.0.0.1:8088"
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigurationError

__all__ = ["Profile", "ProfileStore", "Settings", "config_path", "resolve_settings"]

_ENV_PAIRS = (
    ("CONVEYOR_URL", "CONVEYOR_TOKEN"),
    ("IVCAP_URL", "IVCAP_JWT"),
    # Inside a container IVCAP runs, the platform is named here (and the token in IVCAP_JWT).
    ("IVCAP_BASE_URL", "IVCAP_JWT"),
)
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The profiles file this process reads and writes.

    ``CONVEYOR_CONFIG`` when set, else ``$XDG_CONFIG_HOME/conveyor/config.toml``,
    else ``~/.config/conveyor/config.toml``.
    """
    env = os.environ if environ is None else environ
    explicit = env.get("CONVEYOR_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "conveyor" / "config.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """The resolved connection settings of a client.

    Attributes:
        url: The platform's base URL, without a trailing slash.
        token: The bearer token, or ``None``; never shown by ``repr()``.
        source: Where the URL came from, for messages (``"arguments"``,
            ``"environment (CONVEYOR_URL)"``, ``"profile 'work' in ..."``).
    """

    url: str
    token: str | None = field(default=None, repr=False)
    source: str = "arguments"


@dataclass(frozen=True, slots=True)
class Profile:
    """One named platform in the profiles file.

    Attributes:
        name: The profile's name.
        url: The platform's base URL.
        token: Its bearer token, or ``None``; never shown by ``repr()``.
    """

    name: str
    url: str
    token: str | None = field(default=None, repr=False)


class ProfileStore:
    """Reads and writes the profiles file (the kube-context-like list of platforms).

    The command line's ``conveyor profiles add|use|list|remove`` uses this
    class, so it and `Client` always agree on the file's format.

    Args:
        path: The file; by default `config_path()`.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else config_path()

    def __repr__(self) -> str:
        return f"ProfileStore({str(self.path)!r})"

    def _load(self) -> dict[str, Any]:
        import tomllib

        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise ConfigurationError(f"cannot read profiles file {self.path}: {exc}") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(
                f"profiles file {self.path} is not valid TOML: {exc}"
            ) from None
        profiles = data.get("profiles", {})
        if not isinstance(profiles, dict) or not all(
            isinstance(p, dict) for p in profiles.values()
        ):
            raise ConfigurationError(
                f"profiles file {self.path}: [profiles.<name>] tables expected"
            )
        return data

    @property
    def default(self) -> str | None:
        """The name of the default profile, if one is set."""
        value = self._load().get("default")
        return value if isinstance(value, str) else None

    def __iter__(self) -> Iterator[Profile]:
        for name, entry in self._load().get("profiles", {}).items():
            yield self._profile(name, entry)

    def get(self, name: str) -> Profile:
        """The profile called ``name``; `ConfigurationError` when there is none."""
        entry = self._load().get("profiles", {}).get(name)
        if entry is None:
            known = ", ".join(p.name for p in self) or "none"
            raise ConfigurationError(
                f"no profile named {name!r} in {self.path} (profiles: {known})"
            )
        return self._profile(name, entry)

    def _profile(self, name: str, entry: Mapping[str, Any]) -> Profile:
        url = entry.get("url")
        token = entry.get("token")
        if not isinstance(url, str) or not url:
            raise ConfigurationError(f"profile {name!r} in {self.path} has no url")
        if token is not None and not isinstance(token, str):
            raise ConfigurationError(f"profile {name!r} in {self.path}: token must be a string")
        return Profile(name=name, url=url, token=token or None)

    def add(
        self, name: str, url: str, token: str | None = None, *, make_default: bool = False
    ) -> Profile:
        """Add or replace a profile; the first profile added becomes the default."""
        if not _PROFILE_NAME.match(name):
            raise ConfigurationError(
                f"profile names use letters, digits, '.', '_' and '-' only: {name!r}"
            )
        data = self._load()
        profiles = data.setdefault("profiles", {})
        profiles[name] = {"url": url, **({"token": token} if token else {})}
        if make_default or not isinstance(data.get("default"), str):
            data["default"] = name
        self._save(data)
        return Profile(name=name, url=url, token=token)

    def remove(self, name: str) -> None:
        """Remove a profile (and unset it as the default)."""
        data = self._load()
        if name not in data.get("profiles", {}):
            raise ConfigurationError(f"no profile named {name!r} in {self.path}")
        del data["profiles"][name]
        if data.get("default") == name:
            del data["default"]
        self._save(data)

    def use(self, name: str) -> None:
        """Make ``name`` the default profile."""
        data = self._load()
        if name not in data.get("profiles", {}):
            raise ConfigurationError(f"no profile named {name!r} in {self.path}")
        data["default"] = name
        self._save(data)

    def _save(self, data: Mapping[str, Any]) -> None:
        lines: list[str] = []
        if isinstance(data.get("default"), str):
            lines.append(f"default = {_toml_string(data['default'])}")
        for name, entry in data.get("profiles", {}).items():
            lines.append("")
            lines.append(f"[profiles.{_toml_key(name)}]")
            for key in ("url", "token"):
                if isinstance(entry.get(key), str):
                    lines.append(f"{key} = {_toml_string(entry[key])}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        # The file holds tokens: create it readable by its owner only.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        os.replace(tmp, self.path)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_string(name)


def resolve_settings(
    url: str | None = None,
    token: str | None = None,
    profile: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Work out the platform URL and token from arguments, environment and profiles.

    Raises:
        ConfigurationError: Nothing names a platform, or the named profile is
            missing or broken.
    """
    env = os.environ if environ is None else environ
    if url:
        return Settings(_clean_url(url), token, "arguments")
    if profile:
        chosen = ProfileStore(config_path(env)).get(profile)
        return Settings(_clean_url(chosen.url), token or chosen.token, f"profile {profile!r}")
    for url_var, token_var in _ENV_PAIRS:
        env_url = env.get(url_var)
        if env_url:
            return Settings(
                _clean_url(env_url), token or env.get(token_var) or None, f"environment ({url_var})"
            )
    store = ProfileStore(config_path(env))
    name = env.get("CONVEYOR_PROFILE") or store.default
    if name:
        chosen = store.get(name)
        return Settings(
            _clean_url(chosen.url), token or chosen.token, f"profile {name!r} in {store.path}"
        )
    raise ConfigurationError(
        "no Conveyor platform configured. Configure one in any of three ways:\n"
        "  1. arguments: Client(url='https://...', token='...')\n"
        "  2. environment: CONVEYOR_URL and CONVEYOR_TOKEN (or IVCAP_URL or IVCAP_BASE_URL, "
        "with IVCAP_JWT)\n"
        f"  3. a profile in {store.path} (`conveyor profiles add NAME URL`)\n"
        "For a local sandbox platform use Client.local()."
    )


def _clean_url(url: str) -> str:
    url = url.strip()
    if "://" not in url:
        raise ConfigurationError("the platform URL needs a scheme: http:// or https://")
    return url.rstrip("/")
