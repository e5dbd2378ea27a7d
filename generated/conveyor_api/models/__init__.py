"""Contains all the data models used in inputs/outputs"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .artifact_list import ArtifactList
    from .artifact_list_item import ArtifactListItem
    from .artifact_status import ArtifactStatus
    from .artifact_status_value import ArtifactStatusValue
    from .aspect import Aspect
    from .aspect_content import AspectContent
    from .aspect_id_result import AspectIdResult
    from .aspect_list import AspectList
    from .aspect_list_item import AspectListItem
    from .basic_workflow import BasicWorkflow
    from .error_message import ErrorMessage
    from .invalid_parameter_error import InvalidParameterError
    from .job_accepted import JobAccepted
    from .job_list import JobList
    from .job_list_item import JobListItem
    from .job_status import JobStatus
    from .link import Link
    from .list_aspects_order_direction import ListAspectsOrderDirection
    from .open_api_document import OpenApiDocument
    from .order_list import OrderList
    from .order_list_item import OrderListItem
    from .order_metadata_list import OrderMetadataList
    from .order_metadata_list_item import OrderMetadataListItem
    from .order_request import OrderRequest
    from .order_status import OrderStatus
    from .order_status_value import OrderStatusValue
    from .order_top_item import OrderTopItem
    from .parameter import Parameter
    from .parameter_definition import ParameterDefinition
    from .parameter_option import ParameterOption
    from .product_list import ProductList
    from .product_list_item import ProductListItem
    from .reference import Reference
    from .search_result import SearchResult
    from .search_result_list import SearchResultList
    from .service_definition import ServiceDefinition
    from .service_description import ServiceDescription
    from .service_description_definition import ServiceDescriptionDefinition
    from .service_description_list import ServiceDescriptionList
    from .service_description_list_item import ServiceDescriptionListItem
    from .service_list import ServiceList
    from .service_list_item import ServiceListItem
    from .service_status import ServiceStatus
    from .service_status_value import ServiceStatusValue
    from .workflow import Workflow
    from .workflow_argo import WorkflowArgo
    from .workflow_resources import WorkflowResources

__all__ = (
    "ArtifactList",
    "ArtifactListItem",
    "ArtifactStatus",
    "ArtifactStatusValue",
    "Aspect",
    "AspectContent",
    "AspectIdResult",
    "AspectList",
    "AspectListItem",
    "BasicWorkflow",
    "ErrorMessage",
    "InvalidParameterError",
    "JobAccepted",
    "JobList",
    "JobListItem",
    "JobStatus",
    "Link",
    "ListAspectsOrderDirection",
    "OpenApiDocument",
    "OrderList",
    "OrderListItem",
    "OrderMetadataList",
    "OrderMetadataListItem",
    "OrderRequest",
    "OrderStatus",
    "OrderStatusValue",
    "OrderTopItem",
    "Parameter",
    "ParameterDefinition",
    "ParameterOption",
    "ProductList",
    "ProductListItem",
    "Reference",
    "SearchResult",
    "SearchResultList",
    "ServiceDefinition",
    "ServiceDescription",
    "ServiceDescriptionDefinition",
    "ServiceDescriptionList",
    "ServiceDescriptionListItem",
    "ServiceList",
    "ServiceListItem",
    "ServiceStatus",
    "ServiceStatusValue",
    "Workflow",
    "WorkflowArgo",
    "WorkflowResources",
)

_MODULE_OF = {
    "ArtifactList": ".artifact_list",
    "ArtifactListItem": ".artifact_list_item",
    "ArtifactStatus": ".artifact_status",
    "ArtifactStatusValue": ".artifact_status_value",
    "Aspect": ".aspect",
    "AspectContent": ".aspect_content",
    "AspectIdResult": ".aspect_id_result",
    "AspectList": ".aspect_list",
    "AspectListItem": ".aspect_list_item",
    "BasicWorkflow": ".basic_workflow",
    "ErrorMessage": ".error_message",
    "InvalidParameterError": ".invalid_parameter_error",
    "JobAccepted": ".job_accepted",
    "JobList": ".job_list",
    "JobListItem": ".job_list_item",
    "JobStatus": ".job_status",
    "Link": ".link",
    "ListAspectsOrderDirection": ".list_aspects_order_direction",
    "OpenApiDocument": ".open_api_document",
    "OrderList": ".order_list",
    "OrderListItem": ".order_list_item",
    "OrderMetadataList": ".order_metadata_list",
    "OrderMetadataListItem": ".order_metadata_list_item",
    "OrderRequest": ".order_request",
    "OrderStatus": ".order_status",
    "OrderStatusValue": ".order_status_value",
    "OrderTopItem": ".order_top_item",
    "Parameter": ".parameter",
    "ParameterDefinition": ".parameter_definition",
    "ParameterOption": ".parameter_option",
    "ProductList": ".product_list",
    "ProductListItem": ".product_list_item",
    "Reference": ".reference",
    "SearchResult": ".search_result",
    "SearchResultList": ".search_result_list",
    "ServiceDefinition": ".service_definition",
    "ServiceDescription": ".service_description",
    "ServiceDescriptionDefinition": ".service_description_definition",
    "ServiceDescriptionList": ".service_description_list",
    "ServiceDescriptionListItem": ".service_description_list_item",
    "ServiceList": ".service_list",
    "ServiceListItem": ".service_list_item",
    "ServiceStatus": ".service_status",
    "ServiceStatusValue": ".service_status_value",
    "Workflow": ".workflow",
    "WorkflowArgo": ".workflow_argo",
    "WorkflowResources": ".workflow_resources",
}


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
