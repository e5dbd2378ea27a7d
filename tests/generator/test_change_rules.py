"""Every change-report rule, on its fixture pair (fixtures/change-rules.yaml).

For each rule: the pair produces exactly that rule (and the ones the fixture says
come with it), the change names what changed, and `--fail-on-breaking` exits 1
exactly when some change of the pair is an error.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regenerate
from contract_diff import RULES, diff_contracts, format_report, rules_table
from ruamel.yaml import YAML

from .conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "change-rules.yaml"


@cache
def fixtures() -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe", pure=True).load(FIXTURES.read_text("utf-8"))
    return loaded


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: mappings merge recursively, `null` deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def pair(rule: str) -> tuple[dict[str, Any], dict[str, Any]]:
    base = fixtures()["base"]
    entry = fixtures()["rules"][rule]
    return merge_patch(base, entry.get("old") or {}), merge_patch(base, entry.get("new") or {})


def test_every_rule_has_a_fixture_pair() -> None:
    assert sorted(fixtures()["rules"]) == sorted(RULES)


@pytest.mark.parametrize("rule", list(RULES))
def test_rule_fires_on_its_fixture_pair(rule: str) -> None:
    old, new = pair(rule)
    entry = fixtures()["rules"][rule]
    changes = diff_contracts(old, new)
    assert {change.rule for change in changes} == {rule, *entry.get("also", [])}, [
        change.line() for change in changes
    ]
    mine = [change for change in changes if change.rule == rule]
    if "subject" in entry:
        assert any(entry["subject"] in change.subject for change in mine), [
            change.subject for change in mine
        ]
    for change in mine:
        assert change.pointer.startswith("#/"), change.pointer
        assert change.text().endswith(".")
    # Nothing changes the other way round when nothing changed at all.
    assert diff_contracts(new, copy.deepcopy(new)) == []


@pytest.mark.parametrize("rule", list(RULES))
def test_fail_on_breaking_exits_1_exactly_on_errors(
    rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair(rule)
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_text(json.dumps(old), encoding="utf-8")
    new_path.write_text(json.dumps(new), encoding="utf-8")
    args = ["--report-only", "--spec", str(new_path), "--against", str(old_path)]
    status = regenerate.main([*args, "--fail-on-breaking"])
    out = capsys.readouterr()
    breaking = any(change.breaking for change in diff_contracts(old, new))
    assert status == (1 if breaking else 0), out.out + out.err
    assert breaking == (RULES[rule].level == "error") or fixtures()["rules"][rule].get("also")
    assert f"`{rule}`" in out.out
    assert regenerate.main(args) == 0  # without the flag the report never fails
    capsys.readouterr()


def test_levels_and_sides_are_known() -> None:
    for rule in RULES.values():
        assert rule.level in ("error", "warning", "info")
        assert rule.side in ("request", "response", "either", "operation", "client")
        if rule.level != "info":
            assert rule.why, f"{rule.id}: an error or warning says why it matters"


def test_the_readme_lists_every_rule() -> None:
    readme = (ROOT / "openapi" / "README.md").read_text("utf-8")
    missing = [row for row in rules_table() if row not in readme]
    assert not missing, "openapi/README.md lacks rows of contract_diff.rules_table():\n" + (
        "\n".join(missing)
    )


def test_json_report_has_what_a_tool_needs() -> None:
    old, new = pair("request-property-added-required")
    data = json.loads(format_report(diff_contracts(old, new), "old.json", "new.json", "json"))
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0, "total": 1}
    (change,) = data["changes"]
    assert change["rule"] == "request-property-added-required"
    assert change["level"] == "error"
    assert change["side"] == "request"
    assert change["subject"] == "NewThing.owner"
    assert change["pointer"] == "#/components/schemas/NewThing/properties/owner"
    assert change["operations"] == [
        {
            "operationId": "create_thing",
            "method": "POST",
            "path": "/things",
            "tags": ["things"],
            "where": "request body",
        }
    ]
