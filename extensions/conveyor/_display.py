"""How resources look to people: ``describe()`` text, notebook HTML, and JSON-ready dicts.

One field list per kind of resource (`fields`) feeds all three, so the
summary a terminal shows, the table a notebook shows and the JSON the command
line prints (``--output json``) always agree. Nothing here sends a request:
everything is read from the record as last fetched.
"""

from __future__ import annotations

import datetime as _dt
import enum
import html
import json
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "Description",
    "as_dict",
    "describe",
    "entity_html",
    "fields",
    "items_html",
    "json_value",
    "paginator_html",
]

HTML_LIST_LIMIT = 25
"""Rows a notebook shows for a listing (the rest are summarised)."""


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


def fields(entity: Any) -> list[tuple[str, Any]]:
    """The entity's fields as ``(name, value)`` pairs, in display order (no request)."""
    kind = _kind(entity)
    out: list[tuple[str, Any]] = [("id", entity.id)]
    if kind == "service":
        out += [
            ("name", entity.name),
            ("description", entity.description),
            ("status", entity.status),
            ("tags", entity.tags),
            ("published_at", entity.published_at),
        ]
        if entity.is_complete:
            # Only full records carry parameters, and describing never sends a request.
            out.append(("parameters", [_parameter_dict(p) for p in _parameters_of(entity)]))
    elif kind == "order":
        out += [
            ("name", entity.name),
            ("status", entity.status),
            ("service", entity.service_id),
            ("ordered_at", entity.ordered_at),
            ("started_at", entity.started_at),
            ("finished_at", entity.finished_at),
            ("error_message", entity.error_message),
            ("parameters", _order_parameters(entity)),
            ("tags", entity.tags),
        ]
    elif kind == "artifact":
        out += [
            ("name", entity.name),
            ("status", entity.status),
            ("size", entity.size),
            ("mime_type", entity.mime_type),
            ("sha256", entity.sha256),
            ("created_at", entity.created_at),
            ("last_modified_at", entity.last_modified_at),
            ("collection", entity.collection),
        ]
    elif kind == "aspect":
        out += [
            ("entity", entity.entity),
            ("schema", entity.schema),
            ("content", entity.content),
            ("valid_from", entity.valid_from),
            ("valid_to", entity.valid_to),
            ("asserter", entity.asserter),
            ("replaces", entity.replaces),
        ]
    return out


def _parameters_of(service: Any) -> list[Any]:
    from .service import _definitions

    return _definitions(service.record)


def _order_parameters(order: Any) -> dict[str, str]:
    """An order's parameters as last read (list items carry none), without a request."""
    return order._recorded_parameters() if order._is_full else {}


def _parameter_dict(parameter: Any) -> dict[str, Any]:
    return {
        "name": parameter.name,
        "type": parameter.type,
        "description": parameter.description,
        "default": parameter.default,
        "optional": parameter.optional,
        "mandatory": parameter.mandatory,
        "options": list(parameter.options),
    }


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


def as_dict(entity: Any) -> dict[str, Any]:
    """The entity as a JSON-ready dict with a fixed set of keys per kind (``None`` when unknown).

    The keys are the snake_case names of the resource's properties plus
    ``kind``; the command line's ``--output json`` prints exactly this.
    """
    return {"kind": _kind(entity), **{k: json_value(v) for k, v in fields(entity)}}


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
    name = getattr(entity, "name", None) if kind != "aspect" else entity.schema
    return f"{kind.capitalize()} {name}" if name else kind.capitalize()


def _rows(entity: Any) -> list[tuple[str, str]]:
    """``(label, text)`` rows for describe() and HTML: empty fields left out."""
    rows: list[tuple[str, str]] = []
    for name, value in fields(entity):
        if value is None or value == [] or value == {} or name == "parameters":
            continue
        if name == "content":
            text = json.dumps(json_value(value), indent=2, ensure_ascii=False)
        elif name == "size":
            text = human_size(value)
        else:
            text = _text(value)
        rows.append((name.replace("_", " "), text))
    return rows


def describe(entity: Any) -> Description:
    """A human summary of ``entity`` as last read: its name, then one field per line."""
    rows = _rows(entity)
    width = max((len(label) for label, _ in rows), default=0)
    lines = [_title(entity)]
    for label, text in rows:
        first, *rest = text.splitlines() or [""]
        lines.append(f"  {label.ljust(width)}  {first}")
        lines += [f"  {' ' * width}  {line}" for line in rest]
    lines += _extra_lines(entity)
    return Description("\n".join(lines))


def _extra_lines(entity: Any) -> list[str]:
    """Sections after the fields: a service's parameters, an order's parameters."""
    kind = _kind(entity)
    if kind == "service" and entity.is_complete:
        params = _parameters_of(entity)
        if not params:
            return ["  parameters  none"]
        width = max(len(p.name) for p in params)
        lines = ["  parameters"]
        for p in params:
            kind_text = p.type + (f" ({'|'.join(p.options)})" if p.options else "")
            need = "required" if p.mandatory else "optional"
            if p.default is not None:
                need = f"default {p.default}"
            about = f"  {p.description}" if p.description else ""
            lines.append(f"    {p.name.ljust(width)}  {kind_text}, {need}{about}")
        return lines
    parameters = _order_parameters(entity) if kind == "order" else None
    if parameters:
        width = max(len(name) for name in parameters)
        lines = ["  parameters"]
        lines += [f"    {n.ljust(width)}  {v}" for n, v in parameters.items()]
        return lines
    return []


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


_LIST_COLUMNS = {
    "service": ("name", "id", "status", "description"),
    "order": ("name", "id", "status", "service", "ordered_at"),
    "artifact": ("name", "id", "status", "size", "mime_type"),
    "aspect": ("schema", "id", "entity", "valid_from"),
}


def items_html(items: Iterable[Any], more: bool = False, limit: int = HTML_LIST_LIMIT) -> str:
    """An HTML table of listed items (one row each), for Jupyter's rich display."""
    esc = html.escape
    rows = list(items)
    shown = rows[:limit]
    more = more or len(rows) > limit
    if not shown:
        return "<div><em>no items</em></div>"
    kind = _kind(shown[0])
    columns = _LIST_COLUMNS.get(kind)
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
        head = list(columns)
        cells = []
        for item in shown:
            values = dict(fields(item))
            cells.append(
                [
                    human_size(values.get(c)) if c == "size" else _text(values.get(c) or "")
                    for c in columns
                ]
            )
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
