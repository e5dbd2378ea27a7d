from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.project_status import ProjectStatus


T = TypeVar("T", bound="ProjectList")


@_attrs_define
class ProjectList:
    """A page of projects.

    Attributes:
        projects (list[ProjectStatus]):
        page (str | Unset): Token of the next page; absent or empty on the last page.
        at_time (datetime.datetime | Unset): The instant the page describes.
    """

    projects: list[ProjectStatus]
    page: str | Unset = UNSET
    at_time: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        projects = []
        for projects_item_data in self.projects:
            projects_item = projects_item_data.to_dict()
            projects.append(projects_item)

        page = self.page

        at_time: str | Unset = UNSET
        if not isinstance(self.at_time, Unset):
            at_time = self.at_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "projects": projects,
            }
        )
        if page is not UNSET:
            field_dict["page"] = page
        if at_time is not UNSET:
            field_dict["at-time"] = at_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.project_status import ProjectStatus  # noqa: PLC0415

        d = dict(src_dict)
        projects = []
        _projects = d.pop("projects")
        for projects_item_data in _projects:
            projects_item = ProjectStatus.from_dict(projects_item_data)

            projects.append(projects_item)

        page = d.pop("page", UNSET)

        _at_time = d.pop("at-time", UNSET)
        at_time: datetime.datetime | Unset
        if isinstance(_at_time, Unset):
            at_time = UNSET
        else:
            at_time = datetime.datetime.fromisoformat(_at_time)

        project_list = cls(
            projects=projects,
            page=page,
            at_time=at_time,
        )

        project_list.additional_properties = d
        return project_list

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
