from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DefaultProjectRequest")


@_attrs_define
class DefaultProjectRequest:
    """Which project to make the default.

    Attributes:
        project_urn (str): URN of the project.
        user_urn (str | Unset): URN of the user whose default it becomes (the caller when absent).
    """

    project_urn: str
    user_urn: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        project_urn = self.project_urn

        user_urn = self.user_urn

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "project_urn": project_urn,
            }
        )
        if user_urn is not UNSET:
            field_dict["user_urn"] = user_urn

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        project_urn = d.pop("project_urn")

        user_urn = d.pop("user_urn", UNSET)

        default_project_request = cls(
            project_urn=project_urn,
            user_urn=user_urn,
        )

        default_project_request.additional_properties = d
        return default_project_request

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
