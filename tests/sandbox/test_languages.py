"""Unit tests of the filter, JSONPath and search parsers."""

from __future__ import annotations

import pytest
from conveyor_sandbox._errors import ApiError
from conveyor_sandbox._filter import (
    BoolOp,
    Compare,
    Field,
    Not,
    compile_filter,
    like_to_glob,
    parse_filter,
)
from conveyor_sandbox._jsonpath import parse_path

#: A small field table for the filter compiler.
FIELDS = {
    "name": Field("name", "name", "text"),
    "status": Field("status", "status", "text"),
    "size": Field("size", "size", "int"),
    "created-at": Field("created-at", "created_at", "time"),
}

DOC = {
    "a": {"b": 1, "c": [1, 2, 3]},
    "tags": ["x", "y"],
    "items": [{"size": 5, "name": "s"}, {"size": 50, "name": "big one"}],
    "odd key": True,
    "deep": {"deeper": {"name": "n"}},
}


def test_filter_precedence_and_quotes() -> None:
    node = parse_filter("name == 'O''Brien' or status == 'ready' and not size > 3")
    assert node == BoolOp(
        "or",
        (
            Compare("name", "==", "O'Brien"),
            BoolOp("and", (Compare("status", "==", "ready"), Not(Compare("size", ">", 3)))),
        ),
    )
    assert parse_filter("(a == 1 OR b == 2) AND c != true") == BoolOp(
        "and",
        (BoolOp("or", (Compare("a", "==", 1), Compare("b", "==", 2))), Compare("c", "!=", True)),
    )


def test_filter_compiles_to_parameters() -> None:
    sql, params = compile_filter(
        parse_filter("name ~= 'a%b_c*' and created-at >= '2026-01-01T00:00:00+01:00'"),
        FIELDS,
    )
    assert params == ["a*b_c[*]", "2025-12-31T23:00:00.000000Z"]
    assert "GLOB" in sql and "'" not in sql  # values never enter the SQL text


def test_like_to_glob() -> None:
    assert like_to_glob("word%") == "word*"
    assert like_to_glob("a?[b]") == "a[?][[]b]"


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("$", True),
        ("$.a.b", True),
        ("$.a.zz", False),
        ("$.a.c[*] ? (@ == 2)", True),
        ("$.a.c ? (@ == 4)", False),
        ('$.tags[*] ? (@ == "y")', True),
        ("$.tags ? (@ == 'x')", True),
        ("$.items[?(@.size > 10)].name", True),
        ("$.items[?(@.size > 100)]", False),
        ('$.items[*] ? (@.name starts with "big")', True),
        ("$.items[-1].size ? (@ == 50)", True),
        ("$.items[5]", False),
        ('$["odd key"] ? (@ == true)', True),
        ('$."odd key"', True),
        ('$..name ? (@ == "n")', True),
        ("$.* ? (exists(@.b))", True),
        ("$.a ? (@.b == 1 && !(@.b == 2) || @.zz)", True),
        ('$.a.b ? (@ == "1")', False),
        ("$.a.b ? (@ == 1.0)", True),
        ('$.a.b ? (@ < "z")', False),
        ("$.items ? (@.size >= 50)", True),
    ],
)
def test_jsonpath_subset(path: str, matches: bool) -> None:
    assert parse_path(path).matches(DOC) is matches


@pytest.mark.parametrize(
    "path", ["a.b", "$.", "$[", "$.a ? (@ ==)", "$.a[1.5]", "$.a ? @ == 1", "$ $", "$.a[?(@ ~ 1)]"]
)
def test_jsonpath_errors_are_400(path: str) -> None:
    with pytest.raises(ApiError) as err:
        parse_path(path)
    assert err.value.status == 400 and err.value.message.startswith("content-path:")


def test_jsonpath_nesting_is_bounded() -> None:
    with pytest.raises(ApiError):
        parse_path("$ ? " + "(" * 100 + "@" + ")" * 100)
