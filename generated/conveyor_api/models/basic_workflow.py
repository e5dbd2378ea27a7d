from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.workflow_resources import WorkflowResources


T = TypeVar("T", bound="BasicWorkflow")


@_attrs_define
class BasicWorkflow:
    """A single-container workflow.

    Attributes:
        image (str): Container image, or a sandbox service's registered name.
        command (list[str]): Command line run in the container.
        image_pull_policy (str | Unset): When to pull the image.
        cpu (WorkflowResources | Unset): A resource request and limit, in Kubernetes quantity notation.
        memory (WorkflowResources | Unset): A resource request and limit, in Kubernetes quantity notation.
        ephemeral_storage (WorkflowResources | Unset): A resource request and limit, in Kubernetes quantity notation.
        shared_memory (str | Unset): Size of the shared-memory volume.
        gpu_type (str | Unset): Kind of GPU wanted.
        gpu_number (int | Unset): Number of GPUs wanted.
    """

    image: str
    command: list[str]
    image_pull_policy: str | Unset = UNSET
    cpu: WorkflowResources | Unset = UNSET
    memory: WorkflowResources | Unset = UNSET
    ephemeral_storage: WorkflowResources | Unset = UNSET
    shared_memory: str | Unset = UNSET
    gpu_type: str | Unset = UNSET
    gpu_number: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image = self.image

        command = self.command

        image_pull_policy = self.image_pull_policy

        cpu: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cpu, Unset):
            cpu = self.cpu.to_dict()

        memory: dict[str, Any] | Unset = UNSET
        if not isinstance(self.memory, Unset):
            memory = self.memory.to_dict()

        ephemeral_storage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ephemeral_storage, Unset):
            ephemeral_storage = self.ephemeral_storage.to_dict()

        shared_memory = self.shared_memory

        gpu_type = self.gpu_type

        gpu_number = self.gpu_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "image": image,
                "command": command,
            }
        )
        if image_pull_policy is not UNSET:
            field_dict["image-pull-policy"] = image_pull_policy
        if cpu is not UNSET:
            field_dict["cpu"] = cpu
        if memory is not UNSET:
            field_dict["memory"] = memory
        if ephemeral_storage is not UNSET:
            field_dict["ephemeral-storage"] = ephemeral_storage
        if shared_memory is not UNSET:
            field_dict["shared-memory"] = shared_memory
        if gpu_type is not UNSET:
            field_dict["gpu-type"] = gpu_type
        if gpu_number is not UNSET:
            field_dict["gpu-number"] = gpu_number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.workflow_resources import WorkflowResources  # noqa: PLC0415

        d = dict(src_dict)
        image = d.pop("image")

        command = cast(list[str], d.pop("command"))

        image_pull_policy = d.pop("image-pull-policy", UNSET)

        _cpu = d.pop("cpu", UNSET)
        cpu: WorkflowResources | Unset
        if isinstance(_cpu, Unset):
            cpu = UNSET
        else:
            cpu = WorkflowResources.from_dict(_cpu)

        _memory = d.pop("memory", UNSET)
        memory: WorkflowResources | Unset
        if isinstance(_memory, Unset):
            memory = UNSET
        else:
            memory = WorkflowResources.from_dict(_memory)

        _ephemeral_storage = d.pop("ephemeral-storage", UNSET)
        ephemeral_storage: WorkflowResources | Unset
        if isinstance(_ephemeral_storage, Unset):
            ephemeral_storage = UNSET
        else:
            ephemeral_storage = WorkflowResources.from_dict(_ephemeral_storage)

        shared_memory = d.pop("shared-memory", UNSET)

        gpu_type = d.pop("gpu-type", UNSET)

        gpu_number = d.pop("gpu-number", UNSET)

        basic_workflow = cls(
            image=image,
            command=command,
            image_pull_policy=image_pull_policy,
            cpu=cpu,
            memory=memory,
            ephemeral_storage=ephemeral_storage,
            shared_memory=shared_memory,
            gpu_type=gpu_type,
            gpu_number=gpu_number,
        )

        basic_workflow.additional_properties = d
        return basic_workflow

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
