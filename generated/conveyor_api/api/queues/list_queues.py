"""GET /1/queues: List queues."""

import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.queue_list import QueueList
from ...types import UNSET, Response, Unset


def request_args(
    *,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = True,
    at_time: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/queues; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):  Default: True.
        at_time (datetime.datetime | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `params`.
    """

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["page"] = page

    params["filter"] = filter_

    params["order-by"] = order_by

    params["order-desc"] = order_desc

    json_at_time: str | Unset = UNSET
    if not isinstance(at_time, Unset):
        json_at_time = at_time.isoformat()
    params["at-time"] = json_at_time

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/queues",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | QueueList | None:
    if response.status_code == 200:
        response_200 = QueueList.from_dict(response.json())

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
) -> Response[ErrorMessage | InvalidParameterError | QueueList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = True,
    at_time: datetime.datetime | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | QueueList]:
    """List queues

     Pages through the queues visible to the caller.

    Args:
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):  Default: True.
        at_time (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | QueueList]
    """

    kwargs = request_args(
        limit=limit,
        page=page,
        filter_=filter_,
        order_by=order_by,
        order_desc=order_desc,
        at_time=at_time,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = True,
    at_time: datetime.datetime | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | QueueList | None:
    """List queues

     Pages through the queues visible to the caller.

    Args:
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):  Default: True.
        at_time (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | QueueList
    """

    return sync_detailed(
        client=client,
        limit=limit,
        page=page,
        filter_=filter_,
        order_by=order_by,
        order_desc=order_desc,
        at_time=at_time,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = True,
    at_time: datetime.datetime | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | QueueList]:
    """List queues

     Pages through the queues visible to the caller.

    Args:
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):  Default: True.
        at_time (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | QueueList]
    """

    kwargs = request_args(
        limit=limit,
        page=page,
        filter_=filter_,
        order_by=order_by,
        order_desc=order_desc,
        at_time=at_time,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    order_desc: bool | Unset = True,
    at_time: datetime.datetime | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | QueueList | None:
    """List queues

     Pages through the queues visible to the caller.

    Args:
        limit (int | Unset):  Default: 10.
        page (str | Unset):
        filter_ (str | Unset):
        order_by (str | Unset):
        order_desc (bool | Unset):  Default: True.
        at_time (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | QueueList
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
        )
    ).parsed
