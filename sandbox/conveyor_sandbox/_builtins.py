"""The built-in services: ``hello``, ``word-count``, ``sleep`` and ``fail``.

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
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter

from ._service_kit import OrderContext, ParameterSpec, RegisteredService, ServiceFailure

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
MAX_SLEEP = 3600.0


def hello(ctx: OrderContext) -> None:
    """Echo the message as a small text product."""
    ctx.add_product("hello.txt", f"hello, {ctx.params['message']}", "text/plain")


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
            for word in _WORD_RE.findall(line):
                if len(word) >= min_length:
                    counts[word.casefold() if fold else word] += 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
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


#: The four built-in services, as every registry made with ``builtins=True`` starts.
BUILTINS = (
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
)
