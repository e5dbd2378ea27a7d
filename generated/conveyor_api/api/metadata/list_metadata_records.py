"""GET /1/metadata: List metadata records."""

import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.metadata_list import MetadataList
from ...types import UNSET, Response, Unset


def request_args(
    *,
    entity_id: str | Unset = UNSET,
    schema: str | Unset = UNSET,
    aspect_path: str | Unset = UNSET,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = UNSET,
    include_content: bool | Unset = True,
    page: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/metadata; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        entity_id (str | Unset):
        schema (str | Unset):
        aspect_path (str | Unset):
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):
        include_content (bool | Unset):  Default: True.
        page (str | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `params`.
    """

    params: dict[str, Any] = {}

    params["entity-id"] = entity_id

    params["schema"] = schema

    params["aspect-path"] = aspect_path

    json_at_time: str | Unset = UNSET
    if not isinstance(at_time, Unset):
        json_at_time = at_time.isoformat()
    params["at-time"] = json_at_time

    params["limit"] = limit

    params["filter"] = filter_

    params["order-by"] = order_by

    params["order-desc"] = order_desc

    params["include-content"] = include_content

    params["page"] = page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/metadata",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | MetadataList | None:
    if response.status_code == 200:
        response_200 = MetadataList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        return None

    if response.status_code == 403:
        response_403 = ErrorMessage.from_dict(response.json())

        return response_403

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
) -> Response[ErrorMessage | InvalidParameterError | MetadataList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    entity_id: str | Unset = UNSET,
    schema: str | Unset = UNSET,
    aspect_path: str | Unset = UNSET,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = UNSET,
    include_content: bool | Unset = True,
    page: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | MetadataList]:
    """List metadata records

     The data fabric's older interface to the same kind of statements as
    `/1/aspects`, kept for clients written against it; new clients use
    `/1/aspects`. Pages through the records valid now (or at `at-time`),
    ascending unless `order-desc` is true, with their content unless
    `include-content` is false.

    Args:
        entity_id (str | Unset):
        schema (str | Unset):
        aspect_path (str | Unset):
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):
        include_content (bool | Unset):  Default: True.
        page (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | MetadataList]
    """

    kwargs = request_args(
        entity_id=entity_id,
        schema=schema,
        aspect_path=aspect_path,
        at_time=at_time,
        limit=limit,
        filter_=filter_,
        order_by=order_by,
        order_desc=order_desc,
        include_content=include_content,
        page=page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    entity_id: str | Unset = UNSET,
    schema: str | Unset = UNSET,
    aspect_path: str | Unset = UNSET,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = UNSET,
    include_content: bool | Unset = True,
    page: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | MetadataList | None:
    """List metadata records

     The data fabric's older interface to the same kind of statements as
    `/1/aspects`, kept for clients written against it; new clients use
    `/1/aspects`. Pages through the records valid now (or at `at-time`),
    ascending unless `order-desc` is true, with their content unless
    `include-content` is false.

    Args:
        entity_id (str | Unset):
        schema (str | Unset):
        aspect_path (str | Unset):
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):
        include_content (bool | Unset):  Default: True.
        page (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | MetadataList
    """

    return sync_detailed(
        client=client,
        entity_id=entity_id,
        schema=schema,
        aspect_path=aspect_path,
        at_time=at_time,
        limit=limit,
        filter_=filter_,
        order_by=order_by,
        order_desc=order_desc,
        include_content=include_content,
        page=page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    entity_id: str | Unset = UNSET,
    schema: str | Unset = UNSET,
    aspect_path: str | Unset = UNSET,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = UNSET,
    include_content: bool | Unset = True,
    page: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | MetadataList]:
    """List metadata records

     The data fabric's older interface to the same kind of statements as
    `/1/aspects`, kept for clients written against it; new clients use
    `/1/aspects`. Pages through the records valid now (or at `at-time`),
    ascending unless `order-desc` is true, with their content unless
    `include-content` is false.

    Args:
        entity_id (str | Unset):
        schema (str | Unset):
        aspect_path (str | Unset):
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):
        include_content (bool | Unset):  Default: True.
        page (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | MetadataList]
    """

    kwargs = request_args(
        entity_id=entity_id,
        schema=schema,
        aspect_path=aspect_path,
        at_time=at_time,
        limit=limit,
        filter_=filter_,
        order_by=order_by,
        order_desc=order_desc,
        include_content=include_content,
        page=page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    entity_id: str | Unset = UNSET,
    schema: str | Unset = UNSET,
    aspect_path: str | Unset = UNSET,
    at_time: datetime.datetime | Unset = UNSET,
    limit: int | Unset = 10,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = UNSET,
    include_content: bool | Unset = True,
    page: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | MetadataList | None:
    """List metadata records

     The data fabric's older interface to the same kind of statements as
    `/1/aspects`, kept for clients written against it; new clients use
    `/1/aspects`. Pages through the records valid now (or at `at-time`),
    ascending unless `order-desc` is true, with their content unless
    `include-content` is false.

    Args:
        entity_id (str | Unset):
        schema (str | Unset):
        aspect_path (str | Unset):
        at_time (datetime.datetime | Unset):
        limit (int | Unset):  Default: 10.
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):
        include_content (bool | Unset):  Default: True.
        page (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | MetadataList
    """

    return (
        await asyncio_detailed(
            client=client,
            entity_id=entity_id,
            schema=schema,
            aspect_path=aspect_path,
            at_time=at_time,
            limit=limit,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            include_content=include_content,
            page=page,
        )
    ).parsed
