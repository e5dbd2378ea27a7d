"""Regenerate the low-level client packages from the contracts in openapi/, or a client
from any OpenAPI spec.

    scripts/regenerate.py                   regenerate every package in openapi/manifest.toml
    scripts/regenerate.py --check           fail if generated/ is not what the contracts produce
    scripts/regenerate.py --report-only     print the change report; write nothing
    scripts/regenerate.py --against SPEC    report changes relative to SPEC (path or URL)
    scripts/regenerate.py --spec SPEC --output DIR [--config FILE]
                                            generate one spec (path or URL) into DIR
    scripts/regenerate.py --upstream [SPEC] [--fail-on-difference]
                                            compare the contract's wire format with an
                                            upstream contract (default: the manifest's)

Every run reads the spec's settings file (`--config`, or `<spec>.regen.toml` beside
it; see `spec_settings.py`) and applies its JSON Patches, validates the spec, runs
the pinned openapi-python-client in process with the templates in
openapi/templates/, formats the result with the pinned ruff and
openapi/ruff-generated.toml only, and compares it with what is on disk. Any
generator warning (a skipped operation, media type or schema) fails the run unless
the settings allow that operation to be skipped; every failure names the
operationId, the JSON pointer, the generator's own words and the setting that
would fix it (`problems.py`). So does an operation without its module. The package
records the contract it was made from in `_contract.json`; the change report
(`contract_diff.py`) compares the new contract with that record, or with
`--against`; an output folder without a record is a first generation, with
nothing to compare.

`--upstream` generates nothing: it compares what travels on the wire (see
`wire_diff.py`) and allows the differences the manifest's `upstream-differences`
file lists with their reasons.

Exit status: 0 success; 1 `--check` found differences, `--fail-on-breaking`
and a breaking (error-level) change, or `--fail-on-difference` and a wire
difference not allowed (or an allowed one that no longer occurs); 2 the spec, its
settings, the tools or the generator failed (the message says which and where;
never a traceback unless `--debug`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import difflib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import tomllib
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from contract_diff import HTTP_METHODS, diff_contracts, format_report, report_data
from json_document import follow
from problems import Problem, describe, describe_one, explain, explain_crash
from spec_settings import (
    Settings,
    SettingsError,
    apply_patches,
    check_generator_keys,
    default_path,
    load_settings,
)
from wire_diff import apply_allow_list, diff_wire, format_wire_report, parse_allow_list

ROOT = Path(__file__).resolve().parent.parent
OPENAPI_DIR = ROOT / "openapi"
MANIFEST = OPENAPI_DIR / "manifest.toml"
CONTRACT_FILE = "_contract.json"
GENERATOR_DIST = "openapi-python-client"
RUFF_DIST = "ruff"
# Files on disk that are never part of the comparison (byproducts of importing or testing).
IGNORED_DIRS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
IGNORED_SUFFIXES = (".pyc", ".pyo")
DIFF_LINES_PER_FILE = 30
DIFF_FILES_SHOWN = 8
FILES_LISTED = 40  # per kind (changed, missing, extra); a first generation lists thousands
PROBLEMS_LISTED = 10


class RegenError(Exception):
    """A failure explained by its message; printed without a traceback."""


# --- manifest ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One contract and the package generated from it."""

    package: str
    source: str  # a path relative to openapi/ or absolute, or an http(s) URL
    output: Path
    config: Path
    templates: Path | None
    ruff_config: Path
    upstream: str | None = None  # the contract to stay wire-compatible with (path or URL)
    upstream_differences: Path | None = None  # the allow-list of deliberate differences


@dataclass(frozen=True)
class Manifest:
    generator_version: str
    ruff_version: str
    targets: list[Target]


def _source(source: str, base: Path) -> str:
    """A spec named in the manifest: a URL as it is, a path relative to the manifest's folder."""
    return source if is_url(source) else str(base / source)


def load_manifest(path: Path = MANIFEST) -> Manifest:
    """Read a manifest. Its paths are relative to its folder, outputs to that folder's parent."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise RegenError(f"{_show(path)}: cannot read the manifest: {err}") from err
    tools = data.get("tools", {})
    try:
        generator_version = str(tools[GENERATOR_DIST])
        ruff_version = str(tools[RUFF_DIST])
    except KeyError as err:
        raise RegenError(f"{_show(path)}: [tools] must pin {err.args[0]}") from err
    base = path.resolve().parent
    root = base.parent
    targets: list[Target] = []
    for entry in data.get("spec", []):
        try:
            source = _source(str(entry["source"]), base)
            templates = entry.get("templates", "templates")
            upstream = entry.get("upstream")
            allowed = entry.get("upstream-differences")
            targets.append(
                Target(
                    package=str(entry["package"]),
                    source=source,
                    output=root / str(entry["output"]),
                    config=base / str(entry.get("config", "generator-config.yaml")),
                    templates=base / str(templates) if templates else None,
                    ruff_config=base / str(entry.get("ruff-config", "ruff-generated.toml")),
                    upstream=None if upstream is None else _source(str(upstream), base),
                    upstream_differences=None if allowed is None else base / str(allowed),
                )
            )
        except KeyError as err:
            raise RegenError(f"{_show(path)}: a [[spec]] entry has no {err.args[0]}") from err
    if not targets:
        raise RegenError(f"{_show(path)}: no [[spec]] entries")
    return Manifest(generator_version, ruff_version, targets)


# --- reading specs ----------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    label: str  # for messages: a path relative to the repository, or the URL
    document: dict[str, Any]
    base_uri: str


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _show(path: Path) -> str:
    """A path for messages: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def load_spec(source: str) -> Spec:
    """Read an OpenAPI document (YAML or JSON) from a path or an http(s) URL."""
    if is_url(source):
        import httpx

        try:
            response = httpx.get(source, follow_redirects=True, timeout=30.0)
        except httpx.HTTPError as err:
            raise RegenError(f"{source}: cannot fetch the spec: {err}") from err
        if response.status_code != 200:
            raise RegenError(f"{source}: cannot fetch the spec: HTTP {response.status_code}")
        return Spec(source, _parse(response.content, source), source)
    path = Path(source)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise RegenError(f"{_show(path)}: cannot read the spec: {err.strerror}") from err
    return Spec(_show(path), _parse(raw, _show(path)), path.resolve().as_uri())


