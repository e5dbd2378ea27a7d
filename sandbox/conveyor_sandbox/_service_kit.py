"""What a Python service is written with: its parameters, its context, its failures.

A service that runs **orders** takes one :class:`OrderContext` argument::

    @service("shout", description="Upper-cases a message.",
             parameters=[ParameterSpec("message", "string", default="hi")])
    def shout(ctx: OrderContext) -> None:
        ctx.add_product("shout.txt", ctx.params["message"].upper(), "text/plain")

A service that runs **jobs** takes the request (parsed JSON, already checked
against its request schema) and a :class:`JobContext`, and returns its
result (anything ``json.dumps`` takes)::

    @job_service("echo", description="Answers with its request.",
                 request_schema={"type": "object"})
    def echo(request: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
        ctx.log("echoing", len(request), "fields")
        return request

Raising :class:`ServiceFailure` fails the order or job with exactly its
message. Any other exception fails an order with ``"<ExceptionType>:
<message>"`` and ends a job in ``error`` with that message (the service
crashed, rather than refusing its input). What a service prints, logs
through ``ctx.logger`` or writes with ``ctx.log`` is its order's or job's
log.
"""

from __future__ import annotations

import logging
import math
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from ._schemas import JsonSchema

#: The aspect schema of a service's tool definition, as IVCAP's tool SDK writes it
#: (IVCAP's Python client builds a service's ``request_model`` from its ``fn_schema``).
TOOL_SCHEMA = "urn:sd-core:schema.ai-tool.1"

_ID_NAMESPACE = uuid.UUID("6f1c9d3e-2b7a-4c55-9e0f-8a4d2c1b0e9f")


def service_id_for(name: str) -> str:
    """The stable id of a registered service: the same name gives the same URN on every run."""
    return f"urn:ivcap:service:{uuid.uuid5(_ID_NAMESPACE, name)}"


class ServiceFailure(Exception):
    """Raise from a service to fail its order with exactly this message."""


class OrderCancelled(Exception):
    """Raised inside a service when the sandbox stops while its order or job runs."""


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter a service accepts, as exposed in its parameter definitions.

    ``default`` and ``options`` travel as text on the wire; give them as
    text or as plain Python values (``1``, ``0.5``, ``True``).
    """

    name: str
    type: str = "string"
    description: str = ""
    label: str | None = None
    unit: str | None = None
    default: str | int | float | bool | None = None
    optional: bool = False
    constant: bool = False
    unary: bool = False
    options: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not self.name or any(c.isspace() for c in self.name):
            raise ValueError(f"parameter name must be non-empty without spaces: {self.name!r}")
        if self.type == "option" and not self.options:
            raise ValueError(f"option parameter {self.name!r} needs options")
        object.__setattr__(self, "options", tuple(str(o) for o in self.options))

    @property
    def default_text(self) -> str | None:
        """The default as it travels on the wire."""
        if self.default is None:
            return None
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        return str(self.default)

    @property
    def is_optional(self) -> bool:
        """Whether an order may leave it out (it is optional or has a default)."""
        return self.optional or self.default is not None

    def to_wire(self) -> dict[str, Any]:
        """The contract's ParameterDefinition (``options`` always present)."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        if self.label is not None:
            out["label"] = self.label
        if self.unit is not None:
            out["unit"] = self.unit
        if self.default_text is not None:
            out["default"] = self.default_text
        out["optional"] = self.is_optional
        if self.constant:
            out["constant"] = True
        if self.unary:
            out["unary"] = True
        out["options"] = [{"value": o} for o in self.options]
        return out

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> ParameterSpec:
        """Build from a ParameterDefinition dict (already shape-checked)."""
        return cls(
            name=str(data["name"]),
            type=str(data["type"]),
            description=str(data.get("description", "")),
            label=data.get("label"),
            unit=data.get("unit"),
            default=data.get("default"),
            optional=bool(data.get("optional", False)),
            constant=bool(data.get("constant", False)),
            unary=bool(data.get("unary", False)),
            options=tuple(str(o["value"]) for o in data.get("options") or () if "value" in o),
        )


def convert(spec: ParameterSpec, text: str) -> Any:
    """Turn a parameter's wire text into a Python value; ValueError says why not."""
    kind = spec.type
    if kind == "int":
        stripped = text.strip()
        if not stripped.lstrip("+-").isdigit() or len(stripped) > 30:
            raise ValueError("must be an integer")
        return int(stripped)
    if kind == "float":
        try:
            value = float(text)
        except ValueError:
            raise ValueError("must be a number") from None
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value
    if kind == "bool":
        lowered = text.strip().lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise ValueError("must be true or false")
    if kind == "option":
        if text not in spec.options:
            raise ValueError("must be one of: " + ", ".join(spec.options))
        return text
    return text


class ContextBackend(Protocol):
    """What an :class:`OrderContext` needs from the platform running it."""

    def open_content(self, artifact_id: str) -> BinaryIO:
        """Open a ready artifact's content."""
        ...

    def add_product(
        self, order_id: str, name: str, data: bytes | BinaryIO | Path, mime_type: str
    ) -> str:
        """Store a product of the order and return its URN."""
        ...

    def secret(self, name: str) -> str | None:
        """The value of the account's secret ``name`` (None when absent or expired)."""
        ...


class LogSink(Protocol):
    """Where a run's log lines go (a :class:`~conveyor_sandbox._logs.RunLog`)."""

    def write(self, text: str) -> int:
        """Take stream text (lines complete at each newline)."""
        ...

    def line(self, text: str) -> None:
        """Store one complete line."""
        ...


