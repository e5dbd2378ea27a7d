"""Per-spec settings for `regenerate.py`: what a foreign spec needs to generate.

A settings file is TOML. `regenerate.py` reads `--config FILE`, or else the file
beside the spec named like it with `.regen.toml` (`petstore.yaml` ->
`petstore.regen.toml`). Every key is optional:

    package = "petstore_client"       # the import name (default: the --output folder's name)

    # Operations (operationId or "METHOD /path") and components ("#/components/schemas/X")
    # the client may lack: the generator's warnings about them are listed, not failed.
    allow-skip = ["createJob"]

    [generator]                       # openapi-python-client settings, over the manifest's
    literal_enums = true
    content_type_overrides = { "application/xml" = "application/octet-stream" }

    [[patch]]                         # JSON Patch (RFC 6902), applied on every run
    op = "add"
    path = "/paths/~1jobs/post/requestBody/content/application~1json/schema"
    value = {}
    why = "the spec gives the job body no schema"

Patches are applied to the spec in order, before it is validated, on every run:
they are how a fix to someone else's spec survives its next release. A patch
that no longer applies (the spec fixed it, or moved what it names) fails the
run, naming the patch and what it did not find.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUFFIX = ".regen.toml"
PATCH_OPS = ("add", "remove", "replace", "move", "copy", "test")
KNOWN_KEYS = frozenset({"package", "allow-skip", "generator", "patch"})
# openapi-python-client settings a settings file may not set: the script owns them.
RESERVED_GENERATOR_KEYS = frozenset({"post_hooks", "package_name_override"})
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SettingsError(Exception):
    """A settings file or patch problem, explained by its message."""


@dataclass(frozen=True)
class Patch:
    """One JSON Patch operation, with its place in the settings file for messages."""

    op: str
    path: str
    value: Any = None
    source: str | None = None  # `from`, for move and copy
    why: str = ""
    index: int = 0  # 1-based position among the file's [[patch]] entries

    def describe(self) -> str:
        return f"patch {self.index} ({self.op} {self.path})"


@dataclass(frozen=True)
class Settings:
    """What one settings file says (all empty when there is none)."""

    path: Path | None = None
    package: str | None = None
    allow_skip: tuple[str, ...] = ()
    generator: Mapping[str, Any] = field(default_factory=dict)
    patches: tuple[Patch, ...] = ()

    @property
    def label(self) -> str:
        return str(self.path) if self.path else "(no settings file)"


def default_path(spec_source: str) -> Path | None:
    """The settings file beside a spec given by path (a URL has none)."""
    if spec_source.startswith(("http://", "https://")):
        return None
    spec = Path(spec_source)
    return spec.with_name(spec.name.rsplit(".", 1)[0] + SUFFIX)


def load_settings(path: Path, label: str) -> Settings:
    """Read and check a settings file; `label` names it in messages."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise SettingsError(f"{label}: cannot read the settings file: {err.strerror}") from err
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{label}: not valid TOML: {err}") from err
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise SettingsError(
            f"{label}: unknown setting(s) {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(KNOWN_KEYS))}"
        )
    package = data.get("package")
    if package is not None and (not isinstance(package, str) or not _IDENTIFIER.match(package)):
        raise SettingsError(f"{label}: package must be a Python identifier, not {package!r}")
    allow = data.get("allow-skip", [])
    if not isinstance(allow, list) or not all(isinstance(item, str) for item in allow):
        raise SettingsError(f"{label}: allow-skip must be a list of strings")
    generator = data.get("generator", {})
    if not isinstance(generator, dict):
        raise SettingsError(f"{label}: [generator] must be a table")
    check_generator_keys(generator, label)
    raw_patches = data.get("patch", [])
    if not isinstance(raw_patches, list):
        raise SettingsError(f"{label}: patches are [[patch]] tables")
    patches = tuple(_patch(entry, index, label) for index, entry in enumerate(raw_patches, start=1))
    return Settings(path, package, tuple(allow), generator, patches)


def check_generator_keys(generator: Mapping[str, Any], label: str) -> None:
    from openapi_python_client.config import ConfigFile

    known = set(ConfigFile.model_fields)
    reserved = sorted(set(generator) & RESERVED_GENERATOR_KEYS)
    if reserved:
        raise SettingsError(
            f"{label}: [generator] {', '.join(reserved)} cannot be set here: regenerate.py "
            "runs the pinned ruff itself and names the package from `package` or --output"
        )
    unknown = sorted(set(generator) - known)
    if unknown:
        raise SettingsError(
            f"{label}: [generator] has unknown openapi-python-client setting(s) "
            f"{', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
        )