def _parse(raw: bytes, label: str) -> dict[str, Any]:
    text = raw.decode("utf-8-sig", errors="replace")
    document: Any
    if text.lstrip().startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as err:
            raise RegenError(f"{label}: not valid JSON: {err}") from err
    else:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            document = YAML(typ="safe", pure=True).load(text)
        except YAMLError as err:
            raise RegenError(f"{label}: not valid YAML: {err}") from err
    if not isinstance(document, dict):
        raise RegenError(f"{label}: not an OpenAPI document (the top level is not a mapping)")
    return document


def contract_json(document: Mapping[str, Any]) -> str:
    """The normalised copy of a contract written beside the code made from it."""

    def default(value: object) -> str:
        if isinstance(value, datetime.date | datetime.datetime):
            return value.isoformat()
        raise TypeError(f"cannot store {type(value).__name__} in JSON")

    return json.dumps(document, indent=2, ensure_ascii=False, default=default) + "\n"


# --- validation -------------------------------------------------------------------------


def _pointer(key: object) -> str:
    """One JSON-pointer segment."""
    return str(key).replace("~", "~0").replace("/", "~1")


def _walk_refs(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref, where
        for key, value in node.items():
            yield from _walk_refs(value, f"{where}/{_pointer(key)}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk_refs(value, f"{where}/{index}")


def _resolves(document: Mapping[str, Any], ref: str) -> bool:
    return follow(document, ref)[0]


def validate_spec(
    spec: Spec, *, everything: bool = False, settings_label: str | None = None
) -> None:
    """Fail with a message naming each problem if the document is not valid OpenAPI.

    At most `PROBLEMS_LISTED` problems are listed unless `everything`.
    """
    document = spec.document
    problems: list[str] = []
    hint = (
        f"\nTo fix a spec you do not own, add JSON Patches ([[patch]]) to {settings_label}: "
        "they are applied before it is validated."
        if settings_label
        else ""
    )
    if not any(key in document for key in ("openapi", "swagger")):
        raise RegenError(
            f"{spec.label}: not an OpenAPI document (no `openapi` version field){hint}"
        )
    for ref, where in _walk_refs(document, "#"):
        if ref.startswith("#") and not _resolves(document, ref):
            problems.append(f"{where}: $ref {ref!r} points to nothing")
    seen: dict[str, str] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, Mapping) else None
            if not isinstance(operation, Mapping) or "operationId" not in operation:
                continue
            operation_id = str(operation["operationId"])
            here = f"{method.upper()} {path}"
            if operation_id in seen:
                problems.append(
                    f"operationId {operation_id!r} is used by both {seen[operation_id]} and {here}"
                )
            seen[operation_id] = here
    if not problems:
        problems = _schema_problems(spec, None if everything else 20)
    if problems:
        shown = problems if everything else problems[:PROBLEMS_LISTED]
        listed = "\n".join(f"  - {problem}" for problem in shown)
        more = len(problems) - len(shown)
        tail = f"\n  ... and {more} more (--all-problems lists them all)" if more else ""
        raise RegenError(
            f"{spec.label}: invalid OpenAPI document ({len(problems)} problem(s)):\n"
            f"{listed}{tail}{hint}"
        )


def _locate(document: Mapping[str, Any], relative: list[Any], instance: Any) -> str:
    """Where in the document an error is, given its path inside some sub-document.

    openapi-spec-validator's own keyword pass checks each schema on its own, so its errors
    say where they are only within that schema; find the schemas where that path holds that
    value. (Only Swagger 2.0 documents still go through that pass.)
    """
    found: list[str] = []
    pending: list[tuple[Any, str]] = [(document, "#")]
    while pending and len(found) < 3:
        node, where = pending.pop()
        target: Any = node
        for part in relative:
            in_mapping = isinstance(target, Mapping) and part in target
            in_list = isinstance(target, list) and isinstance(part, int) and part < len(target)
            if in_mapping or in_list:
                target = target[part]
            else:
                break
        else:
            if target == instance and (relative or isinstance(node, Mapping)):
                found.append("/".join([where, *map(_pointer, relative)]))
                continue
        if isinstance(node, Mapping):
            pending.extend(
                (value, f"{where}/{_pointer(key)}") for key, value in reversed(list(node.items()))
            )
        elif isinstance(node, list):
            pending.extend((value, f"{where}/{index}") for index, value in enumerate(node))
    if found:
        return " or ".join(found)
    return "/".join(["#", *map(_pointer, relative)])


def _message(error: Any) -> str:
    message = str(error.message).strip().splitlines()[0]
    reasons = sorted({str(sub.message) for sub in error.context or []})
    return message + (" (" + "; ".join(reasons[:3]) + ")" if reasons else "")


def _schema_problems(spec: Spec, limit: int | None = 20) -> list[str]:
    """openapi-spec-validator's problems with the document, each with its JSON pointer.

    The document is checked against the OpenAPI JSON Schema by openapi-spec-validator (with
    the backend it picks: jsonschema-rs when installed); the semantic checks of its second
    pass run in `spec_checks.py`, which finds the same problems over the plain document many
    times faster on a large spec.
    """
    from openapi_spec_validator.shortcuts import get_validator_cls
    from openapi_spec_validator.validation.exceptions import ValidatorDetectError
    from spec_checks import semantic_problems

    document = spec.document
    try:
        validator_cls = get_validator_cls(document)
    except ValidatorDetectError:
        version = document.get("openapi", document.get("swagger"))
        return [f"unsupported OpenAPI version {version!r}"]
    if "swagger" in document:
        return _swagger_problems(spec, validator_cls, limit)
    problems: list[str] = []
    try:
        for error in validator_cls.schema_validator.iter_errors(document):
            problems.append(
                f"{'/'.join(['#', *map(_pointer, error.absolute_path)])}: {_message(error)}"
            )
            if limit is not None and len(problems) >= limit:
                return problems
        if not problems:
            problems = [finding.text() for finding in semantic_problems(document)]
    except Exception as err:  # a document malformed in a way no check expected
        if not problems:
            problems.append(f"{type(err).__name__}: {str(err)[:300]}")
    return problems if limit is None else problems[:limit]


def _swagger_problems(spec: Spec, validator_cls: Any, limit: int | None) -> list[str]:
    from jsonschema_path import SchemaPath

    problems: list[str] = []
    try:
        validator = validator_cls(SchemaPath.from_dict(spec.document, base_uri=spec.base_uri))
        for error in validator.iter_errors():
            location = _locate(spec.document, list(error.absolute_path), error.instance)
            problems.append(f"{location}: {_message(error)}")
            if limit is not None and len(problems) >= limit:
                break
    except Exception as err:  # the validator raises on some malformed documents
        if not problems:
            problems.append(f"{type(err).__name__}: {str(err)[:300]}")
    return problems


# --- tools --------------------------------------------------------------------------------


def check_tools(manifest: Manifest) -> str:
    """Verify the pinned generator and ruff; return the ruff executable."""
    try:
        installed = metadata.version(GENERATOR_DIST)
    except metadata.PackageNotFoundError:
        installed = None
    if installed != manifest.generator_version:
        raise RegenError(
            f"{GENERATOR_DIST} {manifest.generator_version} is required "
            f"(openapi/manifest.toml), but {installed or 'none'} is installed in {sys.prefix}; "
            "run `pip install -e '.[dev]'`"
        )
    exe = "ruff.exe" if os.name == "nt" else "ruff"
    candidates = [Path(sysconfig.get_path("scripts")) / exe, Path(sys.executable).parent / exe]
    ruff = next((str(path) for path in candidates if path.is_file()), shutil.which("ruff"))
    if ruff is None:
        raise RegenError(f"ruff {manifest.ruff_version} is required but no ruff was found")
    result = subprocess.run([ruff, "--version"], capture_output=True, text=True, check=False)
    version = result.stdout.strip().removeprefix("ruff ").strip()
    if result.returncode != 0 or version != manifest.ruff_version:
        raise RegenError(
            f"ruff {manifest.ruff_version} is required (openapi/manifest.toml), "
            f"but {ruff} is {version or 'not runnable'}; run `pip install -e '.[dev]'`"
        )
    return ruff


# --- generation -------------------------------------------------------------------------


@dataclass
class Generated:
    files: dict[str, bytes]  # relative posix path -> content
    operations: int
    models: int
    seconds: float
    notes: list[str] = field(default_factory=list)
    installed: bool = False  # moved into the output folder already (a first generation)


def _expected_modules(
    document: Mapping[str, Any], config: Any, settings_label: str = "the spec's settings file"
) -> dict[str, str]:
    """Endpoint module path for every operation, as the generator names them."""
    from openapi_python_client.parser.openapi import generate_operation_id
    from openapi_python_client.schema.untrusted_string import UntrustedString
    from openapi_python_client.strings import PythonIdentifier

    expected: dict[str, str] = {}
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping):
                continue
            label = f"{method.upper()} {path}"
            operation_id = operation.get("operationId")
            if operation_id:
                name = PythonIdentifier(str(operation_id), prefix=config.field_prefix)
                label = f"{operation_id} ({label})"
            else:
                name = generate_operation_id(
                    path=UntrustedString(str(path)), method=method, prefix=config.field_prefix
                )
            tags = [str(tag) for tag in operation.get("tags") or ["default"]]
            if not config.generate_all_tags:
                tags = tags[:1]
            for tag in tags:
                module = f"api/{PythonIdentifier(tag, prefix='tag')}/{name}.py"
                if module in expected:
                    where = f"/paths/{_pointer(path)}/{method}/operationId"
                    fix = (
                        f'[[patch]]\nop = "{"replace" if operation_id else "add"}"\n'
                        f"path = {json.dumps(where)}\nvalue = {json.dumps(f'{name}_{method}')}"
                    )
                    raise RegenError(
                        f"operations {expected[module]} and {label} would both be written to "
                        f"{module} (the generator makes the same module name of both), so the "
                        f"client would lack one of them:\n"
                        f"  at #{where}\n"
                        f"  fix: give them distinct operationIds; for a spec you do not own, "
                        f"in {settings_label}:\n"
                        + "\n".join(f"    {line}" for line in fix.splitlines())
                    )
                expected[module] = label
    return expected


