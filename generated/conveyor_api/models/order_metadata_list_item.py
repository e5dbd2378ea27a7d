from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrderMetadataListItem")


@_attrs_define
class OrderMetadataListItem:
    """An aspect about an order, without its content.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        schema (str): URN of the aspect's schema.
        content_type (str): Media type of the content.
        href (str): URL of the aspect.
    """

    id: str
    schema: str
    content_type: str
    href: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        schema = self.schema

        content_type = self.content_type

        href = self.href

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "schema": schema,
                "content-type": content_type,
                "href": href,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        schema = d.pop("schema")

        content_type = d.pop("content-type")

        href = d.pop("href")

        order_metadata_list_item = cls(
            id=id,
            schema=schema,
            content_type=content_type,
            href=href,
        )

        order_metadata_list_item.additional_properties = d
        return order_metadata_list_item

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
