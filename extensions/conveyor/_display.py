"""How resources look to people: ``describe()`` text, notebook HTML, and JSON-ready dicts.

Each resource declares what people see (its `ResourceSpec`: the shown
fields, the listing columns, the title; its `Field` labels and formats), and
that one declaration feeds all three, so the summary a terminal shows, the
table a notebook shows and the JSON the command line prints (``--output
json``) always agree. Nothing here knows a kind of resource or sends a
request: everything is read from the record as last fetched.

One rule makes a listing and a single entity show the same data the same
way: a field is shown only when the record read holds it. A list item whose
type lacks a field (a service's ``status`` is not in service listings)
leaves it out, in text, tables and JSON alike, rather than showing ``null``
beside the ``active`` that ``show`` finds; a field the platform sent empty
is ``null``. Where both have a field, it is formatted by the same function
(sizes always in binary units, ``KiB``/``MiB``; times in UTC), and an entity
referred to by URN is shown by name when the caller knows the name
(``names=``): ``name (URN)`` in ``describe``, a ``<field>_name`` key beside
the URN in JSON, the name alone in a table column (the URN is one ``show``
away).
"""

from __future__ import annotations

import datetime as _dt
import enum
import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ._fields import OMITTED

__all__ = [
    "Description",
    "as_dict",
    "describe",
    "entity_html",
    "fields",
    "human_size",
    "items_html",
    "json_value",
    "named",
    "paginator_html",
    "printable",
    "table_row",
]

HTML_LIST_LIMIT = 25
"""Rows a notebook shows for a listing (the rest are summarised)."""

# C0 and C1 controls but tab and newline, and the bidirectional overrides: in
# data they could recolour a terminal, move its cursor or reorder what it shows.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``), so data prints as data.

    Tabs and newlines stay; every other control character, and the Unicode
    bidirectional overrides, become their Python escape.
    """
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


class Description(str):
    """The text `describe()` returns: a ``str`` that a REPL or notebook shows as is.

    ``print(obj.describe())`` and plain ``obj.describe()`` at a prompt both
    show the formatted lines, not a quoted string with ``\\n`` escapes.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def _kind(entity: Any) -> str:
    return str(getattr(entity, "_kind", type(entity).__name__.lower()))


def _holds(entity: Any, source: str) -> bool:
    """Whether the record ``entity`` was read from has the attribute ``source`` at all.

    A full record has every field; a list item's type may lack some.
    """
    if entity._is_full:
        return True
    model: type[Any] = entity._item_model if entity._raw is not None else type(entity._record)
    held = _attributes(model)
    return held is None or source in held


_ATTRIBUTES: dict[type[Any], frozenset[str] | None] = {}


def _attributes(model: type[Any]) -> frozenset[str] | None:
    """The attributes of a generated model (``None``: not one, so assume it holds everything)."""
    if model not in _ATTRIBUTES:
        import attrs

        try:
            _ATTRIBUTES[model] = frozenset(attrs.fields_dict(model))
        except (TypeError, attrs.exceptions.NotAnAttrsClassError):
            _ATTRIBUTES[model] = None
    return _ATTRIBUTES[model]


def _shown(entity: Any) -> list[tuple[str, str, Any]]:
    """``(label, format, value)`` for each field the entity's declaration shows, in order.

    Fields the entity's record does not hold (a list item's type lacks them)
    are left out, as are those its ``_peek`` answers ``OMITTED`` for.
    """
    cls = type(entity)
    out: list[tuple[str, str, Any]] = [("id", "text", entity.id)]
    for name in cls._spec.shown:
        field = cls._fields.get(name)
        if field is not None and not _holds(entity, field.source):
            continue
        value = entity._peek(name)
        if value is OMITTED:
            continue
        if field is None:
            out.append((name, "text", value))
        else:
            out.append((field.label, field.format, value))
    return out


def named(value: Any, names: Mapping[str, str] | None) -> Any:
    """``value``, or ``name (URN)`` when ``value`` is a URN ``names`` knows the name of."""
    if names and isinstance(value, str) and value in names and names[value] != value:
        return f"{names[value]} ({value})"
    return value


def fields(entity: Any) -> list[tuple[str, Any]]:
    """The entity's fields as ``(name, value)`` pairs, in display order (no request).

    Which fields, in what order and under what names, is declared by the
    resource (its `ResourceSpec`'s ``shown`` and its `Field` labels).
    """
    return [(label, value) for label, _, value in _shown(entity)]


