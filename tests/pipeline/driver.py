"""The driver process of the SIGKILL test: runs (or resumes) the 20-node diamond pipeline.

``python driver.py URL TOKEN JOURNALS CACHE NAME TEXT [RUN]`` runs the
pipeline ``NAME`` (resumes ``RUN`` when given), printing every journal event
as a JSON line as it happens, so the test can kill it at a point of its
choosing. `diamond` is also imported by the test, to run the same pipeline
uninterrupted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conveyor import Client
from conveyor.pipeline import Pipeline

DIAMONDS = 6  # 1 upload + 6 x (two counts and a join) + a last count = 20 nodes
PAUSE = 0.15  # seconds each join waits, so that a kill finds work in progress


def diamond(p: Pipeline, text: Path) -> Pipeline:
    """Twenty nodes: each diamond counts its input two ways and joins both counts."""
    current = p.upload(text, "source").artifact
    for i in range(DIAMONDS):
        left = p.order("word-count", f"left-{i}", text=current)
        right = p.order("word-count", f"right-{i}", text=current, min_length=3)
        join = p.order(
            "join", f"join-{i}", left=left.products[0], right=right.products[0], pause=PAUSE
        )
        current = join.products[0]
    p.order("word-count", "last", text=current, case="keep")
    assert len(p) == 20
    return p


def main(argv: list[str]) -> None:
    url, token, journals, cache, name, text, *rest = argv
    with Client(url, token=token, cache_dir=cache, poll_interval=0.05) as client:
        pipeline = diamond(Pipeline(name, client=client, journal_dir=journals), Path(text))

        def show(event: dict[str, object]) -> None:
            print(json.dumps(event), flush=True)

        if rest:
            pipeline.resume(rest[0], max_parallel=3, on_event=show)
        else:
            pipeline.run(max_parallel=3, on_event=show)
    print(json.dumps({"e": "exit"}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