class _SinkHandler(logging.Handler):
    def __init__(self, sink: LogSink) -> None:
        super().__init__()
        self._sink = sink
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._sink.line(self.format(record))
        except Exception:
            self.handleError(record)


class RunContext:
    """What every running service sees: its log, whether the sandbox stops, artifacts to read."""

    def __init__(
        self,
        *,
        service_id: str,
        service_name: str,
        backend: ContextBackend,
        stopping: threading.Event,
        log: LogSink,
    ) -> None:
        self.service_id = service_id
        self.service_name = service_name
        self._backend = backend
        self._stopping = stopping
        self._log = log
        # A logger of this run alone: not registered with logging (so it is
        # garbage once the run ends) and not propagating to the root logger.
        logger = logging.Logger(f"service.{service_name}", logging.INFO)
        logger.propagate = False
        logger.addHandler(_SinkHandler(log))
        self.logger = logger

    def log(self, *values: object, sep: str = " ") -> None:
        """Write one line to the run's log (``print``-like: the values joined by ``sep``)."""
        self._log.line(sep.join(str(v) for v in values))

    def open_artifact(self, artifact_id: str) -> BinaryIO:
        """Open a ready artifact's content for reading (binary)."""
        return self._backend.open_content(artifact_id)

    def secret(self, name: str) -> str:
        """The value of the account's secret ``name`` (``POST /1/secrets``).

        Every secret of the sandbox's one account is the service's to read.
        A missing or expired secret raises :class:`ServiceFailure`, so the
        run fails saying which secret it lacked; the value itself is never
        logged.
        """
        value = self._backend.secret(name)
        if value is None:
            raise ServiceFailure(f"the service needs the secret {name!r}, which is not set")
        return value

    @property
    def cancelled(self) -> bool:
        """True once the sandbox is stopping; long services should return soon."""
        return self._stopping.is_set()

    def sleep(self, seconds: float) -> None:
        """Wait, but give up with :class:`OrderCancelled` when the sandbox stops."""
        if self._stopping.wait(max(0.0, seconds)):
            raise OrderCancelled("the sandbox stopped while the service was running")


class OrderContext(RunContext):
    """What a running service sees of its order.

    ``params`` maps each parameter name (hyphens kept) to its value, already
    converted (``int``, ``float``, ``bool``; text otherwise; artifact and
    collection parameters are their URNs), with defaults applied.
    """

    def __init__(
        self,
        *,
        order_id: str,
        service_id: str,
        service_name: str,
        params: Mapping[str, Any],
        backend: ContextBackend,
        stopping: threading.Event,
        log: LogSink,
    ) -> None:
        super().__init__(
            service_id=service_id,
            service_name=service_name,
            backend=backend,
            stopping=stopping,
            log=log,
        )
        self.order_id = order_id
        self.params: Mapping[str, Any] = dict(params)

    def add_product(
        self,
        name: str,
        data: bytes | str | BinaryIO | Path,
        mime_type: str = "application/octet-stream",
    ) -> str:
        """Store ``data`` as a product artifact of this order; returns its URN."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        return self._backend.add_product(self.order_id, name, payload, mime_type)


class JobContext(RunContext):
    """What a running job service sees of its job: ``job_id``, ``order_id`` and ``request``."""

    def __init__(
        self,
        *,
        job_id: str,
        order_id: str,
        service_id: str,
        service_name: str,
        request: Any,
        backend: ContextBackend,
        stopping: threading.Event,
        log: LogSink,
    ) -> None:
        super().__init__(
            service_id=service_id,
            service_name=service_name,
            backend=backend,
            stopping=stopping,
            log=log,
        )
        self.job_id = job_id
        self.order_id = order_id
        self.request = request


#: A service that runs orders.
ServiceFunction = Callable[[OrderContext], object]
#: A service that runs jobs: (request, context) -> a JSON-able result.
JobFunction = Callable[[Any, JobContext], Any]


@dataclass(frozen=True)
class RegisteredService:
    """A callable with the definition it is published under."""

    name: str
    function: ServiceFunction
    description: str = ""
    parameters: tuple[ParameterSpec, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Its stable URN."""
        return service_id_for(self.name)


@dataclass(frozen=True)
class RegisteredJobService:
    """A callable that runs jobs, with the schemas of its request and (optionally) its result."""

    name: str
    function: JobFunction
    description: str
    request_schema: JsonSchema
    result_schema: JsonSchema | None = None
    tags: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Its stable URN."""
        return service_id_for(self.name)

    def tool_definition(self, service_id: str) -> dict[str, Any]:
        """The ``urn:sd-core:schema.ai-tool.1`` aspect of a service this callable backs.

        The shape of IVCAP's tool SDK: ``fn_schema`` is the request schema,
        which IVCAP's Python client turns into the service's ``request_model``.
        """
        tool = self.name.replace(" ", "_").replace("-", "_").lower()
        returns = self.result_schema.python_type() if self.result_schema else "Any"
        return {
            "$schema": TOOL_SCHEMA,
            "id": f"urn:sd-core:ai-tool.{tool}",
            "name": tool,
            "service-id": service_id,
            "description": self.description,
            "fn_signature": self.request_schema.signature(tool, returns),
            "fn_schema": self.request_schema.schema,
        }


#: Anything a registry holds.
Registered = RegisteredService | RegisteredJobService
