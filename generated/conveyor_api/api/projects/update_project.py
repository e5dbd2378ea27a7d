"""PUT /1/project/{id}: Update a project's information."""

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.project_status import ProjectStatus
from ...models.project_update import ProjectUpdate
from ...types import Response


def request_args(
    id: str,
    *,
    body: ProjectUpdate,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for PUT /1/project/{id}; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        body (ProjectUpdate): The project fields to change; those absent keep their values.

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL), `headers` and
            `json`.
    """
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/1/project/{id}".format(
            id=quote(str(id), safe=":"),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers.setdefault("Content-Type", "application/json")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | ProjectStatus | None:
    if response.status_code == 200:
        response_200 = ProjectStatus.from_dict(response.json())

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
) -> Response[ErrorMessage | InvalidParameterError | ProjectStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ProjectUpdate,
) -> Response[ErrorMessage | InvalidParameterError | ProjectStatus]:
    """Update a project's information

     Changes the fields given (name, parent, properties, account); the others keep their values.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        body (ProjectUpdate): The project fields to change; those absent keep their values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | ProjectStatus]
    """

    kwargs = request_args(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ProjectUpdate,
) -> ErrorMessage | InvalidParameterError | ProjectStatus | None:
    """Update a project's information

     Changes the fields given (name, parent, properties, account); the others keep their values.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        body (ProjectUpdate): The project fields to change; those absent keep their values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | ProjectStatus
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ProjectUpdate,
) -> Response[ErrorMessage | InvalidParameterError | ProjectStatus]:
    """Update a project's information

     Changes the fields given (name, parent, properties, account); the others keep their values.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        body (ProjectUpdate): The project fields to change; those absent keep their values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | ProjectStatus]
    """

    kwargs = request_args(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ProjectUpdate,
) -> ErrorMessage | InvalidParameterError | ProjectStatus | None:
    """Update a project's information

     Changes the fields given (name, parent, properties, account); the others keep their values.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        body (ProjectUpdate): The project fields to change; those absent keep their values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | ProjectStatus
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
