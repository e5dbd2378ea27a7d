from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CollectionContent")


@_attrs_define
class CollectionContent:
    """The content of the aspect (schema `urn:ivcap:schema:collection.1`)
    that makes an entity URN, such as `urn:ivcap:collection:<uuid>`, a
    collection. There is no collection endpoint: a collection is this
    aspect, with the collection's URN as `entity`, plus one
    `CollectionItemContent` aspect per member.

        Attributes:
            schema (str | Unset): `urn:ivcap:schema:collection.1`.
            name (str | Unset): The collection's name.
            description (str | Unset): What the collection holds.
    """

    schema: str | Unset = UNSET
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        schema = self.schema

        name = self.name

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if schema is not UNSET:
            field_dict["$schema"] = schema
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        schema = d.pop("$schema", UNSET)

        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        collection_content = cls(
            schema=schema,
            name=name,
            description=description,
        )

        collection_content.additional_properties = d
        return collection_content

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
