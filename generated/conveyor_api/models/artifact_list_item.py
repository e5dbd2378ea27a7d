from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.artifact_status_value import ArtifactStatusValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="ArtifactListItem")


@_attrs_define
class ArtifactListItem:
    """An artifact as it appears in a list.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        status (ArtifactStatusValue | str):
        href (str): URL of the full record.
        name (str | Unset):
        size (int | Unset):
        mime_type (str | Unset):
        created_at (datetime.datetime | Unset):
    """

    id: str
    status: ArtifactStatusValue | str
    href: str
    name: str | Unset = UNSET
    size: int | Unset = UNSET
    mime_type: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str
        if isinstance(self.status, ArtifactStatusValue):
            status = self.status.value
        else:
            status = self.status

        href = self.href

        name = self.name

        size = self.size

        mime_type = self.mime_type

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "href": href,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if size is not UNSET:
            field_dict["size"] = size
        if mime_type is not UNSET:
            field_dict["mime-type"] = mime_type
        if created_at is not UNSET:
            field_dict["created-at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_status(data: object) -> ArtifactStatusValue | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ArtifactStatusValue(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ArtifactStatusValue | str, data)

        status = _parse_status(d.pop("status"))

        href = d.pop("href")

        name = d.pop("name", UNSET)

        size = d.pop("size", UNSET)

        mime_type = d.pop("mime-type", UNSET)

        _created_at = d.pop("created-at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        artifact_list_item = cls(
            id=id,
            status=status,
            href=href,
            name=name,
            size=size,
            mime_type=mime_type,
            created_at=created_at,
        )

        artifact_list_item.additional_properties = d
        return artifact_list_item

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
