"""Search: a documented subset of Mangle (Datalog) programs.

A program is a sequence of clauses, each ended by ``.`` (the last one may
leave it out), with ``#`` comments:

- **declarations** ``:load_aspect(/name, "schema", ["projection", ...]).``
  make a relation ``name`` from the current aspects of that schema (see
  below);
- **facts** ``edge("a", "b").`` (constants only);
- **rules** ``head(X, Y) :- goal, goal.``, recursive ones included; every
  variable of the head must occur in a relation of the body;
- at most one **query**: ``?goal, goal.``, or a clause of goals that is
  neither a fact nor a rule (``aspect(Id, E, S, C), :json_path(C, "$.ok")``).

The answer is the query's; without one, the facts of the predicate
``query`` (as in upstream's example); without either, the program is a 400.
Each result row maps names to values: for a query, every named variable
(``_`` is anonymous) in order of first appearance; for ``query``, the
variables of the head of its first rule (a constant in the head is named
``_1``, ``_2``, ... by position). Duplicate rows are dropped (set
semantics). On the wire each row is a string, the JSON text of that object,
since upstream types a search result as a string.

Built-in relations (all read as of ``at-time``, default now):

- ``aspect(Id, Entity, Schema, Content)``: current aspects; ``Content`` is
  the JSON content.
- ``service(Id, Name)``: live services.
- ``order(Id, Service, Status, Name)``: orders (``Name`` is ``""`` if none).
- ``artifact(Id, Name, Status, MimeType)``: artifacts.
- ``product(Order, Artifact)``: which order produced which artifact.

A ``:load_aspect`` projection is ``"entity"``, ``"id"`` or ``"schema"`` (a
field of the aspect record) or a path into the content: steps ``.name``,
``[N]`` and ``[*]`` (one row per element), the last step possibly
``.a|b|c`` (several columns from the same element). The relation has one
column per projected value, and one row per combination of the values each
projection finds; an aspect where a projection finds nothing adds no row.
Upstream's example ``:load_aspect(/order_parameter,
"urn:ivcap:schema:order-placed.1", ["entity", ".parameters[*].name|value"])``
makes ``order_parameter(Order, Name, Value)``.

Arguments are variables (``Upper``-case first letter), ``_``, or constants:
``"text"`` (double or single quotes, backslash escapes), numbers and name
constants ``/name`` (equal only to the same name; a row shows one as the
text ``"/name"``).

Other goals, evaluated once their variables are bound:

- ``X = Y``, ``X != Y``, ``X < Y``, ``X <= Y``, ``X > Y``, ``X >= Y``
  (ordering between two numbers or two texts only);
- ``:match_prefix(X, "prefix")``: text ``X`` starts with ``prefix``;
- ``:json_path(X, "$...")``: ``X`` (usually an aspect's content) matches a
  JSONPath of the ``content-path`` subset.

Not supported, and answered with 422 naming the construct and this list:
negation (``!``), transforms and aggregation (``|>``), declarations other
than ``:load_aspect`` (``Decl``), and any other built-in. A syntax mistake is
a 400.
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
    "this sandbox runs a subset of Mangle: facts, rules (:-, recursion included), "
    ':load_aspect(/name, "schema", [projections]) declarations and one query '
    "(?goal, ... or the predicate query) over aspect(Id, Entity, Schema, Content), "
    "service(Id, Name), order(Id, Service, Status, Name), artifact(Id, Name, Status, MimeType), "
    "product(Order, Artifact) and the relations the program defines, with comparisons "
    '(=, !=, <, <=, >, >=), :match_prefix(X, "prefix") and :json_path(X, "$..."); '
    "negation (!), transforms and aggregation (|>), Decl declarations and other built-ins "
    "are not supported"
)


def unsupported(what: str) -> ApiError:
    """422 naming the construct outside the subset, and what the subset is."""
    return invalid("query", what, f"{what}: {SUPPORTED}")


@dataclass(frozen=True)
class Var:
    """A variable (``_`` is anonymous and never binds)."""

    name: str


@dataclass(frozen=True)
class Const:
    """A constant (a name constant ``/name`` is a `Name`)."""

    value: str | int | float | Name


@dataclass(frozen=True)
class Name:
    """A Mangle name constant such as ``/order_parameter``."""

    text: str


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


Goal = Atom | Check


@dataclass(frozen=True)
class Rule:
    """``head :- body`` (a fact has no body)."""

    head: Atom
    body: tuple[Goal, ...]


@dataclass(frozen=True)
class Projection:
    """One projection of ``:load_aspect``: a record field, or content steps and final columns."""

    field: str | None
    steps: tuple[str | int | None, ...]  # a member name, an index, or None for [*]
    columns: tuple[str | None, ...]  # the final step's names (``a|b``); (None,) for the value


@dataclass(frozen=True)
class LoadAspect:
    """``:load_aspect(/name, "schema", [projections])``."""

    name: str
    schema: str
    projections: tuple[Projection, ...]

    @property
    def arity(self) -> int:
        """Columns of the relation it makes."""
        return sum(len(p.columns) for p in self.projections)


@dataclass
class Program:
    """A parsed program: declarations, rules (facts included) and the query, if any."""

    loads: dict[str, LoadAspect]
    rules: list[Rule]
    query: tuple[Goal, ...] | None


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
ASPECT_FIELDS = ("entity", "id", "schema")

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<rule>:-|⟸)
  | (?P<pipe>\|>)
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<builtin>:[a-z_][a-z0-9_:]*)
  | (?P<punct>[(),.?!\[\]])
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<namec>/[A-Za-z0-9_/.-]+)
  | (?P<var>[A-Z_][A-Za-z0-9_]*)
  | (?P<ident>[a-z][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)
_MEMBER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*")


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


def _projection(text: str) -> Projection:
    """``"entity"``, or a content path such as ``.parameters[*].name|value``."""
    if text in ASPECT_FIELDS:
        return Projection(text, (), (None,))
    if not text.startswith((".", "[")):
        raise bad_request(
            f"search: :load_aspect projection {text!r} is neither one of "
            f"{', '.join(ASPECT_FIELDS)} nor a content path starting with '.'"
        )
    steps: list[str | int | None] = []
    columns: tuple[str | None, ...] = (None,)
    pos = 0
    while pos < len(text):
        if text.startswith("[*]", pos):
            steps.append(None)
            pos += 3
            continue
        index = re.compile(r"\[(\d+)\]").match(text, pos)
        if index:
            steps.append(int(index.group(1)))
            pos = index.end()
            continue
        member = re.compile(r"\.([A-Za-z_$][A-Za-z0-9_$-]*(?:\|[A-Za-z_$][A-Za-z0-9_$-]*)*)").match(
            text, pos
        )
        if member is None:
            raise bad_request(f"search: cannot read the projection {text!r} at {text[pos:]!r}")
        names = member.group(1).split("|")
        pos = member.end()
        if len(names) > 1:
            if pos != len(text):
                raise bad_request(f"search: in {text!r}, a|b may only be the last step")
            columns = tuple(names)
        else:
            steps.append(names[0])
    return Projection(None, tuple(steps), columns)


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
            if kind == "pipe":
                raise unsupported("transforms (|>)")
            if kind != "ws":
                self.toks.append(_Tok(kind, m.group(), pos))
            pos = m.end()
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.text == text

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

    def parse(self) -> Program:
        if self.peek() is None:
            raise bad_request("search: the query is empty")
        program = Program({}, [], None)
        while self.peek() is not None:
            self.clause(program)
        if program.query is None and not any(r.head.relation == "query" for r in program.rules):
            raise bad_request(
                "search: the program has no query: write one as ?goal, goal. "
                "or define the predicate query(...)"
            )
        return program

    def clause(self, program: Program) -> None:
        explicit = self.at("?")
        if explicit:
            self.i += 1
        tok = self.peek()
        if not explicit and tok is not None and tok.text == ":load_aspect":
            load = self.load_aspect()
            if load.name in program.loads or load.name in RELATIONS:
                raise bad_request(f"search: the relation {load.name} is declared twice")
            program.loads[load.name] = load
        else:
            goals = [self.goal()]
            while self.at(","):
                self.i += 1
                goals.append(self.goal())
            if not explicit and self.at(":-"):
                self.i += 1
                head = goals[0]
                if len(goals) != 1 or not isinstance(head, Atom):
                    raise bad_request("search: a rule's head is one predicate, such as p(X, Y)")
                body = [self.goal()]
                while self.at(","):
                    self.i += 1
                    body.append(self.goal())
                program.rules.append(Rule(head, tuple(body)))
            elif (
                not explicit
                and len(goals) == 1
                and isinstance(goals[0], Atom)
                and all(isinstance(a, Const) for a in goals[0].args)
                and goals[0].relation not in RELATIONS
            ):
                program.rules.append(Rule(goals[0], ()))
            else:
                if program.query is not None:
                    raise bad_request("search: a program has at most one query")
                program.query = tuple(goals)
        if self.peek() is not None:
            self.expect(".")

    def load_aspect(self) -> LoadAspect:
        tok = self.next(":load_aspect")
        self.expect("(")
        name = self.next("a relation name")
        if name.kind != "namec" or "/" in name.text[1:]:
            raise bad_request(
                f"search: :load_aspect needs a relation name such as /my_relation first, "
                f"not {name.text!r}"
            )
        self.expect(",")
        schema = self.next("the schema")
        if schema.kind != "string":
            raise bad_request(
                f"search: :load_aspect needs the schema as a text, not {schema.text!r}"
            )
        self.expect(",")
        self.expect("[")
        projections = [self.projection()]
        while self.at(","):
            self.i += 1
            projections.append(self.projection())
        self.expect("]")
        self.expect(")")
        del tok
        return LoadAspect(name.text[1:], _unescape(schema.text), tuple(projections))

    def projection(self) -> Projection:
        tok = self.next("a projection")
        if tok.kind != "string":
            raise bad_request(f"search: a :load_aspect projection is a text, not {tok.text!r}")
        return _projection(_unescape(tok.text))

    def goal(self) -> Goal:
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
        if tok.text == "Decl":
            raise unsupported("declarations (Decl)")
        if tok.kind == "ident":
            if not self.at("("):
                raise bad_request(
                    f"search: {tok.text!r} at position {tok.pos + 1} needs its arguments, "
                    f"such as {tok.text}(X)"
                )
            return Atom(tok.text, self.args())
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
        while self.at(","):
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
        if tok.kind == "namec":
            return Const(Name(tok.text))
        raise bad_request(
            f"search: expected a variable or constant at position {tok.pos + 1}, found {tok.text!r}"
        )


def parse_query(text: str) -> Program:
    """Parse a program of the subset; 400 for mistakes, 422 for what is outside it."""
    if len(text) > MAX_QUERY_LENGTH:
        raise invalid(
            "query", text[:100], f"the query is longer than {MAX_QUERY_LENGTH} characters"
        )
    program = _Parser(text).parse()
    _check_program(program)
    return program


def _check_program(program: Program) -> None:
    """Every relation known with one arity, every head variable bound by the body."""
    arity: dict[str, int] = {name: len(r.columns) for name, r in RELATIONS.items()}
    arity.update({name: load.arity for name, load in program.loads.items()})
    derived = {rule.head.relation for rule in program.rules}
    for name in derived & set(arity):
        raise bad_request(
            f"search: {name} is a built-in or loaded relation; rules cannot add to it"
        )
    for rule in program.rules:
        known = arity.setdefault(rule.head.relation, len(rule.head.args))
        if known != len(rule.head.args):
            raise bad_request(
                f"search: {rule.head.relation} has {known} arguments in one clause "
                f"and {len(rule.head.args)} in another"
            )
    goals = [g for rule in program.rules for g in rule.body] + list(program.query or ())
    for goal in goals:
        if isinstance(goal, Atom):
            if goal.relation not in arity:
                raise unsupported(
                    f"the predicate {goal.relation} (neither built in, loaded nor defined)"
                )
            if arity[goal.relation] != len(goal.args):
                raise bad_request(
                    f"search: {goal.relation} takes {arity[goal.relation]} arguments, "
                    f"not {len(goal.args)}"
                )
    for rule in program.rules:
        _check_bound(
            rule.body, [a for a in rule.head.args if isinstance(a, Var)], rule.head.relation
        )
    if program.query is not None:
        if not any(isinstance(g, Atom) for g in program.query):
            raise bad_request("search: the query needs at least one relation such as aspect(...)")
        _check_bound(program.query, [], "the query")


def _check_bound(body: tuple[Goal, ...], head: list[Var], what: str) -> None:
    bound = {a.name for g in body if isinstance(g, Atom) for a in g.args if isinstance(a, Var)} - {
        "_"
    }
    for check in (g for g in body if isinstance(g, Check)):
        missing = check.variables() - bound
        if missing:
            raise bad_request(f"search: variable {sorted(missing)[0]} is not bound by any relation")
    for var in head:
        if var.name == "_" or var.name not in bound:
            raise bad_request(
                f"search: variable {var.name} of the head of {what} is not bound by its body"
            )


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


Fact = tuple[Any, ...]
# Facts in the order they were found (a dict as an ordered set), so that answers are stable.
Facts = dict[Fact, None]


def _value(term: Term, b: dict[str, Any]) -> Any:
    return term.value if isinstance(term, Const) else b.get(term.name) if term.name != "_" else None


def _unify(args: tuple[Term, ...], values: Fact, b: dict[str, Any]) -> dict[str, Any] | None:
    out = b
    for arg, value in zip(args, values, strict=True):
        if isinstance(arg, Const):
            if arg.value != value:
                return None
        elif arg.name == "_":
            continue
        elif arg.name in out:
            if out[arg.name] != value:
                return None
        else:
            if out is b:
                out = dict(b)
            out[arg.name] = value
    return out


def _scan_sql(
    conn: sqlite3.Connection, atom: Atom, b: dict[str, Any], at: str
) -> Iterator[dict[str, Any]]:
    rel = RELATIONS[atom.relation]
    conds = [rel.visible_at, rel.where]
    params: list[Any] = [at] * rel.visible_at.count("?")
    for col, arg in zip(rel.columns, atom.args, strict=True):
        value = _value(arg, b)
        if value is None or col == "content" or not isinstance(value, str | int | float):
            continue
        conds.append(f"{col} = ?")
        params.append(sql_number(value) if isinstance(value, int | float) else value)
    sql = (
        f"SELECT {', '.join(rel.columns)} FROM {rel.table} WHERE {' AND '.join(conds)} ORDER BY seq"
    )
    for row in conn.execute(sql, params):
        values = tuple(
            json.loads(row[i]) if rel.columns[i] == "content" else row[i]
            for i in range(len(rel.columns))
        )
        out = _unify(atom.args, values, b)
        if out is not None:
            yield out


def _project(projection: Projection, record: dict[str, Any]) -> list[Fact]:
    """The values one projection finds in an aspect, one tuple of its columns each."""
    if projection.field is not None:
        return [(record[projection.field],)]
    found: list[Any] = [record["content"]]
    for step in projection.steps:
        nxt: list[Any] = []
        for value in found:
            if step is None and isinstance(value, list):
                nxt.extend(value)
            elif isinstance(step, int) and isinstance(value, list):
                nxt.extend(value[step : step + 1] if step >= 0 else value[step:][:1])
            elif isinstance(step, str) and isinstance(value, dict) and step in value:
                nxt.append(value[step])
        found = nxt
    if projection.columns == (None,):
        return [(value,) for value in found]
    return [
        tuple(value[c] for c in projection.columns)
        for value in found
        if isinstance(value, dict) and all(c in value for c in projection.columns)
    ]


def _load(conn: sqlite3.Connection, load: LoadAspect, at: str) -> Facts:
    rel = RELATIONS["aspect"]
    params = [at] * rel.visible_at.count("?") + [load.schema]
    facts: Facts = {}
    sql = f"SELECT id, entity, schema, content FROM aspects WHERE {rel.visible_at} AND schema = ?"
    for row in conn.execute(sql + " ORDER BY seq", params):
        record = {"id": row[0], "entity": row[1], "schema": row[2], "content": json.loads(row[3])}
        combos: list[Fact] = [()]
        for projection in load.projections:
            combos = [c + v for c in combos for v in _project(projection, record)]
        for combo in combos:
            facts[tuple(_hashable(v) for v in combo)] = None
            if len(facts) > MAX_ROWS:
                raise _too_many(load.name)
    return facts


class _Frozen(dict):  # type: ignore[type-arg]
    """A JSON object or array value kept in a fact (facts are sets, so values must hash)."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(json.dumps(self, sort_keys=True, default=str))


