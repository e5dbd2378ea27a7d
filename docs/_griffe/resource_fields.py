"""A griffe extension: resource fields show in the API reference as documented attributes.

Resources declare their fields as ``name = Text("The artifact's name.")``
(`conveyor._fields`). Read statically, such an attribute has no docstring and
no type, so the reference would leave it out. This extension gives it both:
the docstring from the field's first argument, the type from the field kind.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe

# The value type each field kind gives (see conveyor._fields).
_KIND_TYPES = {
    "Text": "str | None",
    "Integer": "int | None",
    "Texts": "list[str]",
    "Time": "datetime.datetime | None",
    "Flag": "bool",
    "Json": "dict[str, Any] | None",
}


class ResourceFields(griffe.Extension):
    """Document ``x = Text("...")``-style resource fields as typed, read-only attributes."""

    def on_attribute_instance(
        self, *, node: ast.AST | griffe.ObjectNode, attr: griffe.Attribute, **kwargs: Any
    ) -> None:
        """Take the docstring and type of a field declaration from its call."""
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
            return
        call = node.value
        annotation = _field_type(call.func)
        if annotation is None or not call.args:
            return
        doc = call.args[0]
        if not (isinstance(doc, ast.Constant) and isinstance(doc.value, str)):
            return
        attr.docstring = griffe.Docstring(doc.value, parent=attr)
        attr.annotation = annotation
        attr.labels = {"property"}
        attr.value = None


def _field_type(func: ast.expr) -> str | None:
    """``str | None`` for ``Text``, ``X`` for ``Field[X]``, ``None`` for other calls."""
    if isinstance(func, ast.Name):
        return _KIND_TYPES.get(func.id)
    if (
        isinstance(func, ast.Subscript)
        and isinstance(func.value, ast.Name)
        and func.value.id == "Field"
    ):
        return ast.unparse(func.slice)
    return None
