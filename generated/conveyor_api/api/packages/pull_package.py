"""GET /1/packages/pull: Pull part of a package."""

from http import HTTPStatus
from io import BytesIO
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.package_part import PackagePart
from ...types import UNSET, File, Response, Unset


def request_args(
    *,
    ref: str,
    type_: PackagePart,
    offset: int | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/packages/pull; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        ref (str):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        offset (int | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `params`.
    """

    params: dict[str, Any] = {}

    params["ref"] = ref

    json_type_ = type_.value
    params["type"] = json_type_

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/packages/pull",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | File | InvalidParameterError | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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
) -> Response[ErrorMessage | File | InvalidParameterError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    ref: str,
    type_: PackagePart,
    offset: int | Unset = UNSET,
) -> Response[ErrorMessage | File | InvalidParameterError]:
    """Pull part of a package

     Streams one part of a container image: its manifest (`ref` is the
    image tag), its config or one of its layers (`ref` is the digest).
    A layer may come in chunks: `Total` is the layer's size,
    `Available` how many bytes this answer carries from `offset` on;
    the next chunk starts at `offset` plus `Available`.

    Args:
        ref (str):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | File | InvalidParameterError]
    """

    kwargs = request_args(
        ref=ref,
        type_=type_,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    ref: str,
    type_: PackagePart,
    offset: int | Unset = UNSET,
) -> ErrorMessage | File | InvalidParameterError | None:
    """Pull part of a package

     Streams one part of a container image: its manifest (`ref` is the
    image tag), its config or one of its layers (`ref` is the digest).
    A layer may come in chunks: `Total` is the layer's size,
    `Available` how many bytes this answer carries from `offset` on;
    the next chunk starts at `offset` plus `Available`.

    Args:
        ref (str):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | File | InvalidParameterError
    """

    return sync_detailed(
        client=client,
        ref=ref,
        type_=type_,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    ref: str,
    type_: PackagePart,
    offset: int | Unset = UNSET,
) -> Response[ErrorMessage | File | InvalidParameterError]:
    """Pull part of a package

     Streams one part of a container image: its manifest (`ref` is the
    image tag), its config or one of its layers (`ref` is the digest).
    A layer may come in chunks: `Total` is the layer's size,
    `Available` how many bytes this answer carries from `offset` on;
    the next chunk starts at `offset` plus `Available`.

    Args:
        ref (str):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | File | InvalidParameterError]
    """

    kwargs = request_args(
        ref=ref,
        type_=type_,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    ref: str,
    type_: PackagePart,
    offset: int | Unset = UNSET,
) -> ErrorMessage | File | InvalidParameterError | None:
    """Pull part of a package

     Streams one part of a container image: its manifest (`ref` is the
    image tag), its config or one of its layers (`ref` is the digest).
    A layer may come in chunks: `Total` is the layer's size,
    `Available` how many bytes this answer carries from `offset` on;
    the next chunk starts at `offset` plus `Available`.

    Args:
        ref (str):
        type_ (PackagePart): A part of a container image: its `manifest`, its `config` or a
            `layer`.
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | File | InvalidParameterError
    """

    return (
        await asyncio_detailed(
            client=client,
            ref=ref,
            type_=type_,
            offset=offset,
        )
    ).parsed
