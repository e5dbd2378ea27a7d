from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.parameter_definition import ParameterDefinition
    from ..models.reference import Reference
    from ..models.workflow import Workflow


T = TypeVar("T", bound="ServiceDefinition")


@_attrs_define
class ServiceDefinition:
    """What a publisher sends to create or update a service.

    Attributes:
        description (str): What the service does.
        parameters (list[ParameterDefinition]): The parameters an order may or must give.
        workflow (Workflow): How the platform runs a service.
        name (str | Unset): Human name, unique per account by convention.
        banner (str | Unset): URL of an image representing the service.
        policy (str | Unset): URN of the policy governing access.
        tags (list[str] | Unset): Free-form keywords.
        references (list[Reference] | Unset): Further reading.
    """

    description: str
    parameters: list[ParameterDefinition]
    workflow: Workflow
    name: str | Unset = UNSET
    banner: str | Unset = UNSET
    policy: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    references: list[Reference] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        workflow = self.workflow.to_dict()

        name = self.name

        banner = self.banner

        policy = self.policy

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        references: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.references, Unset):
            references = []
            for references_item_data in self.references:
                references_item = references_item_data.to_dict()
                references.append(references_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "parameters": parameters,
                "workflow": workflow,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if banner is not UNSET:
            field_dict["banner"] = banner
        if policy is not UNSET:
            field_dict["policy"] = policy
        if tags is not UNSET:
            field_dict["tags"] = tags
        if references is not UNSET:
            field_dict["references"] = references

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameter_definition import ParameterDefinition  # noqa: PLC0415
        from ..models.reference import Reference  # noqa: PLC0415
        from ..models.workflow import Workflow  # noqa: PLC0415

        d = dict(src_dict)
        description = d.pop("description")

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:
            parameters_item = ParameterDefinition.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        workflow = Workflow.from_dict(d.pop("workflow"))

        name = d.pop("name", UNSET)

        banner = d.pop("banner", UNSET)

        policy = d.pop("policy", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        _references = d.pop("references", UNSET)
        references: list[Reference] | Unset = UNSET
        if _references is not UNSET:
            references = []
            for references_item_data in _references:
                references_item = Reference.from_dict(references_item_data)

                references.append(references_item)

        service_definition = cls(
            description=description,
            parameters=parameters,
            workflow=workflow,
            name=name,
            banner=banner,
            policy=policy,
            tags=tags,
            references=references,
        )

        service_definition.additional_properties = d
        return service_definition

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
