"""The built-in services: four that run orders and three that run jobs.

Orders:

- ``hello`` (``message``: string, default ``world``) produces ``hello.txt``
  (``text/plain``) containing ``hello, <message>``.
- ``word-count`` (``text``: artifact; ``min-length``: int, default 1;
  ``case``: ``fold`` | ``keep``, default ``fold``) produces
  ``word-counts.json`` with ``{"words", "lines", "characters", "top"}``:
  words are runs of letters and digits (inner apostrophes allowed) at least
  ``min-length`` long, ``lines`` counts lines the way Python's universal
  newlines do, ``characters`` counts code points of the UTF-8 text and
  ``top`` lists up to ten ``[word, count]`` pairs, most frequent first, ties
  alphabetically.
- ``sleep`` (``seconds``: float, default 1) waits, returning early with a
  failure if the sandbox stops.
- ``fail`` (``message``: string, default ``failed on purpose``) fails the
  order with that message.

Jobs (the request is JSON, checked against the schema shown):

- ``word-stats`` (``{"text": string, "min_length"?: int >= 1}``) answers at
  once with ``{"words", "distinct", "longest", "top"}`` for the words of
  ``text`` (the same words as ``word-count``, case folded; ``top`` lists up
  to five ``[word, count]`` pairs).
- ``slow-echo`` (``{"message"?: string, "seconds"?: number 0..3600, default
  2}``) waits, then answers ``{"echo": message, "waited": seconds}``: the
  job to see a 202 and to poll.
- ``countdown`` (``{"count"?: int 1..100, default 3, "interval"?: number
  0..10, default 0.2}``) prints one line per step (``3...``, ``2...``, ...,
  ``liftoff``) with a pause between them, then answers ``{"counted": count}``:
  the job to watch a log grow.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from typing import Any

from ._schemas import JsonSchema
from ._service_kit import (
    JobContext,
    OrderContext,
    ParameterSpec,
    Registered,
    RegisteredJobService,
    RegisteredService,
    ServiceFailure,
)

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
MAX_SLEEP = 3600.0


def hello(ctx: OrderContext) -> None:
    """Echo the message as a small text product."""
    ctx.add_product("hello.txt", f"hello, {ctx.params['message']}", "text/plain")


def _count_words(counts: Counter[str], line: str, min_length: int, fold: bool) -> None:
    for word in _WORD_RE.findall(line):
        if len(word) >= min_length:
            counts[word.casefold() if fold else word] += 1


def _top(counts: Counter[str], n: int) -> list[tuple[str, int]]:
    # Most frequent first, ties alphabetically: the same text always ranks the same.
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def word_count(ctx: OrderContext) -> None:
    """Count the words, lines and characters of a text artifact."""
    min_length = ctx.params["min-length"]
    if min_length < 1:
        raise ServiceFailure("min-length must be at least 1")
    fold = ctx.params["case"] == "fold"
    counts: Counter[str] = Counter()
    lines = characters = 0
    with ctx.open_artifact(ctx.params["text"]) as raw:
        # Line by line so a large artifact never sits in memory whole.
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline=None)
        for line in text:
            lines += 1
            characters += len(line)
            _count_words(counts, line, min_length, fold)
    top = _top(counts, 10)
    result = {
        "words": sum(counts.values()),
        "lines": lines,
        "characters": characters,
        "top": [[word, n] for word, n in top],
    }
    ctx.add_product("word-counts.json", json.dumps(result, ensure_ascii=False), "application/json")


def sleep(ctx: OrderContext) -> None:
    """Wait ``seconds``."""
    seconds = ctx.params["seconds"]
    if not 0 <= seconds <= MAX_SLEEP:
        raise ServiceFailure(f"seconds must be between 0 and {MAX_SLEEP:g}")
    ctx.sleep(seconds)


def fail(ctx: OrderContext) -> None:
    """Fail with the given message."""
    raise ServiceFailure(ctx.params["message"])


def word_stats(request: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Count the words of the request's text (a job: the answer comes at once)."""
    counts: Counter[str] = Counter()
    _count_words(counts, request["text"], request.get("min_length", 1), fold=True)
    return {
        "words": sum(counts.values()),
        "distinct": len(counts),
        # The longest word; of equally long ones, the first alphabetically.
        "longest": min(counts, key=lambda w: (-len(w), w), default=None),
        "top": [[word, n] for word, n in _top(counts, 5)],
    }


