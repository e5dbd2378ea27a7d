"""`Client` and `AsyncClient`: configuration, the HTTP connection, and the collections.

The flow drivers they run on are in `conveyor._drivers`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from ._auth import TokenAuth, trusted_origins
from ._call import redact_url
from ._config import Settings, resolve_settings
from ._drivers import AsyncDriving, SyncDriving
from ._log_redaction import install as install_log_redaction
from ._version import __version__
from .errors import ConveyorError

if TYPE_CHECKING:
    from ._paging import AsyncPaginator, Paginator
    from ._retry import Clock, Retry
    from .artifact import Artifacts, AsyncArtifacts
    from .aspect import Aspects, AsyncAspects
    from .collection import AsyncCollections, Collections
    from .job import AsyncJobs, Jobs
    from .order import AsyncOrders, Orders
    from .package import AsyncPackages, Packages
    from .pipeline import AsyncPipeline, Pipeline
    from .project import AsyncProjects, Projects
    from .queue import AsyncQueues, Queues
    from .secret import AsyncSecrets, Secrets
    from .service import AsyncServices, Services

__all__ = ["DEFAULT_TIMEOUT", "AsyncClient", "Client"]

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""Connect within 5 s, and wait at most 30 s for each read, write or pool slot."""

USER_AGENT = (
    f"conveyor/{__version__} httpx/{httpx.__version__} "
    f"python/{sys.version_info[0]}.{sys.version_info[1]}.{sys.version_info[2]} ({sys.platform})"
)


class _Unchanged:
    """The default of `Client.with_options` arguments: keep this client's setting."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()
"""`Client.with_options` default: keep the client's own setting for that argument."""


def _timeout(value: float | httpx.Timeout | None) -> httpx.Timeout:
    if value is None:
        return DEFAULT_TIMEOUT
    if isinstance(value, httpx.Timeout):
        return value
    from .errors import seconds

    limit = seconds(value, "timeout", positive=True)
    return httpx.Timeout(limit, connect=min(limit, DEFAULT_TIMEOUT.connect or 5.0))


def _deadline(value: float | None) -> float | None:
    if value is None:
        return None
    from .errors import seconds

    return seconds(value, "deadline", positive=True)


