"""Checking what a publisher sends: a v0.43 service definition or a v0.44 service description.

Both say which registered callable runs the service (``workflow.basic.image``
in a definition, ``controller.image`` in a description) and come out as one
:class:`Definition`: the record's columns and the JSON stored with it. A
refusal is 422 naming the field (``parameters[2].type``, ``controller.image``)
or 400 when the body is not an object at all.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from .._errors import bad_request, invalid
from .._names import MAX_NAME_LENGTH
from .._registry import ServiceRegistry
from .._service_kit import ParameterSpec
from .._util import is_our_id, require_texts, require_urn

#: How a service description's controller reads when it is a basic workflow.
BASIC_CONTROLLER_SCHEMA = "urn:conveyor:schema:workflow.basic.1"
#: IVCAP's controller of services that answer jobs over REST.
REST_CONTROLLER_SCHEMA = "urn:ivcap:schema.service.rest.1"
CONTROLLER_SCHEMAS = (REST_CONTROLLER_SCHEMA, BASIC_CONTROLLER_SCHEMA)


@dataclass(frozen=True)
class Definition:
    """A checked definition: the columns of its record and the JSON stored beside them."""

    name: str
    description: str | None
    banner: str | None
    policy: str | None
    impl: str
    stored: dict[str, Any]
    #: The URN the body asked to be published under (descriptions only).
    id: str | None = None


def _text(body: dict[str, Any], key: str) -> str | None:
    if key in body and not isinstance(body[key], str):
        raise invalid(key, body[key], f"{key} must be text")
    value: str | None = body.get(key)
    return value


def _check_name(body: dict[str, Any]) -> str:
    # The contract makes the name optional (as upstream does); absent is
    # stored as "" and left out of answers.
    name = body.get("name", "")
    if (
        not isinstance(name, str)
        or ("name" in body and not name.strip())
        or len(name) > MAX_NAME_LENGTH
    ):
        raise invalid("name", name, f"name must be text of 1 to {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise invalid("name", name, "name must not contain control characters")
    return name


def _check_common(body: Any, what: str) -> tuple[str, str | None, list[str], list[dict[str, Any]]]:
    """Name, policy, tags and parameters, which both formats share."""
    if not isinstance(body, dict):
        raise bad_request(f"the body must be a JSON object (a {what})")
    name = _check_name(body)
    policy = _text(body, "policy")
    if policy is not None:
        require_urn("policy", policy)
    tags = require_texts("tags", body.get("tags", []))
    params = body.get("parameters")
    if not isinstance(params, list):
        raise invalid("parameters", params, "parameters must be a list of parameter definitions")
    wire_params = [_check_parameter(i, p) for i, p in enumerate(params)]
    names = [p["name"] for p in wire_params]
    for pname in names:
        if names.count(pname) > 1:
            raise invalid("parameters", pname, f"parameter {pname!r} is defined twice")
    return name, policy, tags, wire_params


def _check_parameter(index: int, p: Any) -> dict[str, Any]:
    where = f"parameters[{index}]"
    if not isinstance(p, dict):
        raise invalid(where, p, "a parameter definition must be an object")
    pname, ptype = p.get("name"), p.get("type")
    if (
        not isinstance(pname, str)
        or not pname
        or any(c.isspace() for c in pname)
        or len(pname) > 128
    ):
        raise invalid(f"{where}.name", pname, "parameter name must be text without spaces")
    if not isinstance(ptype, str) or not ptype:
        raise invalid(f"{where}.type", ptype, "parameter type must be text such as string or int")
    for key in ("description", "label", "unit", "default"):
        if key in p and not isinstance(p[key], str):
            raise invalid(f"{where}.{key}", p[key], f"{key} must be text")
    for key in ("optional", "constant", "unary"):
        if key in p and not isinstance(p[key], bool):
            raise invalid(f"{where}.{key}", p[key], f"{key} must be true or false")
    options = p.get("options", [])
    if not isinstance(options, list) or not all(
        isinstance(o, dict)
        and isinstance(o.get("value"), str)
        and isinstance(o.get("description", ""), str)
        for o in options
    ):
        raise invalid(f"{where}.options", options, "options must be a list of {value, description}")
    if ptype == "option" and not options:
        raise invalid(f"{where}.options", options, "an option parameter needs at least one option")
    wire = ParameterSpec.from_wire(p).to_wire()
    wire["options"] = [{k: o[k] for k in ("value", "description") if k in o} for o in options]
    if "optional" in p:
        wire["optional"] = p["optional"]
    return wire


def _check_image(field: str, image: Any, registry: ServiceRegistry) -> str:
    if not isinstance(image, str) or image not in registry:
        raise invalid(
            field,
            image,
            "image must name a service registered in this sandbox: " + ", ".join(registry.names()),
        )
    return image


def _check_workflow(field: str, workflow: Any, registry: ServiceRegistry) -> dict[str, Any]:
    """A basic workflow naming a registered callable, as stored."""
    if not isinstance(workflow, dict) or not isinstance(workflow.get("type"), str):
        raise invalid(field, workflow, f"{field} must be an object with a type")
    if workflow["type"] != "basic":
        raise invalid(
            f"{field}.type",
            workflow["type"],
            "the sandbox runs only 'basic' workflows whose image names a registered service",
        )
    basic = workflow.get("basic")
    if not isinstance(basic, dict):
        basic = {}  # the missing image is what to name
    image = _check_image(f"{field}.basic.image", basic.get("image"), registry)
    command = require_texts(f"{field}.basic.command", basic.get("command", []))
    return {"type": "basic", "basic": {"image": image, "command": command}}


def check_definition(body: Any, registry: ServiceRegistry) -> Definition:
    """A v0.43 ServiceDefinition (``POST /1/services``, ``PUT /1/services/{id}``)."""
    name, policy, tags, params = _check_common(body, "service definition")
    if not isinstance(body.get("description"), str):
        raise invalid("description", body.get("description"), "description is required text")
    banner = _text(body, "banner")
    references = body.get("references", [])
    if not isinstance(references, list) or not all(
        isinstance(r, dict) and all(isinstance(v, str) for v in r.values()) for r in references
    ):
        raise invalid("references", references, "references must be a list of {title, uri}")
    references = [{k: r[k] for k in ("title", "uri") if k in r} for r in references]
    workflow = _check_workflow("workflow", body.get("workflow"), registry)
    stored = {"tags": tags, "references": references, "parameters": params, "workflow": workflow}
    impl = workflow["basic"]["image"]
    return Definition(name, body["description"], banner, policy, impl, stored)


def check_description(body: Any, registry: ServiceRegistry) -> Definition:
    """A v0.44 ServiceDescriptionDefinition (``POST /1/services2``, ``PUT /1/services2/{id}``).

    ``id``, ``description`` and ``policy`` are required, as upstream has
    them. ``controller-schema`` says how ``controller`` reads: IVCAP's
    ``urn:ivcap:schema.service.rest.1`` (an object, or a list of one, with
    ``image`` and optional ``command``; any other field is kept as sent) or
    this sandbox's ``urn:conveyor:schema:workflow.basic.1`` (a basic
    workflow). Either way ``image`` names the registered callable.
    """
    name, policy, tags, params = _check_common(body, "service description")
    # Required as upstream requires them: the publisher names the URN.
    service_id = body.get("id")
    if not isinstance(service_id, str) or not is_our_id(service_id, "service"):
        raise invalid("id", service_id, "id is required: a service URN urn:ivcap:service:<uuid>")
    description = body.get("description")
    if not isinstance(description, str):
        raise invalid("description", description, "description is required text")
    if policy is None:
        raise invalid("policy", None, "policy is required: the URN of the governing policy")
    schema = body.get("controller-schema")
    if schema not in CONTROLLER_SCHEMAS:
        raise invalid(
            "controller-schema",
            schema,
            "the sandbox runs controllers of these schemas: " + ", ".join(CONTROLLER_SCHEMAS),
        )
    controller = body.get("controller")
    if schema == BASIC_CONTROLLER_SCHEMA:
        controller = _check_workflow("controller", controller, registry)
        impl = controller["basic"]["image"]
    else:
        entry = (
            controller[0] if isinstance(controller, list) and len(controller) == 1 else controller
        )
        field = "controller[0]" if entry is not controller else "controller"
        if not isinstance(entry, dict):
            raise invalid(
                "controller", controller, "a REST controller is an object with image and command"
            )
        impl = _check_image(f"{field}.image", entry.get("image"), registry)
        require_texts(f"{field}.command", entry.get("command", []))
    stored = {
        "tags": tags,
        "references": [],
        "parameters": params,
        "controller-schema": schema,
        "controller": controller,
    }
    return Definition(name, description, None, policy, impl, stored, service_id)
