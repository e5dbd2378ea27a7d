from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SecretRequest")


@_attrs_define
class SecretRequest:
    """A value to store under a name.

    Attributes:
        secret_name (str): A secret's name: 1 to 256 characters, none of them `/` or NUL.
            Names are case-sensitive and unique per account.
        secret_value (str): The value to keep.
        expiry_time (int): When it expires, in Unix seconds; 0 for never.
        secret_type (str | Unset): How the value is kept, such as `raw`.
    """

    secret_name: str
    secret_value: str
    expiry_time: int
    secret_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        secret_name = self.secret_name

        secret_value = self.secret_value

        expiry_time = self.expiry_time

        secret_type = self.secret_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "secret-name": secret_name,
                "secret-value": secret_value,
                "expiry-time": expiry_time,
            }
        )
        if secret_type is not UNSET:
            field_dict["secret-type"] = secret_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        secret_name = d.pop("secret-name")

        secret_value = d.pop("secret-value")

        expiry_time = d.pop("expiry-time")

        secret_type = d.pop("secret-type", UNSET)

        secret_request = cls(
            secret_name=secret_name,
            secret_value=secret_value,
            expiry_time=expiry_time,
            secret_type=secret_type,
        )

        secret_request.additional_properties = d
        return secret_request

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
