"""Conveyor: a Python SDK for IVCAP-compatible analytics platforms.

::

    from conveyor import Client

    with Client() as client:                      # arguments, env or profile
        service = client.services.get_by_name("word-count")
        notes = client.artifacts.upload("notes.txt")
        order = service.place_order(text=notes).wait(timeout=60)
        for product in order.products:
            product.download("out/")

`AsyncClient` is the asynchronous twin: the same names, awaited. Importing
this package is cheap: the client and resources load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    Ambiguous,
    APIError,
    ConfigurationError,
    Conflict,
    ConveyorError,
    CreationUncertain,
    Forbidden,
    IntegrityError,
    InvalidParameter,
    JobFailed,
    LocalFileNotFound,
    MalformedResponse,
    NotFound,
    OrderFailed,
    RateLimited,
    ServerError,
    Timeout,
    TransportError,
    Unauthorized,
    UploadIncomplete,
    WaitTimeout,
)

if TYPE_CHECKING:
    from ._base import quote_filter_value
    from ._client import DEFAULT_TIMEOUT, AsyncClient, Client
    from ._config import Profile, ProfileStore, config_path
    from ._job_requests import RequestField, RequestModel
    from ._paging import AsyncPaginator, Page, Paginator
    from ._retry import Clock, Retry, SystemClock
    from ._runs import Process
    from .artifact import (
        Artifact,
        ArtifactReader,
        Artifacts,
        AsyncArtifact,
        AsyncArtifactReader,
        AsyncArtifacts,
    )
    from .aspect import Aspect, Aspects, AsyncAspect, AsyncAspects
    from .collection import AsyncCollection, AsyncCollections, Collection, Collections
    from .job import AsyncJob, AsyncJobs, Job, Jobs
    from .order import AsyncOrder, AsyncOrders, Order, Orders, OrderStatus
    from .package import AsyncPackages, Packages, PackageStatus, PushedPackage
    from .pipeline import (
        AsyncPipeline,
        AsyncPipelineRun,
        Pipeline,
        PipelineError,
        PipelineFailed,
        PipelineRun,
    )
    from .project import (
        AsyncProject,
        AsyncProjects,
        Project,
        ProjectMember,
        ProjectRole,
        Projects,
    )
    from .queue import AsyncQueue, AsyncQueues, Queue, QueueMessage, Queues
    from .secret import AsyncSecret, AsyncSecrets, Secret, Secrets
    from .service import AsyncService, AsyncServices, Service, ServiceParameter, Services

_LAZY = {
    "Client": "._client",
    "AsyncClient": "._client",
    "DEFAULT_TIMEOUT": "._client",
    "Profile": "._config",
    "ProfileStore": "._config",
    "config_path": "._config",
    "Page": "._paging",
    "Paginator": "._paging",
    "AsyncPaginator": "._paging",
    "Clock": "._retry",
    "Retry": "._retry",
    "SystemClock": "._retry",
    "quote_filter_value": "._base",
    "Service": ".service",
    "AsyncService": ".service",
    "Services": ".service",
    "AsyncServices": ".service",
    "ServiceParameter": ".service",
    "RequestField": "._job_requests",
    "RequestModel": "._job_requests",
    "Process": "._runs",
    "Collection": ".collection",
    "AsyncCollection": ".collection",
    "Collections": ".collection",
    "AsyncCollections": ".collection",
    "Job": ".job",
    "AsyncJob": ".job",
    "Jobs": ".job",
    "AsyncJobs": ".job",
    "Order": ".order",
    "AsyncOrder": ".order",
    "Orders": ".order",
    "AsyncOrders": ".order",
    "OrderStatus": ".order",
    "Artifact": ".artifact",
    "AsyncArtifact": ".artifact",
    "Artifacts": ".artifact",
    "AsyncArtifacts": ".artifact",
    "ArtifactReader": ".artifact",
    "AsyncArtifactReader": ".artifact",
    "Secret": ".secret",
    "AsyncSecret": ".secret",
    "Secrets": ".secret",
    "AsyncSecrets": ".secret",
    "Queue": ".queue",
    "AsyncQueue": ".queue",
    "Queues": ".queue",
    "AsyncQueues": ".queue",
    "QueueMessage": ".queue",
    "Project": ".project",
    "AsyncProject": ".project",
    "Projects": ".project",
    "AsyncProjects": ".project",
    "ProjectMember": ".project",
    "ProjectRole": ".project",
    "Packages": ".package",
    "AsyncPackages": ".package",
    "PackageStatus": ".package",
    "PushedPackage": ".package",
    "Pipeline": ".pipeline",
    "AsyncPipeline": ".pipeline",
    "PipelineRun": ".pipeline",
    "AsyncPipelineRun": ".pipeline",
    "PipelineError": ".pipeline",
    "PipelineFailed": ".pipeline",
    "Aspect": ".aspect",
    "AsyncAspect": ".aspect",
    "Aspects": ".aspect",
    "AsyncAspects": ".aspect",
}

__all__ = [
    "DEFAULT_TIMEOUT",
    "APIError",
    "Ambiguous",
    "Artifact",
    "ArtifactReader",
    "Artifacts",
    "Aspect",
    "Aspects",
    "AsyncArtifact",
    "AsyncArtifactReader",
    "AsyncArtifacts",
    "AsyncAspect",
    "AsyncAspects",
    "AsyncClient",
    "AsyncCollection",
    "AsyncCollections",
    "AsyncJob",
    "AsyncJobs",
    "AsyncOrder",
    "AsyncOrders",
    "AsyncPackages",
    "AsyncPaginator",
    "AsyncPipeline",
    "AsyncPipelineRun",
    "AsyncProject",
    "AsyncProjects",
    "AsyncQueue",
    "AsyncQueues",
    "AsyncSecret",
    "AsyncSecrets",
    "AsyncService",
    "AsyncServices",
    "Client",
    "Clock",
    "Collection",
    "Collections",
    "ConfigurationError",
    "Conflict",
    "ConveyorError",
    "CreationUncertain",
    "Forbidden",
    "IntegrityError",
    "InvalidParameter",
    "Job",
    "JobFailed",
    "Jobs",
    "LocalFileNotFound",
    "MalformedResponse",
    "NotFound",
    "Order",
    "OrderFailed",
    "OrderStatus",
    "Orders",
    "PackageStatus",
    "Packages",
    "Page",
    "Paginator",
    "Pipeline",
    "PipelineError",
    "PipelineFailed",
    "PipelineRun",
    "Process",
    "Profile",
    "ProfileStore",
    "Project",
    "ProjectMember",
    "ProjectRole",
    "Projects",
    "PushedPackage",
    "Queue",
    "QueueMessage",
    "Queues",
    "RateLimited",
    "RequestField",
    "RequestModel",
    "Retry",
    "Secret",
    "Secrets",
    "ServerError",
    "Service",
    "ServiceParameter",
    "Services",
    "SystemClock",
    "Timeout",
    "TransportError",
    "Unauthorized",
    "UploadIncomplete",
    "WaitTimeout",
    "__version__",
    "config_path",
    "quote_filter_value",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'conveyor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