def _hashable(value: Any) -> Any:
    if isinstance(value, dict | list) and not isinstance(value, _Frozen):
        return _Frozen({"": value})
    return value


def _thaw(value: Any) -> Any:
    return value[""] if isinstance(value, _Frozen) else value


def _too_many(what: str) -> ApiError:
    return invalid(
        "query",
        what,
        f"more than {MAX_ROWS} intermediate results in {what}; "
        "add constants or checks to narrow it",
    )


def _solve(
    conn: sqlite3.Connection, goals: tuple[Goal, ...], facts: dict[str, Facts], at: str
) -> list[dict[str, Any]]:
    """Every binding of the goals' variables (relations in order, checks once bound)."""
    pending = [g for g in goals if isinstance(g, Check)]
    bindings: list[dict[str, Any]] = [{}]
    for atom in (g for g in goals if isinstance(g, Atom)):
        nxt: list[dict[str, Any]] = []
        for b in bindings:
            if atom.relation in facts:
                found: Iterator[dict[str, Any]] = (
                    out
                    for fact in facts[atom.relation]
                    if (out := _unify(atom.args, tuple(_thaw(v) for v in fact), b)) is not None
                )
            else:
                found = _scan_sql(conn, atom, b, at)
            for out in found:
                nxt.append(out)
                if len(nxt) > MAX_ROWS:
                    raise _too_many(atom.relation)
        bindings = nxt
        if not bindings:
            return []
        ready = [c for c in pending if c.variables() <= set(bindings[0])]
        for check in ready:
            bindings = [b for b in bindings if _check(check, b)]
        pending = [c for c in pending if c not in ready]
    return bindings


