"""Following a JSON pointer (RFC 6901) or a local ``$ref`` inside a spec document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["follow"]


def follow(document: Any, pointer: str) -> tuple[bool, Any]:
    """``(True, node)`` for the node ``pointer`` names in ``document``, else ``(False, None)``.

    ``pointer`` is a JSON pointer (``/paths/~1x``) or a local reference
    (``#/components/schemas/X``); ``""``, ``"#"`` and ``"#/"`` name the whole
    document. ``~1`` and ``~0`` are unescaped; list items are named by index.
    """
    text = pointer[1:] if pointer.startswith("#") else pointer
    text = text[1:] if text.startswith("/") else text
    node: Any = document
    for part in text.split("/") if text else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node
