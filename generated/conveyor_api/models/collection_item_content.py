from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CollectionItemContent")


@_attrs_define
class CollectionItemContent:
    """The content of the aspect (schema `urn:ivcap:schema:collection-item.1`)
    that makes `item` a member of `collection`; its `entity` is the
    collection's URN. A member is removed by retracting its aspect.

        Attributes:
            collection (str): URN of the collection.
            item (str): URN of the member (an artifact
            schema (str | Unset): `urn:ivcap:schema:collection-item.1`.
    """

    collection: str
    item: str
    schema: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        collection = self.collection

        item = self.item

        schema = self.schema

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "collection": collection,
                "item": item,
            }
        )
        if schema is not UNSET:
            field_dict["$schema"] = schema

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        collection = d.pop("collection")

        item = d.pop("item")

        schema = d.pop("$schema", UNSET)

        collection_item_content = cls(
            collection=collection,
            item=item,
            schema=schema,
        )

        collection_item_content.additional_properties = d
        return collection_item_content

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
