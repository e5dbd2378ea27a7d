"""The low-level reference page lists every tag class and every operation the generator made."""

from __future__ import annotations

import importlib
import pkgutil
import re

from .conftest import ROOT

PAGE = ROOT / "docs" / "reference" / "low-level.md"


def generated_tags() -> dict[str, set[str]]:
    api = importlib.import_module("conveyor_api.api")
    tags: dict[str, set[str]] = {}
    for module in pkgutil.iter_modules(api.__path__):
        if module.ispkg:
            package = importlib.import_module(f"conveyor_api.api.{module.name}")
            tags[module.name] = {m.name for m in pkgutil.iter_modules(package.__path__)}
    return tags


def documented_tags() -> dict[str, set[str]]:
    rows = re.findall(
        r"^\| `(\w+)` \| `conveyor_api\.api\.\w+\.\w+Api` \| (.*) \|$", PAGE.read_text(), re.M
    )
    return {tag: set(re.findall(r"`(\w+)`", ops)) for tag, ops in rows}


def test_the_page_lists_every_tag_and_operation() -> None:
    assert documented_tags() == generated_tags()
