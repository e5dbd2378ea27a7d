"""Search: a documented subset of Mangle (Datalog) queries.

A query is a conjunction of goals, optionally written ``?goal, goal.``::

    aspect(Id, Entity, "urn:example:schema:review.1", Content),
    :json_path(Content, "$.ok ? (@ == true)"),
    artifact(Entity, Name, "ready", MimeType)

Each result row maps every named variable (``_`` is anonymous) to its value,
in order of first appearance; duplicate rows are dropped (set semantics).

Relations (all read as of ``at-time``, default now):

- ``aspect(Id, Entity, Schema, Content)``: current aspects; ``Content`` is
  the JSON content.
- ``service(Id, Name)``: live services.
- ``order(Id, Service, Status, Name)``: orders (``Name`` is ``""`` if none).
- ``artifact(Id, Name, Status, MimeType)``: artifacts.
- ``product(Order, Artifact)``: which order produced which artifact.

Arguments are variables (``Upper``-case first letter), ``_``, or constants:
``"text"`` (double or single quotes, backslash escapes) and numbers.

Other goals, evaluated once their variables are bound:

- ``X = Y``, ``X != Y``, ``X < Y``, ``X <= Y``, ``X > Y``, ``X >= Y``
  (ordering between two numbers or two texts only);
- ``:match_prefix(X, "prefix")``: text ``X`` starts with ``prefix``;
- ``:json_path(X, "$...")``: ``X`` (usually an aspect's content) matches a
  JSONPath of the ``content-path`` subset.

Not supported (answered with 501 saying so): rule definitions (``:-``),
declarations, negation (``!``), transforms and aggregation (``|>``),
name constants (``/name``) and any other predicate or built-in.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .._errors import ApiError, bad_request, invalid
from .._jsonpath import JsonPath, parse_path
from .._util import has_lone_surrogate, sql_number
from .artifacts import ARTIFACTS, PRODUCTS
from .aspects import ASPECTS
from .orders import ORDERS
from .services import SERVICES

MAX_QUERY_LENGTH = 16 * 1024
MAX_ROWS = 10_000

SUPPORTED = (
    "this sandbox runs a subset of Mangle: one conjunctive query over "
    "aspect(Id, Entity, Schema, Content), service(Id, Name), order(Id, Service, Status, Name), "
    "artifact(Id, Name, Status, MimeType) and product(Order, Artifact), with comparisons "
    '(=, !=, <, <=, >, >=), :match_prefix(X, "prefix") and :json_path(X, "$..."); '
    "rules (:-), declarations, negation (!), transforms (|>) and other predicates are not supported"
)


def unsupported(what: str) -> ApiError:
    """501 naming what is missing and what is supported."""
    return ApiError(501, f"{what}: {SUPPORTED}")


@dataclass(frozen=True)
class Var:
    """A variable (``_`` is anonymous and never binds)."""

    name: str


@dataclass(frozen=True)
class Const:
    """A constant."""

    value: str | int | float


Term = Var | Const


@dataclass(frozen=True)
class Atom:
    """``relation(args)``."""

    relation: str
    args: tuple[Term, ...]


@dataclass(frozen=True)
class Check:
    """A comparison or built-in, evaluated once its variables are bound."""

    op: str
    args: tuple[Term, ...]
    path: JsonPath | None = None

    def variables(self) -> set[str]:
        """Named variables it needs."""
        return {a.name for a in self.args if isinstance(a, Var) and a.name != "_"}


@dataclass(frozen=True)
class Relation:
    """How a relation maps onto SQL."""

    table: str
    columns: tuple[str, ...]
    visible_at: str
    where: str = "1"


# A relation sees, at a time, what the list of the same records shows then.
RELATIONS = {
    "aspect": Relation("aspects", ("id", "entity", "schema", "content"), ASPECTS.visible_at),
    "service": Relation("services", ("id", "name"), SERVICES.visible_at),
    "order": Relation(
        "orders", ("id", "service", "status", "COALESCE(name, '')"), ORDERS.visible_at
    ),
    "artifact": Relation(
        "artifacts",
        ("id", "COALESCE(name, '')", "status", "COALESCE(mime_type, '')"),
        ARTIFACTS.visible_at,
    ),
    "product": Relation(
        "artifacts", ("order_id", "id"), PRODUCTS.visible_at, "order_id IS NOT NULL"
    ),
}

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<rule>:-|⟸)
  | (?P<pipe>\|>)
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<builtin>:[a-z_][a-z0-9_:]*)
  | (?P<punct>[(),.?!])
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<namec>/[A-Za-z0-9_/.-]+)
  | (?P<var>[A-Z_][A-Za-z0-9_]*)
  | (?P<ident>[a-z][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int


def _unescape(text: str) -> str:
    body = text[1:-1]
    if text[0] == "'":
        # Re-quote a single-quoted text as a JSON string and let json decode escapes.
        body = re.sub(r'(?<!\\)"', '\\"', body.replace("\\'", "'"))
    try:
        decoded: str = json.loads('"' + body + '"')
    except ValueError:
        raise bad_request(f"search: bad escape in {text[:40]}") from None
    if has_lone_surrogate(decoded):
        raise bad_request(
            f"search: the text constant {text[:40]} "
            "holds a lone surrogate (a \\uD800-\\uDFFF escape without its pair)"
        )
    return decoded


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks: list[_Tok] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN_RE.match(text, pos)
            if m is None:
                raise bad_request(
                    f"search: unexpected character {text[pos]!r} at position {pos + 1}"
                )
            kind = m.lastgroup or ""
            if kind == "rule":
                raise unsupported("rule definitions (:-)")
            if kind == "pipe":
                raise unsupported("transforms (|>)")
            if kind == "namec":
                raise unsupported(f"name constants ({m.group()})")
            if kind != "ws":
                self.toks.append(_Tok(kind, m.group(), pos))
            pos = m.end()
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self, what: str) -> _Tok:
        tok = self.peek()
        if tok is None:
            raise bad_request(f"search: expected {what} at the end of the query")
        self.i += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.next(repr(text))
        if tok.text != text:
            raise bad_request(
                f"search: expected {text!r} at position {tok.pos + 1}, found {tok.text!r}"
            )

    def parse(self) -> tuple[list[Atom], list[Check]]:
        if self.peek() is not None and self.peek().text == "?":  # type: ignore[union-attr]
            self.i += 1
        atoms: list[Atom] = []
        checks: list[Check] = []
        if self.peek() is None:
            raise bad_request("search: the query is empty")
        while True:
            goal = self.goal()
            (atoms if isinstance(goal, Atom) else checks).append(goal)  # type: ignore[arg-type]
            tok = self.peek()
            if tok is None:
                break
            if tok.text == ".":
                self.i += 1
                if self.peek() is not None:
                    raise unsupported("more than one clause")
                break
            self.expect(",")
        if not atoms:
            raise bad_request("search: the query needs at least one relation such as aspect(...)")
        return atoms, checks

    def goal(self) -> Atom | Check:
        tok = self.next("a goal")
        if tok.text == "!":
            raise unsupported("negation (!)")
        if tok.kind == "builtin":
            args = self.args()
            if tok.text == ":match_prefix":
                self._arity(tok.text, args, 2)
                if not isinstance(args[1], Const) or not isinstance(args[1].value, str):
                    raise bad_request(
                        "search: :match_prefix needs a text prefix as its second argument"
                    )
                return Check("prefix", args)
            if tok.text == ":json_path":
                self._arity(tok.text, args, 2)
                if not isinstance(args[1], Const) or not isinstance(args[1].value, str):
                    raise bad_request("search: :json_path needs a path text as its second argument")
                return Check("path", args, parse_path(args[1].value, "search: :json_path"))
            raise unsupported(f"the built-in {tok.text}")
        if tok.kind == "ident":
            nxt = self.peek()
            if nxt is None or nxt.text != "(":
                raise unsupported(f"{tok.text!r} (only relations applied to arguments)")
            if tok.text not in RELATIONS:
                raise unsupported(f"the predicate {tok.text}")
            args = self.args()
            self._arity(tok.text, args, len(RELATIONS[tok.text].columns))
            return Atom(tok.text, args)
        self.i -= 1
        left = self.term()
        op = self.next("a comparison operator")
        if op.kind != "op":
            raise bad_request(
                f"search: expected a comparison at position {op.pos + 1}, found {op.text!r}"
            )
        return Check(op.text, (left, self.term()))

    @staticmethod
    def _arity(name: str, args: tuple[Term, ...], n: int) -> None:
        if len(args) != n:
            raise bad_request(f"search: {name} takes {n} arguments, not {len(args)}")

    def args(self) -> tuple[Term, ...]:
        self.expect("(")
        out = [self.term()]
        while self.peek() is not None and self.peek().text == ",":  # type: ignore[union-attr]
            self.i += 1
            out.append(self.term())
        self.expect(")")
        return tuple(out)

    def term(self) -> Term:
        tok = self.next("a term")
        if tok.kind == "var":
            return Var(tok.text)
        if tok.kind == "string":
            return Const(_unescape(tok.text))
        if tok.kind == "number":
            return Const(float(tok.text) if any(c in tok.text for c in ".eE") else int(tok.text))
        raise bad_request(
            f"search: expected a variable or constant at position {tok.pos + 1}, found {tok.text!r}"
        )


def parse_query(text: str) -> tuple[list[Atom], list[Check]]:
    """Parse a query of the subset; 400 for mistakes, 501 for what is outside it."""
    if len(text) > MAX_QUERY_LENGTH:
        raise invalid(
            "query", text[:100], f"the query is longer than {MAX_QUERY_LENGTH} characters"
        )
    return _Parser(text).parse()


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _check(check: Check, b: dict[str, Any]) -> bool:
    vals = [b[a.name] if isinstance(a, Var) else a.value for a in check.args]
    if check.op == "prefix":
        return isinstance(vals[0], str) and isinstance(vals[1], str) and vals[0].startswith(vals[1])
    if check.op == "path":
        assert check.path is not None
        return check.path.matches(vals[0])
    a, c = vals
    if check.op == "=":
        return bool(a == c)
    if check.op == "!=":
        return bool(a != c)
    if not ((_is_number(a) and _is_number(c)) or (isinstance(a, str) and isinstance(c, str))):
        return False
    x: Any = a
    y: Any = c
    if check.op == "<":
        return bool(x < y)
    if check.op == "<=":
        return bool(x <= y)
    if check.op == ">":
        return bool(x > y)
    return bool(x >= y)


def _scan(
    conn: sqlite3.Connection, atom: Atom, b: dict[str, Any], at: str
) -> Iterator[dict[str, Any]]:
    rel = RELATIONS[atom.relation]
    conds = [rel.visible_at, rel.where]
    params: list[Any] = [at] * rel.visible_at.count("?")
    for col, arg in zip(rel.columns, atom.args, strict=True):
        value = (
            arg.value if isinstance(arg, Const) else b.get(arg.name) if arg.name != "_" else None
        )
        if value is None or col == "content":
            continue
        if isinstance(value, dict | list):
            continue
        conds.append(f"{col} = ?")
        params.append(sql_number(value) if isinstance(value, int | float) else value)
    sql = (
        f"SELECT {', '.join(rel.columns)} FROM {rel.table} WHERE {' AND '.join(conds)} ORDER BY seq"
    )
    for row in conn.execute(sql, params):
        out = dict(b)
        ok = True
        for i, arg in enumerate(atom.args):
            value = row[i]
            if rel.columns[i] == "content":
                value = json.loads(value)
            if isinstance(arg, Const):
                ok = value == arg.value
            elif arg.name == "_":
                continue
            elif arg.name in out:
                ok = out[arg.name] == value
            else:
                out[arg.name] = value
            if not ok:
                break
        if ok:
            yield out


def run_query(conn: sqlite3.Connection, text: str, at: str) -> list[dict[str, Any]]:
    """Every result row of the query as of ``at`` (deduplicated, in evaluation order)."""
    atoms, checks = parse_query(text)
    order: list[str] = []
    for atom in atoms:
        for arg in atom.args:
            if isinstance(arg, Var) and arg.name != "_" and arg.name not in order:
                order.append(arg.name)
    bound_anywhere = set(order)
    for check in checks:
        missing = check.variables() - bound_anywhere
        if missing:
            raise bad_request(f"search: variable {sorted(missing)[0]} is not bound by any relation")
    pending = list(checks)
    bindings: list[dict[str, Any]] = [{}]
    for atom in atoms:
        nxt: list[dict[str, Any]] = []
        for b in bindings:
            for out in _scan(conn, atom, b, at):
                nxt.append(out)
                if len(nxt) > MAX_ROWS:
                    raise invalid(
                        "query",
                        text[:100],
                        f"more than {MAX_ROWS} intermediate results; "
                        "add constants or checks to narrow it",
                    )
        bindings = nxt
        ready = [c for c in pending if c.variables() <= set(bindings[0])] if bindings else pending
        for check in ready:
            bindings = [b for b in bindings if _check(check, b)]
        pending = [c for c in pending if c not in ready]
        if not bindings:
            return []
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for b in bindings:
        row = {name: b[name] for name in order}
        key = json.dumps(row, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return rows
