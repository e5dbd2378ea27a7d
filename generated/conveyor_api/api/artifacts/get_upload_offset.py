"""HEAD /1/artifacts/{id}/blob: Ask how much of an upload arrived."""

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...types import UNSET, Response, Unset


def request_args(
    id: str,
    *,
    tus_resumable: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for HEAD /1/artifacts/{id}/blob; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        tus_resumable (str | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `headers`.
    """
    headers: dict[str, Any] = {}
    if not isinstance(tus_resumable, Unset):
        headers["Tus-Resumable"] = tus_resumable

    _kwargs: dict[str, Any] = {
        "method": "head",
        "url": "/1/artifacts/{id}/blob".format(
            id=quote(str(id), safe=":"),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | None:
    if response.status_code == 200:
        return None

    if response.status_code == 401:
        return None

    if response.status_code == 403:
        return None

    if response.status_code == 404:
        return None

    if response.status_code == 412:
        return None

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any]:
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
    tus_resumable: str | Unset = UNSET,
) -> Response[Any]:
    """Ask how much of an upload arrived

     tus 1.0 offset query; a client resuming an upload starts its next `PATCH` at `Upload-Offset`.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        tus_resumable (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = request_args(
        id=id,
        tus_resumable=tus_resumable,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    tus_resumable: str | Unset = UNSET,
) -> Response[Any]:
    """Ask how much of an upload arrived

     tus 1.0 offset query; a client resuming an upload starts its next `PATCH` at `Upload-Offset`.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        tus_resumable (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = request_args(
        id=id,
        tus_resumable=tus_resumable,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)
