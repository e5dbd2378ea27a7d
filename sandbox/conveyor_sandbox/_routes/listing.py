"""Paging every list: the state a page token carries, and the envelope of a page.

A list's first request names its query (``filter``, ``order-by``, ...); the
``first`` and ``next`` links carry it on as a signed page token, so a token
is all a later request needs (besides an optional ``limit``).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from .._lists import ListSpec
from .._paging import PageTokens
from .._util import now
from .http import base_url, query_at_time, query_bool, query_limit, request_url
from .shapes import link

DEFAULT_LIMIT = 10


def page_limit(request: Request, state: dict[str, Any]) -> int:
    """The limit of a page asked for by token."""
    # A next link followed as is keeps the first page's limit; an explicit one wins.
    if "limit" in request.query_params:
        return query_limit(request)
    stored = state.get("limit", DEFAULT_LIMIT)
    return stored if isinstance(stored, int) and 1 <= stored <= 50 else DEFAULT_LIMIT


class Listing:
    """Reads and issues the page tokens of the lists at each ``scope`` (a list's path)."""

    def __init__(self, tokens: PageTokens) -> None:
        self.tokens = tokens

    def carried(self, request: Request, scope: str) -> tuple[dict[str, Any], int] | None:
        """The state and limit of a request that follows a page token; None for a first page."""
        page = request.query_params.get("page")
        if page is None:
            return None
        state = self.tokens.check(scope, page)
        return state, page_limit(request, state)

    def state(self, request: Request, scope: str, spec: ListSpec) -> tuple[dict[str, Any], int]:
        """The state and limit of a list request (``filter``, ``order-by``, ``order-desc``)."""
        carried = self.carried(request, scope)
        if carried is not None:
            return carried
        limit = query_limit(request)
        order_by = request.query_params.get("order-by")
        state: dict[str, Any] = {
            "at": query_at_time(request) or now(),
            "filter": request.query_params.get("filter") or None,
            "order": [spec.order_field(order_by).name] if order_by else None,
            "desc": query_bool(request, "order-desc", True),
            "cursor": None,
            "limit": limit,
        }
        return state, limit

    def page_link(
        self, request: Request, scope: str, rel: str, state: dict[str, Any]
    ) -> dict[str, str]:
        """A link to the page of ``scope`` that ``state`` describes."""
        return link(rel, f"{base_url(request)}{scope}?page={self.tokens.issue(scope, state)}")

    def envelope(
        self,
        request: Request,
        scope: str,
        state: dict[str, Any],
        items: list[Any],
        cursor: list[Any] | None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A list answer: the items, self/first/next links, the at-time and ``extra`` fields."""
        links = [
            link("self", request_url(request)),
            self.page_link(request, scope, "first", {**state, "cursor": None}),
        ]
        if cursor is not None:
            links.append(self.page_link(request, scope, "next", {**state, "cursor": cursor}))
        out: dict[str, Any] = {"items": items, "links": links, "at-time": state["at"]}
        out.update(extra or {})
        return out
