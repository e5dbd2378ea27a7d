"""The imports between the hand-written modules run one way: no import cycles.

Every module of ``extensions/conveyor/`` (``cli/`` and any subpackage
included) and of ``sandbox/conveyor_sandbox/`` is parsed with `ast`, never
imported. An import counts when it names a module of the same package tree
(relative, or absolute ``conveyor.``/``conveyor_sandbox.``), whether it sits at
module level or inside a function; imports under ``if TYPE_CHECKING:`` do not
count (their ``else:`` branch does). Names resolve to modules as Python does:

- ``from . import x`` / ``from .pkg import x``: the submodule ``pkg.x`` when
  there is one, else the package ``pkg`` itself (``x`` is a name its
  ``__init__`` defines or re-exports, so the import runs that ``__init__``);
- importing ``pkg.sub.mod`` also runs ``pkg.sub``'s ``__init__``: that counts
  too, unless ``pkg.sub`` is a package the importing module lives in (it is
  being imported already).

Dynamic imports (`importlib.import_module`, ``__import__``) of our own modules
would hide edges from this graph, so they are refused too, except the lazy
exports of ``conveyor/__init__.py`` and the optional sandbox behind
``Client.local()``.

Run ``python -m tests.test_architecture`` to print the cycles and dynamic
imports of the current tree.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: The hand-written package trees: top-level package name -> its folder.
TREES = {
    "conveyor": REPO / "extensions" / "conveyor",
    "conveyor_sandbox": REPO / "sandbox" / "conveyor_sandbox",
}

#: Top-level packages of this project: a dynamic import of one of them is refused.
OWN_PACKAGES = frozenset({*TREES, "conveyor_api"})

#: Dynamic imports of our own modules allowed by design: (file, imported name);
#: ``None`` allows every dynamic import in that file.
ALLOWED_DYNAMIC_IMPORTS = {
    ("extensions/conveyor/__init__.py", None),  # the public names are exported lazily
    ("extensions/conveyor/_client.py", "conveyor_sandbox"),  # Client.local(): an optional extra
}


# -- the import graph ---------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One import of ``target`` by ``source``, at ``line`` of the source's file."""

    source: str
    target: str
    line: int
    deferred: bool = False  # inside a function (runs when called, not when imported)

    def __str__(self) -> str:
        return f"{self.line}*" if self.deferred else str(self.line)


#: source module -> target module -> the imports (one per statement) making that edge.
Graph = dict[str, dict[str, list[Import]]]


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    is_package: bool


def discover(package: str, root: Path) -> dict[str, Module]:
    """Every module under ``root`` (the folder of ``package``), by dotted name."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        name = ".".join(parts)
        modules[name] = Module(name, path, is_package)
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement that runs (not under ``if TYPE_CHECKING:``), and whether
    it is inside a function."""

    def walk(node: ast.AST, deferred: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, deferred
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            children: list[ast.AST] = list(node.orelse)
        else:
            children = list(ast.iter_child_nodes(node))
        inner = deferred or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in children:
            yield from walk(child, inner)

    yield from walk(tree, False)


def _base_of(module: Module, level: int, name: str | None) -> str:
    """The absolute module name a (possibly relative) ``from`` import starts from."""
    if level == 0:
        return name or ""
    parts = module.name.split(".")
    if not module.is_package:
        parts.pop()
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, name] if name else parts)


def _known(name: str, modules: Mapping[str, Module]) -> str | None:
    """``name``, or its longest prefix that is one of ``modules`` (None: not ours)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imports_of(module: Module, modules: Mapping[str, Module]) -> list[Import]:
    """The imports of other ``modules`` that running ``module`` performs."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
    found: list[Import] = []
    for statement, deferred in _statements(tree):
        targets: list[str] = []
        if isinstance(statement, ast.Import):
            targets = [alias.name for alias in statement.names]
        else:
            base = _base_of(module, statement.level, statement.module)
            for alias in statement.names:
                sub = f"{base}.{alias.name}"
                targets.append(sub if alias.name != "*" and sub in modules else base)
        edges: list[str] = []
        for target in targets:
            known = _known(target, modules)
            if known is None:
                continue
            parts = known.split(".")
            # The packages on the way run their __init__ first, unless the importer lives in them.
            for depth in range(1, len(parts) + 1):
                step = ".".join(parts[:depth])
                inside = module.name == step or module.name.startswith(step + ".")
                explicit = depth == len(parts)
                if step in modules and step != module.name and (explicit or not inside):
                    edges.append(step)
        for target in dict.fromkeys(edges):
            found.append(Import(module.name, target, statement.lineno, deferred))
    return found


def import_graph(modules: Mapping[str, Module]) -> Graph:
    graph: Graph = {name: {} for name in modules}
    for module in modules.values():
        for found in imports_of(module, modules):
            graph[module.name].setdefault(found.target, []).append(found)
    return graph


