"""Measure what importing the generated client costs, relative to httpx.

    .venv/bin/python scripts/import_cost.py [--runs 9] [--endpoint MODULE] [--python PY]

Each run is one fresh interpreter under `python -X importtime` that executes

    import httpx
    import conveyor_api
    import conveyor_api.api.orders.read_order

so one run measures `httpx` alone (its cumulative time, first line group)
and what `conveyor_api` plus one endpoint module add on top of it (the
cumulative times of the imports that follow). Reported, as medians over the
runs after one warm-up run (which may compile bytecode):

    httpx        cumulative import time of httpx
    added        conveyor_api + the endpoint, beyond what httpx already loaded
    ratio        (httpx + added) / httpx: the cost of importing the endpoint
                 in a fresh interpreter, in units of `import httpx`

`generated/` goes first on PYTHONPATH, so the checkout is measured even when
another copy is installed. httpx 0.28 imports its command-line module, which
loads click and rich when they are installed (the dev environment has both,
through openapi-python-client), so httpx alone is slower there than in an
environment with only the runtime dependencies.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "--conveyor-import-cost--"


def _top_level_cumulative(lines: list[str]) -> dict[str, int]:
    """Cumulative microseconds of each top-level import in `-X importtime` output."""
    result: dict[str, int] = {}
    for line in lines:
        if not line.startswith("import time:"):
            continue
        fields = line.split("|")
        if len(fields) != 3 or not fields[1].strip().isdigit():
            continue
        name = fields[2][1:]  # one separating space; more means nested
        if name.startswith(" "):
            continue
        result[name.strip()] = result.get(name.strip(), 0) + int(fields[1])
    return result


def measure_once(python: str, endpoint: str, package: str) -> tuple[int, int]:
    """(httpx µs, added µs) for one fresh interpreter."""
    code = (
        "import sys\n"
        f"print({MARK!r}, file=sys.stderr, flush=True)\n"
        "import httpx\n"
        f"print({MARK!r}, file=sys.stderr, flush=True)\n"
        f"import {package}\n"
        f"import {endpoint}\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "generated"), *filter(None, [env.get("PYTHONPATH")])]
    )
    result = subprocess.run(
        [python, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    sections = result.stderr.split(MARK)
    if len(sections) != 3:
        raise RuntimeError(f"unexpected -X importtime output:\n{result.stderr[-2000:]}")
    httpx_part = _top_level_cumulative(sections[1].splitlines())
    added_part = _top_level_cumulative(sections[2].splitlines())
    return httpx_part.get("httpx", 0), sum(added_part.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--endpoint", default="conveyor_api.api.orders.read_order")
    parser.add_argument("--package", default="conveyor_api")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--max-ratio", type=float, default=None, help="exit 1 above this ratio")
    args = parser.parse_args(argv)

    measure_once(args.python, args.endpoint, args.package)  # warm-up: bytecode, disk cache
    samples = [measure_once(args.python, args.endpoint, args.package) for _ in range(args.runs)]
    httpx_us = statistics.median(sample[0] for sample in samples)
    added_us = statistics.median(sample[1] for sample in samples)
    ratios = sorted((h + a) / h for h, a in samples)
    ratio = statistics.median(ratios)
    print(f"python      {args.python}")
    print(f"endpoint    {args.endpoint}")
    print(f"runs        {args.runs} (after one warm-up)")
    print(f"httpx       {httpx_us / 1000:.1f} ms")
    print(f"added       {added_us / 1000:.1f} ms  ({args.package} + endpoint, beyond httpx)")
    print(f"ratio       {ratio:.2f}x  (range {ratios[0]:.2f}-{ratios[-1]:.2f})")
    if args.max_ratio is not None and ratio > args.max_ratio:
        print(f"ratio above {args.max_ratio}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
