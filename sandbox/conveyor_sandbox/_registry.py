"""The services a sandbox may run: the registry, its default instance and the decorator.

The sandbox only ever runs callables an operator registered here. A service
created over HTTP names one of them (``workflow.basic.image``); nothing a
request says is ever imported or executed. How a service is written:
``conveyor_sandbox._service_kit``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator

from ._builtins import BUILTINS
from ._service_kit import ParameterSpec, RegisteredService, ServiceFunction


class ServiceRegistry:
    """The callables a sandbox may run, by name.

    ``ServiceRegistry()`` starts with the built-in services (``hello``,
    ``word-count``, ``sleep``, ``fail``); pass ``builtins=False`` for an
    empty one.
    """

    def __init__(self, *, builtins: bool = True) -> None:
        self._services: dict[str, RegisteredService] = {}
        self._lock = threading.Lock()
        if builtins:
            for entry in BUILTINS:
                self.register(
                    entry.function,
                    name=entry.name,
                    description=entry.description,
                    parameters=entry.parameters,
                    tags=entry.tags,
                )

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
        """Register ``function`` under ``name``; ValueError when taken (unless ``replace``)."""
        if not name or any(c.isspace() or c in "/\\" for c in name):
            raise ValueError(f"service name must be non-empty, without spaces or slashes: {name!r}")
        specs = tuple(parameters)
        names = [p.name for p in specs]
        if len(set(names)) != len(names):
            raise ValueError(f"service {name!r} declares a parameter twice")
        entry = RegisteredService(name, function, description, specs, tuple(tags))
        with self._lock:
            if name in self._services and not replace:
                raise ValueError(f"a service named {name!r} is already registered")
            self._services[name] = entry
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

    def get(self, name: str) -> RegisteredService | None:
        """The service registered as ``name``, if any."""
        with self._lock:
            return self._services.get(name)

    def names(self) -> list[str]:
        """Registered names, sorted."""
        with self._lock:
            return sorted(self._services)

    def __iter__(self) -> Iterator[RegisteredService]:
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
#: :func:`service` decorator adds to it.
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