# -- cycles ---------------------------------------------------------------------------


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    nodes = sorted({*graph, *(t for targets in graph.values() for t in targets)})

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in nodes:
        if node not in index:
            visit(node)
    return components


def _shortest_path(
    graph: Mapping[str, Iterable[str]], start: str, goal: str, within: set[str]
) -> list[str] | None:
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (step := previous[path[-1]]) is not None:
                path.append(step)
            return path[::-1]
        for target in sorted(graph.get(node, ())):
            if target in within and target not in previous:
                previous[target] = node
                queue.append(target)
    return None


def find_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Import cycles, each as ``[a, b, ..., a]``: for every edge that lies on a cycle,
    the shortest cycle through it (so cutting edges until none is found leaves no cycle).

    Each cycle starts at its smallest name; sorted by length, then names.
    """
    cycles: dict[tuple[str, ...], list[str]] = {}
    for component in strongly_connected(graph):
        members = set(component)
        if len(members) < 2:
            continue  # a module importing itself is not a cycle between modules
        for source in component:
            for target in sorted(graph.get(source, ())):
                if target not in members or target == source:
                    continue
                back = _shortest_path(graph, target, source, members)
                assert back is not None  # same component
                ring = [source, *back[:-1]]
                first = ring.index(min(ring))
                ring = ring[first:] + ring[:first]
                cycles.setdefault(tuple(ring), [*ring, ring[0]])
    return sorted(cycles.values(), key=lambda cycle: (len(cycle), cycle))


def describe(cycle: list[str], graph: Graph) -> str:
    """``a:12 -> b:30,41* -> a``: each module with the lines importing the next one."""
    steps = [
        f"{source}:{','.join(str(i) for i in graph[source][target])}"
        for source, target in pairwise(cycle)
    ]
    return " -> ".join([*steps, cycle[-1]])


def cycle_report(graph: Graph) -> list[str]:
    return [describe(cycle, graph) for cycle in find_cycles(graph)]


# -- dynamic imports --------------------------------------------------------------------


def _dynamic_target(call: ast.Call) -> str | None:
    """What an `importlib.import_module`/``__import__`` call imports ("" if not a literal),
    or None if ``call`` is neither."""
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
    if name not in ("import_module", "__import__") or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return ""


def dynamic_imports(path: Path) -> list[tuple[int, str]]:
    """The dynamic imports in ``path`` that name (or may name) one of our own modules:
    ``(line, name)``, the name "" when it is computed at run time."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        target = _dynamic_target(node)
        if target is None:
            continue
        if target == "" or target.startswith(".") or target.split(".")[0] in OWN_PACKAGES:
            found.append((node.lineno, target))
    return found


def dynamic_import_report(trees: Mapping[str, Path]) -> list[str]:
    report = []
    for package, root in trees.items():
        for module in discover(package, root).values():
            where = module.path.relative_to(REPO).as_posix()
            if (where, None) in ALLOWED_DYNAMIC_IMPORTS:
                continue
            for line, target in dynamic_imports(module.path):
                top = target.split(".")[0]
                if top and (where, top) in ALLOWED_DYNAMIC_IMPORTS:
                    continue
                what = repr(target) if target else "a name computed at run time"
                report.append(f"{where}:{line} imports {what}")
    return report


# -- the real trees -----------------------------------------------------------------------


def test_every_hand_written_module_is_in_the_graph() -> None:
    conveyor = discover("conveyor", TREES["conveyor"])
    assert {"conveyor", "conveyor._client", "conveyor.errors", "conveyor.cli"} <= set(conveyor)
    assert conveyor["conveyor.cli"].is_package and not conveyor["conveyor._client"].is_package
    assert any(name.startswith("conveyor.cli._") for name in conveyor)  # subpackages too
    assert "conveyor_sandbox._app" in discover("conveyor_sandbox", TREES["conveyor_sandbox"])
    graph = import_graph(conveyor)
    assert any("conveyor.errors" in targets for targets in graph.values())
    assert all(target in conveyor for targets in graph.values() for target in targets)


@pytest.mark.parametrize("package", sorted(TREES))
def test_no_import_cycles(package: str) -> None:
    graph = import_graph(discover(package, TREES[package]))
    cycles = cycle_report(graph)
    assert not cycles, (
        f"{len(cycles)} import cycles in {package} (a:12 -> b means line 12 of a imports b;"
        " * marks an import inside a function):\n" + "\n".join(cycles)
    )


def test_no_dynamic_imports_of_our_own_modules() -> None:
    found = dynamic_import_report(TREES)
    assert not found, "dynamic imports hide edges from the import graph:\n" + "\n".join(found)


# -- the finder itself, on synthetic graphs and packages --------------------------------------