@dataclass(frozen=True)
class Job:
    """What one generation needs besides the spec: where it goes and the spec's settings."""

    package: str
    settings: Settings
    settings_label: str  # the settings file a message should point to (it may not exist yet)
    all_problems: bool = False


def generator_config(target: Target, job: Job) -> Any:
    """The manifest's openapi-python-client settings with the spec's `[generator]` on top."""
    from openapi_python_client.config import ConfigFile
    from pydantic import ValidationError

    try:
        base = ConfigFile.load_from_path(target.config)
    except Exception as err:  # YAML, JSON or pydantic errors alike: all mean "cannot read it"
        raise RegenError(
            f"{_show(target.config)}: cannot read the generator config: {err}"
        ) from err
    if base.post_hooks:
        raise RegenError(
            f"{_show(target.config)}: post_hooks must be [] (regenerate.py runs the pinned ruff "
            "itself, with openapi/ruff-generated.toml)"
        )
    if job.package == target.package and base.package_name_override not in (None, target.package):
        raise RegenError(
            f"{_show(target.config)}: package_name_override is "
            f"{base.package_name_override!r} but the manifest says {target.package!r}"
        )
    merged = base.model_dump(exclude_unset=True)
    for key, value in job.settings.generator.items():
        # Mappings add to the manifest's (its content type overrides stay), others replace.
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    merged["package_name_override"] = job.package
    if job.package != target.package:
        merged["project_name_override"] = job.package.replace("_", "-")
    try:
        return ConfigFile(**merged)
    except ValidationError as err:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()[:5])
        raise RegenError(
            f"{job.settings.label}: [generator] settings openapi-python-client refuses: {reasons}"
        ) from err


