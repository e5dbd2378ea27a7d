"""POST /1/artifacts: Create an artifact."""

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.artifact_status import ArtifactStatus
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.upload_artifact_x_name_encoding import UploadArtifactXNameEncoding
from ...types import UNSET, File, Response, Unset


def request_args(
    *,
    body: File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    x_name: str | Unset = UNSET,
    x_name_encoding: UploadArtifactXNameEncoding | Unset = UNSET,
    x_content_type: str | Unset = UNSET,
    x_content_length: int | Unset = UNSET,
    x_collection: str | Unset = UNSET,
    x_policy: str | Unset = UNSET,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
    content_encoding: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for POST /1/artifacts; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        idempotency_key (str | Unset):
        x_name (str | Unset):
        x_name_encoding (UploadArtifactXNameEncoding | Unset):
        x_content_type (str | Unset):
        x_content_length (int | Unset):
        x_collection (str | Unset):
        x_policy (str | Unset):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        content_encoding (str | Unset):
        body (File | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `headers`; with a
            body, `content`.
    """
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(x_name, Unset):
        headers["X-Name"] = x_name

    if not isinstance(x_name_encoding, Unset):
        headers["X-Name-Encoding"] = str(x_name_encoding)

    if not isinstance(x_content_type, Unset):
        headers["X-Content-Type"] = x_content_type

    if not isinstance(x_content_length, Unset):
        headers["X-Content-Length"] = str(x_content_length)

    if not isinstance(x_collection, Unset):
        headers["X-Collection"] = x_collection

    if not isinstance(x_policy, Unset):
        headers["X-Policy"] = x_policy

    if not isinstance(upload_length, Unset):
        headers["Upload-Length"] = str(upload_length)

    if not isinstance(tus_resumable, Unset):
        headers["Tus-Resumable"] = tus_resumable

    if not isinstance(content_encoding, Unset):
        headers["Content-Encoding"] = content_encoding

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/1/artifacts",
    }

    if not isinstance(body, Unset):
        _kwargs["content"] = body.payload
    if not isinstance(body, Unset):
        headers.setdefault("Content-Type", "application/octet-stream")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ArtifactStatus | ErrorMessage | InvalidParameterError | None:
    if response.status_code == 201:
        response_201 = ArtifactStatus.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        return None

    if response.status_code == 403:
        response_403 = ErrorMessage.from_dict(response.json())

        return response_403

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
) -> Response[ArtifactStatus | ErrorMessage | InvalidParameterError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    x_name: str | Unset = UNSET,
    x_name_encoding: UploadArtifactXNameEncoding | Unset = UNSET,
    x_content_type: str | Unset = UNSET,
    x_content_length: int | Unset = UNSET,
    x_collection: str | Unset = UNSET,
    x_policy: str | Unset = UNSET,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
    content_encoding: str | Unset = UNSET,
) -> Response[ArtifactStatus | ErrorMessage | InvalidParameterError]:
    """Create an artifact

     Creates an artifact record. Two ways to supply the content:

    - *Resumable*: send no body, announce the size in `Upload-Length`
      or `X-Content-Length` (`-1` when unknown) with
      `Tus-Resumable: 1.0.0`, then send the bytes with tus `PATCH`
      requests to the returned `data-href`.
    - *Direct*: send the whole content as the request body in one go.

    Metadata travels in `X-` headers because the body, when present, is
    the content itself.

    Args:
        idempotency_key (str | Unset):
        x_name (str | Unset):
        x_name_encoding (UploadArtifactXNameEncoding | Unset):
        x_content_type (str | Unset):
        x_content_length (int | Unset):
        x_collection (str | Unset):
        x_policy (str | Unset):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        content_encoding (str | Unset):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ArtifactStatus | ErrorMessage | InvalidParameterError]
    """

    kwargs = request_args(
        body=body,
        idempotency_key=idempotency_key,
        x_name=x_name,
        x_name_encoding=x_name_encoding,
        x_content_type=x_content_type,
        x_content_length=x_content_length,
        x_collection=x_collection,
        x_policy=x_policy,
        upload_length=upload_length,
        tus_resumable=tus_resumable,
        content_encoding=content_encoding,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    x_name: str | Unset = UNSET,
    x_name_encoding: UploadArtifactXNameEncoding | Unset = UNSET,
    x_content_type: str | Unset = UNSET,
    x_content_length: int | Unset = UNSET,
    x_collection: str | Unset = UNSET,
    x_policy: str | Unset = UNSET,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
    content_encoding: str | Unset = UNSET,
) -> ArtifactStatus | ErrorMessage | InvalidParameterError | None:
    """Create an artifact

     Creates an artifact record. Two ways to supply the content:

    - *Resumable*: send no body, announce the size in `Upload-Length`
      or `X-Content-Length` (`-1` when unknown) with
      `Tus-Resumable: 1.0.0`, then send the bytes with tus `PATCH`
      requests to the returned `data-href`.
    - *Direct*: send the whole content as the request body in one go.

    Metadata travels in `X-` headers because the body, when present, is
    the content itself.

    Args:
        idempotency_key (str | Unset):
        x_name (str | Unset):
        x_name_encoding (UploadArtifactXNameEncoding | Unset):
        x_content_type (str | Unset):
        x_content_length (int | Unset):
        x_collection (str | Unset):
        x_policy (str | Unset):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        content_encoding (str | Unset):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ArtifactStatus | ErrorMessage | InvalidParameterError
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        x_name=x_name,
        x_name_encoding=x_name_encoding,
        x_content_type=x_content_type,
        x_content_length=x_content_length,
        x_collection=x_collection,
        x_policy=x_policy,
        upload_length=upload_length,
        tus_resumable=tus_resumable,
        content_encoding=content_encoding,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    x_name: str | Unset = UNSET,
    x_name_encoding: UploadArtifactXNameEncoding | Unset = UNSET,
    x_content_type: str | Unset = UNSET,
    x_content_length: int | Unset = UNSET,
    x_collection: str | Unset = UNSET,
    x_policy: str | Unset = UNSET,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
    content_encoding: str | Unset = UNSET,
) -> Response[ArtifactStatus | ErrorMessage | InvalidParameterError]:
    """Create an artifact

     Creates an artifact record. Two ways to supply the content:

    - *Resumable*: send no body, announce the size in `Upload-Length`
      or `X-Content-Length` (`-1` when unknown) with
      `Tus-Resumable: 1.0.0`, then send the bytes with tus `PATCH`
      requests to the returned `data-href`.
    - *Direct*: send the whole content as the request body in one go.

    Metadata travels in `X-` headers because the body, when present, is
    the content itself.

    Args:
        idempotency_key (str | Unset):
        x_name (str | Unset):
        x_name_encoding (UploadArtifactXNameEncoding | Unset):
        x_content_type (str | Unset):
        x_content_length (int | Unset):
        x_collection (str | Unset):
        x_policy (str | Unset):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        content_encoding (str | Unset):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ArtifactStatus | ErrorMessage | InvalidParameterError]
    """

    kwargs = request_args(
        body=body,
        idempotency_key=idempotency_key,
        x_name=x_name,
        x_name_encoding=x_name_encoding,
        x_content_type=x_content_type,
        x_content_length=x_content_length,
        x_collection=x_collection,
        x_policy=x_policy,
        upload_length=upload_length,
        tus_resumable=tus_resumable,
        content_encoding=content_encoding,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    x_name: str | Unset = UNSET,
    x_name_encoding: UploadArtifactXNameEncoding | Unset = UNSET,
    x_content_type: str | Unset = UNSET,
    x_content_length: int | Unset = UNSET,
    x_collection: str | Unset = UNSET,
    x_policy: str | Unset = UNSET,
    upload_length: int | Unset = UNSET,
    tus_resumable: str | Unset = UNSET,
    content_encoding: str | Unset = UNSET,
) -> ArtifactStatus | ErrorMessage | InvalidParameterError | None:
    """Create an artifact

     Creates an artifact record. Two ways to supply the content:

    - *Resumable*: send no body, announce the size in `Upload-Length`
      or `X-Content-Length` (`-1` when unknown) with
      `Tus-Resumable: 1.0.0`, then send the bytes with tus `PATCH`
      requests to the returned `data-href`.
    - *Direct*: send the whole content as the request body in one go.

    Metadata travels in `X-` headers because the body, when present, is
    the content itself.

    Args:
        idempotency_key (str | Unset):
        x_name (str | Unset):
        x_name_encoding (UploadArtifactXNameEncoding | Unset):
        x_content_type (str | Unset):
        x_content_length (int | Unset):
        x_collection (str | Unset):
        x_policy (str | Unset):
        upload_length (int | Unset):
        tus_resumable (str | Unset):
        content_encoding (str | Unset):
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ArtifactStatus | ErrorMessage | InvalidParameterError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            x_name=x_name,
            x_name_encoding=x_name_encoding,
            x_content_type=x_content_type,
            x_content_length=x_content_length,
            x_collection=x_collection,
            x_policy=x_policy,
            upload_length=upload_length,
            tus_resumable=tus_resumable,
            content_encoding=content_encoding,
        )
    ).parsed
