"""A griffe extension: the reference shows each class's own types, not its bases' type variables.

The resources share their methods through generic bases (``SyncResources[E]``
gives ``get(id) -> E``; ``Entity[M]`` gives ``record: M``). Read statically,
every collection's ``get`` would show ``-> E``. This extension gives each
public class its own copy of such an inherited member, with the type
variables replaced by what the class binds them to (``Services.get(id) ->
Service``), found from the classes themselves at import time. Docstrings of
shared members say "this collection's entity" where the kind belongs; the
copies name it. And a reST ``example::`` (which ``help()`` reads well) loses
its second colon, which Markdown would print.

It also drops the constructors users never call (a resource object or
collection is made by its client, a page or paginator by ``list()``), so the
reference does not show ``Service(client, model)`` as a way to make one.
"""

from __future__ import annotations

import importlib
import re
import types
import typing
from typing import Any

import griffe

#: Classes made for the user, never by them, beyond those whose constructor takes a client.
_MADE_FOR_YOU = frozenset({"Page", "Paginator", "AsyncPaginator"})
#: Shared docstrings' placeholder for the kind a collection holds (see conveyor._resources).
_ENTITY_PHRASES = (
    ("this collection's entities", "`{}` objects"),
    ("This collection's entity", "The `{}`"),
    ("this collection's entity", "the `{}`"),
)


class ConcreteTypes(griffe.Extension):
    """Replace inherited type variables by each class's own types; hide internal constructors."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite every class of the ``conveyor`` package once it is loaded."""
        if pkg.name != "conveyor":
            return
        _single_colons(pkg)
        for cls in _classes(pkg):
            runtime = _runtime(cls)
            if runtime is None:
                continue
            if _made_for_you(cls, runtime):
                _drop_constructor(cls)
            bound = _bound_typevars(runtime)
            if bound:
                _concretise(cls, bound)
            _declare_parameters(cls, runtime)


#: A paragraph ending in reST's ``::`` before its example; Markdown needs one colon.
_DOUBLE_COLON = re.compile(r"(?<=\S)::(?=\n\s*\n)")
#: The same alone on its line (reST's "here is an example" marker): dropped.
_LONE_DOUBLE_COLON = re.compile(r"^[ \t]*::[ \t]*\n(?=[ \t]*\n)", re.MULTILINE)


def _single_colons(obj: griffe.Object) -> None:
    """``see this::`` becomes ``see this:`` in every docstring (the block stays code)."""
    if obj.docstring is not None:
        value = _LONE_DOUBLE_COLON.sub("", obj.docstring.value)
        obj.docstring.value = _DOUBLE_COLON.sub(":", value)
    for member in obj.members.values():
        if not member.is_alias:
            _single_colons(member)  # type: ignore[arg-type]


#: How a class generic in its items says what its own type variable stands for.
GENERIC_NOTE = "Generic in `{}`, the type of its items (a `Service` for `client.services.list()`)."


def _declare_parameters(cls: griffe.Class, runtime: type[Any]) -> None:
    """Say what a generic class's own type variables are (``Paginator[T]``'s ``T``).

    Bases are not shown, so without this ``first() -> T`` would name a ``T``
    the page never introduces.
    """
    # A subclass of collections.abc.Sequence[T] is generic to type checkers only.
    own = getattr(runtime, "__parameters__", ()) or tuple(
        dict.fromkeys(
            a
            for base in getattr(runtime, "__orig_bases__", ())
            for a in typing.get_args(base)
            if isinstance(a, typing.TypeVar)
        )
    )
    names = [p.__name__ for p in own]
    if not names or cls.docstring is None:
        return
    summary, _, rest = cls.docstring.value.partition("\n")
    note = GENERIC_NOTE.format("`, `".join(names))
    cls.docstring.value = f"{summary}\n\n{note}\n{rest}"


def _classes(module: griffe.Module) -> list[griffe.Class]:
    found: list[griffe.Class] = []
    for member in module.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Module):
            found += _classes(member)
        elif isinstance(member, griffe.Class) and not member.name.startswith("_"):
            found.append(member)
    return found


def _runtime(cls: griffe.Class) -> type[Any] | None:
    try:
        value = getattr(importlib.import_module(cls.module.path), cls.name)
    except (ImportError, AttributeError):
        return None
    return value if isinstance(value, type) else None


def _made_for_you(cls: griffe.Class, runtime: type[Any]) -> bool:
    """Whether users get instances of ``cls`` from the SDK rather than construct them."""
    if cls.name in _MADE_FOR_YOU:
        return True
    init = runtime.__dict__.get("__init__") or next(
        (k.__dict__["__init__"] for k in runtime.__mro__ if "__init__" in k.__dict__), None
    )
    code = getattr(init, "__code__", None)
    names: tuple[str, ...] = code.co_varnames[1 : code.co_argcount] if code is not None else ()
    return bool(names) and names[0] == "client"


