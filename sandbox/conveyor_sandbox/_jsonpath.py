"""The JSONPath subset accepted by ``content-path`` (and by ``:json_path`` in search).

An aspect matches when the path selects at least one value of its content.

Path syntax::

    $                       the content itself
    .name  ."odd name"      a member (names: letters, digits, _ and -)
    ['name']  ["name"]      a member, bracket form
    [3]  [-1]               an array element (negative counts from the end)
    [*]  .*                 every element of an array / member of an object
    ..name                  ``name`` members at any depth
    [?( pred )]             the elements (or members) satisfying pred
    ? ( pred )              keep the current values satisfying pred
                            (SQL/JSON style, as in ``$.tags ? (@ == "x")``)

Predicates::

    pred    := or ; "||" / "&&" / "!" and parentheses
    test    := operand OP operand | operand "starts with" "text"
             | "exists" "(" relpath ")" | relpath
    OP      := == != < <= > >=      (= is accepted for ==)
    operand := relpath | "text" | 'text' | number | true | false | null
    relpath := @ followed by steps (``@``, ``@.size``, ``@.a[0].b``)

Semantics follow PostgreSQL's lax mode where it matters: a ``? ( )``
filter applied to an array tests each element, and a comparison is true
when any selected value satisfies it. ``==`` compares JSON values exactly
(``1 == 1.0``, but ``"1" != 1``); ``<``-style comparisons are between two
numbers or two strings only. A bare relpath tests that something exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ._errors import ApiError, bad_request

MAX_PATH_LENGTH = 1024
MAX_DEPTH = 32


@dataclass(frozen=True)
class Member:
    """``.name``."""

    name: str


@dataclass(frozen=True)
class Index:
    """``[n]``."""

    index: int


@dataclass(frozen=True)
class Wildcard:
    """``[*]`` / ``.*``."""


@dataclass(frozen=True)
class Descend:
    """``..name``."""

    name: str


@dataclass(frozen=True)
class Filter:
    """``[?(pred)]`` (children) or ``? (pred)`` (current values, lax)."""

    pred: Pred
    children: bool


Step = Member | Index | Wildcard | Descend | Filter


@dataclass(frozen=True)
class Literal_:
    """A constant operand."""

    value: Any


@dataclass(frozen=True)
class RelPath:
    """``@`` and steps."""

    steps: tuple[Step, ...]


Operand = Literal_ | RelPath


@dataclass(frozen=True)
class Cmp:
    """``a op b`` (op includes ``starts``)."""

    op: str
    left: Operand
    right: Operand


@dataclass(frozen=True)
class Exists:
    """``exists(@...)`` or a bare relpath."""

    path: RelPath


@dataclass(frozen=True)
class Logic:
    """``&&`` / ``||``."""

    op: Literal["&&", "||"]
    left: Pred
    right: Pred


@dataclass(frozen=True)
class Negate:
    """``!pred``."""

    pred: Pred


Pred = Cmp | Exists | Logic | Negate


@dataclass(frozen=True)
class JsonPath:
    """A parsed path; call :meth:`matches` on JSON content."""

    text: str
    steps: tuple[Step, ...]

    def select(self, content: Any) -> Iterator[Any]:
        """Every value the path selects."""
        return _walk([content], self.steps)

    def matches(self, content: Any) -> bool:
        """Whether the path selects at least one value."""
        return next(iter(self.select(content)), _NOTHING) is not _NOTHING


_NOTHING = object()

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<punct>\.\.|\[|\]|\(|\)|==|!=|<=|>=|&&|\|\||[.$@*?<>=!,])
  | (?P<dq>"(?:[^"\\]|\\.)*")
  | (?P<sq>'(?:[^'\\]|\\.)*')
  | (?P<number>-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
    """,
    re.VERBOSE,
)

_ESCAPES = {
    '"': '"',
    "'": "'",
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


def _unquote(text: str) -> str:
    body = text[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if (
                nxt == "u"
                and i + 5 < len(body) + 0
                and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2 : i + 6])
            ):
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int


