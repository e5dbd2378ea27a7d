"""Names of artifacts: which are acceptable, and how ``X-Name`` carries one.

``X-Name`` holds base64 of the UTF-8 name (IVCAP clients) or the plain name (others).

The header does not say which one it carries, and many plain names are also
valid base64 (``file``, ``dict``, ``data``), so the choice is a judgement.
The rule, in order:

1. The header is read as base64 only when it is *canonical* base64 with
   padding: the alphabet ``A-Z a-z 0-9 + /``, a length that is a multiple of
   4, and re-encoding the decoded bytes gives exactly the header back.
   Anything else (``notes.txt``, ``my file``, ``abc``) is the plain name.
2. The decoded bytes must be valid UTF-8 and must not mix scripts inside
   one word (``paypal`` spelt with a Cyrillic ``a``); otherwise the header
   is the plain name.
3. The decoded text is taken only when it looks *more* like a file name than
   the header itself does: :func:`oddity` counts, per character, the marks
   of random text (control characters and punctuation other than
   `` ._-()``, case flips inside a word, letter/digit flips). Base64 of a
   real name scores high (``bm90ZXMudHh0`` is "notes.txt"), a plain word
   scores zero, and a tie keeps the plain reading, so a plain word is never
   reinterpreted. ``file`` stays ``file``: its decoding ``~)^`` is odder.
   One exception: a printable decoding that ends in a file extension (a dot
   and 1 to 5 letters or digits of one case, ``.txt``, ``.JPG``) is taken
   unless more than half of it is odd, since base64 never holds a dot and
   no plain word we tried decodes to such a name (``00A0A.txt`` scores
   higher than its encoding, and is still read right).

Whichever reading wins must then pass the usual name checks: a header that
reads best as base64 of ``../../x`` is refused (400), not stored under its
encoded spelling.

What it gets wrong: a name sent as base64 whose encoding is itself a tidy
word stays as that word. These are short names without an extension
(base64 of ``nhj`` is ``bmhq``): about 0.6% of random lowercase names of 1
to 12 letters, none with an extension, since the dot keeps a name out of
rule 1 altogether.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

from ._errors import bad_request

#: The longest name an artifact, a service or an order may have.
MAX_NAME_LENGTH = 255
_BASE64_RE = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_EXTENSION_RE = re.compile(r"[^.]\.(?:[a-z0-9]{1,5}|[A-Z0-9]{1,5})$")
#: Punctuation that is ordinary in file names, so it does not count as odd.
_NAME_PUNCTUATION = frozenset(" ._-()")
#: Scripts that share words in ordinary writing (Japanese mixes all three).
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK"}


def _script(char: str) -> str:
    """A coarse script name for a letter (the first word of its Unicode name)."""
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0] if name else "UNKNOWN"
    return _SCRIPT_GROUPS.get(first, first)


def mixes_scripts(text: str) -> bool:
    """Whether one word (a run of letters) holds letters of different scripts."""
    current: str | None = None
    for char in text:
        if not char.isalpha():
            current = None
            continue
        script = _script(char)
        if current is not None and script != current:
            return True
        current = script
    return False


def oddity(text: str) -> float:
    """How unlike a file name ``text`` is, per character (0 for a plain word).

    One point for each character that is neither alphanumeric nor ordinary
    name punctuation, for each lower-to-upper flip inside a word, for each
    upper-to-lower flip after two or more capitals (``YWJj``; a capitalised
    word ``Notes`` has none), and for each flip between a letter and a digit.
    """
    if not text:
        return 0.0
    points = 0
    upper_run = 0
    previous = ""
    for char in text:
        if not char.isalnum() and char not in _NAME_PUNCTUATION:
            points += 1
        if previous.isalpha() and char.isalpha():
            flips = previous.islower() and char.isupper()
            flips = flips or (previous.isupper() and char.islower() and upper_run >= 2)
            points += flips
        elif previous.isalnum() and char.isalnum() and previous.isalpha() != char.isalpha():
            points += 1
        upper_run = upper_run + 1 if char.isupper() else 0
        previous = char
    return points / len(text)


def decoded_name(raw: str) -> str | None:
    """The name ``raw`` carries as base64 by the rule above, or None to read it as plain text."""
    if len(raw) % 4 or not _BASE64_RE.fullmatch(raw):
        return None
    try:
        data = base64.b64decode(raw, validate=True)
        text = data.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if not text or base64.b64encode(data).decode("ascii") != raw or mixes_scripts(text):
        return None
    score = oddity(text)
    if score < oddity(raw):
        return text
    if _EXTENSION_RE.search(text) and text.isprintable() and score <= 0.5:
        return text
    return None


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an artifact's name (control characters, path-like), or None."""
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
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