def _patch(entry: Any, index: int, label: str) -> Patch:
    where = f"{label}: [[patch]] {index}"
    if not isinstance(entry, dict):
        raise SettingsError(f"{where} is not a table")
    op, path = entry.get("op"), entry.get("path")
    if op not in PATCH_OPS:
        raise SettingsError(f"{where}: op must be one of {', '.join(PATCH_OPS)}, not {op!r}")
    if not isinstance(path, str) or (path and not path.startswith("/")):
        raise SettingsError(
            f'{where}: path must be a JSON pointer such as "/paths/~1pets/get", not {path!r}'
        )
    if op in ("add", "replace", "test") and "value" not in entry:
        raise SettingsError(f"{where}: {op} needs a value")
    source = entry.get("from")
    if op in ("move", "copy") and not isinstance(source, str):
        raise SettingsError(f'{where}: {op} needs from = "/json/pointer"')
    extra = sorted(set(entry) - {"op", "path", "value", "from", "why"})
    if extra:
        raise SettingsError(f"{where}: unknown key(s) {', '.join(extra)}")
    return Patch(op, path, entry.get("value"), source, str(entry.get("why", "")), index)


# --- JSON Patch -------------------------------------------------------------------------


def _tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def _walk(document: Any, tokens: Sequence[str], patch: Patch) -> Any:
    node = document
    for depth, token in enumerate(tokens):
        here = "/" + "/".join(tokens[:depth]) if depth else "the top level"
        if isinstance(node, dict):
            if token not in node:
                raise SettingsError(f"{patch.describe()}: {here} has no member {token!r}")
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                raise SettingsError(
                    f"{patch.describe()}: {here} is a list of {len(node)}; no index {token!r}"
                )
            node = node[int(token)]
        else:
            raise SettingsError(f"{patch.describe()}: {here} is not an object or a list")
    return node


def _apply(document: Any, patch: Patch) -> Any:
    if patch.op == "test":
        found = _walk(document, _tokens(patch.path), patch)
        if found != patch.value:
            raise SettingsError(
                f"{patch.describe()}: the spec has {json.dumps(found)[:80]}, "
                f"not {json.dumps(patch.value)[:80]}"
            )
        return document
    if patch.op in ("move", "copy"):
        assert patch.source is not None
        value = copy.deepcopy(_walk(document, _tokens(patch.source), patch))
        if patch.op == "move":
            document = _apply(document, Patch("remove", patch.source, index=patch.index))
        return _apply(document, Patch("add", patch.path, value, index=patch.index))
    tokens = _tokens(patch.path)
    if not tokens:
        if patch.op == "remove":
            raise SettingsError(f"{patch.describe()}: cannot remove the whole spec")
        return copy.deepcopy(patch.value)
    parent = _walk(document, tokens[:-1], patch)
    key = tokens[-1]
    if isinstance(parent, dict):
        if patch.op in ("remove", "replace") and key not in parent:
            raise SettingsError(
                f"{patch.describe()}: there is no {key!r} to {patch.op} (has the spec "
                "changed? drop or fix this patch)"
            )
        if patch.op == "remove":
            del parent[key]
        else:
            parent[key] = copy.deepcopy(patch.value)
    elif isinstance(parent, list):
        if key == "-" and patch.op == "add":
            parent.append(copy.deepcopy(patch.value))
            return document
        limit = len(parent) + (1 if patch.op == "add" else 0)
        if not key.isdigit() or int(key) >= limit:
            raise SettingsError(
                f"{patch.describe()}: the list has {len(parent)} entries; no index {key!r}"
            )
        if patch.op == "add":
            parent.insert(int(key), copy.deepcopy(patch.value))
        elif patch.op == "remove":
            del parent[int(key)]
        else:
            parent[int(key)] = copy.deepcopy(patch.value)
    else:
        raise SettingsError(f"{patch.describe()}: its parent is not an object or a list")
    return document


def apply_patches(document: dict[str, Any], patches: Sequence[Patch]) -> dict[str, Any]:
    """The document with every patch applied in order (the input is not changed)."""
    if not patches:
        return document
    result: Any = copy.deepcopy(document)
    for patch in patches:
        result = _apply(result, patch)
    if not isinstance(result, dict):
        raise SettingsError(
            "the patches leave no OpenAPI document (the top level is not a mapping)"
        )
    return result


# --- writing settings for a message ---------------------------------------------------


def toml_value(value: Any) -> str:
    """A value as TOML (inline tables and arrays), for settings a message suggests."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def patch_toml(op: str, path: str, value: Any = None, *, has_value: bool = True) -> str:
    """A [[patch]] table, ready to paste into a settings file."""
    lines = ["[[patch]]", f'op = "{op}"', f"path = {json.dumps(path)}"]
    if has_value and op != "remove":
        lines.append(f"value = {toml_value(value)}")
    return "\n".join(lines)