def _environment_proxy(url: str) -> str | None:
    """The proxy the environment (``HTTPS_PROXY``, ``NO_PROXY``, ...) sets for ``url``."""
    import urllib.request

    target = httpx.URL(url)
    proxies = urllib.request.getproxies()
    proxy = proxies.get(target.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(target.host):
        return None
    return proxy


C = TypeVar("C")


class _ClientCore:
    """What `Client` and `AsyncClient` share: settings, options, collections, effect handling.

    Each flavour names its own collections with typed properties
    (``Client.services`` is `Services`, ``AsyncClient.services`` is
    `AsyncServices`); their modules load on first use, which keeps
    ``from conveyor import Client`` cheap.
    """

    _http: Any
    _sandbox: Any

    def __init__(
        self,
        url: str | None = None,
        *,
        token: str | None = None,
        profile: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        retries: int | Retry | None = None,
        insecure: bool = False,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        poll_interval: float = 0.25,
        max_poll_interval: float = 5.0,
        cache_dir: str | os.PathLike[str] | None = None,
        project: str | None = None,
        content_hosts: Iterable[str] | None = None,
        deadline: float | None = None,
    ) -> None:
        if project is not None:
            from ._base import check_urn

            # Checked before anything else: a wrong project is a usage error.
            check_urn(project, "project", "project")
        self._project = project
        if insecure and transport is not None:
            # httpx ignores verify= when a transport is given: the transport owns
            # its TLS settings, so quietly accepting insecure=True would mislead.
            from .errors import ConfigurationError

            raise ConfigurationError(
                "insecure=True cannot apply to a custom transport= (it owns its TLS "
                "settings): build it with verify=False, such as "
                "httpx.HTTPTransport(verify=False), and drop insecure=True"
            )
        settings = resolve_settings(url, token, profile)
        self._settings: Settings = settings
        self._token = settings.token
        self._token_origins = trusted_origins(settings.url, content_hosts)
        # What errors and the command line blank out: the token, then each secret
        # value the client sees (`conveyor._call.hide`); views share the list.
        self._hidden: list[str] = [settings.token] if settings.token else []
        install_log_redaction(self)
        # Imported here, not at module level: httpx-retries loads asyncio, and
        # `from conveyor import Client` should cost little more than httpx.
        from ._retry import SystemClock, build_retry, call_extensions

        self._clock: Clock = clock if clock is not None else SystemClock()
        self._retry = build_retry(retries, self._clock)
        self._extensions = call_extensions(self._retry)
        # What the platform has shown of itself (whether it honours Idempotency-Key);
        # views share it.
        self._facts: dict[str, bool] = {}
        self._call_timeout: httpx.Timeout | None = None
        self._deadline = _deadline(deadline)
        from .errors import seconds

        self._poll_interval = seconds(poll_interval, "poll_interval", positive=True)
        self._max_poll_interval = seconds(max_poll_interval, "max_poll_interval", positive=True)
        self._cache_dir = os.fspath(cache_dir) if cache_dir is not None else None
        self._owner = True
        self._sandbox = None
        self._collections: dict[type[Any], Any] = {}
        base_url = httpx.URL(settings.url)
        self._http = self._make_http(
            base_url=base_url,
            timeout=_timeout(timeout),
            insecure=insecure,
            transport=transport,
            headers={"User-Agent": USER_AGENT, **(headers or {})},
        )
        # Requests go out with absolute URLs: httpx re-validates every character
        # when it joins a relative one to base_url, a cost each list page paid.
        self._url_prefix = str(self._http.base_url).rstrip("/")

    def _make_http(self, **kwargs: Any) -> Any:
        raise NotImplementedError

    def _http_arguments(
        self,
        *,
        base_url: httpx.URL,
        timeout: httpx.Timeout,
        insecure: bool,
        transport: Any,
        headers: dict[str, str],
        transport_class: type[Any],
    ) -> dict[str, Any]:
        if transport is None:
            # A custom transport makes httpx ignore verify, limits and proxies,
            # so they go on the inner transport that the retries wrap.
            transport = transport_class(
                verify=not insecure,
                limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
                proxy=_environment_proxy(str(base_url)),
            )
        return {
            # Per request, not a default header: content at a data-href on another
            # host must not get the token unless the user trusted that host.
            "auth": TokenAuth(self._token, self._token_origins) if self._token else None,
            "base_url": base_url,
            "timeout": timeout,
            "headers": headers,
            "transport": _wrap_transport(transport, self._retry),
            "follow_redirects": True,
            "trust_env": False,
        }

    # -- information -------------------------------------------------------

    @property
    def url(self) -> str:
        """The platform's base URL."""
        return self._settings.url

    @property
    def project(self) -> str | None:
        """URN of the project given as ``project=``: the default of the calls that take one.

        The platform has no per-request project scope (no header or query
        parameter says which project a call is for), so this is the client's
        own context: `Projects` member and account calls use it when given no
        project, and `Projects.current` returns it. ``None``: the calls use the
        platform's default project for the caller (`Projects.default`).
        """
        return self._project

    @property
    def http(self) -> Any:
        """The underlying ``httpx.Client`` (or ``httpx.AsyncClient``), for raw requests.

        It carries the base URL, token, timeouts and retries; requests sent
        through it get none of Conveyor's error mapping.
        """
        return self._http

    def __repr__(self) -> str:
        local = " local" if self._sandbox is not None else ""
        return f"<{type(self).__name__}{local} {redact_url(self._settings.url)}>"

    @classmethod
    def local(cls, data_dir: str | os.PathLike[str] | None = None, **kwargs: Any) -> Self:
        """Start an embedded sandbox platform and connect to it.

        The client owns the sandbox: closing the client stops it. Without
        ``data_dir`` the sandbox keeps its data in a temporary directory.

        Args:
            data_dir: Where the sandbox keeps its database and files.
            **kwargs: Further client arguments (``timeout``, ``clock``, ...).
        """
        server = _start_sandbox(data_dir)
        try:
            client = cls(server.url, token=server.token, **kwargs)
        except BaseException:
            server.stop()
            raise
        client._sandbox = server
        return client

    # -- the platform's collections ------------------------------------------

    def _collection(self, cls: type[C]) -> C:
        """The client's one instance of the collection class ``cls``, made on first use."""
        found = self._collections.get(cls)
        if found is None:
            found = self._collections[cls] = cls(self)  # type: ignore[call-arg]
        return found

    def _search_pager(
        self, query: str, at_time: Any, page_size: int | None, limit: int | None
    ) -> Any:
        from ._search import search_pager

        paginator = self._paginator  # type: ignore[attr-defined]
        return search_pager(self, paginator, query, at_time, page_size, limit)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = UNCHANGED,
        retries: int | Retry | None = UNCHANGED,
        deadline: float | None = UNCHANGED,
    ) -> Self:
        """A view of this client whose calls use other timeouts or retries.

        It shares this client's connections (closing it does nothing; close
        the original)::

            client.with_options(timeout=120).orders.get(order_id)

        Args:
            timeout: Seconds (or an ``httpx.Timeout``) for each request.
            retries: Number of retries, or an ``httpx_retries.Retry``; ``0``
                turns retrying off for this view's calls.
            deadline: Seconds each request may take in all, its retries and
                reading its answer included (``None``: no deadline); see `Client`.
        """
        import copy

        view = copy.copy(self)
        view._owner = False
        view._collections = {}
        if timeout is not UNCHANGED:
            view._call_timeout = _timeout(timeout)
        if deadline is not UNCHANGED:
            view._deadline = _deadline(deadline)
        if retries is not UNCHANGED:
            from ._retry import build_retry, call_extensions

            view._extensions = call_extensions(build_retry(retries, self._clock))
        return view


