"""GET /1/services2/{service_id}/jobs/{id}: Read a job."""

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.job_status import JobStatus
from ...types import UNSET, Response, Unset


def request_args(
    service_id: str,
    id: str,
    *,
    with_request_content: bool | Unset = False,
    with_result_content: bool | Unset = True,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/services2/{service_id}/jobs/{id}; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        with_request_content (bool | Unset):  Default: False.
        with_result_content (bool | Unset):  Default: True.

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `params`.
    """

    params: dict[str, Any] = {}

    params["with-request-content"] = with_request_content

    params["with-result-content"] = with_result_content

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/services2/{service_id}/jobs/{id}".format(
            service_id=quote(str(service_id), safe=":"),
            id=quote(str(id), safe=":"),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | JobStatus | None:
    if response.status_code == 200:
        response_200 = JobStatus.from_dict(response.json())

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
) -> Response[ErrorMessage | JobStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    service_id: str,
    id: str,
    *,
    client: AuthenticatedClient | Client,
    with_request_content: bool | Unset = False,
    with_result_content: bool | Unset = True,
) -> Response[ErrorMessage | JobStatus]:
    """Read a job

     One job: its status and timestamps, its order and products, and on
    request the request and result contents inline.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        with_request_content (bool | Unset):  Default: False.
        with_result_content (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | JobStatus]
    """

    kwargs = request_args(
        service_id=service_id,
        id=id,
        with_request_content=with_request_content,
        with_result_content=with_result_content,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    service_id: str,
    id: str,
    *,
    client: AuthenticatedClient | Client,
    with_request_content: bool | Unset = False,
    with_result_content: bool | Unset = True,
) -> ErrorMessage | JobStatus | None:
    """Read a job

     One job: its status and timestamps, its order and products, and on
    request the request and result contents inline.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        with_request_content (bool | Unset):  Default: False.
        with_result_content (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | JobStatus
    """

    return sync_detailed(
        service_id=service_id,
        id=id,
        client=client,
        with_request_content=with_request_content,
        with_result_content=with_result_content,
    ).parsed


async def asyncio_detailed(
    service_id: str,
    id: str,
    *,
    client: AuthenticatedClient | Client,
    with_request_content: bool | Unset = False,
    with_result_content: bool | Unset = True,
) -> Response[ErrorMessage | JobStatus]:
    """Read a job

     One job: its status and timestamps, its order and products, and on
    request the request and result contents inline.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        with_request_content (bool | Unset):  Default: False.
        with_result_content (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | JobStatus]
    """

    kwargs = request_args(
        service_id=service_id,
        id=id,
        with_request_content=with_request_content,
        with_result_content=with_result_content,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service_id: str,
    id: str,
    *,
    client: AuthenticatedClient | Client,
    with_request_content: bool | Unset = False,
    with_result_content: bool | Unset = True,
) -> ErrorMessage | JobStatus | None:
    """Read a job

     One job: its status and timestamps, its order and products, and on
    request the request and result contents inline.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        with_request_content (bool | Unset):  Default: False.
        with_result_content (bool | Unset):  Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | JobStatus
    """

    return (
        await asyncio_detailed(
            service_id=service_id,
            id=id,
            client=client,
            with_request_content=with_request_content,
            with_result_content=with_result_content,
        )
    ).parsed
