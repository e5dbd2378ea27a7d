from enum import StrEnum


class ArtifactStatusValue(StrEnum):
    ERROR = "error"
    PARTIAL = "partial"
    PENDING = "pending"
    READY = "ready"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
