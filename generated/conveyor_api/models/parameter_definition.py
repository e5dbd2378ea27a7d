from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.parameter_option import ParameterOption


T = TypeVar("T", bound="ParameterDefinition")


@_attrs_define
class ParameterDefinition:
    """What a service accepts for one parameter.

    Attributes:
        name (str): Wire name; may contain hyphens.
        type_ (str): Value type: `string`, `int`, `float`, `bool`, `option`, `artifact`, `collection` (others may
            appear).
        description (str | Unset): What the parameter controls.
        label (str | Unset): Short human label.
        unit (str | Unset): Unit of a numeric value.
        default (str | Unset): Value used when the order gives none.
        optional (bool | Unset): The order may leave it out.
        constant (bool | Unset): The value is fixed by the service.
        unary (bool | Unset): A flag that takes no value.
        options (list[ParameterOption] | Unset): Allowed values of an `option` parameter; empty otherwise. Servers
            always send it (an empty list when there are none), since existing clients iterate over it without checking that
            it is there.
    """

    name: str
    type_: str
    description: str | Unset = UNSET
    label: str | Unset = UNSET
    unit: str | Unset = UNSET
    default: str | Unset = UNSET
    optional: bool | Unset = UNSET
    constant: bool | Unset = UNSET
    unary: bool | Unset = UNSET
    options: list[ParameterOption] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        description = self.description

        label = self.label

        unit = self.unit

        default = self.default

        optional = self.optional

        constant = self.constant

        unary = self.unary

        options: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = []
            for options_item_data in self.options:
                options_item = options_item_data.to_dict()
                options.append(options_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if label is not UNSET:
            field_dict["label"] = label
        if unit is not UNSET:
            field_dict["unit"] = unit
        if default is not UNSET:
            field_dict["default"] = default
        if optional is not UNSET:
            field_dict["optional"] = optional
        if constant is not UNSET:
            field_dict["constant"] = constant
        if unary is not UNSET:
            field_dict["unary"] = unary
        if options is not UNSET:
            field_dict["options"] = options

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameter_option import ParameterOption  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        type_ = d.pop("type")

        description = d.pop("description", UNSET)

        label = d.pop("label", UNSET)

        unit = d.pop("unit", UNSET)

        default = d.pop("default", UNSET)

        optional = d.pop("optional", UNSET)

        constant = d.pop("constant", UNSET)

        unary = d.pop("unary", UNSET)

        _options = d.pop("options", UNSET)
        options: list[ParameterOption] | Unset = UNSET
        if _options is not UNSET:
            options = []
            for options_item_data in _options:
                options_item = ParameterOption.from_dict(options_item_data)

                options.append(options_item)

        parameter_definition = cls(
            name=name,
            type_=type_,
            description=description,
            label=label,
            unit=unit,
            default=default,
            optional=optional,
            constant=constant,
            unary=unary,
            options=options,
        )

        parameter_definition.additional_properties = d
        return parameter_definition

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
