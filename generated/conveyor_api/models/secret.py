from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Secret")


@_attrs_define
class Secret:
    """One secret. Upstream also marks `secret-value` and `expiry-time` required.

    Attributes:
        secret_name (str): A secret's name: 1 to 256 characters, none of them `/` or NUL.
            Names are case-sensitive and unique per account.
        secret_value (str | Unset): The value, or a digest of it (see `GET /1/secrets`).
        expiry_time (int | Unset): When it expires, in Unix seconds; 0 means never.
    """

    secret_name: str
    secret_value: str | Unset = UNSET
    expiry_time: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        secret_name = self.secret_name

        secret_value = self.secret_value

        expiry_time = self.expiry_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "secret-name": secret_name,
            }
        )
        if secret_value is not UNSET:
            field_dict["secret-value"] = secret_value
        if expiry_time is not UNSET:
            field_dict["expiry-time"] = expiry_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        secret_name = d.pop("secret-name")

        secret_value = d.pop("secret-value", UNSET)

        expiry_time = d.pop("expiry-time", UNSET)

        secret = cls(
            secret_name=secret_name,
            secret_value=secret_value,
            expiry_time=expiry_time,
        )

        secret.additional_properties = d
        return secret

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