class _Parser:
    def __init__(self, text: str, label: str) -> None:
        self.text = text
        self.label = label
        self.toks = self._tokenize(text)
        self.i = 0
        self.depth = 0

    def error(self, message: str) -> ApiError:
        return bad_request(f"{self.label}: {message}")

    def _tokenize(self, text: str) -> list[_Tok]:
        out: list[_Tok] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN_RE.match(text, pos)
            if m is None:
                raise self.error(f"unexpected character {text[pos]!r} at position {pos + 1}")
            if m.lastgroup != "ws":
                out.append(_Tok(m.lastgroup or "", m.group(), pos))
            pos = m.end()
        return out

    def peek(self, ahead: int = 0) -> _Tok | None:
        j = self.i + ahead
        return self.toks[j] if j < len(self.toks) else None

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind in ("punct", "name") and tok.text == text

    def take(self, text: str) -> None:
        if not self.at(text):
            tok = self.peek()
            where = f"at position {tok.pos + 1}, found {tok.text!r}" if tok else "at the end"
            raise self.error(f"expected {text!r} {where}")
        self.i += 1

    def parse(self) -> JsonPath:
        if not self.at("$"):
            raise self.error("a path starts with '$'")
        self.i += 1
        steps = self.steps(allow_lax_filter=True)
        tok = self.peek()
        if tok is not None:
            raise self.error(f"unexpected {tok.text!r} at position {tok.pos + 1}")
        return JsonPath(self.text, tuple(steps))

    def steps(self, *, allow_lax_filter: bool) -> list[Step]:
        steps: list[Step] = []
        while True:
            tok = self.peek()
            if tok is None:
                return steps
            if tok.text == "..":
                self.i += 1
                name = self.peek()
                if name is None or name.kind not in ("name", "dq", "sq"):
                    raise self.error("expected a member name after '..'")
                self.i += 1
                steps.append(Descend(name.text if name.kind == "name" else _unquote(name.text)))
            elif tok.text == ".":
                self.i += 1
                name = self.peek()
                if name is None:
                    raise self.error("expected a member name after '.'")
                self.i += 1
                if name.text == "*":
                    steps.append(Wildcard())
                elif name.kind == "name":
                    steps.append(Member(name.text))
                elif name.kind in ("dq", "sq"):
                    steps.append(Member(_unquote(name.text)))
                else:
                    raise self.error(f"expected a member name after '.', found {name.text!r}")
            elif tok.text == "[":
                self.i += 1
                steps.append(self.bracket())
            elif tok.text == "?" and allow_lax_filter:
                self.i += 1
                self.take("(")
                pred = self.pred()
                self.take(")")
                steps.append(Filter(pred, children=False))
            else:
                return steps

    def bracket(self) -> Step:
        tok = self.peek()
        if tok is None:
            raise self.error("unterminated '['")
        step: Step
        if tok.text == "*":
            self.i += 1
            step = Wildcard()
        elif tok.kind == "number":
            self.i += 1
            try:
                step = Index(int(tok.text))
            except ValueError:
                raise self.error(f"array index must be an integer, not {tok.text!r}") from None
        elif tok.kind in ("dq", "sq"):
            self.i += 1
            step = Member(_unquote(tok.text))
        elif tok.text == "?":
            self.i += 1
            self.take("(")
            pred = self.pred()
            self.take(")")
            step = Filter(pred, children=True)
        else:
            raise self.error(f"unsupported selector {tok.text!r} at position {tok.pos + 1}")
        self.take("]")
        return step

    def pred(self) -> Pred:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error("expression nested too deeply")
        try:
            left = self.conj()
            while self.at("||"):
                self.i += 1
                left = Logic("||", left, self.conj())
            return left
        finally:
            self.depth -= 1

    def conj(self) -> Pred:
        left = self.unary()
        while self.at("&&"):
            self.i += 1
            left = Logic("&&", left, self.unary())
        return left

    def unary(self) -> Pred:
        if self.at("!"):
            self.i += 1
            return Negate(self.unary())
        if self.at("("):
            self.i += 1
            inner = self.pred()
            self.take(")")
            return inner
        if self.at("exists"):
            self.i += 1
            self.take("(")
            operand = self.operand()
            self.take(")")
            if not isinstance(operand, RelPath):
                raise self.error("exists() takes a path starting with '@'")
            return Exists(operand)
        left = self.operand()
        tok = self.peek()
        if tok is not None and tok.text in ("==", "!=", "<", "<=", ">", ">=", "="):
            self.i += 1
            op = "==" if tok.text == "=" else tok.text
            return Cmp(op, left, self.operand())
        if tok is not None and tok.text == "starts":
            self.i += 1
            self.take("with")
            right = self.operand()
            return Cmp("starts", left, right)
        if isinstance(left, RelPath):
            return Exists(left)
        raise self.error("expected a comparison")

    def operand(self) -> Operand:
        tok = self.peek()
        if tok is None:
            raise self.error("expected a value at the end")
        self.i += 1
        if tok.text == "@":
            return RelPath(tuple(self.steps(allow_lax_filter=False)))
        if tok.kind in ("dq", "sq"):
            return Literal_(_unquote(tok.text))
        if tok.kind == "number":
            return Literal_(float(tok.text) if any(c in tok.text for c in ".eE") else int(tok.text))
        if tok.kind == "name" and tok.text in ("true", "false", "null"):
            return Literal_({"true": True, "false": False, "null": None}[tok.text])
        raise self.error(f"unexpected {tok.text!r} at position {tok.pos + 1}")


