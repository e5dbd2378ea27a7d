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


T = TypeVar("T", bound="ServiceDescription")


@_attrs_define
class ServiceDescription:
    """A service's full description. IVCAP's Python client (0.47) refuses
    one that lacks any of `account`, `controller`, `controller-schema`,
    `description`, `id`, `links`, `parameters`, `policy` or `status`,
    or a parameter definition without `description`.

        Attributes:
            id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
            controller_schema (str): URN of the schema of `controller`.
            parameters (list[ParameterDefinition]):
            name (str | Unset): Human name.
            description (str | Unset): What the service does.
            status (ServiceStatusValue | str | Unset): Lifecycle state; values beyond the known ones are passed through.
            account (str | Unset): URN of the owning account.
            policy (str | Unset): URN of the policy governing access.
            tags (list[str] | Unset): Free-form keywords.
            controller (Any | Unset): How the platform runs the service, in the format `controller-schema` names (any JSON
                value).
            valid_from (datetime.datetime | Unset): When the service became available.
            valid_to (datetime.datetime | Unset): When it was retired; absent while it is available.
            links (list[Link] | Unset):
    """

    id: str
    controller_schema: str
    parameters: list[ParameterDefinition]
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    status: ServiceStatusValue | str | Unset = UNSET
    account: str | Unset = UNSET
    policy: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    controller: Any | Unset = UNSET
    valid_from: datetime.datetime | Unset = UNSET
    valid_to: datetime.datetime | Unset = UNSET
    links: list[Link] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        controller_schema = self.controller_schema

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

        account = self.account

        policy = self.policy

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        controller = self.controller

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
                "controller-schema": controller_schema,
                "parameters": parameters,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if status is not UNSET:
            field_dict["status"] = status
        if account is not UNSET:
            field_dict["account"] = account
        if policy is not UNSET:
            field_dict["policy"] = policy
        if tags is not UNSET:
            field_dict["tags"] = tags
        if controller is not UNSET:
            field_dict["controller"] = controller
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
        from ..models.parameter_definition import ParameterDefinition  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        controller_schema = d.pop("controller-schema")

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

        account = d.pop("account", UNSET)

        policy = d.pop("policy", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        controller = d.pop("controller", UNSET)

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

        service_description = cls(
            id=id,
            controller_schema=controller_schema,
            parameters=parameters,
            name=name,
            description=description,
            status=status,
            account=account,
            policy=policy,
            tags=tags,
            controller=controller,
            valid_from=valid_from,
            valid_to=valid_to,
            links=links,
        )

        service_description.additional_properties = d
        return service_description

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