def json_value(value: Any) -> Any:
    """``value`` with datetimes as ISO 8601 text and enums as their values, recursively."""
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def as_dict(entity: Any, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The entity as a JSON-ready dict: ``kind`` and each field its record holds.

    The keys are the snake_case names of the resource's properties; a field
    the platform sent empty is ``None``, and one a list item's type lacks is
    left out (a full read has it). ``names`` maps URNs to names: a field
    holding a known URN gets a ``<field>_name`` key beside it. The command
    line's ``--output json`` prints exactly this.
    """
    out: dict[str, Any] = {"kind": _kind(entity)}
    for key, value in fields(entity):
        out[key] = json_value(value)
        if names and isinstance(value, str) and value in names and key != "id":
            out[f"{key}_name"] = names[value]
    return out


def table_row(item: Any) -> dict[str, Any]:
    """One listed item as a table row (what `Paginator.to_pandas` makes its rows of).

    A resource gives its fields as `as_dict` names them, but with times kept
    as datetimes so a DataFrame gets time columns; a search row stays as it
    is; anything else (a collection member's URN) goes under ``value``.
    """
    if hasattr(item, "_spec") and hasattr(item, "_peek"):
        return {
            "kind": _kind(item),
            **{k: v.value if isinstance(v, enum.Enum) else v for k, v in fields(item)},
        }
    if isinstance(item, Mapping):
        return dict(item)
    return {"value": item}


def _text(value: Any) -> str:
    if isinstance(value, _dt.datetime):
        return value.astimezone(_dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    return str(value)


def human_size(count: int | None) -> str:
    """``1536`` as ``1536 B (1.5 KiB)``: exact bytes, plus a readable unit when it helps."""
    if count is None:
        return ""
    value = float(count)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            return f"{count} B" if count < 1024 else f"{count} B ({value:.1f} {unit})"
    return f"{count} B"  # pragma: no cover - the loop always returns


def _title(entity: Any) -> str:
    kind = _kind(entity)
    name = getattr(entity, entity._spec.title, None)
    return f"{kind.capitalize()} {name}" if name else kind.capitalize()


def _formatted(value: Any, format: str) -> str:
    if format == "json":
        return json.dumps(json_value(value), indent=2, ensure_ascii=False)
    if format == "size":
        return human_size(value)
    return _text(value)


def _rows(entity: Any, names: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """``(label, text)`` rows for describe() and HTML: empty fields and sections left out."""
    sections = entity._spec.sections
    rows: list[tuple[str, str]] = []
    for label, format, value in _shown(entity):
        if value is None or value == [] or value == {} or label in sections:
            continue
        shown = named(value, names) if label != "id" else value
        rows.append((label.replace("_", " "), _formatted(shown, format)))
    return rows


def describe(entity: Any, names: Mapping[str, str] | None = None) -> Description:
    """A human summary of ``entity`` as last read: its name, then one field per line.

    ``names`` maps URNs to names: a field holding a known URN shows ``name (URN)``.
    """
    rows = _rows(entity, names)
    width = max((len(label) for label, _ in rows), default=0)
    lines = [_title(entity)]
    for label, text in rows:
        first, *rest = text.splitlines() or [""]
        lines.append(f"  {label.ljust(width)}  {first}")
        lines += [f"  {' ' * width}  {line}" for line in rest]
    lines += _extra_lines(entity)
    return Description(printable("\n".join(lines)))


def _extra_lines(entity: Any) -> list[str]:
    """Sections after the fields, as the resource writes them (a service's parameters)."""
    return list(entity._extra_lines())


# -- notebooks ----------------------------------------------------------------------

_STYLE = (
    "border-collapse:collapse;font-size:0.9em;"
    "font-family:var(--jp-code-font-family, ui-monospace, monospace)"
)
_CELL = "text-align:left;padding:2px 10px;vertical-align:top;border-bottom:1px solid #ddd"


def entity_html(entity: Any) -> str:
    """An HTML table of one entity's fields, for Jupyter's rich display."""
    esc = html.escape
    body = "".join(
        f'<tr><th style="{_CELL}">{esc(label)}</th>'
        f'<td style="{_CELL}"><pre style="margin:0">{esc(text)}</pre></td></tr>'
        for label, text in _rows(entity)
    )
    extra = _extra_lines(entity)
    if extra:
        body += (
            f'<tr><th style="{_CELL}">more</th><td style="{_CELL}"><pre style="margin:0">'
            + esc("\n".join(line[2:] for line in extra))
            + "</pre></td></tr>"
        )
    return (
        f'<div><strong>{esc(_title(entity))}</strong><table style="{_STYLE}">{body}</table></div>'
    )


def items_html(items: Iterable[Any], more: bool = False, limit: int = HTML_LIST_LIMIT) -> str:
    """An HTML table of listed items (one row each), for Jupyter's rich display."""
    esc = html.escape
    rows = list(items)
    shown = rows[:limit]
    more = more or len(rows) > limit
    if not shown:
        return "<div><em>no items</em></div>"
    spec = getattr(shown[0], "_spec", None)
    columns = None if spec is None else spec.columns
    head: list[str]
    cells: list[list[str]]
    if columns is None:
        # Search rows and other plain mappings: the keys of the first row.
        head = [str(k) for k in shown[0]] if isinstance(shown[0], Mapping) else ["value"]
        cells = [
            [_text(row.get(k)) for k in head] if isinstance(row, Mapping) else [_text(row)]
            for row in shown
        ]
    else:
        per_item = [{label: (format, value) for label, format, value in _shown(i)} for i in shown]
        # A column no listed item holds (a service's status) is left out, not shown empty.
        head = [c for c in columns if any(c in values for values in per_item)]
        cells = [
            [
                _formatted(value, format) if value is not None else ""
                for format, value in (values.get(c, ("text", None)) for c in head)
            ]
            for values in per_item
        ]
    header = "".join(f'<th style="{_CELL}">{esc(h.replace("_", " "))}</th>' for h in head)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{esc(c)}</td>' for c in row) + "</tr>"
        for row in cells
    )
    note = f"<div><em>first {len(shown)} shown; more follow</em></div>" if more else ""
    return f'<div><table style="{_STYLE}"><tr>{header}</tr>{body}</table>{note}</div>'


def paginator_html(paginator: Any) -> str:
    """The first items of a sync listing as HTML (one request for the first page)."""
    import itertools

    rows = list(itertools.islice(iter(paginator), HTML_LIST_LIMIT + 1))
    return items_html(rows, more=len(rows) > HTML_LIST_LIMIT)
