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
        id (str): URN to publish under
        description (str): What the service does.
        controller_schema (str): URN of the schema of `controller`, such as `urn:ivcap:schema.service.rest.1`.
        controller (Any): How the platform runs the service, in the format `controller-schema` names (any JSON value).
        parameters (list[ParameterDefinition]):
        policy (str): URN of the policy governing access.
        name (str | Unset): Human name.
        tags (list[str] | Unset): Free-form keywords.
    """

    id: str
    description: str
    controller_schema: str
    controller: Any
    parameters: list[ParameterDefinition]
    policy: str
    name: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        description = self.description

        controller_schema = self.controller_schema

        controller = self.controller

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        policy = self.policy

        name = self.name

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "description": description,
                "controller-schema": controller_schema,
                "controller": controller,
                "parameters": parameters,
                "policy": policy,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameter_definition import ParameterDefinition  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        description = d.pop("description")

        controller_schema = d.pop("controller-schema")

        controller = d.pop("controller")

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:
            parameters_item = ParameterDefinition.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        policy = d.pop("policy")

        name = d.pop("name", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        service_description_definition = cls(
            id=id,
            description=description,
            controller_schema=controller_schema,
            controller=controller,
            parameters=parameters,
            policy=policy,
            name=name,
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
