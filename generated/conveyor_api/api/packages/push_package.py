"""POST /1/packages/push: Push part of a package."""

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.package_part import PackagePart
from ...models.push_result import PushResult
from ...types import UNSET, File, Response, Unset


def request_args(
    *,
    body: File,
    tag: str,
    force: bool | Unset = UNSET,
    type_: PackagePart,
    digest: str,
    total: int | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for POST /1/packages/push; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        tag (str):
        force (bool | Unset):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        digest (str):
        total (int | Unset):
        start (int | Unset):
        end (int | Unset):
        body (File):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL), `params`, `headers`
            and `content`.
    """
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["tag"] = tag

    params["force"] = force

    json_type_ = type_.value
    params["type"] = json_type_

    params["digest"] = digest

    params["total"] = total

    params["start"] = start

    params["end"] = end

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/1/packages/push",
        "params": params,
    }

    _kwargs["content"] = body.payload
    headers.setdefault("Content-Type", "application/octet-stream")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | PushResult | None:
    if response.status_code == 201:
        response_201 = PushResult.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ErrorMessage.from_dict(response.json())

        return response_413

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
) -> Response[ErrorMessage | InvalidParameterError | PushResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    tag: str,
    force: bool | Unset = UNSET,
    type_: PackagePart,
    digest: str,
    total: int | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | PushResult]:
    """Push part of a package

     Uploads one part of a container image under `tag`: its manifest,
    its config, or a layer, whole or as a chunk. The body is the raw
    bytes of the part (of the chunk `start`..`end` of a layer whose
    size is `total`); `digest` names what is pushed. An image is pushed
    layers and config first, manifest last. A part the registry
    already holds answers `exists: true` and need not be sent again;
    with `force` it is replaced. A tag that exists is 409 unless
    `force` is set.

    Args:
        tag (str):
        force (bool | Unset):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        digest (str):
        total (int | Unset):
        start (int | Unset):
        end (int | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | PushResult]
    """

    kwargs = request_args(
        body=body,
        tag=tag,
        force=force,
        type_=type_,
        digest=digest,
        total=total,
        start=start,
        end=end,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    tag: str,
    force: bool | Unset = UNSET,
    type_: PackagePart,
    digest: str,
    total: int | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | PushResult | None:
    """Push part of a package

     Uploads one part of a container image under `tag`: its manifest,
    its config, or a layer, whole or as a chunk. The body is the raw
    bytes of the part (of the chunk `start`..`end` of a layer whose
    size is `total`); `digest` names what is pushed. An image is pushed
    layers and config first, manifest last. A part the registry
    already holds answers `exists: true` and need not be sent again;
    with `force` it is replaced. A tag that exists is 409 unless
    `force` is set.

    Args:
        tag (str):
        force (bool | Unset):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        digest (str):
        total (int | Unset):
        start (int | Unset):
        end (int | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | PushResult
    """

    return sync_detailed(
        client=client,
        body=body,
        tag=tag,
        force=force,
        type_=type_,
        digest=digest,
        total=total,
        start=start,
        end=end,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    tag: str,
    force: bool | Unset = UNSET,
    type_: PackagePart,
    digest: str,
    total: int | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | PushResult]:
    """Push part of a package

     Uploads one part of a container image under `tag`: its manifest,
    its config, or a layer, whole or as a chunk. The body is the raw
    bytes of the part (of the chunk `start`..`end` of a layer whose
    size is `total`); `digest` names what is pushed. An image is pushed
    layers and config first, manifest last. A part the registry
    already holds answers `exists: true` and need not be sent again;
    with `force` it is replaced. A tag that exists is 409 unless
    `force` is set.

    Args:
        tag (str):
        force (bool | Unset):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        digest (str):
        total (int | Unset):
        start (int | Unset):
        end (int | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | PushResult]
    """

    kwargs = request_args(
        body=body,
        tag=tag,
        force=force,
        type_=type_,
        digest=digest,
        total=total,
        start=start,
        end=end,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    tag: str,
    force: bool | Unset = UNSET,
    type_: PackagePart,
    digest: str,
    total: int | Unset = UNSET,
    start: int | Unset = UNSET,
    end: int | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | PushResult | None:
    """Push part of a package

     Uploads one part of a container image under `tag`: its manifest,
    its config, or a layer, whole or as a chunk. The body is the raw
    bytes of the part (of the chunk `start`..`end` of a layer whose
    size is `total`); `digest` names what is pushed. An image is pushed
    layers and config first, manifest last. A part the registry
    already holds answers `exists: true` and need not be sent again;
    with `force` it is replaced. A tag that exists is 409 unless
    `force` is set.

    Args:
        tag (str):
        force (bool | Unset):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        digest (str):
        total (int | Unset):
        start (int | Unset):
        end (int | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | PushResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            tag=tag,
            force=force,
            type_=type_,
            digest=digest,
            total=total,
            start=start,
            end=end,
        )
    ).parsed