def _allowed(problem: Problem, allow: Sequence[str]) -> bool:
    names = {problem.operation, problem.endpoint, problem.skip_key, problem.pointer}
    return any(entry in names for entry in allow)


def generate(
    target: Target, spec: Spec, ruff: str, job: Job, install: Path | None = None
) -> Generated:
    """Generate the package for `spec` in a private temporary directory; return its files.

    `install`: a folder that does not exist yet (or is empty) to move the finished package
    into, instead of the caller writing every file a second time (thousands, for a large
    spec); when the move is not possible (another filesystem), the caller writes them.
    """
    from openapi_python_client import Project
    from openapi_python_client.config import Config, MetaType
    from openapi_python_client.parser import GeneratorData
    from openapi_python_client.parser.errors import GeneratorError

    started = time.perf_counter()
    config_file = generator_config(target, job)
    notes: list[str] = []
    # Beside the destination when there is one, so that moving the result there is a rename.
    near = install.parent if install is not None else None
    if near is not None:
        near.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".conveyor-regen-", dir=near) as tmp:
        workdir = Path(tmp)
        package_dir = workdir / job.package
        config = Config.from_sources(
            config_file,
            MetaType.NONE,
            spec.label if is_url(spec.label) else Path(spec.label),
            "utf-8",
            True,
            output_path=package_dir,
        )
        printed = io.StringIO()
        try:
            # The generator keeps no reference to the dict after parsing it into its own
            # models, so it may have the spec itself: a deep copy of a large spec costs time.
            data = GeneratorData.from_dict(spec.document, config=config)
            if isinstance(data, GeneratorError):
                detail = (data.detail or "").strip().splitlines()
                raise RegenError(
                    f"{spec.label}: the generator cannot read it: {data.header}\n"
                    + "\n".join(f"  {line}" for line in detail[:20])
                )
            project = Project(openapi=data, config=config, custom_template_path=target.templates)
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                errors = project.build()
        except RegenError:
            raise
        except Exception as err:
            problem = explain_crash(err, spec.document)
            raise RegenError(
                f"{spec.label}: openapi-python-client stopped with an error:\n\n"
                f"{describe_one(problem, job.settings_label)}"
            ) from err
        problems = explain(errors, spec.document)
        allowed = [p for p in problems if _allowed(p, job.settings.allow_skip)]
        failing = [p for p in problems if not _allowed(p, job.settings.allow_skip)]
        if failing:
            raise RegenError(
                f"{spec.label}: openapi-python-client cannot generate {len(failing)} part(s) of "
                f"it; every such warning fails the run, since the client would lack that part:"
                f"\n\n{describe(failing, job.settings_label, everything=job.all_problems)}"
            )
        notes += [
            f"left out, as {job.settings.label} allows (allow-skip): {p.subject}: "
            f"{p.detail.splitlines()[0] if p.detail else p.kind}"
            for p in allowed
        ]
        skipped = {name for p in allowed for name in (p.operation, p.endpoint) if name}
        named = {name for p in problems for name in (p.operation, p.endpoint, p.pointer) if name}
        notes += [
            f"{job.settings.label}: allow-skip entry {entry!r} matches no generator warning "
            "(the spec may have been fixed: drop the entry)"
            for entry in job.settings.allow_skip
            if entry not in named and entry not in {p.skip_key for p in problems}
        ]
        unexpected = [
            line
            for line in printed.getvalue().splitlines()
            if line.strip() and not line.startswith("Generating ")
        ]
        if unexpected:
            raise RegenError(
                f"{spec.label}: unexpected generator output:\n"
                + "\n".join(f"  {line}" for line in unexpected[:20])
            )

        expected = _expected_modules(spec.document, config, job.settings_label)
        missing = [
            (module, label)
            for module, label in expected.items()
            if not (package_dir / module).is_file() and not any(name in label for name in skipped)
        ]
        if missing:
            listed = "\n".join(f"  - {label} -> {module}" for module, label in missing)
            first = missing[0][1].split(" (")[0]
            raise RegenError(
                f"{spec.label}: operations without a generated module (the generator gave no "
                f"reason, so this is likely a generator bug):\n{listed}\n"
                f"  fix: to generate the rest, in {job.settings_label}: "
                f"allow-skip = [{json.dumps(first)}]"
            )

        (package_dir / "py.typed").write_text("", encoding="utf-8")
        # The record is pretty-printed JSON, which Python encodes without its C encoder: on a
        # large spec that takes a while, so it is written while ruff (a subprocess) runs.
        record = threading.Thread(
            target=lambda: (package_dir / CONTRACT_FILE).write_text(
                contract_json(spec.document), encoding="utf-8"
            )
        )
        record.start()
        try:
            ruff_notes = _ruff(ruff, target.ruff_config, workdir, package_dir)
        finally:
            record.join()
        if not (package_dir / CONTRACT_FILE).is_file():
            raise RegenError(f"{spec.label}: cannot record the contract as JSON")
        notes += [f"ruff: {note}" for note in ruff_notes]
        files = read_tree(package_dir)
        installed = False
        if install is not None:
            try:
                package_dir.rename(install)
                installed = True
            except OSError:
                pass  # another filesystem, say: the caller writes the files instead
    return Generated(
        files=files,
        operations=len(expected),
        models=len(data.models) + len(data.enums),
        seconds=time.perf_counter() - started,
        notes=notes,
        installed=installed,
    )


