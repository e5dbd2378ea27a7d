"""GET /1/packages/list: List packages."""

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.package_list import PackageList
from ...types import UNSET, Response, Unset


def request_args(
    *,
    tag: str | Unset = UNSET,
    page: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/packages/list; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        tag (str | Unset):
        page (str | Unset):
        limit (int | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `params`.
    """

    params: dict[str, Any] = {}

    params["tag"] = tag

    params["page"] = page

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/packages/list",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | PackageList | None:
    if response.status_code == 200:
        response_200 = PackageList.from_dict(response.json())

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
) -> Response[ErrorMessage | InvalidParameterError | PackageList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    tag: str | Unset = UNSET,
    page: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | PackageList]:
    """List packages

     Pages through the container image tags (`name:tag`) stored for the
    caller's account, or only the tags of one image with `tag`.

    Args:
        tag (str | Unset):
        page (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | PackageList]
    """

    kwargs = request_args(
        tag=tag,
        page=page,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    tag: str | Unset = UNSET,
    page: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | PackageList | None:
    """List packages

     Pages through the container image tags (`name:tag`) stored for the
    caller's account, or only the tags of one image with `tag`.

    Args:
        tag (str | Unset):
        page (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | PackageList
    """

    return sync_detailed(
        client=client,
        tag=tag,
        page=page,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    tag: str | Unset = UNSET,
    page: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | PackageList]:
    """List packages

     Pages through the container image tags (`name:tag`) stored for the
    caller's account, or only the tags of one image with `tag`.

    Args:
        tag (str | Unset):
        page (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | PackageList]
    """

    kwargs = request_args(
        tag=tag,
        page=page,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    tag: str | Unset = UNSET,
    page: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | PackageList | None:
    """List packages

     Pages through the container image tags (`name:tag`) stored for the
    caller's account, or only the tags of one image with `tag`.

    Args:
        tag (str | Unset):
        page (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | PackageList
    """

    return (
        await asyncio_detailed(
            client=client,
            tag=tag,
            page=page,
            limit=limit,
        )
    ).parsed
