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
    from ..models.parameter import Parameter
    from ..models.product_list import ProductList


T = TypeVar("T", bound="OrderStatus")


@_attrs_define
class OrderStatus:
    """An order's full record.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        status (OrderStatusValue | str): Progress; values beyond the known ones are passed through.
        service (str): URN of the service.
        name (str | Unset):
        error_message (str | Unset): Why the order failed, when it did.
        account (str | Unset): URN of the ordering account.
        policy (str | Unset): URN of the governing policy.
        ordered_at (datetime.datetime | Unset):
        started_at (datetime.datetime | Unset):
        finished_at (datetime.datetime | Unset):
        parameters (list[Parameter] | Unset):
        products (ProductList | Unset): A page of an order's products.
        tags (list[str] | Unset):
        links (list[Link] | Unset):
    """

    id: str
    status: OrderStatusValue | str
    service: str
    name: str | Unset = UNSET
    error_message: str | Unset = UNSET
    account: str | Unset = UNSET
    policy: str | Unset = UNSET
    ordered_at: datetime.datetime | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    finished_at: datetime.datetime | Unset = UNSET
    parameters: list[Parameter] | Unset = UNSET
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

        account = self.account

        policy = self.policy

        ordered_at: str | Unset = UNSET
        if not isinstance(self.ordered_at, Unset):
            ordered_at = self.ordered_at.isoformat()

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        finished_at: str | Unset = UNSET
        if not isinstance(self.finished_at, Unset):
            finished_at = self.finished_at.isoformat()

        parameters: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = []
            for parameters_item_data in self.parameters:
                parameters_item = parameters_item_data.to_dict()
                parameters.append(parameters_item)

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
        if account is not UNSET:
            field_dict["account"] = account
        if policy is not UNSET:
            field_dict["policy"] = policy
        if ordered_at is not UNSET:
            field_dict["ordered-at"] = ordered_at
        if started_at is not UNSET:
            field_dict["started-at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished-at"] = finished_at
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
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
        from ..models.parameter import Parameter  # noqa: PLC0415
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

        account = d.pop("account", UNSET)

        policy = d.pop("policy", UNSET)

        _ordered_at = d.pop("ordered-at", UNSET)
        ordered_at: datetime.datetime | Unset
        if isinstance(_ordered_at, Unset):
            ordered_at = UNSET
        else:
            ordered_at = datetime.datetime.fromisoformat(_ordered_at)

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

        _parameters = d.pop("parameters", UNSET)
        parameters: list[Parameter] | Unset = UNSET
        if _parameters is not UNSET:
            parameters = []
            for parameters_item_data in _parameters:
                parameters_item = Parameter.from_dict(parameters_item_data)

                parameters.append(parameters_item)

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

        order_status = cls(
            id=id,
            status=status,
            service=service,
            name=name,
            error_message=error_message,
            account=account,
            policy=policy,
            ordered_at=ordered_at,
            started_at=started_at,
            finished_at=finished_at,
            parameters=parameters,
            products=products,
            tags=tags,
            links=links,
        )

        order_status.additional_properties = d
        return order_status

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
