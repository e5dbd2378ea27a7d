"""The error answers of the platform: one exception type carrying the contract's shapes."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer: HTTP status plus the contract's error body.

    The body is ``{"message"}``; 403, 404 and 409 answers add ``"id"`` (the
    entity concerned) and 422 answers add ``"name"`` and ``"value"`` (the
    offending parameter).
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        id: str | None = None,
        name: str | None = None,
        value: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.id = id
        self.name = name
        self.value = value
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The JSON body of the answer."""
        out: dict[str, Any] = {"message": self.message}
        if self.id is not None:
            out["id"] = self.id
        if self.status == 422:
            out["name"] = self.name if self.name is not None else ""
            if self.value is not None:
                out["value"] = self.value
        return out


def bad_request(message: str) -> ApiError:
    """400: the request could not be understood."""
    return ApiError(400, message)


def not_found(message: str, id: str) -> ApiError:
    """404 naming the missing entity."""
    return ApiError(404, message, id=id)


def conflict(message: str, id: str) -> ApiError:
    """409 naming the entity whose state clashes with the request."""
    return ApiError(409, message, id=id)


def invalid(name: str, value: object, message: str) -> ApiError:
    """422 naming the unacceptable parameter and its value."""
    shown = None if value is None else str(value)
    if shown is not None and len(shown) > 200:
        # Echoing a megabyte of junk back helps nobody; the start identifies it.
        shown = shown[:200] + "..."
    return ApiError(422, message, name=name, value=shown)
