from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QueueMessage")


@_attrs_define
class QueueMessage:
    """One dequeued message.

    Attributes:
        id (str | Unset): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        schema (str | Unset): URN of its schema, as given when it was enqueued.
        content_type (str | Unset): Media type of `content` (`application/json`).
        content (Any | Unset): A message's content, any JSON value; by convention an object with its own `$schema`.
    """

    id: str | Unset = UNSET
    schema: str | Unset = UNSET
    content_type: str | Unset = UNSET
    content: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        schema = self.schema

        content_type = self.content_type

        content = self.content

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if schema is not UNSET:
            field_dict["schema"] = schema
        if content_type is not UNSET:
            field_dict["content-type"] = content_type
        if content is not UNSET:
            field_dict["content"] = content

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        schema = d.pop("schema", UNSET)

        content_type = d.pop("content-type", UNSET)

        content = d.pop("content", UNSET)

        queue_message = cls(
            id=id,
            schema=schema,
            content_type=content_type,
            content=content,
        )

        queue_message.additional_properties = d
        return queue_message

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
