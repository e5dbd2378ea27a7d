from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status_value import OrderStatusValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobListItem")


@_attrs_define
class JobListItem:
    """A job as it appears in a list.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        status (OrderStatusValue | str): Progress, with the order status values; values beyond the known ones are passed
            through.
        service (str): URN of the service.
        href (str): URL of the job's record.
        name (str | Unset):
        order (str | Unset): URN of the order the job belongs to.
        started_at (datetime.datetime | Unset):
        finished_at (datetime.datetime | Unset):
    """

    id: str
    status: OrderStatusValue | str
    service: str
    href: str
    name: str | Unset = UNSET
    order: str | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    finished_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str
        if isinstance(self.status, OrderStatusValue):
            status = self.status.value
        else:
            status = self.status

        service = self.service

        href = self.href

        name = self.name

        order = self.order

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        finished_at: str | Unset = UNSET
        if not isinstance(self.finished_at, Unset):
            finished_at = self.finished_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "service": service,
                "href": href,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if order is not UNSET:
            field_dict["order"] = order
        if started_at is not UNSET:
            field_dict["started-at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished-at"] = finished_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
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

        href = d.pop("href")

        name = d.pop("name", UNSET)

        order = d.pop("order", UNSET)

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

        job_list_item = cls(
            id=id,
            status=status,
            service=service,
            href=href,
            name=name,
            order=order,
            started_at=started_at,
            finished_at=finished_at,
        )

        job_list_item.additional_properties = d
        return job_list_item

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
