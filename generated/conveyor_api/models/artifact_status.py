from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.artifact_status_value import ArtifactStatusValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.link import Link


T = TypeVar("T", bound="ArtifactStatus")


@_attrs_define
class ArtifactStatus:
    """An artifact's full record.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        status (ArtifactStatusValue | str): Upload progress; values beyond the known ones are passed through.
        name (str | Unset):
        size (int | Unset): Size in bytes, when known.
        mime_type (str | Unset):
        etag (str | Unset): Entity tag of the content, derived from its hash.
        created_at (datetime.datetime | Unset):
        last_modified_at (datetime.datetime | Unset):
        data_href (str | Unset): Absolute URL of the content, for download and tus upload.
        account (str | Unset): URN of the owning account.
        policy (str | Unset): URN of the governing policy.
        collection (str | Unset): URN of the collection it was uploaded into.
        cache_of (str | Unset): URL of the external content this caches, if any.
        links (list[Link] | Unset):
    """

    id: str
    status: ArtifactStatusValue | str
    name: str | Unset = UNSET
    size: int | Unset = UNSET
    mime_type: str | Unset = UNSET
    etag: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    last_modified_at: datetime.datetime | Unset = UNSET
    data_href: str | Unset = UNSET
    account: str | Unset = UNSET
    policy: str | Unset = UNSET
    collection: str | Unset = UNSET
    cache_of: str | Unset = UNSET
    links: list[Link] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status: str
        if isinstance(self.status, ArtifactStatusValue):
            status = self.status.value
        else:
            status = self.status

        name = self.name

        size = self.size

        mime_type = self.mime_type

        etag = self.etag

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        last_modified_at: str | Unset = UNSET
        if not isinstance(self.last_modified_at, Unset):
            last_modified_at = self.last_modified_at.isoformat()

        data_href = self.data_href

        account = self.account

        policy = self.policy

        collection = self.collection

        cache_of = self.cache_of

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
                "status": status,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if size is not UNSET:
            field_dict["size"] = size
        if mime_type is not UNSET:
            field_dict["mime-type"] = mime_type
        if etag is not UNSET:
            field_dict["etag"] = etag
        if created_at is not UNSET:
            field_dict["created-at"] = created_at
        if last_modified_at is not UNSET:
            field_dict["last-modified-at"] = last_modified_at
        if data_href is not UNSET:
            field_dict["data-href"] = data_href
        if account is not UNSET:
            field_dict["account"] = account
        if policy is not UNSET:
            field_dict["policy"] = policy
        if collection is not UNSET:
            field_dict["collection"] = collection
        if cache_of is not UNSET:
            field_dict["cache-of"] = cache_of
        if links is not UNSET:
            field_dict["links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.link import Link  # noqa: PLC0415

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

        name = d.pop("name", UNSET)

        size = d.pop("size", UNSET)

        mime_type = d.pop("mime-type", UNSET)

        etag = d.pop("etag", UNSET)

        _created_at = d.pop("created-at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _last_modified_at = d.pop("last-modified-at", UNSET)
        last_modified_at: datetime.datetime | Unset
        if isinstance(_last_modified_at, Unset):
            last_modified_at = UNSET
        else:
            last_modified_at = datetime.datetime.fromisoformat(_last_modified_at)

        data_href = d.pop("data-href", UNSET)

        account = d.pop("account", UNSET)

        policy = d.pop("policy", UNSET)

        collection = d.pop("collection", UNSET)

        cache_of = d.pop("cache-of", UNSET)

        _links = d.pop("links", UNSET)
        links: list[Link] | Unset = UNSET
        if _links is not UNSET:
            links = []
            for links_item_data in _links:
                links_item = Link.from_dict(links_item_data)

                links.append(links_item)

        artifact_status = cls(
            id=id,
            status=status,
            name=name,
            size=size,
            mime_type=mime_type,
            etag=etag,
            created_at=created_at,
            last_modified_at=last_modified_at,
            data_href=data_href,
            account=account,
            policy=policy,
            collection=collection,
            cache_of=cache_of,
            links=links,
        )

        artifact_status.additional_properties = d
        return artifact_status

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
