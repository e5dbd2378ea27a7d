"""GET /1/secrets: Read a secret."""

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.secret import Secret
from ...types import UNSET, Response, Unset


def request_args(
    *,
    secret_name: str,
    secret_type: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for GET /1/secrets; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        secret_name (str): A secret's name: 1 to 256 characters, none of them `/` or NUL.
            Names are case-sensitive and unique per account.
        secret_type (str | Unset):

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL) and `params`.
    """

    params: dict[str, Any] = {}

    params["secret-name"] = secret_name

    params["secret-type"] = secret_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/1/secrets",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | Secret | None:
    if response.status_code == 200:
        response_200 = Secret.from_dict(response.json())

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
) -> Response[ErrorMessage | InvalidParameterError | Secret]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    secret_name: str,
    secret_type: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | Secret]:
    """Read a secret

     One secret by name. What `secret-value` holds is the platform's
    choice: a platform may answer a digest of the value rather than the
    value itself (IVCAP's own command line shows it as a hash), so a
    client must not expect to get back what it set.

    Args:
        secret_name (str): A secret's name: 1 to 256 characters, none of them `/` or NUL.
            Names are case-sensitive and unique per account.
        secret_type (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | Secret]
    """

    kwargs = request_args(
        secret_name=secret_name,
        secret_type=secret_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    secret_name: str,
    secret_type: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | Secret | None:
    """Read a secret

     One secret by name. What `secret-value` holds is the platform's
    choice: a platform may answer a digest of the value rather than the
    value itself (IVCAP's own command line shows it as a hash), so a
    client must not expect to get back what it set.

    Args:
        secret_name (str): A secret's name: 1 to 256 characters, none of them `/` or NUL.
            Names are case-sensitive and unique per account.
        secret_type (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | Secret
    """

    return sync_detailed(
        client=client,
        secret_name=secret_name,
        secret_type=secret_type,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    secret_name: str,
    secret_type: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | Secret]:
    """Read a secret

     One secret by name. What `secret-value` holds is the platform's
    choice: a platform may answer a digest of the value rather than the
    value itself (IVCAP's own command line shows it as a hash), so a
    client must not expect to get back what it set.

    Args:
        secret_name (str): A secret's name: 1 to 256 characters, none of them `/` or NUL.
            Names are case-sensitive and unique per account.
        secret_type (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | Secret]
    """

    kwargs = request_args(
        secret_name=secret_name,
        secret_type=secret_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    secret_name: str,
    secret_type: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | Secret | None:
    """Read a secret

     One secret by name. What `secret-value` holds is the platform's
    choice: a platform may answer a digest of the value rather than the
    value itself (IVCAP's own command line shows it as a hash), so a
    client must not expect to get back what it set.

    Args:
        secret_name (str): A secret's name: 1 to 256 characters, none of them `/` or NUL.
            Names are case-sensitive and unique per account.
        secret_type (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | Secret
    """

    return (
        await asyncio_detailed(
            client=client,
            secret_name=secret_name,
            secret_type=secret_type,
        )
    ).parsed
