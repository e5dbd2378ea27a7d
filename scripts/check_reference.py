"""Fail when the built API reference shows a private name (``_Something``).

The reference is the public API's documentation: a private base class, module
or sentinel in it points users at names that may change without notice.

Usage: ``python scripts/check_reference.py SITE_DIR``
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

_SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_PRIVATE = re.compile(r"(?<![\w.])_[A-Za-z]\w*|\b[\w.]+\._[A-Za-z]\w*")


def private_names(site: Path) -> dict[str, set[str]]:
    """Page path -> the private names its visible text shows."""
    found: dict[str, set[str]] = {}
    for page in sorted((site / "reference").rglob("index.html")):
        text = html.unescape(_TAG.sub(" ", _SCRIPT.sub("", page.read_text(encoding="utf-8"))))
        names = set(_PRIVATE.findall(text))
        if names:
            found[str(page.relative_to(site))] = names
    return found


def main(argv: list[str]) -> int:
    """Print each page's private names; exit 1 when there are any."""
    found = private_names(Path(argv[1]))
    for page, names in found.items():
        print(f"{page}: private names in the API reference: {', '.join(sorted(names))}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
