"""Reading a spec's JSON: following a pointer or a local ``$ref``, naming a value's type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["follow", "json_type"]


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


def json_type(value: object) -> str:
    """The JSON Schema type of a decoded JSON value (``integer`` for a whole number)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
