"""POST /1/search: Search."""

import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.search_result_list import SearchResultList
from ...types import UNSET, File, Response, Unset


def request_args(
    *,
    body: File,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for POST /1/search; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        body (File):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL), `params`, `headers`
            and `content`.
    """
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_at_time: str | Unset = UNSET
    if not isinstance(at_time, Unset):
        json_at_time = at_time.isoformat()
    params["at-time"] = json_at_time

    params["limit"] = limit

    params["page"] = page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/1/search",
        "params": params,
    }

    _kwargs["content"] = body.payload
    headers.setdefault("Content-Type", "application/datalog+mangle")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | SearchResultList | None:
    if response.status_code == 200:
        response_200 = SearchResultList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        return None

    if response.status_code == 403:
        response_403 = ErrorMessage.from_dict(response.json())

        return response_403

    if response.status_code == 415:
        response_415 = ErrorMessage.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = InvalidParameterError.from_dict(response.json())

        return response_422

    if response.status_code == 501:
        response_501 = ErrorMessage.from_dict(response.json())

        return response_501

    if response.status_code == 503:
        return None

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorMessage | InvalidParameterError | SearchResultList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | SearchResultList]:
    """Search

     Runs a query given as the request body, a Datalog program in
    Mangle's syntax (`application/datalog+mangle`), and answers one page
    of its result rows. Each row is a string (see `SearchResult`).
    Platforms differ in how much of Mangle they run. The sandbox runs
    facts, rules (`:-`, recursion included), `:load_aspect(/name,
    "schema", ["entity", ".path[*].a|b", ...])` declarations that make a
    relation from the aspects of a schema, and one query (`?goal, ...`,
    or else the facts of the predicate `query`), over the relations
    `aspect(Id, Entity, Schema, Content)`, `service(Id, Name)`,
    `order(Id, Service, Status, Name)`, `artifact(Id, Name, Status,
    MimeType)` and `product(Order, Artifact)`, with the comparisons `=`,
    `!=`, `<`, `<=`, `>`, `>=` and the built-ins `:match_prefix(X,
    "prefix")` and `:json_path(X, "$...")`. A construct outside that
    (negation `!`, `|>` transforms and aggregation, `Decl`, other
    built-ins) is a 422 naming it, a syntax mistake a 400, and a query in
    another language (another media type) a 415; other platforms may
    answer 501 for what they cannot run.

    Args:
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | SearchResultList]
    """

    kwargs = request_args(
        body=body,
        at_time=at_time,
        limit=limit,
        page=page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | SearchResultList | None:
    """Search

     Runs a query given as the request body, a Datalog program in
    Mangle's syntax (`application/datalog+mangle`), and answers one page
    of its result rows. Each row is a string (see `SearchResult`).
    Platforms differ in how much of Mangle they run. The sandbox runs
    facts, rules (`:-`, recursion included), `:load_aspect(/name,
    "schema", ["entity", ".path[*].a|b", ...])` declarations that make a
    relation from the aspects of a schema, and one query (`?goal, ...`,
    or else the facts of the predicate `query`), over the relations
    `aspect(Id, Entity, Schema, Content)`, `service(Id, Name)`,
    `order(Id, Service, Status, Name)`, `artifact(Id, Name, Status,
    MimeType)` and `product(Order, Artifact)`, with the comparisons `=`,
    `!=`, `<`, `<=`, `>`, `>=` and the built-ins `:match_prefix(X,
    "prefix")` and `:json_path(X, "$...")`. A construct outside that
    (negation `!`, `|>` transforms and aggregation, `Decl`, other
    built-ins) is a 422 naming it, a syntax mistake a 400, and a query in
    another language (another media type) a 415; other platforms may
    answer 501 for what they cannot run.

    Args:
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | SearchResultList
    """

    return sync_detailed(
        client=client,
        body=body,
        at_time=at_time,
        limit=limit,
        page=page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | SearchResultList]:
    """Search

     Runs a query given as the request body, a Datalog program in
    Mangle's syntax (`application/datalog+mangle`), and answers one page
    of its result rows. Each row is a string (see `SearchResult`).
    Platforms differ in how much of Mangle they run. The sandbox runs
    facts, rules (`:-`, recursion included), `:load_aspect(/name,
    "schema", ["entity", ".path[*].a|b", ...])` declarations that make a
    relation from the aspects of a schema, and one query (`?goal, ...`,
    or else the facts of the predicate `query`), over the relations
    `aspect(Id, Entity, Schema, Content)`, `service(Id, Name)`,
    `order(Id, Service, Status, Name)`, `artifact(Id, Name, Status,
    MimeType)` and `product(Order, Artifact)`, with the comparisons `=`,
    `!=`, `<`, `<=`, `>`, `>=` and the built-ins `:match_prefix(X,
    "prefix")` and `:json_path(X, "$...")`. A construct outside that
    (negation `!`, `|>` transforms and aggregation, `Decl`, other
    built-ins) is a 422 naming it, a syntax mistake a 400, and a query in
    another language (another media type) a 415; other platforms may
    answer 501 for what they cannot run.

    Args:
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | SearchResultList]
    """

    kwargs = request_args(
        body=body,
        at_time=at_time,
        limit=limit,
        page=page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | SearchResultList | None:
    """Search

     Runs a query given as the request body, a Datalog program in
    Mangle's syntax (`application/datalog+mangle`), and answers one page
    of its result rows. Each row is a string (see `SearchResult`).
    Platforms differ in how much of Mangle they run. The sandbox runs
    facts, rules (`:-`, recursion included), `:load_aspect(/name,
    "schema", ["entity", ".path[*].a|b", ...])` declarations that make a
    relation from the aspects of a schema, and one query (`?goal, ...`,
    or else the facts of the predicate `query`), over the relations
    `aspect(Id, Entity, Schema, Content)`, `service(Id, Name)`,
    `order(Id, Service, Status, Name)`, `artifact(Id, Name, Status,
    MimeType)` and `product(Order, Artifact)`, with the comparisons `=`,
    `!=`, `<`, `<=`, `>`, `>=` and the built-ins `:match_prefix(X,
    "prefix")` and `:json_path(X, "$...")`. A construct outside that
    (negation `!`, `|>` transforms and aggregation, `Decl`, other
    built-ins) is a 422 naming it, a syntax mistake a 400, and a query in
    another language (another media type) a 415; other platforms may
    answer 501 for what they cannot run.

    Args:
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | SearchResultList
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            at_time=at_time,
            limit=limit,
            page=page,
        )
    ).parsed
