from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.artifact_status_value import ArtifactStatusValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductListItem")


@_attrs_define
class ProductListItem:
    """An artifact an order produced.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        href (str): URL of the artifact record.
        name (str | Unset):
        status (ArtifactStatusValue | str | Unset):
        mime_type (str | Unset):
        size (int | Unset):
        data_href (str | Unset): Absolute URL of the content.
    """

    id: str
    href: str
    name: str | Unset = UNSET
    status: ArtifactStatusValue | str | Unset = UNSET
    mime_type: str | Unset = UNSET
    size: int | Unset = UNSET
    data_href: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        href = self.href

        name = self.name

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ArtifactStatusValue):
            status = self.status.value
        else:
            status = self.status

        mime_type = self.mime_type

        size = self.size

        data_href = self.data_href

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "href": href,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if status is not UNSET:
            field_dict["status"] = status
        if mime_type is not UNSET:
            field_dict["mime-type"] = mime_type
        if size is not UNSET:
            field_dict["size"] = size
        if data_href is not UNSET:
            field_dict["data-href"] = data_href

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        href = d.pop("href")

        name = d.pop("name", UNSET)

        def _parse_status(data: object) -> ArtifactStatusValue | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ArtifactStatusValue(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ArtifactStatusValue | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        mime_type = d.pop("mime-type", UNSET)

        size = d.pop("size", UNSET)

        data_href = d.pop("data-href", UNSET)

        product_list_item = cls(
            id=id,
            href=href,
            name=name,
            status=status,
            mime_type=mime_type,
            size=size,
            data_href=data_href,
        )

        product_list_item.additional_properties = d
        return product_list_item

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
