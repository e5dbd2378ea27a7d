"""The sandbox answers in upstream's shape: schemathesis drives it with IVCAP's own specs.

The contract (``openapi/platform.yaml``) is the sandbox's law, and
``test_fuzz.py`` fuzzes it with that. This module fuzzes the same live
sandbox with the **upstream** specs instead (IVCAP core API v0.43 and v0.44,
``openapi/upstream/``), every operation of theirs that the contract covers,
and every check schemathesis has: no 5xx, only status codes upstream lists,
and every answer valid against upstream's response schemas, required fields
included. So a client generated from upstream's spec parses what the
sandbox says.

Where the sandbox deliberately answers otherwise, the difference is declared
in ``openapi/upstream-deviations.toml``: each entry is a JSON Patch on the
upstream spec with the reason, also listed in ``openapi/README.md``. The test
fuzzes a patched copy of the spec (the vendored files stay as upstream wrote
them), so only the declared places are relaxed, never a check as a whole; a
patch that no longer applies fails the run.

Bounded: a few examples per operation, a fixed seed, positive and negative
data; both versions together take well under a minute on two cores.
"""

from __future__ import annotations

import copy
import json
import re
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from conveyor_sandbox import SandboxServer  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from spec_settings import Patch, apply_patches  # noqa: E402

OPENAPI = ROOT / "openapi"
DEVIATIONS = OPENAPI / "upstream-deviations.toml"
UPSTREAMS = {
    "v0.43": OPENAPI / "upstream" / "ivcap-core-api.openapi3.json",
    "v0.44": OPENAPI / "upstream" / "ivcap-core-api-0.44.openapi3.json",
}
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
MAX_EXAMPLES = 6

# Every check runs on every answer, except the two that judge whether a
# request should have been accepted: upstream's request schemas are not the
# sandbox's (test_fuzz.py checks acceptance and rejection against the
# contract). positive_data_acceptance: schema-valid is not acceptable (a
# random string is a schema-valid id, page token or query, and upstream lists
# the 400/404/422 the sandbox answers). negative_data_rejection: upstream
# marks request fields `format: uri` that are free text on the wire, and the
# sandbox, like any HTTP server, ignores headers it does not know. What
# schemathesis sends for them is still sent, and the answers still checked.
CONFIG = SchemathesisConfig.from_str(
    """
[checks.positive_data_acceptance]
enabled = false

[checks.negative_data_rejection]
enabled = false
"""
)


