"""PATCH /1/artifacts/{id}/blob: Append a chunk to an upload."""

from http import HTTPStatus
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
    body: File,
    upload_offset: int,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for PATCH /1/artifacts/{id}/blob; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        upload_offset (int):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        body (File):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL), `headers` and
            `content`.
    """
    headers: dict[str, Any] = {}
    headers["Upload-Offset"] = str(upload_offset)

    if not isinstance(upload_length, Unset):
        headers["Upload-Length"] = str(upload_length)

    if not isinstance(tus_resumable, Unset):
        headers["Tus-Resumable"] = tus_resumable

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/1/artifacts/{id}/blob".format(
            id=quote(str(id), safe=":"),
        ),
    }

    _kwargs["content"] = body.payload
    headers.setdefault("Content-Type", "application/offset+octet-stream")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorMessage | None:
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

    if response.status_code == 409:
        response_409 = ErrorMessage.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = ErrorMessage.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = ErrorMessage.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorMessage.from_dict(response.json())

        return response_415

    if response.status_code == 503:
        return None

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorMessage]:
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
    body: File,
    upload_offset: int,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
) -> Response[ErrorMessage]:
    """Append a chunk to an upload

     tus 1.0 append. `Upload-Offset` must equal the bytes the server
    already holds (409 otherwise); the body is appended there. When the
    total size was unknown, the final chunk announces it with
    `Upload-Length`. The artifact is `ready` once every byte arrived.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        upload_offset (int):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage]
    """

    kwargs = request_args(
        id=id,
        body=body,
        upload_offset=upload_offset,
        upload_length=upload_length,
        tus_resumable=tus_resumable,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    upload_offset: int,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
) -> ErrorMessage | None:
    """Append a chunk to an upload

     tus 1.0 append. `Upload-Offset` must equal the bytes the server
    already holds (409 otherwise); the body is appended there. When the
    total size was unknown, the final chunk announces it with
    `Upload-Length`. The artifact is `ready` once every byte arrived.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        upload_offset (int):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        upload_offset=upload_offset,
        upload_length=upload_length,
        tus_resumable=tus_resumable,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    upload_offset: int,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
) -> Response[ErrorMessage]:
    """Append a chunk to an upload

     tus 1.0 append. `Upload-Offset` must equal the bytes the server
    already holds (409 otherwise); the body is appended there. When the
    total size was unknown, the final chunk announces it with
    `Upload-Length`. The artifact is `ready` once every byte arrived.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        upload_offset (int):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage]
    """

    kwargs = request_args(
        id=id,
        body=body,
        upload_offset=upload_offset,
        upload_length=upload_length,
        tus_resumable=tus_resumable,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    upload_offset: int,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
) -> ErrorMessage | None:
    """Append a chunk to an upload

     tus 1.0 append. `Upload-Offset` must equal the bytes the server
    already holds (409 otherwise); the body is appended there. When the
    total size was unknown, the final chunk announces it with
    `Upload-Length`. The artifact is `ready` once every byte arrived.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        upload_offset (int):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            upload_offset=upload_offset,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
        )
    ).parsed
