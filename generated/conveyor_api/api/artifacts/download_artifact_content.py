"""GET /1/artifacts/{id}/blob: Download an artifact's content."""

from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...types import UNSET, File, Response, Unset


def request_args(
    id: str,
    *,
    range_: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/artifacts/{id}/blob; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        range_ (str | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `headers`.
    """
    headers: dict[str, Any] = {}
    if not isinstance(range_, Unset):
        headers["Range"] = range_

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/artifacts/{id}/blob".format(
            id=quote(str(id), safe=":"),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorMessage | File | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 206:
        response_206 = File(payload=BytesIO(response.content))

        return response_206

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

    if response.status_code == 409:
        response_409 = ErrorMessage.from_dict(response.json())

        return response_409

    if response.status_code == 416:
        response_416 = ErrorMessage.from_dict(response.json())

        return response_416

    if response.status_code == 501:
        response_501 = ErrorMessage.from_dict(response.json())

        return response_501

    if response.status_code == 503:
        return None

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorMessage | File]:
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
    range_: str | Unset = UNSET,
) -> Response[ErrorMessage | File]:
    """Download an artifact's content

     Streams the content. With a `Range: bytes=start-[end]` header only
    that slice is sent (206), which is how an interrupted download
    resumes. The `ETag` is derived from the content's sha256.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | File]
    """

    kwargs = request_args(
        id=id,
        range_=range_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    range_: str | Unset = UNSET,
) -> ErrorMessage | File | None:
    """Download an artifact's content

     Streams the content. With a `Range: bytes=start-[end]` header only
    that slice is sent (206), which is how an interrupted download
    resumes. The `ETag` is derived from the content's sha256.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | File
    """

    return sync_detailed(
        id=id,
        client=client,
        range_=range_,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    range_: str | Unset = UNSET,
) -> Response[ErrorMessage | File]:
    """Download an artifact's content

     Streams the content. With a `Range: bytes=start-[end]` header only
    that slice is sent (206), which is how an interrupted download
    resumes. The `ETag` is derived from the content's sha256.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | File]
    """

    kwargs = request_args(
        id=id,
        range_=range_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    range_: str | Unset = UNSET,
) -> ErrorMessage | File | None:
    """Download an artifact's content

     Streams the content. With a `Range: bytes=start-[end]` header only
    that slice is sent (206), which is how an interrupted download
    resumes. The `ETag` is derived from the content's sha256.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | File
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            range_=range_,
        )
    ).parsed
