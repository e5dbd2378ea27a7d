from enum import StrEnum


class PackagePart(StrEnum):
    CONFIG = "config"
    LAYER = "layer"
    MANIFEST = "manifest"

    def __str__(self) -> str:
        return str(self.value)
