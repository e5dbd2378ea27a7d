from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.link import Link


T = TypeVar("T", bound="MetadataRecord")


@_attrs_define
class MetadataRecord:
    """A metadata record in full. Upstream also marks `aspect`, `asserter`,
    `valid-from` and `links` required; platforms send them.

        Attributes:
            id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
            entity (str): URN of the entity it is about.
            schema (str): URN of its schema.
            aspect (Any | Unset): The record's content: any JSON value (an object with its own `$schema`, by convention).
            asserter (str | Unset): URN of the principal who recorded it.
            revoker (str | Unset): URN of the principal who revoked it.
            valid_from (datetime.datetime | Unset): When it was recorded.
            valid_to (datetime.datetime | Unset): When it was revoked; absent while valid.
            links (list[Link] | Unset):
    """

    id: str
    entity: str
    schema: str
    aspect: Any | Unset = UNSET
    asserter: str | Unset = UNSET
    revoker: str | Unset = UNSET
    valid_from: datetime.datetime | Unset = UNSET
    valid_to: datetime.datetime | Unset = UNSET
    links: list[Link] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        entity = self.entity

        schema = self.schema

        aspect = self.aspect

        asserter = self.asserter

        revoker = self.revoker

        valid_from: str | Unset = UNSET
        if not isinstance(self.valid_from, Unset):
            valid_from = self.valid_from.isoformat()

        valid_to: str | Unset = UNSET
        if not isinstance(self.valid_to, Unset):
            valid_to = self.valid_to.isoformat()

        links: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = []
            for links_item_data in self.links:
                links_item = links_item_data.to_dict()
                links.append(links_item)

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
        if asserter is not UNSET:
            field_dict["asserter"] = asserter
        if revoker is not UNSET:
            field_dict["revoker"] = revoker
        if valid_from is not UNSET:
            field_dict["valid-from"] = valid_from
        if valid_to is not UNSET:
            field_dict["valid-to"] = valid_to
        if links is not UNSET:
            field_dict["links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.link import Link  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        entity = d.pop("entity")

        schema = d.pop("schema")

        aspect = d.pop("aspect", UNSET)

        asserter = d.pop("asserter", UNSET)

        revoker = d.pop("revoker", UNSET)

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

        _links = d.pop("links", UNSET)
        links: list[Link] | Unset = UNSET
        if _links is not UNSET:
            links = []
            for links_item_data in _links:
                links_item = Link.from_dict(links_item_data)

                links.append(links_item)

        metadata_record = cls(
            id=id,
            entity=entity,
            schema=schema,
            aspect=aspect,
            asserter=asserter,
            revoker=revoker,
            valid_from=valid_from,
            valid_to=valid_to,
            links=links,
        )

        metadata_record.additional_properties = d
        return metadata_record

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
