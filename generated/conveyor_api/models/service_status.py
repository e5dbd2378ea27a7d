from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.service_status_value import ServiceStatusValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.link import Link
    from ..models.parameter_definition import ParameterDefinition
    from ..models.reference import Reference


T = TypeVar("T", bound="ServiceStatus")


@_attrs_define
class ServiceStatus:
    """A service's full record.

    Attributes:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        parameters (list[ParameterDefinition]):
        name (str | Unset): Human name.
        description (str | Unset): What the service does.
        status (ServiceStatusValue | str | Unset): Lifecycle state; values beyond the known ones are passed through.
        banner (str | Unset): URL of an image representing the service.
        policy (str | Unset): URN of the policy governing access.
        account (str | Unset): URN of the owning account.
        published_at (datetime.datetime | Unset): When it was published.
        tags (list[str] | Unset):
        references (list[Reference] | Unset):
        links (list[Link] | Unset):
    """

    id: str
    parameters: list[ParameterDefinition]
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    status: ServiceStatusValue | str | Unset = UNSET
    banner: str | Unset = UNSET
    policy: str | Unset = UNSET
    account: str | Unset = UNSET
    published_at: datetime.datetime | Unset = UNSET
    tags: list[str] | Unset = UNSET
    references: list[Reference] | Unset = UNSET
    links: list[Link] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        name = self.name

        description = self.description

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ServiceStatusValue):
            status = self.status.value
        else:
            status = self.status

        banner = self.banner

        policy = self.policy

        account = self.account

        published_at: str | Unset = UNSET
        if not isinstance(self.published_at, Unset):
            published_at = self.published_at.isoformat()

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        references: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.references, Unset):
            references = []
            for references_item_data in self.references:
                references_item = references_item_data.to_dict()
                references.append(references_item)

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
                "parameters": parameters,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if status is not UNSET:
            field_dict["status"] = status
        if banner is not UNSET:
            field_dict["banner"] = banner
        if policy is not UNSET:
            field_dict["policy"] = policy
        if account is not UNSET:
            field_dict["account"] = account
        if published_at is not UNSET:
            field_dict["published-at"] = published_at
        if tags is not UNSET:
            field_dict["tags"] = tags
        if references is not UNSET:
            field_dict["references"] = references
        if links is not UNSET:
            field_dict["links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.link import Link  # noqa: PLC0415
        from ..models.parameter_definition import ParameterDefinition  # noqa: PLC0415
        from ..models.reference import Reference  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:
            parameters_item = ParameterDefinition.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        def _parse_status(data: object) -> ServiceStatusValue | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ServiceStatusValue(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ServiceStatusValue | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        banner = d.pop("banner", UNSET)

        policy = d.pop("policy", UNSET)

        account = d.pop("account", UNSET)

        _published_at = d.pop("published-at", UNSET)
        published_at: datetime.datetime | Unset
        if isinstance(_published_at, Unset):
            published_at = UNSET
        else:
            published_at = datetime.datetime.fromisoformat(_published_at)

        tags = cast(list[str], d.pop("tags", UNSET))

        _references = d.pop("references", UNSET)
        references: list[Reference] | Unset = UNSET
        if _references is not UNSET:
            references = []
            for references_item_data in _references:
                references_item = Reference.from_dict(references_item_data)

                references.append(references_item)

        _links = d.pop("links", UNSET)
        links: list[Link] | Unset = UNSET
        if _links is not UNSET:
            links = []
            for links_item_data in _links:
                links_item = Link.from_dict(links_item_data)

                links.append(links_item)

        service_status = cls(
            id=id,
            parameters=parameters,
            name=name,
            description=description,
            status=status,
            banner=banner,
            policy=policy,
            account=account,
            published_at=published_at,
            tags=tags,
            references=references,
            links=links,
        )

        service_status.additional_properties = d
        return service_status

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
