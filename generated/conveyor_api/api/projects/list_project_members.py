"""GET /1/project/{id}/members: List a project's members."""

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.project_member_list import ProjectMemberList
from ...types import UNSET, Response, Unset


def request_args(
    id: str,
    *,
    role: str | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/project/{id}/members; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        role (str | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `params`.
    """

    params: dict[str, Any] = {}

    params["role"] = role

    params["limit"] = limit

    params["page"] = page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/project/{id}/members".format(
            id=quote(str(id), safe=":"),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | ProjectMemberList | None:
    if response.status_code == 200:
        response_200 = ProjectMemberList.from_dict(response.json())

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
) -> Response[ErrorMessage | InvalidParameterError | ProjectMemberList]:
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
    role: str | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | ProjectMemberList]:
    """List a project's members

     Pages through the project's members with their roles. The next
    page's token is `page` in the answer (absent or empty on the last
    page), passed back as the `page` parameter.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        role (str | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | ProjectMemberList]
    """

    kwargs = request_args(
        id=id,
        role=role,
        limit=limit,
        page=page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    role: str | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | ProjectMemberList | None:
    """List a project's members

     Pages through the project's members with their roles. The next
    page's token is `page` in the answer (absent or empty on the last
    page), passed back as the `page` parameter.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        role (str | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | ProjectMemberList
    """

    return sync_detailed(
        id=id,
        client=client,
        role=role,
        limit=limit,
        page=page,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    role: str | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | ProjectMemberList]:
    """List a project's members

     Pages through the project's members with their roles. The next
    page's token is `page` in the answer (absent or empty on the last
    page), passed back as the `page` parameter.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        role (str | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | ProjectMemberList]
    """

    kwargs = request_args(
        id=id,
        role=role,
        limit=limit,
        page=page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    role: str | Unset = UNSET,
    limit: int | Unset = 10,
    page: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | ProjectMemberList | None:
    """List a project's members

     Pages through the project's members with their roles. The next
    page's token is `page` in the answer (absent or empty on the last
    page), passed back as the `page` parameter.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        role (str | Unset):
        limit (int | Unset):  Default: 10.
        page (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | ProjectMemberList
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            role=role,
            limit=limit,
            page=page,
        )
    ).parsed
