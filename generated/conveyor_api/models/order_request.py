from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.parameter import Parameter


T = TypeVar("T", bound="OrderRequest")


@_attrs_define
class OrderRequest:
    """What a client sends to place an order.

    Attributes:
        service (str): URN of the service to run.
        parameters (list[Parameter]):
        name (str | Unset): A name to recognise the order by.
        policy (str | Unset): URN of the policy governing access to the order and its products.
        tags (list[str] | Unset):
    """

    service: str
    parameters: list[Parameter]
    name: str | Unset = UNSET
    policy: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        name = self.name

        policy = self.policy

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "parameters": parameters,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if policy is not UNSET:
            field_dict["policy"] = policy
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameter import Parameter  # noqa: PLC0415

        d = dict(src_dict)
        service = d.pop("service")

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:
            parameters_item = Parameter.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        name = d.pop("name", UNSET)

        policy = d.pop("policy", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        order_request = cls(
            service=service,
            parameters=parameters,
            name=name,
            policy=policy,
            tags=tags,
        )

        order_request.additional_properties = d
        return order_request

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
