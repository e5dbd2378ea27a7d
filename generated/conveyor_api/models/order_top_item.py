from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrderTopItem")


@_attrs_define
class OrderTopItem:
    """One process running an order, and what it uses.

    Attributes:
        container (str): Name of the container or worker.
        cpu (str): CPU use, such as `12%`.
        memory (str): Memory use, such as `48Mi`.
        storage (str): Persistent storage use.
        ephemeral_storage (str): Scratch storage use.
    """

    container: str
    cpu: str
    memory: str
    storage: str
    ephemeral_storage: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        container = self.container

        cpu = self.cpu

        memory = self.memory

        storage = self.storage

        ephemeral_storage = self.ephemeral_storage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "container": container,
                "cpu": cpu,
                "memory": memory,
                "storage": storage,
                "ephemeral-storage": ephemeral_storage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        container = d.pop("container")

        cpu = d.pop("cpu")

        memory = d.pop("memory")

        storage = d.pop("storage")

        ephemeral_storage = d.pop("ephemeral-storage")

        order_top_item = cls(
            container=container,
            cpu=cpu,
            memory=memory,
            storage=storage,
            ephemeral_storage=ephemeral_storage,
        )

        order_top_item.additional_properties = d
        return order_top_item

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