class Client(_ClientCore, SyncDriving):
    """A connection to a Conveyor/IVCAP platform.

    Configuration comes from the arguments, then the environment
    (``CONVEYOR_URL``/``CONVEYOR_TOKEN``, or ``IVCAP_URL`` or ``IVCAP_BASE_URL``
    with ``IVCAP_JWT``), then
    the profiles file (``~/.config/conveyor/config.toml``); see
    `ProfileStore`. `Client.local()` runs a sandbox platform in-process.

    Args:
        url: The platform's base URL, such as ``https://analytics.example.org``.
        token: The bearer token (taken from the same source as the URL when
            not given). It never appears in any repr, log line or exception.
        profile: A named profile from the profiles file.
        timeout: Seconds per request (connect at most 5 s), or an
            ``httpx.Timeout``; default connect 5 s, read 30 s.
        retries: Retries of idempotent requests on connection errors and
            429/502/503/504 (default 4, ``0`` turns retrying off), or an
            ``httpx_retries.Retry``.
        insecure: Skip TLS certificate verification (of the transport Conveyor
            builds; a custom ``transport`` owns its TLS settings, so the two
            together raise `ConfigurationError`).
        transport: An httpx transport to send requests through (an in-process
            app, a mock, a fault injector); retries wrap it.
        headers: Extra headers for every request.
        clock: What polling, backoff and retry waits use (`SystemClock` by
            default); tests inject one that never sleeps.
        poll_interval: First interval between polls in `Order.wait()`.
        max_poll_interval: Longest interval the polling backs off to.
        cache_dir: Where upload resume state and the content index live
            (default ``$XDG_CACHE_HOME/conveyor``, or ``~/.cache/conveyor``).
        project: URN of the project that project calls (members, account)
            use when given none; see `Client.project`.
        content_hosts: Further origins that get the token, such as
            ``["https://content.example.org"]``: an artifact's content is sent
            to and read from its record's ``data-href``, which may name another
            host. The platform's own origin always gets the token, any other
            only when named here (or in ``CONVEYOR_CONTENT_HOSTS``,
            comma-separated).
        deadline: Seconds each request may take in all, from sending it to
            the last byte of its answer, retries and their waits included
            (default ``None``: each read, write and connect has its own
            ``timeout``, but a platform trickling an answer byte by byte could
            keep a call alive indefinitely). Past it, `Timeout`. Downloads
            stream and resume instead, so their content is not bounded by it.

    Raises:
        ConfigurationError: Nothing names a platform, ``insecure=True``
            comes with a custom ``transport``, or a content host is not an
            http(s) origin.
        InvalidParameter: A bad ``timeout``, ``retries``, poll interval or
            ``project`` (not a project URN).

    Use it as a context manager, or call `close()`::

        with Client() as client:
            for service in client.services.list():
                print(service.name)
    """

    _http: httpx.Client

    def _make_http(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(**self._http_arguments(transport_class=httpx.HTTPTransport, **kwargs))

    @property
    def _paginator(self) -> type[Paginator[Any]]:
        from ._paging import Paginator

        return Paginator

    # -- the platform's collections ------------------------------------------

    @property
    def services(self) -> Services:
        """`Services`: list, get, get_by_name, create, update, delete."""
        from .service import Services

        return self._collection(Services)

    @property
    def orders(self) -> Orders:
        """`Orders`: list, get, create."""
        from .order import Orders

        return self._collection(Orders)

    @property
    def jobs(self) -> Jobs:
        """`Jobs`: list (per service), get, create; see `Service.request_job`."""
        from .job import Jobs

        return self._collection(Jobs)

    @property
    def artifacts(self) -> Artifacts:
        """`Artifacts`: list, get, upload, find_by_content."""
        from .artifact import Artifacts

        return self._collection(Artifacts)

    @property
    def collections(self) -> Collections:
        """`Collections`, named groups of entities: create, get, list."""
        from .collection import Collections

        return self._collection(Collections)

    @property
    def aspects(self) -> Aspects:
        """`Aspects`, metadata records about other entities: list, get, create, update, retract."""
        from .aspect import Aspects

        return self._collection(Aspects)

    @property
    def secrets(self) -> Secrets:
        """`Secrets`, named values kept for the account: list, get, set."""
        from .secret import Secrets

        return self._collection(Secrets)

    @property
    def queues(self) -> Queues:
        """`Queues` of JSON messages: list, get, create, delete."""
        from .queue import Queues

        return self._collection(Queues)

    @property
    def projects(self) -> Projects:
        """`Projects`: list, get, create, delete, default, current, members, account."""
        from .project import Projects

        return self._collection(Projects)

    @property
    def packages(self) -> Packages:
        """`Packages`, container images: list, push, pull, status, remove."""
        from .package import Packages

        return self._collection(Packages)

    def pipeline(
        self, name: str, *, version: str = "1", journal_dir: str | os.PathLike[str] | None = None
    ) -> Pipeline:
        """A new `Pipeline` on this client: a DAG of orders and jobs to plan, run and resume."""
        from .pipeline import Pipeline

        return Pipeline(name, client=self, version=version, journal_dir=journal_dir)

    def search(
        self,
        query: str,
        *,
        at_time: Any = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Paginator[str]:
        """Run a platform query (a Datalog/Mangle program) and page through the result rows.

        Returns a `Paginator` of rows, each a string, as IVCAP's API types a
        search result; the platform chooses its format. The sandbox writes
        each row as the JSON text of an object mapping the query's variable
        names to their values, so ``json.loads(row)["Content"]`` reads the
        ``Content`` of a row of ``aspect(Id, Entity, Schema, Content)``. A
        row a server sends as another JSON value (older servers sent the
        object itself) comes as that value's compact JSON text. A query
        the platform cannot run is raised as `APIError` (the sandbox: 400
        for a syntax mistake, 422 naming a construct it does not run; other
        platforms may answer 501).
        """
        return self._search_pager(query, at_time, page_size, limit)  # type: ignore[no-any-return]

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document the platform says it implements."""
        from ._search import openapi_flow

        return self._run(openapi_flow())

    def close(self) -> None:
        """Close the connections (and stop the embedded sandbox of `local()`)."""
        if not self._owner:
            return
        self._http.close()
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(_ClientCore, AsyncDriving):
    """The asynchronous twin of `Client`: same arguments, same names, awaited.

    Every method of `Client` and of the objects it returns has a coroutine of
    the same name here; lists are async iterators (``async for``), and the
    properties that may talk to the platform (``metadata``, ``products``,
    ``service``, and the ``parameters`` a list item reads from its full
    record) are awaited::

        async with AsyncClient() as client:
            service = await client.services.get_by_name("hello")
            order = await service.place_order()
            await order.wait()
    """

    _http: httpx.AsyncClient

    def _make_http(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            **self._http_arguments(transport_class=httpx.AsyncHTTPTransport, **kwargs)
        )

    @property
    def _paginator(self) -> type[AsyncPaginator[Any]]:
        from ._paging import AsyncPaginator

        return AsyncPaginator

    # -- the platform's collections ------------------------------------------

    @property
    def services(self) -> AsyncServices:
        """`AsyncServices`: list, get, get_by_name, create, update, delete."""
        from .service import AsyncServices

        return self._collection(AsyncServices)

    @property
    def orders(self) -> AsyncOrders:
        """`AsyncOrders`: list, get, create."""
        from .order import AsyncOrders

        return self._collection(AsyncOrders)

    @property
    def jobs(self) -> AsyncJobs:
        """`AsyncJobs`: list (per service), get, create."""
        from .job import AsyncJobs

        return self._collection(AsyncJobs)

    @property
    def artifacts(self) -> AsyncArtifacts:
        """`AsyncArtifacts`: list, get, upload, find_by_content."""
        from .artifact import AsyncArtifacts

        return self._collection(AsyncArtifacts)

    @property
    def collections(self) -> AsyncCollections:
        """`AsyncCollections`, named groups of entities: create, get, list."""
        from .collection import AsyncCollections

        return self._collection(AsyncCollections)

    @property
    def aspects(self) -> AsyncAspects:
        """`AsyncAspects`, the metadata records about other entities."""
        from .aspect import AsyncAspects

        return self._collection(AsyncAspects)

    @property
    def secrets(self) -> AsyncSecrets:
        """`AsyncSecrets`, named values kept for the account: list, get, set."""
        from .secret import AsyncSecrets

        return self._collection(AsyncSecrets)

    @property
    def queues(self) -> AsyncQueues:
        """`AsyncQueues` of JSON messages: list, get, create, delete."""
        from .queue import AsyncQueues

        return self._collection(AsyncQueues)

    @property
    def projects(self) -> AsyncProjects:
        """`AsyncProjects`: list, get, create, delete, default, current, members, account."""
        from .project import AsyncProjects

        return self._collection(AsyncProjects)

    @property
    def packages(self) -> AsyncPackages:
        """`AsyncPackages`, container images: list, push, pull, status, remove."""
        from .package import AsyncPackages

        return self._collection(AsyncPackages)

    def pipeline(
        self, name: str, *, version: str = "1", journal_dir: str | os.PathLike[str] | None = None
    ) -> AsyncPipeline:
        """A new `AsyncPipeline` on this client (see `Client.pipeline`)."""
        from .pipeline import AsyncPipeline

        return AsyncPipeline(name, client=self, version=version, journal_dir=journal_dir)

    def search(
        self,
        query: str,
        *,
        at_time: Any = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> AsyncPaginator[str]:
        """Run a platform query; ``async for`` pages through the rows (strings, `Client.search`)."""
        return self._search_pager(query, at_time, page_size, limit)  # type: ignore[no-any-return]

    async def openapi(self) -> dict[str, Any]:
        """The OpenAPI document the platform says it implements."""
        from ._search import openapi_flow

        return await self._run(openapi_flow())

    async def close(self) -> None:
        """Close the connections (and stop the embedded sandbox of `local()`)."""
        if not self._owner:
            return
        await self._http.aclose()
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None

    async def aclose(self) -> None:
        """Same as `close()`, under the name asyncio code expects."""
        await self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


def _wrap_transport(transport: Any, policy: Any) -> Any:
    from ._retry import wrap_transport

    return wrap_transport(transport, policy)


def _start_sandbox(data_dir: str | os.PathLike[str] | None) -> Any:
    import importlib

    try:
        sandbox = importlib.import_module("conveyor_sandbox")
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ConveyorError(
            "Client.local() needs the sandbox: pip install 'conveyor[sandbox]'"
        ) from exc
    return sandbox.SandboxServer(
        data_dir=os.fspath(data_dir) if data_dir is not None else None
    ).start()
