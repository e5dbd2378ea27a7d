from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.parameter_definition import ParameterDefinition


T = TypeVar("T", bound="ServiceDescriptionDefinition")


@_attrs_define
class ServiceDescriptionDefinition:
    """What a service developer publishes in the current service format.

    Attributes:
        controller_schema (str): URN of the schema of `controller`, such as `urn:ivcap:schema.service.rest.1`.
        controller (Any): How the platform runs the service, in the format `controller-schema` names (any JSON value).
        parameters (list[ParameterDefinition]):
        id (str | Unset): URN to publish under; the platform assigns one when absent.
        name (str | Unset): Human name.
        description (str | Unset): What the service does.
        policy (str | Unset): URN of the policy governing access.
        tags (list[str] | Unset): Free-form keywords.
    """

    controller_schema: str
    controller: Any
    parameters: list[ParameterDefinition]
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    policy: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        controller_schema = self.controller_schema

        controller = self.controller

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        id = self.id

        name = self.name

        description = self.description

        policy = self.policy

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "controller-schema": controller_schema,
                "controller": controller,
                "parameters": parameters,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if policy is not UNSET:
            field_dict["policy"] = policy
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameter_definition import ParameterDefinition  # noqa: PLC0415

        d = dict(src_dict)
        controller_schema = d.pop("controller-schema")

        controller = d.pop("controller")

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:
            parameters_item = ParameterDefinition.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        policy = d.pop("policy", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        service_description_definition = cls(
            controller_schema=controller_schema,
            controller=controller,
            parameters=parameters,
            id=id,
            name=name,
            description=description,
            policy=policy,
            tags=tags,
        )

        service_description_definition.additional_properties = d
        return service_description_definition

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
