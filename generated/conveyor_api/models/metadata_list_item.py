from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.aspect_content import AspectContent


T = TypeVar("T", bound="MetadataListItem")


@_attrs_define
class MetadataListItem:
    """A metadata record as it appears in a list.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        entity (str): URN of the entity it is about.
        schema (str): URN of its schema.
        aspect (AspectContent | Unset): An aspect's JSON content; by convention it carries its own `$schema`.
        aspect_context (str | Unset): Context recorded with the content (a JSON text).
    """

    id: str
    entity: str
    schema: str
    aspect: AspectContent | Unset = UNSET
    aspect_context: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        entity = self.entity

        schema = self.schema

        aspect: dict[str, Any] | Unset = UNSET
        if not isinstance(self.aspect, Unset):
            aspect = self.aspect.to_dict()

        aspect_context = self.aspect_context

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "entity": entity,
                "schema": schema,
            }
        )
        if aspect is not UNSET:
            field_dict["aspect"] = aspect
        if aspect_context is not UNSET:
            field_dict["aspect-context"] = aspect_context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aspect_content import AspectContent  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        entity = d.pop("entity")

        schema = d.pop("schema")

        _aspect = d.pop("aspect", UNSET)
        aspect: AspectContent | Unset
        if isinstance(_aspect, Unset):
            aspect = UNSET
        else:
            aspect = AspectContent.from_dict(_aspect)

        aspect_context = d.pop("aspect-context", UNSET)

        metadata_list_item = cls(
            id=id,
            entity=entity,
            schema=schema,
            aspect=aspect,
            aspect_context=aspect_context,
        )

        metadata_list_item.additional_properties = d
        return metadata_list_item

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
