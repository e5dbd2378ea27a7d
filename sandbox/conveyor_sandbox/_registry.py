"""The services a sandbox may run: the registry, its default instance and the decorators.

The sandbox only ever runs callables an operator registered here: services
that run orders (:meth:`ServiceRegistry.register`, :func:`service`) and
services that run jobs on a JSON request (:meth:`ServiceRegistry.register_job`,
:func:`job_service`). Both share one namespace of names. A service created
over HTTP names one of them (``workflow.basic.image``, or ``controller.image``
in a service description); nothing a request says is ever imported or
executed. How a service is written: ``conveyor_sandbox._service_kit``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ._builtins import BUILTINS
from ._schemas import JsonSchema
from ._service_kit import (
    JobFunction,
    ParameterSpec,
    Registered,
    RegisteredJobService,
    RegisteredService,
    ServiceFunction,
)


def _check_name(name: str) -> None:
    if not name or any(c.isspace() or c in "/\\" for c in name):
        raise ValueError(f"service name must be non-empty, without spaces or slashes: {name!r}")


class ServiceRegistry:
    """The callables a sandbox may run, by name.

    ``ServiceRegistry()`` starts with the built-in services (orders:
    ``hello``, ``word-count``, ``sleep``, ``fail``; jobs: ``word-stats``,
    ``slow-echo``, ``countdown``); pass ``builtins=False`` for an empty one.
    """

    def __init__(self, *, builtins: bool = True) -> None:
        self._services: dict[str, Registered] = {}
        self._lock = threading.Lock()
        for entry in BUILTINS if builtins else ():
            self._add(entry, replace=False)

    def _add(self, entry: Registered, *, replace: bool) -> None:
        with self._lock:
            if entry.name in self._services and not replace:
                raise ValueError(f"a service named {entry.name!r} is already registered")
            self._services[entry.name] = entry

    def register(
        self,
        function: ServiceFunction,
        *,
        name: str,
        description: str = "",
        parameters: Iterable[ParameterSpec] = (),
        tags: Iterable[str] = (),
        replace: bool = False,
    ) -> RegisteredService:
        """Register ``function`` (runs orders) under ``name``; ValueError when taken.

        With ``replace`` an earlier registration of the name is replaced.
        """
        _check_name(name)
        specs = tuple(parameters)
        names = [p.name for p in specs]
        if len(set(names)) != len(names):
            raise ValueError(f"service {name!r} declares a parameter twice")
        entry = RegisteredService(name, function, description, specs, tuple(tags))
        self._add(entry, replace=replace)
        return entry

    def register_job(
        self,
        function: JobFunction,
        *,
        name: str,
        request_schema: Mapping[str, Any],
        description: str = "",
        result_schema: Mapping[str, Any] | None = None,
        tags: Iterable[str] = (),
        replace: bool = False,
    ) -> RegisteredJobService:
        """Register ``function`` (runs jobs) under ``name``; ValueError when taken or malformed.

        ``request_schema`` is the JSON Schema every job request must match
        (a request that does not is refused with 422 naming the field, and
        the service never sees it); it is also published as the service's
        tool definition (aspect ``urn:sd-core:schema.ai-tool.1``, its
        ``fn_schema``). IVCAP's Python client builds a ``request_model`` from
        it, which needs an object schema with ``properties``. A result that
        does not match ``result_schema`` (when given) ends the job in
        ``error``: the service broke its own promise.
        """
        _check_name(name)
        entry = RegisteredJobService(
            name,
            function,
            description,
            JsonSchema(request_schema, f"the request schema of {name!r}"),
            None
            if result_schema is None
            else JsonSchema(result_schema, f"the result schema of {name!r}"),
            tuple(tags),
        )
        self._add(entry, replace=replace)
        return entry

    def service(
        self,
        name: str,
        *,
        description: str = "",
        parameters: Iterable[ParameterSpec] = (),
        tags: Iterable[str] = (),
        replace: bool = False,
    ) -> Callable[[ServiceFunction], ServiceFunction]:
        """Decorator form of :meth:`register`."""

        def decorate(function: ServiceFunction) -> ServiceFunction:
            self.register(
                function,
                name=name,
                description=description,
                parameters=parameters,
                tags=tags,
                replace=replace,
            )
            return function

        return decorate

    def job_service(
        self,
        name: str,
        *,
        request_schema: Mapping[str, Any],
        description: str = "",
        result_schema: Mapping[str, Any] | None = None,
        tags: Iterable[str] = (),
        replace: bool = False,
    ) -> Callable[[JobFunction], JobFunction]:
        """Decorator form of :meth:`register_job`."""

        def decorate(function: JobFunction) -> JobFunction:
            self.register_job(
                function,
                name=name,
                request_schema=request_schema,
                description=description,
                result_schema=result_schema,
                tags=tags,
                replace=replace,
            )
            return function

        return decorate

    def get(self, name: str) -> Registered | None:
        """The service registered as ``name``, if any."""
        with self._lock:
            return self._services.get(name)

    def names(self) -> list[str]:
        """Registered names, sorted."""
        with self._lock:
            return sorted(self._services)

    def __iter__(self) -> Iterator[Registered]:
        with self._lock:
            entries = list(self._services.values())
        return iter(entries)

    def __contains__(self, name: object) -> bool:
        with self._lock:
            return name in self._services

    def __len__(self) -> int:
        with self._lock:
            return len(self._services)


#: The registry a :class:`SandboxServer` uses when given none; the module-level
#: :func:`service` and :func:`job_service` decorators add to it.
default_registry = ServiceRegistry()


def service(
    name: str,
    *,
    description: str = "",
    parameters: Iterable[ParameterSpec] = (),
    tags: Iterable[str] = (),
    registry: ServiceRegistry | None = None,
    replace: bool = False,
) -> Callable[[ServiceFunction], ServiceFunction]:
    """Register the decorated callable as a service (in ``registry`` or the default one)."""
    target = registry if registry is not None else default_registry
    return target.service(
        name, description=description, parameters=parameters, tags=tags, replace=replace
    )


def job_service(
    name: str,
    *,
    request_schema: Mapping[str, Any],
    description: str = "",
    result_schema: Mapping[str, Any] | None = None,
    tags: Iterable[str] = (),
    registry: ServiceRegistry | None = None,
    replace: bool = False,
) -> Callable[[JobFunction], JobFunction]:
    """Register the decorated callable as a job service (in ``registry`` or the default one)."""
    target = registry if registry is not None else default_registry
    return target.job_service(
        name,
        request_schema=request_schema,
        description=description,
        result_schema=result_schema,
        tags=tags,
        replace=replace,
    )
