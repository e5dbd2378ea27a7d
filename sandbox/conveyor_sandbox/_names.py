"""Names of artifacts: which are acceptable, and how ``X-Name`` carries one.

IVCAP defines ``X-Name`` as base64 of the name's UTF-8 bytes; people with
curl write the name itself. The value alone cannot tell the two apart
(``djI=`` is a plain name and the encoding of ``v2``), so the sandbox reads
it by this rule, stated in the contract's description of the header:

1. ``X-Name-Encoding: base64``: the value is base64 of UTF-8, exactly
   (anything else is a 400). Conveyor's SDK always sends this, beside the
   base64 IVCAP platforms expect, so every name round-trips through it.
2. ``X-Name-Encoding: plain``: the value is the name as written. Bytes
   beyond ASCII are read as UTF-8 (what curl sends for ``-H 'X-Name:
   résumé.txt'``), else as Latin-1.
3. No ``X-Name-Encoding`` on a tus creation (``Tus-Resumable`` present, as
   IVCAP's clients send it): base64, as IVCAP defines the header, whenever
   the value is canonical base64 (padded, re-encodes to itself) of UTF-8
   text without control characters; otherwise plain as in 2.
4. No ``X-Name-Encoding`` on a direct upload (the body is the content, as a
   curl one-liner sends it): plain as in 2.

What stays ambiguous, and only without the marker: a hand-written tus
creation whose plain name is also canonical base64 of text is decoded
(``djI=`` becomes ``v2``; about 1 in 20 four-letter lowercase words, see
the tests), and a program that sends base64 in a direct upload without the
marker keeps its encoded spelling. Either sends ``X-Name-Encoding`` to be
exact.

Whichever reading applies, the name then passes the usual checks: a header
that is base64 of ``../../x`` is refused (400), not stored under its
encoded spelling.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

from ._errors import bad_request

#: The longest name an artifact, a service or an order may have.
MAX_NAME_LENGTH = 255
#: The values ``X-Name-Encoding`` may take (case does not matter).
NAME_ENCODINGS = ("base64", "plain")
_BASE64_RE = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _has_controls(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


def plain_name(raw: str) -> str:
    """The name a plain ``X-Name`` carries: its bytes as UTF-8 when they are, else Latin-1.

    Servers hand header values over as Latin-1 text, so the UTF-8 bytes curl
    sends for ``résumé.txt`` arrive as ``rÃ©sumÃ©.txt``; reading them back
    as UTF-8 gives the name typed.
    """
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def base64_name(raw: str) -> str | None:
    """The text ``raw`` encodes when it is canonical base64 of UTF-8 without control characters."""
    if not raw or len(raw) % 4 or not _BASE64_RE.fullmatch(raw):
        return None
    try:
        data = base64.b64decode(raw, validate=True)
        text = data.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if not text or base64.b64encode(data).decode("ascii") != raw or _has_controls(text):
        return None
    return text


def name_encoding(encoding: str | None) -> str | None:
    """The ``X-Name-Encoding`` asked for, lower-cased (400 for a value outside `NAME_ENCODINGS`).

    Checked whether or not an ``X-Name`` came with it: a request the contract
    refuses is refused whole.
    """
    if encoding is None:
        return None
    marker = encoding.strip().lower()
    if marker not in NAME_ENCODINGS:
        raise bad_request(
            f"X-Name-Encoding must be one of {', '.join(NAME_ENCODINGS)}, not {encoding[:40]!r}"
        )
    return marker


def header_name(raw: str, encoding: str | None, tus: bool) -> str:
    """The name an ``X-Name`` value carries, by the rule above (400 for a bad encoding or value).

    ``encoding`` is the ``X-Name-Encoding`` header (None when absent) and
    ``tus`` whether the request is a tus creation (``Tus-Resumable`` sent).
    """
    marker = name_encoding(encoding)
    if marker == "base64":
        decoded = base64_name(raw.strip())
        if decoded is None:
            raise bad_request("X-Name is not base64 of UTF-8 text, as X-Name-Encoding says")
        return check_name(decoded, "X-Name")
    if marker is None and tus:
        decoded = base64_name(raw)
        if decoded is not None:
            return check_name(decoded, "X-Name")
    return check_name(plain_name(raw), "X-Name")


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an artifact's name (control characters, path-like), or None."""
    if _has_controls(name):
        return "must not contain control characters"
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith("~"):
        return f"{name!r} looks like a path; give a plain file name"
    return None


def check_name(name: str, what: str = "name") -> str:
    """Refuse names that could act as paths or hide control characters (400)."""
    if not name or len(name) > MAX_NAME_LENGTH:
        raise bad_request(f"{what} must be 1 to {MAX_NAME_LENGTH} characters")
    problem = name_problem(name)
    if problem is not None:
        raise bad_request(f"{what} {problem}")
    return name
