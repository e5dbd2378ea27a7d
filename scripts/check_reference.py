"""Fail when the built API reference shows what users should never have to read.

The reference is the public API's documentation. It must not show:

- a private name (``_Something``, ``conveyor._client.Client``): a private
  base class, module or sentinel points users at names that may change
  without notice; permalinks under private modules too;
- a bare type variable in a signature (``get(id) -> E``, ``list() -> P``):
  a class's page shows its own concrete types; a generic class's own
  parameter is allowed where its page says what it stands for ("Generic in
  ``T``");
- a reST ``::`` left at the end of a paragraph (Markdown prints it).

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
_PRIVATE_ANCHOR = re.compile(r'\bid="([\w.]*\._\w[\w.]*)"')
_SIGNATURE = re.compile(r'<div class="doc-signature[^"]*">(.*?)</div>', re.DOTALL)
#: A one-letter capital name used as a type: how this code base names its type variables.
_TYPE_VARIABLE = re.compile(r"(?<![\w.'\"])([A-Z])(?![\w.'\"(])")
_DECLARED = re.compile(r"Generic in ((?:<code>[A-Z]</code>(?:, )?)+)")
_DOUBLE_COLON = re.compile(r"\S::</p>")


def _pages(site: Path) -> list[Path]:
    return sorted((site / "reference").rglob("index.html"))


def _text(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup))


def private_names(site: Path) -> dict[str, set[str]]:
    """Page path -> the private names its visible text or its permalinks show."""
    found: dict[str, set[str]] = {}
    for page in _pages(site):
        markup = page.read_text(encoding="utf-8")
        names = set(_PRIVATE.findall(_text(_SCRIPT.sub("", markup))))
        names |= {f"#{anchor}" for anchor in _PRIVATE_ANCHOR.findall(markup)}
        if names:
            found[str(page.relative_to(site))] = names
    return found


def bare_type_variables(site: Path) -> dict[str, set[str]]:
    """Page path -> signatures showing a type variable the page never says the meaning of."""
    found: dict[str, set[str]] = {}
    for page in _pages(site):
        markup = page.read_text(encoding="utf-8")
        declared = {
            name for group in _DECLARED.findall(markup) for name in re.findall(r"[A-Z]", group)
        }
        bad: set[str] = set()
        for block in _SIGNATURE.findall(markup):
            signature = " ".join(_text(block).split())
            if any(v not in declared for v in _TYPE_VARIABLE.findall(signature)):
                bad.add(signature)
        if bad:
            found[str(page.relative_to(site))] = bad
    return found


def rest_leftovers(site: Path) -> dict[str, int]:
    """Page path -> how many paragraphs end in reST's ``::``."""
    found: dict[str, int] = {}
    for page in _pages(site):
        count = len(_DOUBLE_COLON.findall(page.read_text(encoding="utf-8")))
        if count:
            found[str(page.relative_to(site))] = count
    return found


def main(argv: list[str]) -> int:
    """Print each page's problems; exit 1 when there are any."""
    site = Path(argv[1])
    problems = 0
    for page, names in private_names(site).items():
        print(f"{page}: private names in the API reference: {', '.join(sorted(names))}")
        problems += 1
    for page, signatures in bare_type_variables(site).items():
        for signature in sorted(signatures):
            print(f"{page}: a bare type variable in: {signature}")
        problems += 1
    for page, count in rest_leftovers(site).items():
        print(f"{page}: {count} paragraph(s) ending in reST '::'")
        problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