def test_the_cycle_finder_finds_cycles_and_only_cycles() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set(), "d": {"a", "c"}}) == []
    assert find_cycles({"a": {"a"}}) == []  # importing itself is no cycle between modules
    assert find_cycles({"b": {"c"}, "c": {"a"}, "a": {"b"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    # Two rings through one module, and a separate pair: every edge on a cycle is shown.
    graph = {"a": {"b"}, "b": {"a", "c"}, "c": {"b"}, "x": {"y"}, "y": {"x"}}
    assert find_cycles(graph) == [["a", "b", "a"], ["b", "c", "b"], ["x", "y", "x"]]
    # A chord: the shortest cycle through each edge.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"d", "a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"], ["a", "b", "c", "d", "a"]]


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SYNTHETIC = {
    "pkg/__init__.py": "from .a import A\n",
    "pkg/a.py": "import json\n\nfrom .b import B\n\nA = 1\n",
    "pkg/b.py": (
        "from typing import TYPE_CHECKING\n"
        "\n"
        "if TYPE_CHECKING:\n"
        "    from .c import C\n"
        "else:\n"
        "    from .e import E\n"
        "\n"
        "\n"
        "def later():\n"
        "    from . import A  # re-exported by the package __init__\n"
        "\n"
        "\n"
        "B = 2\n"
    ),
    "pkg/c.py": "import pkg.sub.d\nfrom pkg import e\n",
    "pkg/e.py": "E = 3\n",
    "pkg/sub/__init__.py": "from .. import c\n",
    "pkg/sub/d.py": "from .. import e\nfrom . import x\n",
    "pkg/sub/x.py": "from ..sub import d\n",
}


def test_imports_resolve_to_modules(tmp_path: Path) -> None:
    modules = discover("pkg", write(tmp_path, SYNTHETIC) / "pkg")
    assert set(modules) == {"pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.e", "pkg.sub"} | {
        "pkg.sub.d",
        "pkg.sub.x",
    }
    edges = {
        (i.source, i.target, i.line, i.deferred)
        for targets in import_graph(modules).values()
        for imports in targets.values()
        for i in imports
    }
    assert edges == {
        ("pkg", "pkg.a", 1, False),
        ("pkg.a", "pkg.b", 3, False),  # json is not ours
        ("pkg.b", "pkg.e", 6, False),  # the else of TYPE_CHECKING runs; .c does not count
        ("pkg.b", "pkg", 10, True),  # a re-exported name: the package __init__
        ("pkg.c", "pkg.sub", 1, False),  # importing pkg.sub.d runs pkg.sub first
        ("pkg.c", "pkg.sub.d", 1, False),
        ("pkg.c", "pkg.e", 2, False),  # a submodule, not the package
        ("pkg.sub", "pkg.c", 1, False),
        ("pkg.sub.d", "pkg.e", 1, False),
        ("pkg.sub.d", "pkg.sub.x", 2, False),
        ("pkg.sub.x", "pkg.sub.d", 1, False),  # pkg.sub is being imported already
    }


def test_cycles_are_reported_with_their_lines(tmp_path: Path) -> None:
    graph = import_graph(discover("pkg", write(tmp_path, SYNTHETIC) / "pkg"))
    assert cycle_report(graph) == [
        "pkg.c:1 -> pkg.sub:1 -> pkg.c",
        "pkg.sub.d:2 -> pkg.sub.x:1 -> pkg.sub.d",
        "pkg:1 -> pkg.a:3 -> pkg.b:10* -> pkg",
    ]
    with pytest.raises(AssertionError, match=r"pkg:1 -> pkg\.a:3 -> pkg\.b:10\* -> pkg"):
        assert not cycle_report(graph), "\n".join(cycle_report(graph))


def test_dynamic_imports_of_our_own_modules_are_found(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(
        "import importlib\n"
        "from importlib import import_module\n"
        "importlib.import_module('conveyor.order')\n"
        "import_module('.artifact', __package__)\n"
        "importlib.import_module(name, __package__)\n"
        "__import__('conveyor_sandbox')\n"
        "importlib.import_module('tqdm.auto')\n"
        "importlib.util.find_spec('conveyor')\n",
        encoding="utf-8",
    )
    assert dynamic_imports(path) == [
        (3, "conveyor.order"),
        (4, ".artifact"),
        (5, ""),
        (6, "conveyor_sandbox"),
    ]


def main() -> None:
    for package, root in TREES.items():
        cycles = cycle_report(import_graph(discover(package, root)))
        print(f"{package}: {len(cycles)} import cycles (* = inside a function)")
        print("\n".join(f"  {cycle}" for cycle in cycles))
    found = dynamic_import_report(TREES)
    print(f"dynamic imports of our own modules: {len(found)}")
    print("\n".join(f"  {line}" for line in found))


if __name__ == "__main__":
    main()
