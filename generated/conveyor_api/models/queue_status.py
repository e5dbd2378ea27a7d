from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QueueStatus")


@_attrs_define
class QueueStatus:
    """A queue's record, with what it holds now. Upstream also marks `created-at` required.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        name (str): The queue's name.
        description (str | Unset): What the queue is for.
        created_at (datetime.datetime | Unset): When the queue was created.
        total_messages (int | Unset): Messages in the queue now.
        bytes_ (int | Unset): Total size of those messages.
        first_time (datetime.datetime | Unset): When the oldest message still in the queue arrived.
        last_time (datetime.datetime | Unset): When the newest message arrived.
        consumer_count (int | Unset): Clients reading the queue now.
    """

    id: str
    name: str
    description: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    total_messages: int | Unset = UNSET
    bytes_: int | Unset = UNSET
    first_time: datetime.datetime | Unset = UNSET
    last_time: datetime.datetime | Unset = UNSET
    consumer_count: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description = self.description

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        total_messages = self.total_messages

        bytes_ = self.bytes_

        first_time: str | Unset = UNSET
        if not isinstance(self.first_time, Unset):
            first_time = self.first_time.isoformat()

        last_time: str | Unset = UNSET
        if not isinstance(self.last_time, Unset):
            last_time = self.last_time.isoformat()

        consumer_count = self.consumer_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if created_at is not UNSET:
            field_dict["created-at"] = created_at
        if total_messages is not UNSET:
            field_dict["total-messages"] = total_messages
        if bytes_ is not UNSET:
            field_dict["bytes"] = bytes_
        if first_time is not UNSET:
            field_dict["first-time"] = first_time
        if last_time is not UNSET:
            field_dict["last-time"] = last_time
        if consumer_count is not UNSET:
            field_dict["consumer-count"] = consumer_count

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description", UNSET)

        _created_at = d.pop("created-at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        total_messages = d.pop("total-messages", UNSET)

        bytes_ = d.pop("bytes", UNSET)

        _first_time = d.pop("first-time", UNSET)
        first_time: datetime.datetime | Unset
        if isinstance(_first_time, Unset):
            first_time = UNSET
        else:
            first_time = datetime.datetime.fromisoformat(_first_time)

        _last_time = d.pop("last-time", UNSET)
        last_time: datetime.datetime | Unset
        if isinstance(_last_time, Unset):
            last_time = UNSET
        else:
            last_time = datetime.datetime.fromisoformat(_last_time)

        consumer_count = d.pop("consumer-count", UNSET)

        queue_status = cls(
            id=id,
            name=name,
            description=description,
            created_at=created_at,
            total_messages=total_messages,
            bytes_=bytes_,
            first_time=first_time,
            last_time=last_time,
            consumer_count=consumer_count,
        )

        queue_status.additional_properties = d
        return queue_status

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
