"""Where the bearer token may go: the platform's own origin and the content hosts named.

An artifact's content lives at the absolute URL in its record's
``data-href``, which real deployments often put on another host (a storage
gateway, a CDN). The token must reach that host only when the user says it
belongs there, so it is attached per request by `TokenAuth`, never as a
default header that every request (to any URL) would carry.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Mapping

import httpx

from .errors import ConfigurationError

__all__ = ["CONTENT_HOSTS_VARIABLE", "TokenAuth", "origin", "trusted_origins"]

CONTENT_HOSTS_VARIABLE = "CONVEYOR_CONTENT_HOSTS"
"""Environment variable naming further origins trusted with the token (comma-separated)."""

_DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[bytes, bytes, int | None]


def origin(url: httpx.URL | str) -> Origin:
    """``(scheme, host, port)`` of ``url`` as httpx parsed it (``None``: the scheme's default).

    httpx normalises scheme and host to lower case and drops a default port,
    so the raw parts compare directly, without decoding them per request.
    """
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    port = parsed.port
    if port is not None and port == _DEFAULT_PORTS.get(parsed.scheme):
        port = None  # httpx keeps a default port written after an upper-case scheme
    return parsed.raw_scheme, parsed.raw_host, port


def _content_origin(value: object, where: str) -> Origin:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ConfigurationError(f"{where}: each content host is a non-empty string, not {value!r}")
    try:
        parsed = httpx.URL(text if "://" in text else f"https://{text}")
    except httpx.InvalidURL:
        raise ConfigurationError(f"{where}: {text!r} is not a host or origin") from None
    if parsed.scheme not in _DEFAULT_PORTS or not parsed.host:
        raise ConfigurationError(
            f"{where}: {text!r} is not an http(s) origin such as https://content.example.com"
        )
    if parsed.path not in ("", "/") or parsed.query or parsed.userinfo:
        raise ConfigurationError(
            f"{where}: {text!r} has a path, query or user part; name the origin only "
            "(scheme://host[:port]), since the token goes to a whole origin or nowhere"
        )
    return origin(parsed)


def trusted_origins(
    api_url: str,
    content_hosts: Iterable[str] | None,
    environ: Mapping[str, str] | None = None,
) -> frozenset[Origin]:
    """The origins that get the token: the API's own, plus each content host named.

    A content host is an origin (``https://content.example.com:8443``) or a
    bare host name (``content.example.com``, meaning https on port 443).
    ``content_hosts`` comes from ``Client(content_hosts=...)``; without it,
    the ``CONVEYOR_CONTENT_HOSTS`` environment variable is read.

    Raises:
        ConfigurationError: A content host is not an http(s) origin.
    """
    env = os.environ if environ is None else environ
    origins = {origin(api_url)}
    if content_hosts is None:
        named = [part for part in env.get(CONTENT_HOSTS_VARIABLE, "").split(",") if part.strip()]
        where = CONTENT_HOSTS_VARIABLE
    elif isinstance(content_hosts, str):
        raise ConfigurationError(
            "content_hosts: a list of origins, such as ['https://content.example.com'], "
            "not one string"
        )
    else:
        named, where = list(content_hosts), "content_hosts"
    origins.update(_content_origin(value, where) for value in named)
    return frozenset(origins)


class TokenAuth(httpx.Auth):
    """Adds ``Authorization: Bearer <token>`` to requests for trusted origins only.

    A request to any other origin (a ``data-href`` on a host nobody named,
    a page link elsewhere) goes without the token. httpx drops the header
    itself when a redirect leaves the origin.
    """

    def __init__(self, token: str, origins: frozenset[Origin]) -> None:
        self._header = f"Bearer {token}"
        self._origins = origins

    def __repr__(self) -> str:
        return f"<TokenAuth for {len(self._origins)} origin(s)>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Attach the token when ``request`` goes to a trusted origin."""
        if origin(request.url) in self._origins:
            request.headers["Authorization"] = self._header
        yield request
