"""Small shared helpers: timestamps, URNs, the one account, numbers SQLite can hold."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from ._errors import bad_request, invalid

#: The sandbox is single-tenant; every record belongs to this account.
ACCOUNT = "urn:ivcap:account:00000000-0000-4000-8000-000000000001"
#: ... and is asserted by this principal.
PRINCIPAL = "urn:ivcap:principal:00000000-0000-4000-8000-000000000002"
#: Policy recorded when a request names none.
DEFAULT_POLICY = "urn:ivcap:policy:ivcap.open.metadata"

# The contract's Urn pattern (components/schemas/Urn).
URN_RE = re.compile(r"^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[^\s]+$")
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_URN_LENGTH = 512
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def now() -> str:
    """The current instant in the storage format (UTC, microseconds, sortable as text)."""
    return to_store(datetime.now(UTC))


def to_store(moment: datetime) -> str:
    """Render an aware datetime in the storage format."""
    # Not strftime: glibc's %Y does not zero-pad years before 1000.
    m = moment.astimezone(UTC)
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond:06d}Z"
    )


def parse_time(text: str) -> str | None:
    """Parse an RFC 3339 date-time into the storage format, or None when it is not one.

    A value without an offset is read as UTC, since that is what a naive
    ``datetime.isoformat()`` from a client in this sandbox's world means.
    """
    if not text or len(text) > 64:
        return None
    candidate = text.strip()
    if candidate.endswith(("z", "Z")):
        candidate = candidate[:-1] + "+00:00"
    candidate = candidate.replace("t", "T", 1) if "T" not in candidate else candidate
    if "T" not in candidate and " " not in candidate:
        return None
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return to_store(moment)
    except (OverflowError, ValueError):
        return None


def new_id(kind: str) -> str:
    """A fresh URN ``urn:ivcap:<kind>:<uuid4>``."""
    return f"urn:ivcap:{kind}:{uuid.uuid4()}"


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds half a surrogate pair (only a ``\\ud800``-style escape makes one).

    Such text is no Unicode: it cannot be encoded as UTF-8, so no store can
    keep it and no answer can carry it.
    """
    return not text.isascii() and _SURROGATE_RE.search(text) is not None


def is_urn(text: str) -> bool:
    """Whether ``text`` matches the contract's Urn pattern (and a sane length)."""
    return len(text) <= MAX_URN_LENGTH and URN_RE.match(text) is not None


def check_path_id(raw: str, kind: str) -> tuple[str, bool]:
    """Validate an id taken from a path.

    Returns ``(id, ours)`` where ``ours`` tells whether it has the shape of
    one of this sandbox's ``kind`` ids (``urn:ivcap:<kind>:<uuid>``): a
    well-formed URN of another shape can only be unknown (404). Raises 400
    for text that is not a URN at all.
    """
    if not is_urn(raw):
        raise bad_request(f"malformed URN {raw[:100]!r}: expected urn:ivcap:{kind}:<uuid>")
    prefix = f"urn:ivcap:{kind}:"
    ours = raw.startswith(prefix) and _UUID_RE.match(raw[len(prefix) :]) is not None
    return raw, ours


def uuid_part(urn: str) -> str:
    """The uuid at the end of one of our URNs (safe as a file name: hex and dashes only)."""
    tail = urn.rsplit(":", 1)[-1]
    if not _UUID_RE.match(tail):
        raise ValueError(f"not one of the sandbox's ids: {urn!r}")
    return tail


def is_our_id(urn: str, kind: str) -> bool:
    """Whether ``urn`` is shaped like an id this sandbox issues for ``kind``."""
    prefix = f"urn:ivcap:{kind}:"
    return urn.startswith(prefix) and _UUID_RE.match(urn[len(prefix) :]) is not None


def require_urn(name: str, value: str) -> str:
    """422 unless ``value`` is a well-formed URN."""
    if not is_urn(value):
        raise invalid(name, value, f"{name} must be a URN such as urn:ivcap:<kind>:<id>")
    return value


def require_texts(name: str, value: object) -> list[str]:
    """422 unless ``value`` is a list of text (tags, commands)."""
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise invalid(name, value, f"{name} must be a list of text")
    return value


#: SQLite integers are 64-bit; larger numbers from requests must never reach it.
MAX_INT64 = 2**63 - 1


def sql_number(value: int | float) -> int | float:
    """``value`` in a form SQLite can bind (huge integers become floats)."""
    if isinstance(value, int) and not -MAX_INT64 <= value <= MAX_INT64:
        return float(value)
    return value