_RUFF_PARSE_ERROR = re.compile(
    r"^error: Failed to parse (?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<why>.*)$"
)


def _ruff(ruff: str, config: Path, workdir: Path, package_dir: Path) -> list[str]:
    """Fix and format with exactly `config`: no other ruff configuration, cache or environment.

    Returns what ruff still finds afterwards (normally nothing), one line each. A file ruff
    cannot format fails the run, naming the file, the line and ruff's reason.
    """
    sources = sorted(path.relative_to(workdir).as_posix() for path in package_dir.rglob("*.py"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("RUFF_")}
    env["XDG_CONFIG_HOME"] = str(workdir)  # no user-level ruff configuration either
    common = ["--no-cache", "--config", str(config)]
    commands = (
        ["check", "--fix", "--exit-zero", "--quiet", *common],
        # Not --quiet: that would hide the file and reason of a failure.
        ["format", *common],
        ["check", "--output-format", "concise", *common],
    )
    result = None
    for command in commands:
        result = subprocess.run(
            [ruff, *command, *sources],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 and command[0] == "format":
            raise RegenError(_ruff_failure(result.stdout + result.stderr, workdir))
    assert result is not None
    if result.returncode == 0:
        return []
    return [
        line
        for line in result.stdout.splitlines()
        if line.strip() and not line.startswith("Found ")
    ]


def _ruff_failure(output: str, workdir: Path) -> str:
    """ruff's failure on generated code, with each file, line and reason, and the line itself."""
    lines = ["ruff format failed on the generated code (a template or generator problem):"]
    for raw in output.splitlines():
        found = _RUFF_PARSE_ERROR.match(raw.strip())
        if not found:
            if raw.strip().startswith("error:"):
                lines.append(f"  {raw.strip().removeprefix('error: ')}")
            continue
        lines.append(f"  {found['file']}:{found['line']}:{found['col']}: {found['why']}")
        try:
            text = (workdir / found["file"]).read_text(encoding="utf-8").splitlines()
            lines.append(f"      {text[int(found['line']) - 1].strip()}")
        except (OSError, IndexError, UnicodeDecodeError):
            pass  # the reason alone still says what to look for
    if len(lines) == 1:
        lines.append("  " + (output.strip() or "(ruff gave no reason)"))
    return "\n".join(lines)


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (minus caches), line endings normalised to LF."""
    files: dict[str, bytes] = {}
    if not root.is_dir():
        return files
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in IGNORED_DIRS for part in relative.parts) or not path.is_file():
            continue
        if path.name.endswith(IGNORED_SUFFIXES):
            continue
        files[relative.as_posix()] = path.read_bytes().replace(b"\r\n", b"\n")
    return files


# --- comparing and writing --------------------------------------------------------------


@dataclass
class TreeDiff:
    changed: list[str]
    missing: list[str]  # produced by the contract, absent on disk
    extra: list[str]  # on disk, not produced by the contract

    def __bool__(self) -> bool:
        return bool(self.changed or self.missing or self.extra)


def compare_trees(on_disk: Mapping[str, bytes], produced: Mapping[str, bytes]) -> TreeDiff:
    return TreeDiff(
        changed=sorted(
            name for name in produced.keys() & on_disk.keys() if produced[name] != on_disk[name]
        ),
        missing=sorted(produced.keys() - on_disk.keys()),
        extra=sorted(on_disk.keys() - produced.keys()),
    )


def describe_diff(
    diff: TreeDiff, on_disk: Mapping[str, bytes], produced: Mapping[str, bytes], where: str
) -> str:
    lines = [
        f"{where} is not what the contract produces "
        f"({len(diff.changed)} changed, {len(diff.missing)} missing, {len(diff.extra)} extra):"
    ]
    for label, names in (
        ("changed", diff.changed),
        ("missing", diff.missing),
        ("extra  ", diff.extra),
    ):
        lines += [f"  {label}  {name}" for name in names[:FILES_LISTED]]
        if len(names) > FILES_LISTED:
            lines.append(f"  ... and {len(names) - FILES_LISTED} more {label.strip()} files")
    for name in diff.changed[:DIFF_FILES_SHOWN]:
        try:
            before = on_disk[name].decode("utf-8").splitlines()
            after = produced[name].decode("utf-8").splitlines()
        except UnicodeDecodeError:
            lines.append(f"(binary file {name} differs)")
            continue
        excerpt = list(
            difflib.unified_diff(
                before,
                after,
                f"{where}/{name} (on disk)",
                f"{where}/{name} (from the contract)",
                n=2,
                lineterm="",
            )
        )
        lines.append("")
        lines.extend(excerpt[:DIFF_LINES_PER_FILE])
        if len(excerpt) > DIFF_LINES_PER_FILE:
            lines.append(f"... ({len(excerpt) - DIFF_LINES_PER_FILE} more diff lines)")
    if len(diff.changed) > DIFF_FILES_SHOWN:
        lines.append(f"... ({len(diff.changed) - DIFF_FILES_SHOWN} more changed files not shown)")
    return "\n".join(lines)


def _looks_generated(directory: Path) -> bool:
    if not directory.exists():
        return True
    if not directory.is_dir():
        return False
    if not any(directory.iterdir()):
        return True
    return (directory / CONTRACT_FILE).is_file() or (
        (directory / "client.py").is_file() and (directory / "api").is_dir()
    )


def write_tree(directory: Path, produced: Mapping[str, bytes], diff: TreeDiff) -> None:
    """Make `directory` hold exactly `produced`, touching only files that differ."""
    if not _looks_generated(directory):
        raise RegenError(
            f"refusing to write into {_show(directory)}: it exists and does not look like a "
            f"generated package (no {CONTRACT_FILE})"
        )
    for name in diff.changed + diff.missing:
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(produced[name])
    for name in diff.extra:
        (directory / name).unlink()
    # Drop directories left with nothing but caches.
    for path in sorted(directory.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if (
            path.is_dir()
            and path.name not in IGNORED_DIRS
            and all(child.name in IGNORED_DIRS for child in path.iterdir())
        ):
            shutil.rmtree(path)


def code_only_note(target: Target, spec: Spec, output: Path, diff: TreeDiff) -> str | None:
    """Why files differ when the contract recorded with them has not changed, else None.

    The change report covers the contract only, so without this a run that rewrites files
    reads "No client-visible changes" and leaves the user guessing where they came from.
    """
    if not diff or CONTRACT_FILE in diff.changed or CONTRACT_FILE in diff.missing:
        return None
    sources = [f"the generator config ({_show(target.config)})"]
    if target.templates:
        sources.insert(0, f"the templates ({_show(target.templates)}/)")
    return (
        f"{spec.label} matches the contract {_show(output)} was made from, so the file changes "
        f"come from {', '.join(sources)}, the generator and ruff versions pinned in the "
        f"manifest, or hand edits to {_show(output)}."
    )


# --- the change report ------------------------------------------------------------------


def baseline_for(output: Path, against: str | None) -> Spec | None:
    """The contract to compare with: `--against`, else the one recorded in the output folder.

    A folder without a record (a first generation) has none: comparing with some other
    package's record would report every difference between two unrelated APIs.
    """
    if against is not None:
        return load_spec(against if is_url(against) else str(Path(against).resolve()))
    recorded = output / CONTRACT_FILE
    if recorded.is_file():
        spec = load_spec(str(recorded))
        return Spec(f"{spec.label} (recorded)", spec.document, spec.base_uri)
    return None


def change_report(
    baseline: Spec | None, spec: Spec, *, package: str, output: Path, fmt: str
) -> tuple[str, bool]:
    """The report text (Markdown or JSON) and whether anything in it is breaking."""
    if baseline is None:
        if fmt == "json":
            data = report_data([], "", spec.label)
            data.update({"from": None, "first_generation": True, "package": package})
            return json.dumps(data, indent=2), False
        return (
            f"First generation of `{package}` in {_show(output)}: there is no recorded contract "
            f"there to compare {spec.label} with, so no change report "
            "(`--against OLD_SPEC` compares with another spec).",
            False,
        )
    changes = diff_contracts(baseline.document, spec.document)
    return format_report(changes, baseline.label, spec.label, fmt), any(c.breaking for c in changes)


# --- the wire comparison with an upstream contract ----------------------------------------


def wire_report(target: Target, spec: Spec, upstream_source: str) -> tuple[str, bool]:
    """The wire comparison of `spec` with the upstream contract; whether it fails."""
    source = upstream_source or target.upstream
    if not source:
        raise RegenError(
            "no upstream contract to compare with: give --upstream SPEC, or set `upstream` "
            "in the manifest's [[spec]] entry"
        )
    upstream = load_spec(source if is_url(source) else str(Path(source).resolve()))
    validate_spec(upstream)
    allowed = []
    allow_label = None
    if target.upstream_differences is not None:
        path = target.upstream_differences
        allow_label = _show(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as err:
            raise RegenError(
                f"{allow_label}: cannot read the allowed differences "
                f"(`upstream-differences` in the manifest): {err.strerror}"
            ) from err
        except tomllib.TOMLDecodeError as err:
            raise RegenError(f"{allow_label}: not valid TOML: {err}") from err
        try:
            allowed = parse_allow_list(data, allow_label)
        except ValueError as err:
            raise RegenError(str(err)) from err
    # The allow-list is written for the manifest's upstream: against another contract (a live
    # deployment, say) its entries still apply, but one that matches nothing is no error.
    if not upstream_source:
        own = True
    elif is_url(source) or target.upstream is None or is_url(target.upstream):
        own = source == target.upstream
    else:
        own = Path(source).resolve() == Path(target.upstream).resolve()
    differences = diff_wire(spec.document, upstream.document)
    report = apply_allow_list(differences, allowed, stale_fails=own)
    return format_wire_report(report, spec.label, upstream.label, allow_label), report.failed


# --- command line -----------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/regenerate.py",
        description="Regenerate the client packages listed in openapi/manifest.toml, or a client "
        "from any OpenAPI spec (--spec SPEC --output DIR).",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="regenerate in a temporary directory and fail if the output directory differs",
    )
    mode.add_argument(
        "--report-only",
        action="store_true",
        help="validate the spec and print the change report; generate and write nothing",
    )
    mode.add_argument(
        "--upstream",
        metavar="SPEC",
        nargs="?",
        const="",
        help="compare the contract's wire format with SPEC (path or URL; default: the "
        "manifest's `upstream`), allowing the differences its `upstream-differences` file "
        "lists; generate and write nothing",
    )
    parser.add_argument(
        "--against",
        metavar="SPEC",
        help="report changes relative to SPEC (path or URL) instead of the recorded contract",
    )
    parser.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="the change report as Markdown (default) or JSON; with json, everything else "
        "goes to standard error",
    )
    parser.add_argument(
        "--manifest",
        metavar="FILE",
        default=str(MANIFEST),
        help="the manifest to read (default: openapi/manifest.toml)",
    )
    parser.add_argument("--package", help="only the manifest entry for this package")
    parser.add_argument("--spec", metavar="SPEC", help="generate from SPEC (path or URL)")
    parser.add_argument("--output", metavar="DIR", help="write (or check) DIR instead")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="the spec's settings file (default: <spec>.regen.toml beside the spec, if any): "
        "package name, generator settings, JSON Patches, operations allowed to be skipped",
    )
    parser.add_argument(
        "--fail-on-breaking",
        action="store_true",
        help="exit 1 when the change report has a breaking (error-level) change",
    )
    parser.add_argument(
        "--fail-on-difference",
        action="store_true",
        help="with --upstream: exit 1 when a wire difference is not allowed, or an allowed "
        "one no longer occurs",
    )
    parser.add_argument(
        "--all-problems",
        action="store_true",
        help="list every validation or generator problem in full, not a summary",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an unexpected failure"
    )
    args = parser.parse_args(argv)
    if args.fail_on_difference and args.upstream is None:
        parser.error("--fail-on-difference needs --upstream")
    if args.upstream is not None and (args.against or args.output or args.fail_on_breaking):
        parser.error(
            "--upstream compares contracts only: drop --against, --output and --fail-on-breaking"
        )
    return args


def select_targets(manifest: Manifest, args: argparse.Namespace) -> list[Target]:
    targets = manifest.targets
    if args.package:
        targets = [target for target in targets if target.package == args.package]
        if not targets:
            known = ", ".join(target.package for target in manifest.targets)
            raise RegenError(f"no manifest entry for package {args.package!r} (known: {known})")
    if (args.spec or args.output or args.config) and len(targets) != 1:
        raise RegenError(
            "--spec, --output and --config need exactly one package; pick one with --package"
        )
    return targets


def spec_settings(args: argparse.Namespace, source: str) -> tuple[Settings, str]:
    """The spec's settings, and the settings file a message should name (even if absent)."""
    if args.config:
        path = Path(args.config).resolve()
        return load_settings(path, _show(path)), _show(path)
    beside = default_path(source)
    if beside is not None and beside.is_file():
        return load_settings(beside, _show(beside)), _show(beside)
    label = _show(beside) if beside is not None else "a settings file given with --config"
    return Settings(), f"{label} (create it)" if beside is not None else label


def package_name(args: argparse.Namespace, target: Target, settings: Settings, output: Path) -> str:
    """The import name: the settings' `package`, else a foreign spec's output folder name."""
    if settings.package:
        return settings.package
    if not args.spec:
        return target.package
    name = output.name
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise RegenError(
            f"{_show(output)}: the folder name {name!r} is not a Python package name; "
            'name the package with `package = "..."` in the spec\'s settings file (--config), '
            "or pick an --output folder whose name is one"
        )
    return name


def patched(spec: Spec, settings: Settings) -> Spec:
    """The spec with its settings' JSON Patches applied (the same spec when there are none)."""
    if not settings.patches:
        return spec
    try:
        document = apply_patches(spec.document, settings.patches)
    except SettingsError as err:
        raise RegenError(f"{spec.label}: {settings.label}: {err}") from err
    count = len(settings.patches)
    label = f"{spec.label} (+{count} patch{'es' if count > 1 else ''} from {settings.label})"
    return Spec(label, document, spec.base_uri)


def run_target(target: Target, args: argparse.Namespace, ruff: str | None) -> int:
    started = time.perf_counter()
    source = args.spec if args.spec else target.source
    if args.spec and not is_url(source):
        source = str(Path(source).resolve())
    output = Path(args.output).resolve() if args.output else target.output
    settings, settings_label = spec_settings(args, source)
    if settings.generator:
        check_generator_keys(settings.generator, settings.label)
    spec = patched(load_spec(source), settings)
    validate_spec(
        spec, everything=args.all_problems, settings_label=settings_label if args.spec else None
    )
    # With --format json the report alone goes to standard output.
    say = (lambda text: print(text, file=sys.stderr)) if args.format == "json" else print

    if args.upstream is not None:
        text, failed = wire_report(target, spec, args.upstream)
        print(text)
        return 1 if failed and args.fail_on_difference else 0

    package = package_name(args, target, settings, output)
    baseline = baseline_for(output, args.against)
    if baseline is not None and args.against and settings.patches:
        baseline = _patched_baseline(baseline, settings, say)
    report, breaking = change_report(
        baseline, spec, package=package, output=output, fmt=args.format
    )
    status = 1 if breaking and args.fail_on_breaking else 0
    if args.report_only:
        print(report)
        return status

    assert ruff is not None
    job = Job(package, settings, settings_label, args.all_problems)
    fresh = not output.exists() or (output.is_dir() and not any(output.iterdir()))
    generated = generate(target, spec, ruff, job, None if args.check or not fresh else output)
    for note in generated.notes:
        print(f"note: {note}", file=sys.stderr)
    on_disk: dict[str, bytes] = {} if generated.installed else read_tree(output)
    diff = compare_trees(on_disk, generated.files)
    cause = code_only_note(target, spec, output, diff)
    timing = (
        f"{package}: {generated.operations} operations, {generated.models} models "
        f"from {spec.label}: generated in {generated.seconds:.2f} s, "
        f"{time.perf_counter() - started:.2f} s in all"
    )
    if args.check:
        if diff:
            say(describe_diff(diff, on_disk, generated.files, _show(output)))
            say("")
            print(report)
            if cause:
                say(cause)
            say(f"\n{timing}\nRun `./dev regen` (scripts/regenerate.py) to update it.")
            return 1
        say(f"{_show(output)} is up to date ({timing})")
        if args.format == "json":
            print(report)
        return status

    print(report)
    if diff:
        if not generated.installed:
            write_tree(output, generated.files, diff)
        say(
            f"Wrote {_show(output)}: {len(diff.changed)} changed, {len(diff.missing)} new, "
            f"{len(diff.extra)} removed files"
        )
        if cause:
            say(cause)
    else:
        say(f"{_show(output)} already matches the contract")
    say(timing)
    return status


def _patched_baseline(baseline: Spec, settings: Settings, say: Any) -> Spec:
    """`--against` patched like the spec, so that the patches do not show as changes; as it
    is when they do not apply to it (an older release may lack what they fix)."""
    try:
        return patched(baseline, settings)
    except RegenError as err:
        say(f"note: comparing with {baseline.label} unpatched: {err}")
        return baseline


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    targets: list[Target] = []
    try:
        manifest = load_manifest(Path(args.manifest))
        targets = select_targets(manifest, args)
        ruff = None if args.report_only or args.upstream is not None else check_tools(manifest)
        status = 0
        for target in targets:
            status = max(status, run_target(target, args, ruff))
    except (RegenError, SettingsError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as err:
        # A bug here, not in the user's spec: say what it was, keep the traceback for --debug.
        if args.debug:
            traceback.print_exc()
        where = traceback.extract_tb(err.__traceback__)[-1]
        print(
            f"error: regenerate.py failed unexpectedly: {type(err).__name__}: {err} "
            f"(at {Path(where.filename).name}:{where.lineno}; --debug shows the traceback)",
            file=sys.stderr,
        )
        return 2
    if len(targets) > 1:
        print(
            f"total {time.perf_counter() - started:.2f} s",
            file=sys.stderr if args.format == "json" else sys.stdout,
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
