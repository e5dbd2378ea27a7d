from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.project_properties import ProjectProperties


T = TypeVar("T", bound="ProjectUpdate")


@_attrs_define
class ProjectUpdate:
    """The project fields to change; those absent keep their values.

    Attributes:
        name (str | Unset): The project's new name, at least 3 characters.
        urn (str | Unset): The project's URN (the path names the project; this is ignored when it agrees).
        account (str | Unset): URN of the new billing account.
        parent (str | Unset): URN of the new parent project.
        properties (ProjectProperties | Unset): Free-text information about a project.
    """

    name: str | Unset = UNSET
    urn: str | Unset = UNSET
    account: str | Unset = UNSET
    parent: str | Unset = UNSET
    properties: ProjectProperties | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        urn = self.urn

        account = self.account

        parent = self.parent

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if urn is not UNSET:
            field_dict["urn"] = urn
        if account is not UNSET:
            field_dict["account"] = account
        if parent is not UNSET:
            field_dict["parent"] = parent
        if properties is not UNSET:
            field_dict["properties"] = properties

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.project_properties import ProjectProperties  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        urn = d.pop("urn", UNSET)

        account = d.pop("account", UNSET)

        parent = d.pop("parent", UNSET)

        _properties = d.pop("properties", UNSET)
        properties: ProjectProperties | Unset
        if isinstance(_properties, Unset):
            properties = UNSET
        else:
            properties = ProjectProperties.from_dict(_properties)

        project_update = cls(
            name=name,
            urn=urn,
            account=account,
            parent=parent,
            properties=properties,
        )

        project_update.additional_properties = d
        return project_update

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
