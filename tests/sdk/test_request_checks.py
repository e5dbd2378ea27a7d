"""The fast path of job-request checking never accepts what jsonschema refuses."""

from __future__ import annotations

from typing import Any

import pytest
from conveyor._job_requests import RequestModel, _simple_check
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import validators

SCHEMAS: list[dict[str, Any]] = [
    {
        "type": "object",
        "properties": {
            "text": {"type": "string", "minLength": 1, "maxLength": 5},
            "n": {"type": "integer", "minimum": 1, "maximum": 10},
            "ratio": {"type": "number"},
            "flag": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "none": {"type": "null"},
        },
        "required": ["text"],
        "additionalProperties": False,
    },
    {"type": "object", "properties": {"x": {}}, "required": ["x"]},
    {"type": "array", "items": {"type": "integer", "minimum": 0}},
    {"type": "integer"},
    {},
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-20, 20) | st.floats(-20, 20) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "n", "ratio", "flag", "tags", "none", "x", "y"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@pytest.mark.parametrize("schema", SCHEMAS, ids=range(len(SCHEMAS)))
@settings(max_examples=300, deadline=None)
@given(value=json_values)
def test_the_fast_check_agrees_with_jsonschema(schema: dict[str, Any], value: Any) -> None:
    quick = _simple_check(schema)
    assert quick is not None  # these schemas are all within the fast path's keywords
    expected = validators.validator_for(schema)(schema).is_valid(value)
    assert quick(value) == expected, (schema, value)


def test_schemas_beyond_the_fast_path_go_to_jsonschema() -> None:
    for schema in (
        {"enum": [1, 2]},
        {"oneOf": [{"type": "string"}]},
        {"type": ["string", "null"]},
        {"properties": {"a": {"pattern": "^x"}}},
        {"$ref": "#/$defs/a", "$defs": {"a": {}}},
    ):
        assert _simple_check(schema) is None, schema
    model = RequestModel.from_schema({"type": "object", "properties": {"a": {"pattern": "^x"}}})
    model.validate({"a": "xy"})
    with pytest.raises(Exception, match="does not match"):
        model.validate({"a": "y"})