def _operations(spec: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(method, path with unnamed parameters) of every operation: the wire, not the names."""
    return {
        (method, re.sub(r"\{[^}]*\}", "{}", path))
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    }


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def deviations(version: str, spec: Mapping[str, Any]) -> list[Patch]:
    """The declared deviations from upstream's ``spec`` of ``version``, as JSON Patches."""
    data = tomllib.loads(DEVIATIONS.read_text(encoding="utf-8"))
    patches: list[Patch] = []
    for index, entry in enumerate(data["deviation"], 1):
        where = f"{DEVIATIONS.name}: deviation {index} ({entry.get('what')})"
        assert entry.get("what") and entry.get("why", "").strip(), f"{where}: needs what and why"
        if version not in entry.get("versions", list(UPSTREAMS)):
            continue
        for patch in entry.get("patch", []):
            patches.append(
                Patch(
                    op=patch["op"],
                    path=patch["path"],
                    value=copy.deepcopy(patch.get("value")),
                    source=patch.get("from"),
                    why=entry["why"],
                    index=index,
                )
            )
        for operation in entry.get("operations", []):
            method, path = operation.split(" ", 1)
            declared = spec["paths"][path][method.lower()]["responses"]
            for status, schema in entry["responses"].items():
                assert status not in declared, f"{where}: upstream lists {status} on {operation}"
                body = {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                patches.append(
                    Patch(
                        op="add",
                        path=_pointer("paths", path, method.lower(), "responses", status),
                        value={"description": entry["what"], "content": {"application/json": body}},
                        why=entry["why"],
                        index=index,
                    )
                )
    return patches


def upstream_spec(version: str) -> dict[str, Any]:
    """Upstream's spec of ``version``, patched with the declared deviations, cut to the contract."""
    original = json.loads(UPSTREAMS[version].read_text(encoding="utf-8"))
    spec = apply_patches(original, deviations(version, original))
    covered = _operations(_contract())
    for path, item in list(spec["paths"].items()):
        template = re.sub(r"\{[^}]*\}", "{}", path)
        for method in [m for m in item if m in METHODS]:
            if (method, template) not in covered:
                del item[method]
    return spec


def _contract() -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load((OPENAPI / "platform.yaml").read_text())
    return loaded


@schemathesis.serializer("application/offset+octet-stream", "application/datalog+mangle")
def _raw_body(ctx: Any, value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


SCHEMAS = {
    version: schemathesis.openapi.from_dict(upstream_spec(version), config=CONFIG)
    for version in UPSTREAMS
}


#: Each creating answer of the seeding, by the upstream path it answers (``{}`` for a
#: path parameter): what `test_creations_answer_in_upstreams_shape` checks.
CREATIONS: list[tuple[str, httpx.Response]] = []


def _seed(server: SandboxServer) -> dict[str, str]:
    """One record of every kind, made through the contract; their ids by kind."""
    with httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {server.token}"}, timeout=30
    ) as http:

        def ok(response: httpx.Response) -> Any:
            assert response.is_success, f"{response.request.url}: {response.text}"
            if response.request.method == "POST":
                template = re.sub(r"urn:[^/]+", "{}", response.request.url.path)
                CREATIONS.append((template, response))
            return response.json() if response.content else None

        services = {
            s["name"]: s["id"] for s in ok(http.get("/1/services", params={"limit": 50}))["items"]
        }
        artifact = ok(
            http.post(
                "/1/artifacts",
                content=b"to be or not to be",
                headers={"Content-Type": "text/plain"},
            )
        )["id"]
        order = ok(
            http.post(
                "/1/orders",
                json={
                    "service": services["word-count"],
                    "parameters": [{"name": "text", "value": artifact}],
                },
            )
        )["id"]
        aspect = ok(
            http.post(
                "/1/aspects",
                params={"entity": artifact, "schema": "urn:example:schema:review.1"},
                json={"$schema": "urn:example:schema:review.1", "ok": True},
            )
        )["id"]
        job = http.post(
            f"/1/services2/{services['word-stats']}/jobs",
            json={"text": "to be or not to be"},
            headers={"Timeout": "20"},
        )
        ok(job)
        queue = ok(http.post("/1/queues", json={"name": "seeded"}))["id"]
        ok(http.post(f"/1/queues/{queue}/messages", json={"n": 1}))
        project = ok(http.post("/1/project", json={"name": "seeded"}))["urn"]
        ok(
            http.post(
                "/1/secrets",
                json={"secret-name": "seeded", "secret-value": "s3cret", "expiry-time": 4102444800},
            )
        )
        for _ in range(200):  # the order's products, so its record lists them
            if ok(http.get(f"/1/orders/{order}"))["status"] in ("succeeded", "failed", "error"):
                break
            time.sleep(0.05)
    return {
        "service": services["word-stats"],
        "job": job.headers["ivcap-job-id"],
        "order": order,
        "artifact": artifact,
        "aspect": aspect,
        "queue": queue,
        "project": project,
    }


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[SandboxServer, dict[str, str]]]:
    with SandboxServer() as server:
        yield server, _seed(server)


# The segment before a path parameter says what kind of record it names.
KINDS = {
    "services": "service",
    "services2": "service",
    "jobs": "job",
    "orders": "order",
    "artifacts": "artifact",
    "aspects": "aspect",
    "metadata": "aspect",
    "queues": "queue",
    "project": "project",
}
_examples: Counter[str] = Counter()


def _drive(case: Any, live: tuple[SandboxServer, dict[str, str]]) -> None:
    server, seeded = live
    label = f"{case.method} {case.path}"
    _examples[label] += 1
    if case.method == "GET" and case.path_parameters and _examples[label] % 2:
        # Every other read names a record that exists, so that upstream's
        # schemas of whole records (required fields and all) are checked, not
        # only its 404.
        segments = case.path.strip("/").split("/")
        for index, segment in enumerate(segments[1:], 1):
            name = segment.strip("{}")
            kind = KINDS.get(segments[index - 1])
            if segment.startswith("{") and kind and name in case.path_parameters:
                case.path_parameters[name] = seeded[kind]
    case.call_and_validate(base_url=server.url, headers={"Authorization": f"Bearer {server.token}"})


_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@SCHEMAS["v0.43"].parametrize()
@_SETTINGS
def test_upstream_v043(case: Any, live: tuple[SandboxServer, dict[str, str]]) -> None:
    _drive(case, live)


@SCHEMAS["v0.44"].parametrize()
@_SETTINGS
def test_upstream_v044(case: Any, live: tuple[SandboxServer, dict[str, str]]) -> None:
    _drive(case, live)


def test_every_deviation_is_listed_in_the_readme_with_a_reason() -> None:
    readme = (OPENAPI / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Where the sandbox answers beyond upstream") :]
    entries = tomllib.loads(DEVIATIONS.read_text(encoding="utf-8"))["deviation"]
    assert entries
    for entry in entries:
        assert f"| {entry['what']} |" in table, f"README.md does not list {entry['what']!r}"
        assert len(entry["why"].split()) >= 10, f"{entry['what']!r} needs a real reason"


@pytest.mark.parametrize("version", sorted(UPSTREAMS))
def test_the_fuzzed_spec_is_upstream_but_for_the_declared_places(version: str) -> None:
    original = json.loads(UPSTREAMS[version].read_text(encoding="utf-8"))
    patched = upstream_spec(version)
    # Every operation the contract covers is fuzzed (all of upstream's, today).
    assert _operations(original) <= _operations(patched) | {("put", "/1/project/{}")}
    # The response schemas are upstream's own, bar the patched members.
    changed = [
        name
        for name, schema in original["components"]["schemas"].items()
        if patched["components"]["schemas"][name] != schema
    ]
    patched_names = {
        p.path.split("/")[3]
        for p in deviations(version, original)
        if p.path.startswith("/components")
    }
    assert set(changed) == patched_names


def _operation(version: str, template: str) -> Any:
    """Upstream's POST at ``template`` in ``version`` (``None`` when it has none)."""
    for path in SCHEMAS[version].raw_schema["paths"]:
        if re.sub(r"\{[^}]*\}", "{}", path) == template:
            return SCHEMAS[version][path]["POST"]
    return None


@pytest.mark.parametrize("version", sorted(UPSTREAMS))
def test_creations_answer_in_upstreams_shape(
    version: str, live: tuple[SandboxServer, dict[str, str]]
) -> None:
    """Each creating answer of the seeding validates against upstream's response schema.

    Fuzzed requests mostly get 4xx answers, so the 2xx records of creations
    (an artifact, an order, an aspect, a job's result, a queue and its
    message, a project, a secret) are checked here, with real, valid requests.
    """
    checked = []
    for template, response in CREATIONS:
        operation = _operation(version, template)
        if operation is None:
            assert version == "v0.43", f"{version} has no POST {template}"
            continue
        operation.validate_response(response)
        checked.append(template)
    expected = {"/1/artifacts", "/1/orders", "/1/aspects"}
    if version == "v0.44":
        expected |= {"/1/services2/{}/jobs", "/1/queues", "/1/queues/{}/messages", "/1/project"}
    assert expected <= set(checked), checked
