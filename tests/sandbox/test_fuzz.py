"""Fuzzing from the contract with schemathesis: no 5xx, no answer that violates the contract.

Bounded (a few examples per operation, positive and negative data, fixed
seed) so the whole run stays well under a minute on two cores.

Every operation the sandbox serves is fuzzed. The contract also has
operations the sandbox does not serve yet (those of :data:`NOT_YET_SERVED`,
added with the rest of IVCAP v0.44): fuzzing them would only show that they
are missing, so they are left out, and ``test_the_unserved_operations_are_
exactly_those_left_out`` fails as soon as one of them gets a route (or another
operation loses its own), so the list cannot go stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from conveyor_sandbox import SandboxServer  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402
from starlette.routing import Match  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "openapi" / "platform.yaml").read_text())
#: Tags of the contract whose operations the sandbox does not serve yet.
NOT_YET_SERVED: tuple[str, ...] = ()

# Every check runs, with two adjustments:
# - positive_data_acceptance is off: schema-valid is not acceptable (a random
#   string is a schema-valid page token, filter or content-path), and the
#   contract documents the 400/422 the sandbox answers for those;
# - negative_data_rejection also takes 413, the contract's answer when a
#   body is larger than its declared length, and no longer excuses 5xx.
CONFIG = SchemathesisConfig.from_str(
    """
[checks.positive_data_acceptance]
enabled = false

[checks.negative_data_rejection]
expected-statuses = [
    "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429",
]
"""
)


@schemathesis.serializer("application/offset+octet-stream", "application/datalog+mangle")
def _raw_body(ctx: Any, value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


SCHEMA = schemathesis.openapi.from_dict(SPEC, config=CONFIG)
if NOT_YET_SERVED:
    SCHEMA = SCHEMA.exclude(tag=list(NOT_YET_SERVED))


@pytest.fixture(scope="module")
def live() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@SCHEMA.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_contract_fuzz(case: Any, live: SandboxServer) -> None:
    if case.headers and "Tus-Resumable" in case.headers:
        # The contract describes this header as `1.0.0` but types it as any
        # string; tus answers any other version with 412 (test_tus.py), an
        # answer the contract leaves out, so the fuzzer speaks the one version.
        case.headers["Tus-Resumable"] = "1.0.0"
    case.call_and_validate(base_url=live.url, headers={"Authorization": f"Bearer {live.token}"})


def test_the_unserved_operations_are_exactly_those_left_out() -> None:
    server = SandboxServer()
    try:
        routes = server.app.starlette.routes
        unserved, left_out = set(), set()
        for template, item in SPEC["paths"].items():
            path = re.sub(r"\{[^}]+\}", "urn:ivcap:thing:1", template)
            for method, operation in item.items():
                if method not in ("get", "put", "post", "delete", "patch", "head"):
                    continue
                scope = {"type": "http", "path": path, "method": method.upper(), "root_path": ""}
                if not any(route.matches(scope)[0] is Match.FULL for route in routes):
                    unserved.add(f"{method.upper()} {template}")
                if set(operation.get("tags", [])) & set(NOT_YET_SERVED):
                    left_out.add(f"{method.upper()} {template}")
        assert unserved == left_out
    finally:
        server.stop()
