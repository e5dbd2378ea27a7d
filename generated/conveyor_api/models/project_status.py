from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.project_role_value import ProjectRoleValue
from ..models.project_status_value import ProjectStatusValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.project_properties import ProjectProperties


T = TypeVar("T", bound="ProjectStatus")


@_attrs_define
class ProjectStatus:
    """A project's record, with the caller's role in it. Project records
    write `created_at` and `modified_at` with underscores, unlike the
    rest of the API.

        Attributes:
            urn (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
            name (str | Unset): The project's name.
            status (ProjectStatusValue | str | Unset): Lifecycle state; values beyond the known ones are passed through.
            role (ProjectRoleValue | str | Unset): The caller's role in the project; values beyond the known ones are passed
                through.
            account (str | Unset): URN of the billing account.
            parent (str | Unset): URN of the parent project
            properties (ProjectProperties | Unset): Free-text information about a project.
            created_at (datetime.datetime | Unset): When it was created.
            modified_at (datetime.datetime | Unset): When it last changed.
            at_time (datetime.datetime | Unset): The instant the record describes.
    """

    urn: str
    name: str | Unset = UNSET
    status: ProjectStatusValue | str | Unset = UNSET
    role: ProjectRoleValue | str | Unset = UNSET
    account: str | Unset = UNSET
    parent: str | Unset = UNSET
    properties: ProjectProperties | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    modified_at: datetime.datetime | Unset = UNSET
    at_time: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        urn = self.urn

        name = self.name

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ProjectStatusValue):
            status = self.status.value
        else:
            status = self.status

        role: str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, ProjectRoleValue):
            role = self.role.value
        else:
            role = self.role

        account = self.account

        parent = self.parent

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        modified_at: str | Unset = UNSET
        if not isinstance(self.modified_at, Unset):
            modified_at = self.modified_at.isoformat()

        at_time: str | Unset = UNSET
        if not isinstance(self.at_time, Unset):
            at_time = self.at_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "urn": urn,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if status is not UNSET:
            field_dict["status"] = status
        if role is not UNSET:
            field_dict["role"] = role
        if account is not UNSET:
            field_dict["account"] = account
        if parent is not UNSET:
            field_dict["parent"] = parent
        if properties is not UNSET:
            field_dict["properties"] = properties
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if modified_at is not UNSET:
            field_dict["modified_at"] = modified_at
        if at_time is not UNSET:
            field_dict["at-time"] = at_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.project_properties import ProjectProperties  # noqa: PLC0415

        d = dict(src_dict)
        urn = d.pop("urn")

        name = d.pop("name", UNSET)

        def _parse_status(data: object) -> ProjectStatusValue | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ProjectStatusValue(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ProjectStatusValue | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

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

        account = d.pop("account", UNSET)

        parent = d.pop("parent", UNSET)

        _properties = d.pop("properties", UNSET)
        properties: ProjectProperties | Unset
        if isinstance(_properties, Unset):
            properties = UNSET
        else:
            properties = ProjectProperties.from_dict(_properties)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _modified_at = d.pop("modified_at", UNSET)
        modified_at: datetime.datetime | Unset
        if isinstance(_modified_at, Unset):
            modified_at = UNSET
        else:
            modified_at = datetime.datetime.fromisoformat(_modified_at)

        _at_time = d.pop("at-time", UNSET)
        at_time: datetime.datetime | Unset
        if isinstance(_at_time, Unset):
            at_time = UNSET
        else:
            at_time = datetime.datetime.fromisoformat(_at_time)

        project_status = cls(
            urn=urn,
            name=name,
            status=status,
            role=role,
            account=account,
            parent=parent,
            properties=properties,
            created_at=created_at,
            modified_at=modified_at,
            at_time=at_time,
        )

        project_status.additional_properties = d
        return project_status

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