def slow_echo(request: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Wait ``seconds``, then answer with the message."""
    seconds = request.get("seconds", 2)
    message = request.get("message", "echo")
    ctx.log(f"waiting {seconds:g} s before echoing")
    ctx.sleep(seconds)
    return {"echo": message, "waited": seconds}


def countdown(request: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Print one line per step of a countdown, pausing ``interval`` seconds between them."""
    count = request.get("count", 3)
    interval = request.get("interval", 0.2)
    for n in range(count, 0, -1):
        print(f"{n}...")
        ctx.sleep(interval)
    print("liftoff")
    return {"counted": count}


#: The built-in services, as every registry made with ``builtins=True`` starts.
BUILTINS: tuple[Registered, ...] = (
    RegisteredService(
        "hello",
        hello,
        "Greets: produces hello.txt containing 'hello, <message>'.",
        (ParameterSpec("message", "string", "Who or what to greet.", default="world"),),
        ("demo",),
    ),
    RegisteredService(
        "word-count",
        word_count,
        "Counts the words of a text artifact.",
        (
            ParameterSpec("text", "artifact", "The text artifact to count.", label="Text"),
            ParameterSpec("min-length", "int", "Ignore words shorter than this.", default=1),
            ParameterSpec(
                "case",
                "option",
                "Whether counting folds letter case.",
                default="fold",
                options=("fold", "keep"),
            ),
        ),
        ("text", "demo"),
    ),
    RegisteredService(
        "sleep",
        sleep,
        "Waits a number of seconds, then succeeds.",
        (ParameterSpec("seconds", "float", "How long to wait.", unit="s", default=1),),
        ("demo",),
    ),
    RegisteredService(
        "fail",
        fail,
        "Fails with the given message.",
        (ParameterSpec("message", "string", "The error message.", default="failed on purpose"),),
        ("demo",),
    ),
    RegisteredJobService(
        "word-stats",
        word_stats,
        "Counts the words of a text (a job: the answer comes at once).",
        JsonSchema(
            {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "description": "The text to count."},
                    "min_length": {
                        "type": "integer",
                        "minimum": 1,
                        "default": 1,
                        "description": "Ignore words shorter than this.",
                    },
                },
                "required": ["text"],
                "additionalProperties": False,
            }
        ),
        JsonSchema({"type": "object"}),
        ("text", "demo"),
    ),
    RegisteredJobService(
        "slow-echo",
        slow_echo,
        "Waits a number of seconds, then echoes the message (a job that answers later).",
        JsonSchema(
            {
                "type": "object",
                "properties": {
                    "message": {"type": "string", "default": "echo"},
                    "seconds": {
                        "type": "number",
                        "minimum": 0,
                        "maximum": MAX_SLEEP,
                        "default": 2,
                        "description": "How long to wait.",
                    },
                },
                "additionalProperties": False,
            }
        ),
        JsonSchema({"type": "object"}),
        ("demo",),
    ),
    RegisteredJobService(
        "countdown",
        countdown,
        "Prints a countdown, one line per step (a job whose log grows while it runs).",
        JsonSchema(
            {
                "type": "object",
                "properties": {
                    "count": {"type": "integer", "minimum": 1, "maximum": 100, "default": 3},
                    "interval": {"type": "number", "minimum": 0, "maximum": 10, "default": 0.2},
                },
                "additionalProperties": False,
            }
        ),
        JsonSchema({"type": "object"}),
        ("demo",),
    ),
)
