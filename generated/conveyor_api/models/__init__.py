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
    from .collection_content import CollectionContent
    from .collection_item_content import CollectionItemContent
    from .dashboard import Dashboard
    from .dashboard_list import DashboardList
    from .default_project_request import DefaultProjectRequest
    from .error_message import ErrorMessage
    from .invalid_parameter_error import InvalidParameterError
    from .job_accepted import JobAccepted
    from .job_list import JobList
    from .job_list_item import JobListItem
    from .job_status import JobStatus
    from .link import Link
    from .list_aspects_order_direction import ListAspectsOrderDirection
    from .membership_request import MembershipRequest
    from .message_list import MessageList
    from .message_receipt import MessageReceipt
    from .metadata_list import MetadataList
    from .metadata_list_item import MetadataListItem
    from .metadata_record import MetadataRecord
    from .metadata_record_id import MetadataRecordId
    from .open_api_document import OpenApiDocument
    from .order_list import OrderList
    from .order_list_item import OrderListItem
    from .order_metadata_list import OrderMetadataList
    from .order_metadata_list_item import OrderMetadataListItem
    from .order_request import OrderRequest
    from .order_status import OrderStatus
    from .order_status_value import OrderStatusValue
    from .order_top_item import OrderTopItem
    from .package_list import PackageList
    from .package_part import PackagePart
    from .parameter import Parameter
    from .parameter_definition import ParameterDefinition
    from .parameter_option import ParameterOption
    from .product_list import ProductList
    from .product_list_item import ProductListItem
    from .project_account import ProjectAccount
    from .project_definition import ProjectDefinition
    from .project_list import ProjectList
    from .project_member import ProjectMember
    from .project_member_list import ProjectMemberList
    from .project_properties import ProjectProperties
    from .project_role_value import ProjectRoleValue
    from .project_status import ProjectStatus
    from .project_status_value import ProjectStatusValue
    from .project_update import ProjectUpdate
    from .push_result import PushResult
    from .push_status import PushStatus
    from .queue_created import QueueCreated
    from .queue_definition import QueueDefinition
    from .queue_list import QueueList
    from .queue_list_item import QueueListItem
    from .queue_message import QueueMessage
    from .queue_status import QueueStatus
    from .reference import Reference
    from .search_result_list import SearchResultList
    from .secret import Secret
    from .secret_list import SecretList
    from .secret_list_item import SecretListItem
    from .secret_request import SecretRequest
    from .service_definition import ServiceDefinition
    from .service_description import ServiceDescription
    from .service_description_definition import ServiceDescriptionDefinition
    from .service_description_list import ServiceDescriptionList
    from .service_description_list_item import ServiceDescriptionListItem
    from .service_list import ServiceList
    from .service_list_item import ServiceListItem
    from .service_status import ServiceStatus
    from .service_status_value import ServiceStatusValue
    from .upload_artifact_x_name_encoding import UploadArtifactXNameEncoding
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
    "CollectionContent",
    "CollectionItemContent",
    "Dashboard",
    "DashboardList",
    "DefaultProjectRequest",
    "ErrorMessage",
    "InvalidParameterError",
    "JobAccepted",
    "JobList",
    "JobListItem",
    "JobStatus",
    "Link",
    "ListAspectsOrderDirection",
    "MembershipRequest",
    "MessageList",
    "MessageReceipt",
    "MetadataList",
    "MetadataListItem",
    "MetadataRecord",
    "MetadataRecordId",
    "OpenApiDocument",
    "OrderList",
    "OrderListItem",
    "OrderMetadataList",
    "OrderMetadataListItem",
    "OrderRequest",
    "OrderStatus",
    "OrderStatusValue",
    "OrderTopItem",
    "PackageList",
    "PackagePart",
    "Parameter",
    "ParameterDefinition",
    "ParameterOption",
    "ProductList",
    "ProductListItem",
    "ProjectAccount",
    "ProjectDefinition",
    "ProjectList",
    "ProjectMember",
    "ProjectMemberList",
    "ProjectProperties",
    "ProjectRoleValue",
    "ProjectStatus",
    "ProjectStatusValue",
    "ProjectUpdate",
    "PushResult",
    "PushStatus",
    "QueueCreated",
    "QueueDefinition",
    "QueueList",
    "QueueListItem",
    "QueueMessage",
    "QueueStatus",
    "Reference",
    "SearchResultList",
    "Secret",
    "SecretList",
    "SecretListItem",
    "SecretRequest",
    "ServiceDefinition",
    "ServiceDescription",
    "ServiceDescriptionDefinition",
    "ServiceDescriptionList",
    "ServiceDescriptionListItem",
    "ServiceList",
    "ServiceListItem",
    "ServiceStatus",
    "ServiceStatusValue",
    "UploadArtifactXNameEncoding",
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
    "CollectionContent": ".collection_content",
    "CollectionItemContent": ".collection_item_content",
    "Dashboard": ".dashboard",
    "DashboardList": ".dashboard_list",
    "DefaultProjectRequest": ".default_project_request",
    "ErrorMessage": ".error_message",
    "InvalidParameterError": ".invalid_parameter_error",
    "JobAccepted": ".job_accepted",
    "JobList": ".job_list",
    "JobListItem": ".job_list_item",
    "JobStatus": ".job_status",
    "Link": ".link",
    "ListAspectsOrderDirection": ".list_aspects_order_direction",
    "MembershipRequest": ".membership_request",
    "MessageList": ".message_list",
    "MessageReceipt": ".message_receipt",
    "MetadataList": ".metadata_list",
    "MetadataListItem": ".metadata_list_item",
    "MetadataRecord": ".metadata_record",
    "MetadataRecordId": ".metadata_record_id",
    "OpenApiDocument": ".open_api_document",
    "OrderList": ".order_list",
    "OrderListItem": ".order_list_item",
    "OrderMetadataList": ".order_metadata_list",
    "OrderMetadataListItem": ".order_metadata_list_item",
    "OrderRequest": ".order_request",
    "OrderStatus": ".order_status",
    "OrderStatusValue": ".order_status_value",
    "OrderTopItem": ".order_top_item",
    "PackageList": ".package_list",
    "PackagePart": ".package_part",
    "Parameter": ".parameter",
    "ParameterDefinition": ".parameter_definition",
    "ParameterOption": ".parameter_option",
    "ProductList": ".product_list",
    "ProductListItem": ".product_list_item",
    "ProjectAccount": ".project_account",
    "ProjectDefinition": ".project_definition",
    "ProjectList": ".project_list",
    "ProjectMember": ".project_member",
    "ProjectMemberList": ".project_member_list",
    "ProjectProperties": ".project_properties",
    "ProjectRoleValue": ".project_role_value",
    "ProjectStatus": ".project_status",
    "ProjectStatusValue": ".project_status_value",
    "ProjectUpdate": ".project_update",
    "PushResult": ".push_result",
    "PushStatus": ".push_status",
    "QueueCreated": ".queue_created",
    "QueueDefinition": ".queue_definition",
    "QueueList": ".queue_list",
    "QueueListItem": ".queue_list_item",
    "QueueMessage": ".queue_message",
    "QueueStatus": ".queue_status",
    "Reference": ".reference",
    "SearchResultList": ".search_result_list",
    "Secret": ".secret",
    "SecretList": ".secret_list",
    "SecretListItem": ".secret_list_item",
    "SecretRequest": ".secret_request",
    "ServiceDefinition": ".service_definition",
    "ServiceDescription": ".service_description",
    "ServiceDescriptionDefinition": ".service_description_definition",
    "ServiceDescriptionList": ".service_description_list",
    "ServiceDescriptionListItem": ".service_description_list_item",
    "ServiceList": ".service_list",
    "ServiceListItem": ".service_list_item",
    "ServiceStatus": ".service_status",
    "ServiceStatusValue": ".service_status_value",
    "UploadArtifactXNameEncoding": ".upload_artifact_x_name_encoding",
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
