from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status_value import OrderStatusValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.link import Link
    from ..models.product_list import ProductList


T = TypeVar("T", bound="JobStatus")


@_attrs_define
class JobStatus:
    """A job's full record. IVCAP's Python client (0.47) also expects
    `links`, `order`, `account`, `policy`, `request-content-type` and
    `requested-at`, which platforms send.

        Attributes:
            id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
            status (OrderStatusValue | str): Progress, with the order status values; values beyond the known ones are passed
                through.
            service (str): URN of the service.
            name (str | Unset):
            error_message (str | Unset): Why the job failed, when it did.
            order (str | Unset): URN of the order the job belongs to.
            account (str | Unset): URN of the requesting account.
            policy (str | Unset): URN of the governing policy.
            requested_at (datetime.datetime | Unset):
            started_at (datetime.datetime | Unset):
            finished_at (datetime.datetime | Unset):
            request_content (Any | Unset): The job's request (with `with-request-content`).
            request_content_type (str | Unset): Media type of the request.
            result_content (Any | Unset): The job's result, once there is one (with `with-result-content`).
            result_content_type (str | Unset): Media type of the result.
            result_content_urn (str | Unset): URN of the aspect holding the result.
            products (ProductList | Unset): A page of an order's products.
            tags (list[str] | Unset):
            links (list[Link] | Unset):
    """

    id: str
    status: OrderStatusValue | str
    service: str
    name: str | Unset = UNSET
    error_message: str | Unset = UNSET
    order: str | Unset = UNSET
    account: str | Unset = UNSET
    policy: str | Unset = UNSET
    requested_at: datetime.datetime | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    finished_at: datetime.datetime | Unset = UNSET
    request_content: Any | Unset = UNSET
    request_content_type: str | Unset = UNSET
    result_content: Any | Unset = UNSET
    result_content_type: str | Unset = UNSET
    result_content_urn: str | Unset = UNSET
    products: ProductList | Unset = UNSET
    tags: list[str] | Unset = UNSET
    links: list[Link] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str
        if isinstance(self.status, OrderStatusValue):
            status = self.status.value
        else:
            status = self.status

        service = self.service

        name = self.name

        error_message = self.error_message

        order = self.order

        account = self.account

        policy = self.policy

        requested_at: str | Unset = UNSET
        if not isinstance(self.requested_at, Unset):
            requested_at = self.requested_at.isoformat()

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        finished_at: str | Unset = UNSET
        if not isinstance(self.finished_at, Unset):
            finished_at = self.finished_at.isoformat()

        request_content = self.request_content

        request_content_type = self.request_content_type

        result_content = self.result_content

        result_content_type = self.result_content_type

        result_content_urn = self.result_content_urn

        products: dict[str, Any] | Unset = UNSET
        if not isinstance(self.products, Unset):
            products = self.products.to_dict()

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        links: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = []
            for links_item_data in self.links:
                links_item = links_item_data.to_dict()
                links.append(links_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "service": service,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if error_message is not UNSET:
            field_dict["error-message"] = error_message
        if order is not UNSET:
            field_dict["order"] = order
        if account is not UNSET:
            field_dict["account"] = account
        if policy is not UNSET:
            field_dict["policy"] = policy
        if requested_at is not UNSET:
            field_dict["requested-at"] = requested_at
        if started_at is not UNSET:
            field_dict["started-at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished-at"] = finished_at
        if request_content is not UNSET:
            field_dict["request-content"] = request_content
        if request_content_type is not UNSET:
            field_dict["request-content-type"] = request_content_type
        if result_content is not UNSET:
            field_dict["result-content"] = result_content
        if result_content_type is not UNSET:
            field_dict["result-content-type"] = result_content_type
        if result_content_urn is not UNSET:
            field_dict["result-content-urn"] = result_content_urn
        if products is not UNSET:
            field_dict["products"] = products
        if tags is not UNSET:
            field_dict["tags"] = tags
        if links is not UNSET:
            field_dict["links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.link import Link  # noqa: PLC0415
        from ..models.product_list import ProductList  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_status(data: object) -> OrderStatusValue | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = OrderStatusValue(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OrderStatusValue | str, data)

        status = _parse_status(d.pop("status"))

        service = d.pop("service")

        name = d.pop("name", UNSET)

        error_message = d.pop("error-message", UNSET)

        order = d.pop("order", UNSET)

        account = d.pop("account", UNSET)

        policy = d.pop("policy", UNSET)

        _requested_at = d.pop("requested-at", UNSET)
        requested_at: datetime.datetime | Unset
        if isinstance(_requested_at, Unset):
            requested_at = UNSET
        else:
            requested_at = datetime.datetime.fromisoformat(_requested_at)

        _started_at = d.pop("started-at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        _finished_at = d.pop("finished-at", UNSET)
        finished_at: datetime.datetime | Unset
        if isinstance(_finished_at, Unset):
            finished_at = UNSET
        else:
            finished_at = datetime.datetime.fromisoformat(_finished_at)

        request_content = d.pop("request-content", UNSET)

        request_content_type = d.pop("request-content-type", UNSET)

        result_content = d.pop("result-content", UNSET)

        result_content_type = d.pop("result-content-type", UNSET)

        result_content_urn = d.pop("result-content-urn", UNSET)

        _products = d.pop("products", UNSET)
        products: ProductList | Unset
        if isinstance(_products, Unset):
            products = UNSET
        else:
            products = ProductList.from_dict(_products)

        tags = cast(list[str], d.pop("tags", UNSET))

        _links = d.pop("links", UNSET)
        links: list[Link] | Unset = UNSET
        if _links is not UNSET:
            links = []
            for links_item_data in _links:
                links_item = Link.from_dict(links_item_data)

                links.append(links_item)

        job_status = cls(
            id=id,
            status=status,
            service=service,
            name=name,
            error_message=error_message,
            order=order,
            account=account,
            policy=policy,
            requested_at=requested_at,
            started_at=started_at,
            finished_at=finished_at,
            request_content=request_content,
            request_content_type=request_content_type,
            result_content=result_content,
            result_content_type=result_content_type,
            result_content_urn=result_content_urn,
            products=products,
            tags=tags,
            links=links,
        )

        job_status.additional_properties = d
        return job_status

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
