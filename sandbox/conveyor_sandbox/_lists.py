"""Keyset-paged list queries shared by every list operation."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._errors import invalid
from ._filter import Field, compile_filter, parse_filter


@dataclass(frozen=True)
class ListSpec:
    """How one list maps onto a table."""

    table: str
    fields: dict[str, Field]
    default_order: str
    #: SQL condition (one ``?`` per use of the at-time) selecting what existed then.
    visible_at: str
    #: Extra names accepted by ``order-by`` (for IVCAP clients' spellings).
    order_aliases: dict[str, str] = field(default_factory=dict)
    #: The columns a list item is built from (None: all). Reading fewer makes
    #: each page cheaper; the item projection may read only these.
    columns: tuple[str, ...] | None = None

    def order_field(self, name: str, param: str = "order-by") -> Field:
        """The sortable field called ``name`` (hyphen or underscore spelling); 422 otherwise."""
        key = name.strip().lower().replace("_", "-")
        key = self.order_aliases.get(key, key)
        found = self.fields.get(key)
        if found is None:
            known = ", ".join(sorted(self.fields))
            raise invalid(param, name, f"cannot sort by {name!r}; sortable fields: {known}")
        return found


def fields(*specs: tuple[str, str, str]) -> dict[str, Field]:
    """Build a field table from ``(wire name, column, kind)`` triples."""
    return {name: Field(name, column, kind) for name, column, kind in specs}  # type: ignore[arg-type]


def _sort_expr(f: Field) -> str:
    sentinel = "-1" if f.kind in ("int", "bool") else "''"
    return f"COALESCE({f.column}, {sentinel})"


@dataclass
class Page:
    """Rows of one page and the cursor after its last row (None on the last page)."""

    rows: list[sqlite3.Row]
    cursor: list[Any] | None


def run_list(
    conn: sqlite3.Connection,
    spec: ListSpec,
    *,
    at: str,
    filter_text: str | None,
    order: list[str],
    desc: bool,
    cursor: list[Any] | None,
    limit: int,
    where: list[tuple[str, list[Any]]] | None = None,
    keep: Callable[[sqlite3.Row], bool] | None = None,
) -> Page:
    """One page of ``spec``'s table, ordered by ``order`` then insertion order."""
    order_fields = [spec.order_field(name) for name in order]
    keys = [_sort_expr(f) for f in order_fields] + ["seq"]
    conds = [f"({spec.visible_at})"]
    params: list[Any] = [at] * spec.visible_at.count("?")
    for sql, extra in where or []:
        conds.append(f"({sql})")
        params.extend(extra)
    if filter_text:
        sql, extra = compile_filter(parse_filter(filter_text), spec.fields)
        conds.append(sql)
        params.extend(extra)
    if cursor is not None:
        cmp = "<" if desc else ">"
        marks = ", ".join("?" for _ in keys)
        conds.append(f"({', '.join(keys)}) {cmp} ({marks})")
        params.extend(cursor)
    direction = "DESC" if desc else "ASC"
    key_cols = ", ".join(f"{k} AS _k{i}" for i, k in enumerate(keys))
    query = (
        f"SELECT {', '.join(spec.columns) if spec.columns else '*'}, {key_cols} "
        f"FROM {spec.table} WHERE {' AND '.join(conds)} "
        f"ORDER BY {', '.join(f'{k} {direction}' for k in keys)}"
    )
    if keep is None:
        rows = conn.execute(query + " LIMIT ?", [*params, limit + 1]).fetchall()
    else:
        rows = []
        for row in conn.execute(query, params):
            if keep(row):
                rows.append(row)
                if len(rows) > limit:
                    break
    if len(rows) > limit:
        last = rows[limit - 1]
        return Page(rows[:limit], [last[f"_k{i}"] for i in range(len(keys))])
    return Page(rows, None)


def list_page(
    conn: sqlite3.Connection,
    spec: ListSpec,
    state: Mapping[str, Any],
    limit: int,
    *,
    where: list[tuple[str, list[Any]]] | None = None,
    keep: Callable[[sqlite3.Row], bool] | None = None,
) -> Page:
    """One page of ``spec``'s list as a (validated) paging ``state`` describes it."""
    order = state.get("order") or [spec.default_order]
    return run_list(
        conn,
        spec,
        at=state["at"],
        filter_text=state.get("filter"),
        order=list(order),
        desc=bool(state.get("desc", True)),
        cursor=state.get("cursor"),
        limit=limit,
        where=where,
        keep=keep,
    )