def _derive(conn: sqlite3.Connection, program: Program, at: str) -> dict[str, Facts]:
    """The loaded relations and every derived fact: rules applied until nothing new comes."""
    facts: dict[str, Facts] = {name: _load(conn, load, at) for name, load in program.loads.items()}
    for rule in program.rules:
        facts.setdefault(rule.head.relation, {})
    changed = True
    while changed:
        changed = False
        for rule in program.rules:
            derived = facts[rule.head.relation]
            for b in _solve(conn, rule.body, facts, at):
                fact = tuple(_hashable(_value(a, b)) for a in rule.head.args)
                if fact not in derived:
                    derived[fact] = None
                    changed = True
                    if sum(len(f) for f in facts.values()) > MAX_ROWS:
                        raise _too_many(rule.head.relation)
    return facts


def _shown(value: Any) -> Any:
    return value.text if isinstance(value, Name) else _thaw(value)


def run_query(conn: sqlite3.Connection, text: str, at: str) -> list[dict[str, Any]]:
    """Every result row of the program as of ``at`` (deduplicated, in evaluation order)."""
    program = parse_query(text)
    facts = _derive(conn, program, at)
    rows: list[dict[str, Any]] = []
    if program.query is not None:
        order: list[str] = []
        for goal in program.query:
            if isinstance(goal, Atom):
                for arg in goal.args:
                    if isinstance(arg, Var) and arg.name != "_" and arg.name not in order:
                        order.append(arg.name)
        for b in _solve(conn, program.query, facts, at):
            rows.append({name: _shown(b[name]) for name in order})
    else:
        head = next(r.head for r in program.rules if r.head.relation == "query")
        names = [
            a.name if isinstance(a, Var) and a.name != "_" else f"_{i}"
            for i, a in enumerate(head.args, 1)
        ]
        for fact in facts["query"]:
            rows.append({name: _shown(v) for name, v in zip(names, fact, strict=True)})
    seen: set[str] = set()
    unique: list[dict[str, Any]] = []
    for row in rows:
        key = json.dumps(row, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique
