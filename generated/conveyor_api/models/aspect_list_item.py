from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.aspect_content import AspectContent


T = TypeVar("T", bound="AspectListItem")


@_attrs_define
class AspectListItem:
    """An aspect as it appears in a list.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        entity (str):
        schema (str):
        content (AspectContent | Unset): An aspect's JSON content; by convention it carries its own `$schema`.
        content_type (str | Unset):
        valid_from (datetime.datetime | Unset):
        valid_to (datetime.datetime | Unset):
    """

    id: str
    entity: str
    schema: str
    content: AspectContent | Unset = UNSET
    content_type: str | Unset = UNSET
    valid_from: datetime.datetime | Unset = UNSET
    valid_to: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        entity = self.entity

        schema = self.schema

        content: dict[str, Any] | Unset = UNSET
        if not isinstance(self.content, Unset):
            content = self.content.to_dict()

        content_type = self.content_type

        valid_from: str | Unset = UNSET
        if not isinstance(self.valid_from, Unset):
            valid_from = self.valid_from.isoformat()

        valid_to: str | Unset = UNSET
        if not isinstance(self.valid_to, Unset):
            valid_to = self.valid_to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "entity": entity,
                "schema": schema,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content
        if content_type is not UNSET:
            field_dict["content-type"] = content_type
        if valid_from is not UNSET:
            field_dict["valid-from"] = valid_from
        if valid_to is not UNSET:
            field_dict["valid-to"] = valid_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aspect_content import AspectContent  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        entity = d.pop("entity")

        schema = d.pop("schema")

        _content = d.pop("content", UNSET)
        content: AspectContent | Unset
        if isinstance(_content, Unset):
            content = UNSET
        else:
            content = AspectContent.from_dict(_content)

        content_type = d.pop("content-type", UNSET)

        _valid_from = d.pop("valid-from", UNSET)
        valid_from: datetime.datetime | Unset
        if isinstance(_valid_from, Unset):
            valid_from = UNSET
        else:
            valid_from = datetime.datetime.fromisoformat(_valid_from)

        _valid_to = d.pop("valid-to", UNSET)
        valid_to: datetime.datetime | Unset
        if isinstance(_valid_to, Unset):
            valid_to = UNSET
        else:
            valid_to = datetime.datetime.fromisoformat(_valid_to)

        aspect_list_item = cls(
            id=id,
            entity=entity,
            schema=schema,
            content=content,
            content_type=content_type,
            valid_from=valid_from,
            valid_to=valid_to,
        )

        aspect_list_item.additional_properties = d
        return aspect_list_item

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
