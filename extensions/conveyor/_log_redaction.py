"""Credentials kept out of log records: Conveyor's own and those of the HTTP libraries.

At DEBUG level httpx, httpcore and httpx-retries log request URLs and
echoed headers; a URL may carry ``user:password@`` or a ``?token=``, a
header the bearer token. `install` puts one `logging.Filter` on each of
their loggers (a filter on a parent logger does not see its children's
records, so each is named); it rewrites a record's message only when it
holds something to blank. A logger that is not enabled never calls its
filters, so this costs nothing while logging is off.
"""

from __future__ import annotations

import logging
import re
import weakref
from typing import Any

from ._call import redact_secret

__all__ = ["LOGGERS", "install", "redact_text"]

LOGGERS = (
    "conveyor",
    "conveyor.retry",
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "httpx_retries.transport",
    "httpx_retries.retry",
)
"""The loggers whose records are redacted."""

_USERINFO = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#\s'\"]*@")
_SECRET_QUERY = re.compile(
    r"([?&][^=&#\s]*(?:token|jwt|key|secret|signature|password|passwd|auth|credential)"
    r"[^=&#\s]*=)[^&#\s'\"]*",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)

# The clients alive now: each one's token and the secret values it has seen.
_clients: weakref.WeakSet[Any] = weakref.WeakSet()


def redact_text(text: str) -> str:
    """``text`` without URL credentials, secret-looking query values, bearer tokens or the
    secret values of any live client."""
    text = _USERINFO.sub(r"\1", text)
    text = _SECRET_QUERY.sub(r"\1[redacted]", text)
    text = _BEARER.sub(r"\1[redacted]", text)
    for client in list(_clients):
        text = redact_secret(text, client._hidden)
    return text


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is the logging module's to report
            return True
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_FILTER = _RedactingFilter()


def install(client: Any) -> None:
    """Redact ``client``'s secrets (its ``_hidden`` list) from every record of `LOGGERS`."""
    _clients.add(client)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
