from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ServiceListItem")


@_attrs_define
class ServiceListItem:
    """A service as it appears in a list.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        href (str): URL of the full record.
        name (str | Unset): Human name.
        description (str | Unset): What the service does.
        banner (str | Unset): URL of an image representing the service.
        policy (str | Unset): URN of the policy governing access.
        account (str | Unset): URN of the owning account.
        published_at (datetime.datetime | Unset): When it was published.
    """

    id: str
    href: str
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    banner: str | Unset = UNSET
    policy: str | Unset = UNSET
    account: str | Unset = UNSET
    published_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        href = self.href

        name = self.name

        description = self.description

        banner = self.banner

        policy = self.policy

        account = self.account

        published_at: str | Unset = UNSET
        if not isinstance(self.published_at, Unset):
            published_at = self.published_at.isoformat()

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
        if description is not UNSET:
            field_dict["description"] = description
        if banner is not UNSET:
            field_dict["banner"] = banner
        if policy is not UNSET:
            field_dict["policy"] = policy
        if account is not UNSET:
            field_dict["account"] = account
        if published_at is not UNSET:
            field_dict["published-at"] = published_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        href = d.pop("href")

        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        banner = d.pop("banner", UNSET)

        policy = d.pop("policy", UNSET)

        account = d.pop("account", UNSET)

        _published_at = d.pop("published-at", UNSET)
        published_at: datetime.datetime | Unset
        if isinstance(_published_at, Unset):
            published_at = UNSET
        else:
            published_at = datetime.datetime.fromisoformat(_published_at)

        service_list_item = cls(
            id=id,
            href=href,
            name=name,
            description=description,
            banner=banner,
            policy=policy,
            account=account,
            published_at=published_at,
        )

        service_list_item.additional_properties = d
        return service_list_item

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
