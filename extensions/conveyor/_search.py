"""Cross-entity search and the platform's own contract document."""

from __future__ import annotations

import json
from typing import Any

from conveyor_api.api.openapi import get_openapi_document
from conveyor_api.api.search import search
from conveyor_api.models.search_result_list import SearchResultList
from conveyor_api.types import UNSET, File

from ._call import Call, Driver, Flow, json_object, one
from ._paging import _Pager, to_datetime

__all__ = ["openapi_flow", "search_pager", "search_row", "search_rows"]


def search_pager(
    client: Driver,
    paginator: type[_Pager[Any]],
    query: str,
    at_time: Any,
    page_size: int | None,
    limit: int | None,
) -> _Pager[str]:
    """The ``paginator`` (the client's flavour) over the result rows of ``query`` (strings)."""
    if not isinstance(query, str) or not query.strip():
        from .errors import InvalidParameter

        raise InvalidParameter("query: a non-empty query text is needed", parameter="query")
    payload = query.encode()
    when = to_datetime(at_time)

    def build(token: str | None, size: int) -> dict[str, Any]:
        import io

        return search.request_args(
            body=File(payload=io.BytesIO(payload)),
            at_time=UNSET if when is None or token is not None else when,
            limit=size,
            page=UNSET if token is None else token,
        )

    # The generated body is a file object; send bytes so the async client can too.
    def build_bytes(token: str | None, size: int) -> dict[str, Any]:
        kwargs = build(token, size)
        kwargs["content"] = payload
        return kwargs

    return paginator(
        client,
        build_bytes,
        SearchResultList,
        search_rows,
        limit,
        page_size,
        what="search rows",
    )


def search_rows(rows: Any) -> list[str]:
    """A page's rows as strings (`search_row`); the page's ``items`` must be a list.

    Raises:
        MalformedResponse: ``items`` is not a list.
    """
    if not isinstance(rows, list):
        from .errors import MalformedResponse

        raise MalformedResponse(
            f"the search answer's items are {type(rows).__name__}, not a list of rows"
        )
    return [search_row(row) for row in rows]


def search_row(value: Any) -> str:
    """One result row as a string, whatever JSON value the platform sent for it.

    Upstream types a row as a string (v0.43) or any value (v0.44), and the
    sandbox sends the JSON text of an object. Older servers sent the object
    itself: such a row, and any other non-string value, becomes its compact
    JSON text, so that ``json.loads(row)`` reads every JSON row alike.
    """
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def openapi_flow() -> Flow[dict[str, Any]]:
    """Fetch the platform's OpenAPI document as a plain dict."""
    document = yield from one(Call(get_openapi_document.request_args(), json_object))
    return document
