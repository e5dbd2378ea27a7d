"""Contains all the data models used in inputs/outputs"""

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
from .link import Link
from .list_aspects_order_direction import ListAspectsOrderDirection
from .open_api_document import OpenApiDocument
from .order_list import OrderList
from .order_list_item import OrderListItem
from .order_request import OrderRequest
from .order_status import OrderStatus
from .order_status_value import OrderStatusValue
from .parameter import Parameter
from .parameter_definition import ParameterDefinition
from .parameter_option import ParameterOption
from .product_list import ProductList
from .product_list_item import ProductListItem
from .reference import Reference
from .search_result import SearchResult
from .search_result_list import SearchResultList
from .service_definition import ServiceDefinition
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
    "Link",
    "ListAspectsOrderDirection",
    "OpenApiDocument",
    "OrderList",
    "OrderListItem",
    "OrderRequest",
    "OrderStatus",
    "OrderStatusValue",
    "Parameter",
    "ParameterDefinition",
    "ParameterOption",
    "ProductList",
    "ProductListItem",
    "Reference",
    "SearchResult",
    "SearchResultList",
    "ServiceDefinition",
    "ServiceList",
    "ServiceListItem",
    "ServiceStatus",
    "ServiceStatusValue",
    "Workflow",
    "WorkflowArgo",
    "WorkflowResources",
)
