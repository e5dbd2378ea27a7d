"""Cross-entity search and the platform's own contract document."""

from __future__ import annotations

from typing import Any

from conveyor_api.api.openapi import get_openapi_document
from conveyor_api.api.search import search
from conveyor_api.models.search_result_list import SearchResultList
from conveyor_api.types import UNSET, File

from ._call import Call, Driver, Flow, json_object, one
from ._paging import _Pager, to_datetime

__all__ = ["openapi_flow", "search_pager"]


def search_pager(
    client: Driver,
    paginator: type[_Pager[Any]],
    query: str,
    at_time: Any,
    page_size: int | None,
    limit: int | None,
) -> _Pager[dict[str, Any]]:
    """The ``paginator`` (the client's flavour) over the result rows of ``query``, as dicts."""
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
        lambda rows: [dict(row.additional_properties) for row in rows],
        limit,
        page_size,
        what="search rows",
    )


def openapi_flow() -> Flow[dict[str, Any]]:
    """Fetch the platform's OpenAPI document as a plain dict."""
    document = yield from one(Call(get_openapi_document.request_args(), json_object))
    return document
