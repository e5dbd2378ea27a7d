"""Checks HTTP answers against openapi/platform.yaml (status documented, JSON body valid)."""

from __future__ import annotations

import json
import re
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "platform.yaml"
SPEC_URI = "urn:conveyor:platform-contract"


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


class Contract:
    """The contract, able to say whether an answer conforms."""

    def __init__(self, path: Path = SPEC_PATH) -> None:
        self.spec: dict[str, Any] = yaml.safe_load(path.read_text())
        resource = Resource.from_contents(self.spec, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self.templates = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", t) + "$"), t)
            for t in self.spec["paths"]
        ]

    @cached_property
    def operations(self) -> list[tuple[str, str]]:
        """Every (method, path template) of the contract."""
        out = []
        for template, item in self.spec["paths"].items():
            for method in item:
                if method in ("get", "put", "post", "delete", "patch", "head"):
                    out.append((method.upper(), template))
        return out

    def template_for(self, path: str) -> str:
        """The path template a concrete path belongs to."""
        for regex, template in self.templates:
            if regex.match(path):
                return template
        raise AssertionError(f"{path} is not a path of the contract")

    def _deref(self, obj: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        ref = obj.get("$ref")
        if ref is None:
            raise AssertionError("expected a $ref")
        parts = ref.lstrip("#/").split("/")
        node: Any = self.spec
        for p in parts:
            node = node[p]
        return node, parts

    def check(self, response: httpx.Response) -> None:
        """Raise AssertionError unless ``response`` conforms to the contract."""
        request = response.request
        path = urlsplit(str(request.url)).path
        template = self.template_for(path)
        method = request.method.lower()
        operation = self.spec["paths"][template].get(method)
        assert operation is not None, f"{method.upper()} {template} is not in the contract"
        status = str(response.status_code)
        responses = operation["responses"]
        assert status in responses, (
            f"{method.upper()} {path} answered {status}, which the contract does not document "
            f"(documented: {sorted(responses)}); body: {response.content[:300]!r}"
        )
        answer = responses[status]
        pointer_parts = ["paths", template, method, "responses", status]
        if "$ref" in answer:
            answer, pointer_parts = self._deref(answer)
        content = answer.get("content")
        if method == "head" or status in ("401", "503"):
            return
        if not content:
            assert not response.content, (
                f"{status} should have no body, got {response.content[:200]!r}"
            )
            return
        ctype = response.headers.get("content-type", "").split(";")[0].strip()
        if "application/json" in content:
            assert ctype == "application/json", f"expected JSON, got {ctype}"
            body = json.loads(response.content)
            pointer = _pointer(*pointer_parts, "content", "application/json", "schema")
            schema = {"$ref": f"{SPEC_URI}#/{pointer}"}
            validator = jsonschema.Draft202012Validator(
                schema, registry=self.registry, format_checker=jsonschema.FormatChecker()
            )
            errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
            assert not errors, f"{method.upper()} {path} {status}: " + "; ".join(
                f"{list(e.path)}: {e.message}" for e in errors[:5]
            )


CONTRACT = Contract()