def parse_path(text: str, label: str = "content-path") -> JsonPath:
    """Parse a path of the supported subset; 400 naming the problem otherwise."""
    if len(text) > MAX_PATH_LENGTH:
        raise bad_request(f"{label}: longer than {MAX_PATH_LENGTH} characters")
    return _Parser(text, label).parse()


def _children(value: Any) -> Iterator[Any]:
    if isinstance(value, list):
        yield from value
    elif isinstance(value, dict):
        yield from value.values()


def _descend(value: Any, name: str) -> Iterator[Any]:
    stack = [value]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            if name in cur:
                yield cur[name]
            stack.extend(reversed(list(cur.values())))
        elif isinstance(cur, list):
            stack.extend(reversed(cur))


def _walk(values: list[Any], steps: tuple[Step, ...]) -> Iterator[Any]:
    if not steps:
        yield from values
        return
    step, rest = steps[0], steps[1:]
    for value in values:
        nxt: list[Any] = []
        if isinstance(step, Member):
            if isinstance(value, dict) and step.name in value:
                nxt.append(value[step.name])
            elif isinstance(value, list):
                # Lax mode: a member step over an array applies to its objects.
                nxt.extend(v[step.name] for v in value if isinstance(v, dict) and step.name in v)
        elif isinstance(step, Index):
            if isinstance(value, list) and -len(value) <= step.index < len(value):
                nxt.append(value[step.index])
        elif isinstance(step, Wildcard):
            nxt.extend(_children(value))
        elif isinstance(step, Descend):
            nxt.extend(_descend(value, step.name))
        else:
            candidates = (
                list(_children(value)) if step.children or isinstance(value, list) else [value]
            )
            nxt.extend(c for c in candidates if _test(step.pred, c))
        yield from _walk(nxt, rest)


def _values(operand: Operand, current: Any) -> list[Any]:
    if isinstance(operand, Literal_):
        return [operand.value]
    return list(_walk([current], operand.steps))


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _compare(op: str, a: Any, b: Any) -> bool:
    if op == "starts":
        return isinstance(a, str) and isinstance(b, str) and a.startswith(b)
    if op in ("==", "!="):
        same_kind = (_is_number(a) and _is_number(b)) or type(a) is type(b)
        equal = same_kind and a == b
        return equal if op == "==" else (same_kind and not equal)
    if not ((_is_number(a) and _is_number(b)) or (isinstance(a, str) and isinstance(b, str))):
        return False
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


def _test(pred: Pred, current: Any) -> bool:
    if isinstance(pred, Logic):
        if pred.op == "&&":
            return _test(pred.left, current) and _test(pred.right, current)
        return _test(pred.left, current) or _test(pred.right, current)
    if isinstance(pred, Negate):
        return not _test(pred.pred, current)
    if isinstance(pred, Exists):
        return bool(_values(pred.path, current))
    lefts = _values(pred.left, current)
    rights = _values(pred.right, current)
    return any(_compare(pred.op, a, b) for a in lefts for b in rights)
