"""GET /1/secrets/list: List secrets."""

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.secret_list import SecretList
from ...types import UNSET, Response, Unset


def request_args(
    *,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    offset: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/secrets/list; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        page (str | Unset):
        filter_ (str | Unset):
        offset (str | Unset):
        limit (int | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `params`.
    """

    params: dict[str, Any] = {}

    params["page"] = page

    params["filter"] = filter_

    params["offset"] = offset

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/secrets/list",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | SecretList | None:
    if response.status_code == 200:
        response_200 = SecretList.from_dict(response.json())

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
) -> Response[ErrorMessage | InvalidParameterError | SecretList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    offset: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | SecretList]:
    """List secrets

     Pages through the names and expiry times of the caller's secrets.
    A list never carries a secret's value, nor a digest of it. The next
    page is the `href` of the `next` link.

    Args:
        page (str | Unset):
        filter_ (str | Unset):
        offset (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | SecretList]
    """

    kwargs = request_args(
        page=page,
        filter_=filter_,
        offset=offset,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    offset: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | SecretList | None:
    """List secrets

     Pages through the names and expiry times of the caller's secrets.
    A list never carries a secret's value, nor a digest of it. The next
    page is the `href` of the `next` link.

    Args:
        page (str | Unset):
        filter_ (str | Unset):
        offset (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | SecretList
    """

    return sync_detailed(
        client=client,
        page=page,
        filter_=filter_,
        offset=offset,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    offset: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | SecretList]:
    """List secrets

     Pages through the names and expiry times of the caller's secrets.
    A list never carries a secret's value, nor a digest of it. The next
    page is the `href` of the `next` link.

    Args:
        page (str | Unset):
        filter_ (str | Unset):
        offset (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | SecretList]
    """

    kwargs = request_args(
        page=page,
        filter_=filter_,
        offset=offset,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    offset: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | SecretList | None:
    """List secrets

     Pages through the names and expiry times of the caller's secrets.
    A list never carries a secret's value, nor a digest of it. The next
    page is the `href` of the `next` link.

    Args:
        page (str | Unset):
        filter_ (str | Unset):
        offset (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | SecretList
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            filter_=filter_,
            offset=offset,
            limit=limit,
        )
    ).parsed
