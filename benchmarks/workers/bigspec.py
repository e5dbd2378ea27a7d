"""Write a large OpenAPI spec for row 21: copies of upstream IVCAP core API v0.44.

    python benchmarks/workers/bigspec.py OUT.json [--megabytes 10]

Each copy gets its own path prefix (`/v3/1/orders`), operationIds (`order#list_v3`),
tags (one of ten sets) and schema names (`OrderListRTV3`, every `$ref` rewritten),
so the generator makes every operation and model of every copy. Copies are added
until the pretty-printed file is at least the size asked for. Like the spec it copies,
it is heavy on descriptions and examples, as large real specs are.

The one operation upstream declares with a schema-less JSON body (POST
/1/services2/{service_id}/jobs), which openapi-python-client skips with a warning,
gets `schema: {}` (any JSON value), so both generators make the same operations.
Prints one JSON line: the path, its size, and the number of copies, operations and
schemas.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
UPSTREAM = REPO / "openapi" / "upstream" / "ivcap-core-api-0.44.openapi3.json"
_REF = re.compile(r'"#/components/schemas/([^"]+)"')


def copy_of(text: str, index: int) -> dict[str, Any]:
    """One renamed copy of the upstream spec (as parsed JSON)."""
    renamed = _REF.sub(lambda m: f'"#/components/schemas/{m.group(1)}V{index}"', text)
    document: dict[str, Any] = json.loads(renamed)
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                operation["operationId"] += f"_v{index}"
                operation["tags"] = [f"{tag}{index % 10}" for tag in operation.get("tags", [])]
                for media in (operation.get("requestBody") or {}).get("content", {}).values():
                    media.setdefault("schema", {})
    return document


def build(megabytes: float) -> tuple[dict[str, Any], int]:
    text = UPSTREAM.read_text(encoding="utf-8")
    base = json.loads(text)
    one = len(json.dumps(base, indent=2))
    copies = max(1, math.ceil(megabytes * 1_000_000 / one))
    spec = {key: value for key, value in base.items() if key not in ("paths", "components")}
    spec["paths"] = {}
    spec["components"] = {**base["components"], "schemas": {}}
    for index in range(copies):
        document = copy_of(text, index)
        spec["paths"].update({f"/v{index}{p}": item for p, item in document["paths"].items()})
        spec["components"]["schemas"].update(
            {
                f"{name}V{index}": schema
                for name, schema in document["components"]["schemas"].items()
            }
        )
    return spec, copies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--megabytes", type=float, default=10.0)
    args = parser.parse_args()
    spec, copies = build(args.megabytes)
    args.output.write_text(json.dumps(spec, indent=2), encoding="utf-8")
    operations = sum(
        1
        for item in spec["paths"].values()
        for key in item
        if key in ("get", "put", "post", "delete", "patch", "head")
    )
    print(
        json.dumps(
            {
                "ok": True,
                "path": str(args.output),
                "bytes": args.output.stat().st_size,
                "copies": copies,
                "operations": operations,
                "schemas": len(spec["components"]["schemas"]),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
