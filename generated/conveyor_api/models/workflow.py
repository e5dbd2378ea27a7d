from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.basic_workflow import BasicWorkflow
    from ..models.workflow_argo import WorkflowArgo


T = TypeVar("T", bound="Workflow")


@_attrs_define
class Workflow:
    """How the platform runs a service.

    Attributes:
        type_ (str): Workflow kind, such as `basic` or `argo`.
        basic (BasicWorkflow | Unset): A single-container workflow.
        argo (WorkflowArgo | Unset): A workflow definition in the engine's own format.
    """

    type_: str
    basic: BasicWorkflow | Unset = UNSET
    argo: WorkflowArgo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        basic: dict[str, Any] | Unset = UNSET
        if not isinstance(self.basic, Unset):
            basic = self.basic.to_dict()

        argo: dict[str, Any] | Unset = UNSET
        if not isinstance(self.argo, Unset):
            argo = self.argo.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if basic is not UNSET:
            field_dict["basic"] = basic
        if argo is not UNSET:
            field_dict["argo"] = argo

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.basic_workflow import BasicWorkflow  # noqa: PLC0415
        from ..models.workflow_argo import WorkflowArgo  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        _basic = d.pop("basic", UNSET)
        basic: BasicWorkflow | Unset
        if isinstance(_basic, Unset):
            basic = UNSET
        else:
            basic = BasicWorkflow.from_dict(_basic)

        _argo = d.pop("argo", UNSET)
        argo: WorkflowArgo | Unset
        if isinstance(_argo, Unset):
            argo = UNSET
        else:
            argo = WorkflowArgo.from_dict(_argo)

        workflow = cls(
            type_=type_,
            basic=basic,
            argo=argo,
        )

        workflow.additional_properties = d
        return workflow

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
