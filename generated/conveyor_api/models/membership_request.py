from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.project_role_value import ProjectRoleValue

T = TypeVar("T", bound="MembershipRequest")


@_attrs_define
class MembershipRequest:
    """The role to give a member.

    Attributes:
        role (ProjectRoleValue | str): The role; values beyond the known ones may be accepted by a platform.
    """

    role: ProjectRoleValue | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role: str
        if isinstance(self.role, ProjectRoleValue):
            role = self.role.value
        else:
            role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_role(data: object) -> ProjectRoleValue | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = ProjectRoleValue(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ProjectRoleValue | str, data)

        role = _parse_role(d.pop("role"))

        membership_request = cls(
            role=role,
        )

        membership_request.additional_properties = d
        return membership_request

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
