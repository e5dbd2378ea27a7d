from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.aspect_content import AspectContent
    from ..models.link import Link


T = TypeVar("T", bound="Aspect")


@_attrs_define
class Aspect:
    """An aspect's full record.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        entity (str): URN of the entity it is about.
        schema (str): URN of its schema.
        content (AspectContent): An aspect's JSON content; by convention it carries its own `$schema`.
        content_type (str | Unset):
        valid_from (datetime.datetime | Unset): When it became current.
        valid_to (datetime.datetime | Unset): When it was replaced or retracted; absent while current.
        asserter (str | Unset): URN of the principal who added it.
        retracter (str | Unset): URN of the principal who retracted it.
        replaces (str | Unset): URN of the aspect this one replaced.
        account (str | Unset):
        policy (str | Unset):
        links (list[Link] | Unset):
    """

    id: str
    entity: str
    schema: str
    content: AspectContent
    content_type: str | Unset = UNSET
    valid_from: datetime.datetime | Unset = UNSET
    valid_to: datetime.datetime | Unset = UNSET
    asserter: str | Unset = UNSET
    retracter: str | Unset = UNSET
    replaces: str | Unset = UNSET
    account: str | Unset = UNSET
    policy: str | Unset = UNSET
    links: list[Link] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        entity = self.entity

        schema = self.schema

        content = self.content.to_dict()

        content_type = self.content_type

        valid_from: str | Unset = UNSET
        if not isinstance(self.valid_from, Unset):
            valid_from = self.valid_from.isoformat()

        valid_to: str | Unset = UNSET
        if not isinstance(self.valid_to, Unset):
            valid_to = self.valid_to.isoformat()

        asserter = self.asserter

        retracter = self.retracter

        replaces = self.replaces

        account = self.account

        policy = self.policy

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
                "content": content,
            }
        )
        if content_type is not UNSET:
            field_dict["content-type"] = content_type
        if valid_from is not UNSET:
            field_dict["valid-from"] = valid_from
        if valid_to is not UNSET:
            field_dict["valid-to"] = valid_to
        if asserter is not UNSET:
            field_dict["asserter"] = asserter
        if retracter is not UNSET:
            field_dict["retracter"] = retracter
        if replaces is not UNSET:
            field_dict["replaces"] = replaces
        if account is not UNSET:
            field_dict["account"] = account
        if policy is not UNSET:
            field_dict["policy"] = policy
        if links is not UNSET:
            field_dict["links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aspect_content import AspectContent  # noqa: PLC0415
        from ..models.link import Link  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        entity = d.pop("entity")

        schema = d.pop("schema")

        content = AspectContent.from_dict(d.pop("content"))

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

        asserter = d.pop("asserter", UNSET)

        retracter = d.pop("retracter", UNSET)

        replaces = d.pop("replaces", UNSET)

        account = d.pop("account", UNSET)

        policy = d.pop("policy", UNSET)

        _links = d.pop("links", UNSET)
        links: list[Link] | Unset = UNSET
        if _links is not UNSET:
            links = []
            for links_item_data in _links:
                links_item = Link.from_dict(links_item_data)

                links.append(links_item)

        aspect = cls(
            id=id,
            entity=entity,
            schema=schema,
            content=content,
            content_type=content_type,
            valid_from=valid_from,
            valid_to=valid_to,
            asserter=asserter,
            retracter=retracter,
            replaces=replaces,
            account=account,
            policy=policy,
            links=links,
        )

        aspect.additional_properties = d
        return aspect

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
