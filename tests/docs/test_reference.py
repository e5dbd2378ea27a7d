"""The built API reference shows public names, concrete types and each class's own words.

Reads the site ``mkdocs build --strict`` makes, with the checks ``./dev check``
runs (``scripts/check_reference.py``), and checks that the checks catch what
they are for on pages made to fail them.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def checks() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_reference", ROOT / "scripts" / "check_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_reference", module)
    spec.loader.exec_module(module)
    return module


def text(page: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text())).split())


def test_the_reference_has_no_private_name_bare_type_variable_or_rest_leftover(site: Path) -> None:
    check = checks()
    assert check.private_names(site) == {}
    assert check.bare_type_variables(site) == {}
    assert check.rest_leftovers(site) == {}
    assert check.main(["check_reference.py", str(site)]) == 0


def test_each_collection_shows_its_own_types_and_words(site: Path) -> None:
    services = text(site / "reference" / "service" / "index.html")
    assert "get ( id : str ) -> Service The Service with this URN" in services
    assert "-> AsyncService The AsyncService with this URN" in services
    assert ") -> Paginator [ Service ] Iterate over Service objects" in services
    assert "record : ServiceStatus | ServiceListItem" in services
    assert "Args: filter" not in services  # the copies' sections are parsed, as the originals'
    orders = text(site / "reference" / "order" / "index.html")
    assert "get ( id : str ) -> Order The Order with this URN" in orders
    # Constructors users never call are not shown: a service comes from its client.
    assert not re.search(r"\bService \( client", services)
    assert not re.search(r"\bServices \( client", services)
    paging = text(site / "reference" / "paging" / "index.html")
    assert "Generic in T , the type of its items" in paging and "first () -> T | None" in paging
    client = (site / "reference" / "client" / "index.html").read_text()
    assert 'id="conveyor.Client.services"' in client  # permalinks under the public name


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    check = checks()
    page = tmp_path / "reference" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    signature = '<div class="doc-signature highlight"><pre><code>{}</code></pre></div>'
    page.write_text(
        '<h2 id="conveyor._client.Client">Client</h2>'
        + signature.format("get(id: str) -&gt; E")
        + signature.format("first() -&gt; T | None")
        + signature.format("x: list[Service]")
        + "<p>stream it::</p><p>Uses _Rows</p>"
    )
    assert check.private_names(tmp_path) == {
        "reference/x/index.html": {"#conveyor._client.Client", "_Rows"}
    }
    assert check.bare_type_variables(tmp_path) == {
        "reference/x/index.html": {"get(id: str) -> E", "first() -> T | None"}
    }
    page.write_text(page.read_text() + "<p>Generic in <code>T</code>, the type of its items.</p>")
    assert check.bare_type_variables(tmp_path) == {"reference/x/index.html": {"get(id: str) -> E"}}
    assert check.rest_leftovers(tmp_path) == {"reference/x/index.html": 1}
