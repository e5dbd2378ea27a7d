"""PUT /1/project/default: Set the caller's default project."""

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.default_project_request import DefaultProjectRequest
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...types import Response


def request_args(
    *,
    body: DefaultProjectRequest,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for PUT /1/project/default; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        body (DefaultProjectRequest): Which project to make the default.

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL), `headers` and
            `json`.
    """
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/1/project/default",
    }

    _kwargs["json"] = body.to_dict()

    headers.setdefault("Content-Type", "application/json")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | None:
    if response.status_code == 204:
        return None

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
) -> Response[ErrorMessage | InvalidParameterError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DefaultProjectRequest,
) -> Response[ErrorMessage | InvalidParameterError]:
    """Set the caller's default project

     Makes a project the caller's default (or the default of `user_urn`,
    when given); an unknown project is 404.

    Args:
        body (DefaultProjectRequest): Which project to make the default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError]
    """

    kwargs = request_args(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: DefaultProjectRequest,
) -> ErrorMessage | InvalidParameterError | None:
    """Set the caller's default project

     Makes a project the caller's default (or the default of `user_urn`,
    when given); an unknown project is 404.

    Args:
        body (DefaultProjectRequest): Which project to make the default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DefaultProjectRequest,
) -> Response[ErrorMessage | InvalidParameterError]:
    """Set the caller's default project

     Makes a project the caller's default (or the default of `user_urn`,
    when given); an unknown project is 404.

    Args:
        body (DefaultProjectRequest): Which project to make the default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError]
    """

    kwargs = request_args(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DefaultProjectRequest,
) -> ErrorMessage | InvalidParameterError | None:
    """Set the caller's default project

     Makes a project the caller's default (or the default of `user_urn`,
    when given); an unknown project is 404.

    Args:
        body (DefaultProjectRequest): Which project to make the default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