def _drop_constructor(cls: griffe.Class) -> None:
    # A class without __init__ among its members is shown without a signature.
    for klass in [cls, *cls.mro()]:
        if "__init__" in klass.members:
            del klass.members["__init__"]


def _bound_typevars(runtime: type[Any]) -> dict[str, str]:
    """Type variable name -> the type ``runtime`` binds it to, as text (unbound ones left out)."""
    found: dict[str, Any] = {}

    def visit(klass: type[Any], outer: dict[Any, Any]) -> None:
        for base in getattr(klass, "__orig_bases__", ()):
            origin = typing.get_origin(base) or base
            params = getattr(origin, "__parameters__", ())
            args = typing.get_args(base)
            local = {p: _substitute(a, outer) for p, a in zip(params, args, strict=False)}
            for param, arg in local.items():
                found.setdefault(param.__name__, arg)
            if isinstance(origin, type):
                visit(origin, local)

    visit(runtime, {})
    return {name: _text(t) for name, t in found.items() if not _has_typevar(t)}


def _substitute(value: Any, mapping: dict[Any, Any]) -> Any:
    if isinstance(value, typing.TypeVar):
        return mapping.get(value, value)
    args = typing.get_args(value)
    if not args:
        return value
    new = tuple(_substitute(a, mapping) for a in args)
    origin = typing.get_origin(value)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[new]  # noqa: UP007 - built from parts at run time
    return origin[new] if origin is not None else value


def _has_typevar(value: Any) -> bool:
    if isinstance(value, typing.TypeVar):
        return True
    return any(_has_typevar(a) for a in typing.get_args(value))


def _text(value: Any) -> str:
    origin, args = typing.get_origin(value), typing.get_args(value)
    if origin in (typing.Union, types.UnionType):
        return " | ".join("None" if a is type(None) else _text(a) for a in args)
    if origin is not None and args:
        return f"{_text(origin)}[{', '.join(_text(a) for a in args)}]"
    return getattr(value, "__name__", str(value))


def _concretise(cls: griffe.Class, bound: dict[str, str]) -> None:
    pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, bound)) + r")(?![\w.])")

    def sub(annotation: Any) -> Any:
        if annotation is None:
            return None
        text = str(annotation)
        new = pattern.sub(lambda m: bound[m.group(1)], text)
        return annotation if new == text else new

    entity = bound.get("E")
    for name, member in list(cls.all_members.items()):
        if name.startswith("_"):
            continue
        target = member.final_target if isinstance(member, griffe.Alias) else member
        copied = _copy(target, cls, sub, entity)
        if copied is not None:
            cls.set_member(name, copied)


def _copy(target: Any, cls: griffe.Class, sub: Any, entity: str | None) -> griffe.Object | None:
    """``target`` as a member of ``cls`` with its types replaced, or None when nothing changes."""
    doc = target.docstring.value if target.docstring else None
    if doc is not None and entity:
        for phrase, replacement in _ENTITY_PHRASES:
            doc = doc.replace(phrase, replacement.format(entity))
    changed = doc != (target.docstring.value if target.docstring else None)
    copied: griffe.Function | griffe.Attribute
    if isinstance(target, griffe.Function):
        parameters = [
            griffe.Parameter(
                p.name,
                annotation=sub(p.annotation),
                kind=p.kind,
                default=p.default,
                docstring=p.docstring,
            )
            for p in target.parameters
        ]
        returns = sub(target.returns)
        changed = changed or returns is not target.returns
        changed = changed or any(
            new.annotation is not old.annotation
            for new, old in zip(parameters, target.parameters, strict=True)
        )
        copied = griffe.Function(
            target.name,
            lineno=target.lineno,
            endlineno=target.endlineno,
            parameters=griffe.Parameters(*parameters),
            returns=returns,
            decorators=list(target.decorators),
        )
    elif isinstance(target, griffe.Attribute):
        annotation = sub(target.annotation)
        changed = changed or annotation is not target.annotation
        copied = griffe.Attribute(
            target.name,
            lineno=target.lineno,
            endlineno=target.endlineno,
            value=target.value,
            annotation=annotation,
        )
    else:
        return None
    if not changed:
        return None
    copied.labels = set(target.labels)
    copied.parent = cls
    if doc is not None:
        # The loader's parser (Google style) comes along, or the sections would stay text.
        original = target.docstring
        copied.docstring = griffe.Docstring(
            doc, parent=copied, parser=original.parser, parser_options=original.parser_options
        )
    return copied
