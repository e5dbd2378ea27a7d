from enum import StrEnum


class ProjectStatusValue(StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"
    DISABLED = "disabled"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
