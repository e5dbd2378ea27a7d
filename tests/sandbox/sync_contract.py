"""Refresh the sandbox's shipped copy of the contract: ``python -m tests.sandbox.sync_contract``.

The installed sandbox serves ``conveyor_sandbox/openapi3.json`` (it must not
need PyYAML at run time); this converts ``openapi/platform.yaml`` into it.
``test_shipped_contract_equals_openapi_platform_yaml`` fails until it is run
after a contract change.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "openapi" / "platform.yaml"
TARGET = ROOT / "sandbox" / "conveyor_sandbox" / "openapi3.json"


def main() -> int:
    """Write the JSON copy; returns 0."""
    document = yaml.safe_load(SOURCE.read_text())
    TARGET.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
