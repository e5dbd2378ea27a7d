"""GET /1/packages/status: Check a pushed part."""

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.push_status import PushStatus
from ...types import UNSET, Response


def request_args(
    *,
    tag: str,
    digest: str,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/packages/status; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        tag (str):
        digest (str):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `params`.
    """

    params: dict[str, Any] = {}

    params["tag"] = tag

    params["digest"] = digest

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/packages/status",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | PushStatus | None:
    if response.status_code == 200:
        response_200 = PushStatus.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        return None

    if response.status_code == 403:
        response_403 = ErrorMessage.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

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
) -> Response[ErrorMessage | InvalidParameterError | PushStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    tag: str,
    digest: str,
) -> Response[ErrorMessage | InvalidParameterError | PushStatus]:
    """Check a pushed part

     Whether the part with this digest, pushed under this tag, has arrived in the registry.

    Args:
        tag (str):
        digest (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | PushStatus]
    """

    kwargs = request_args(
        tag=tag,
        digest=digest,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    tag: str,
    digest: str,
) -> ErrorMessage | InvalidParameterError | PushStatus | None:
    """Check a pushed part

     Whether the part with this digest, pushed under this tag, has arrived in the registry.

    Args:
        tag (str):
        digest (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | PushStatus
    """

    return sync_detailed(
        client=client,
        tag=tag,
        digest=digest,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    tag: str,
    digest: str,
) -> Response[ErrorMessage | InvalidParameterError | PushStatus]:
    """Check a pushed part

     Whether the part with this digest, pushed under this tag, has arrived in the registry.

    Args:
        tag (str):
        digest (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | PushStatus]
    """

    kwargs = request_args(
        tag=tag,
        digest=digest,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    tag: str,
    digest: str,
) -> ErrorMessage | InvalidParameterError | PushStatus | None:
    """Check a pushed part

     Whether the part with this digest, pushed under this tag, has arrived in the registry.

    Args:
        tag (str):
        digest (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | PushStatus
    """

    return (
        await asyncio_detailed(
            client=client,
            tag=tag,
            digest=digest,
        )
    ).parsed
