"""The change report from upstream IVCAP core API v0.43 to v0.44, kept as written.

`fixtures/ivcap-0.43-to-0.44.md` was checked by hand against the two specs in
openapi/upstream/: the 10 new operations (services2 and jobs, project
information), no removed ones; the five /1/services operations that moved to the
`servicex` tag under new operationIds and X-named schemas; the ids that became
`format: uri` (no longer uuid.UUID); the binary strings that became any value;
the project request and records; the 501/409/415 answers with new error schemas.
When the report's wording or a rule changes on purpose, write it again with

    .venv/bin/python scripts/regenerate.py --report-only \\
        --spec openapi/upstream/ivcap-core-api-0.44.openapi3.json \\
        --against openapi/upstream/ivcap-core-api.openapi3.json \\
        > tests/generator/fixtures/ivcap-0.43-to-0.44.md

and read the diff before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regenerate

FIXTURE = Path(__file__).parent / "fixtures" / "ivcap-0.43-to-0.44.md"
ARGS = [
    "--report-only",
    "--spec",
    "openapi/upstream/ivcap-core-api-0.44.openapi3.json",
    "--against",
    "openapi/upstream/ivcap-core-api.openapi3.json",
]


def run(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    status = regenerate.main([*ARGS, *extra])
    return status, capsys.readouterr().out


@pytest.fixture(autouse=True)
def in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])


def test_the_markdown_changelog_is_the_one_checked_by_hand(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out = run(capsys)
    assert status == 0
    assert out == FIXTURE.read_text(encoding="utf-8")


def test_breaking_changes_fail_the_run_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run(capsys, "--fail-on-breaking")
    assert status == 1


def test_the_json_changelog_says_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "--format", "json")
    assert status == 0
    data = json.loads(out)
    markdown = FIXTURE.read_text(encoding="utf-8")
    counts = data["summary"]
    assert (
        f"{counts['total']} changes: **{counts['error']} breaking**, "
        f"{counts['warning']} that may break, {counts['info']} other." in markdown
    )
    added = sorted(
        (op["method"], op["path"])
        for change in data["changes"]
        if change["rule"] == "operation-added"
        for op in change["operations"]
    )
    assert added == [
        ("DELETE", "/1/services2/{id}"),
        ("GET", "/1/services2"),
        ("GET", "/1/services2/{id}"),
        ("GET", "/1/services2/{service_id}/jobs"),
        ("GET", "/1/services2/{service_id}/jobs/{id}"),
        ("GET", "/1/services2/{service_id}/jobs/{job_id}/output"),
        ("POST", "/1/services2"),
        ("POST", "/1/services2/{service_id}/jobs"),
        ("PUT", "/1/project/{urn}"),
        ("PUT", "/1/services2/{id}"),
    ]
    assert not [c for c in data["changes"] if c["rule"] == "operation-removed"]
    moved = {
        c["operations"][0]["operationId"]: c["detail"]
        for c in data["changes"]
        if c["rule"] == "operation-tag-changed"
    }
    assert moved == {
        name: "service -> servicex"
        for name in (
            "servicex#create_service",
            "servicex#delete",
            "servicex#list",
            "servicex#read",
            "servicex#update",
        )
    }
    removed = {c["subject"] for c in data["changes"] if c["rule"] == "request-property-removed"}
    assert {"ProjectCreateRequest.account_urn", "ProjectCreateRequest.parent_project_urn"} <= (
        removed
    )
    for change in data["changes"]:
        assert change["pointer"].startswith("#/")
        assert change["level"] in ("error", "warning", "info")
