"""The ``filter`` expressions of list operations, compiled to SQL.

Grammar (whitespace between tokens is free)::

    expr    := term ("or" term)*
    term    := factor ("and" factor)*
    factor  := "not" factor | "(" expr ")" | compare
    compare := FIELD OP VALUE
    OP      := "==" | "!=" | "<" | "<=" | ">" | ">=" | "~="
    VALUE   := 'single-quoted text' | number | true | false

- ``and`` binds tighter than ``or``; keywords are case-insensitive.
- Inside a quoted value a single quote is written twice: ``'O''Brien'``.
- FIELD is one of the kebab-case fields of the list's items (for example
  ``name``, ``status``, ``created-at``); an unknown field is an error.
- ``~=`` is SQL LIKE: ``%`` matches any run of characters, every other
  character (``_`` included) matches itself, case-sensitively.
- ``!=`` is also true when the field has no value.
- Date-time fields compare as instants: the value is an RFC 3339 text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ._errors import ApiError, bad_request
from ._util import parse_time, sql_number

FieldKind = Literal["text", "int", "time", "bool"]
MAX_FILTER_LENGTH = 2000
MAX_DEPTH = 32


@dataclass(frozen=True)
class Field:
    """A list item field: its wire name, SQL column expression and kind."""

    name: str
    column: str
    kind: FieldKind


@dataclass(frozen=True)
class Compare:
    """``field op value``."""

    field: str
    op: str
    value: str | int | float | bool


@dataclass(frozen=True)
class BoolOp:
    """``and``/``or`` over two or more operands."""

    op: Literal["and", "or"]
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """Negation."""

    operand: Node


Node = Compare | BoolOp | Not

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<op>==|!=|<=|>=|~=|<|>)
  | (?P<paren>[()])
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_$][A-Za-z0-9_.$-]*)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    pos: int


def _error(message: str) -> ApiError:
    return bad_request(f"filter: {message}")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            if text[pos] == "'":
                raise _error(f"unterminated quoted value starting at position {pos + 1}")
            raise _error(f"unexpected character {text[pos]!r} at position {pos + 1}")
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(_Token(kind, match.group(), pos))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def keyword(self, word: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.kind == "word" and tok.text.lower() == word:
            self.i += 1
            return True
        return False

    def parse(self) -> Node:
        if not self.tokens:
            raise _error("empty expression")
        node = self.expr()
        tok = self.peek()
        if tok is not None:
            raise _error(f"unexpected {tok.text!r} at position {tok.pos + 1}")
        return node

    def expr(self) -> Node:
        operands = [self.term()]
        while self.keyword("or"):
            operands.append(self.term())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def term(self) -> Node:
        operands = [self.factor()]
        while self.keyword("and"):
            operands.append(self.factor())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def factor(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error("expression nested too deeply")
        try:
            if self.keyword("not"):
                return Not(self.factor())
            tok = self.peek()
            if tok is not None and tok.kind == "paren" and tok.text == "(":
                self.i += 1
                node = self.expr()
                close = self.peek()
                if close is None or close.text != ")":
                    raise _error("missing ')'")
                self.i += 1
                return node
            return self.compare()
        finally:
            self.depth -= 1

    def compare(self) -> Compare:
        tok = self.peek()
        if tok is None:
            raise _error("expected a field name at the end")
        if tok.kind != "word" or tok.text.lower() in ("and", "or", "not", "true", "false"):
            raise _error(f"expected a field name at position {tok.pos + 1}, found {tok.text!r}")
        self.i += 1
        op = self.peek()
        if op is None or op.kind != "op":
            raise _error(f"expected an operator after {tok.text!r}")
        self.i += 1
        val = self.peek()
        if val is None:
            raise _error(f"expected a value after {tok.text!r} {op.text}")
        self.i += 1
        value: str | int | float | bool
        if val.kind == "string":
            value = val.text[1:-1].replace("''", "'")
        elif val.kind == "number":
            try:
                value = int(val.text)
            except ValueError:
                value = float(val.text)
        elif val.kind == "word" and val.text.lower() in ("true", "false"):
            value = val.text.lower() == "true"
        else:
            raise _error(
                f"expected a value after {tok.text!r} {op.text} at position {val.pos + 1}: "
                "quote text as 'text' (a quote inside is written twice)"
            )
        return Compare(tok.text, op.text, value)


def parse_filter(text: str) -> Node:
    """Parse a filter expression; 400 naming the problem when it is not one."""
    if len(text) > MAX_FILTER_LENGTH:
        raise _error(f"longer than {MAX_FILTER_LENGTH} characters")
    return _Parser(text).parse()


def like_to_glob(pattern: str) -> str:
    """Translate a LIKE pattern (only ``%`` is special) to an SQLite GLOB pattern."""
    out = []
    for ch in pattern:
        if ch == "%":
            out.append("*")
        elif ch in "*?[":
            out.append(f"[{ch}]")
        else:
            out.append(ch)
    return "".join(out)


_SQL_OPS = {"==": "IS", "!=": "IS NOT", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def compile_filter(node: Node, fields: dict[str, Field]) -> tuple[str, list[object]]:
    """Compile a parsed filter to an SQL condition and its parameters.

    Raises 400 for unknown fields and values of the wrong kind.
    """
    params: list[object] = []

    def emit(n: Node) -> str:
        if isinstance(n, BoolOp):
            joiner = " AND " if n.op == "and" else " OR "
            return "(" + joiner.join(emit(o) for o in n.operands) + ")"
        if isinstance(n, Not):
            return f"(NOT COALESCE({emit(n.operand)}, 0))"
        field = fields.get(n.field)
        if field is None:
            known = ", ".join(sorted(fields))
            raise _error(f"unknown field {n.field!r}; known fields: {known}")
        value = n.value
        if n.op == "~=":
            if field.kind not in ("text", "time") or not isinstance(value, str):
                raise _error(f"~= needs a quoted pattern and a text field, not {n.field!r}")
            params.append(like_to_glob(value))
            return f"({field.column} GLOB ?)"
        if field.kind == "text":
            if not isinstance(value, str):
                raise _error(f"{n.field} is text: quote the value as '...'")
        elif field.kind == "time":
            if not isinstance(value, str) or (stored := parse_time(value)) is None:
                raise _error(
                    f"{n.field} is a date-time: "
                    "give an RFC 3339 value such as '2026-01-31T12:00:00Z'"
                )
            value = stored
        elif field.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _error(f"{n.field} is a number: give it unquoted")
        elif field.kind == "bool" and not isinstance(value, bool):
            raise _error(f"{n.field} is true or false")
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, int | float):
            value = sql_number(value)
        params.append(value)
        return f"({field.column} {_SQL_OPS[n.op]} ?)"

    return emit(node), params
