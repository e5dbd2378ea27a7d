"""Regenerate the low-level client packages from the contracts in openapi/.

Bootstrap version: generates every package listed in openapi/manifest.toml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi"
RUFF_CONFIG = OPENAPI / "ruff-generated.toml"


def _bin(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def generate(spec: dict[str, str], dest: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / spec["package"]
        subprocess.run(
            [
                _bin("openapi-python-client"), "generate",
                "--path", str(OPENAPI / spec["source"]),
                "--config", str(OPENAPI / spec["config"]),
                "--meta", "none",
                "--output-path", str(out),
            ],
            check=True, cwd=tmp,
        )
        for args in (["check", "--fix", "--quiet"], ["format", "--quiet"]):
            subprocess.run(
                [_bin("ruff"), *args, "--no-cache", "--config", str(RUFF_CONFIG), str(out)],
                check=True, cwd=tmp,
            )
        (out / "py.typed").write_text("")
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(out, dest)


def main() -> int:
    manifest = tomllib.loads((OPENAPI / "manifest.toml").read_text())
    for spec in manifest["spec"]:
        generate(spec, ROOT / spec["output"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
