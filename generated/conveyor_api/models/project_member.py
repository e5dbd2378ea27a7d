from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.project_role_value import ProjectRoleValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProjectMember")


@_attrs_define
class ProjectMember:
    """A member of a project.

    Attributes:
        urn (str | Unset): URN of the user.
        email (str | Unset): The user's email address.
        role (ProjectRoleValue | str | Unset): The member's role; values beyond the known ones are passed through.
    """

    urn: str | Unset = UNSET
    email: str | Unset = UNSET
    role: ProjectRoleValue | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        urn = self.urn

        email = self.email

        role: str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, ProjectRoleValue):
            role = self.role.value
        else:
            role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if urn is not UNSET:
            field_dict["urn"] = urn
        if email is not UNSET:
            field_dict["email"] = email
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        urn = d.pop("urn", UNSET)

        email = d.pop("email", UNSET)

        def _parse_role(data: object) -> ProjectRoleValue | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = ProjectRoleValue(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ProjectRoleValue | str | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        project_member = cls(
            urn=urn,
            email=email,
            role=role,
        )

        project_member.additional_properties = d
        return project_member

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
