"""A mkdocs hook: one API reference page per resource module, made from the package's exports.

A resource module (``conveyor.service``, ``conveyor.order``, ...) is a public
module whose classes `conveyor` exports. Its page lists them, sync first, each
collection before its objects, and goes into the "API reference" section after
"Client". Adding a resource therefore needs no page and no nav entry by hand.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

SECTION = "API reference"
AFTER = "Client"


def resource_modules() -> dict[str, list[str]]:
    """Public module name -> the classes `conveyor` exports from it (ours, not generated)."""
    conveyor = importlib.import_module("conveyor")
    modules: dict[str, list[str]] = {}
    for name, where in conveyor._LAZY.items():
        if where.startswith("._"):
            continue
        module = f"conveyor{where}"
        value = getattr(importlib.import_module(module), name)
        if inspect.isclass(value) and value.__module__.startswith("conveyor."):
            modules.setdefault(module, []).append(name)
    return modules


def _order(names: list[str], title: str) -> list[str]:
    """Sync before async; within each, the collection (named like the page) first."""

    def key(name: str) -> tuple[bool, bool, str]:
        bare = name.removeprefix("Async")
        return (name.startswith("Async"), bare != title, bare)

    return sorted(names, key=key)


def page_source(module: str, names: list[str]) -> tuple[str, str]:
    """The page's title and Markdown for ``module``, from its docstring and exports."""
    doc = inspect.getdoc(importlib.import_module(module)) or module
    first = doc.splitlines()[0]
    title, _, about = first.partition(":")
    body = [f"# {title.strip()}", "", about.strip().capitalize() or first, ""]
    for name in _order(names, title.strip()):
        body += [f"::: {module}.{name}", ""]
    return title.strip(), "\n".join(body)


def _pages(config: Any) -> dict[str, tuple[str, str]]:
    found = config.setdefault("_resource_pages", {})
    if not found:
        for module, names in resource_modules().items():
            path = f"reference/{module.rsplit('.', 1)[1]}.md"
            found[path] = page_source(module, names)
    return found  # type: ignore[no-any-return]


def on_files(files: Files, config: Any) -> Files:
    """Add the generated reference pages to the site."""
    for path, (_, source) in _pages(config).items():
        files.append(File.generated(config, path, content=source))
    return files


def on_nav(nav: Navigation, config: Any, files: Files) -> Navigation:
    """Put the generated pages into the API reference section, after "Client"."""
    section = next(
        item for item in nav.items if isinstance(item, Section) and item.title == SECTION
    )
    at = next(i for i, item in enumerate(section.children) if item.title == AFTER) + 1
    pages = []
    for path, (title, _) in sorted(_pages(config).items(), key=_nav_rank):
        file = files.get_file_from_path(path)
        assert file is not None, path
        page = Page(title, file, config)
        page.parent = section
        pages.append(page)
    section.children[at:at] = pages
    nav.pages[:0] = pages
    return nav


def _nav_rank(item: tuple[str, tuple[str, str]]) -> tuple[int, str]:
    # The resources in the order a user meets them; later ones alphabetically.
    known = ["service", "order", "artifact", "aspect"]
    stem = item[0].rsplit("/", 1)[1].removesuffix(".md")
    return (known.index(stem) if stem in known else len(known), stem)
