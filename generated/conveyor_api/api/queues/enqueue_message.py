"""POST /1/queues/{id}/messages: Enqueue a message."""

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.message_receipt import MessageReceipt
from ...types import UNSET, Response, Unset


def request_args(
    id: str,
    *,
    body: Any,
    schema: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for POST /1/queues/{id}/messages; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        schema (str | Unset):
        idempotency_key (str | Unset):
        body (Any): A message's content, any JSON value; by convention an object with its own
            `$schema`.

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL), `params`, `headers`
            and `json`.
    """
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["schema"] = schema

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/1/queues/{id}/messages".format(
            id=quote(str(id), safe=":"),
        ),
        "params": params,
    }

    _kwargs["json"] = body

    headers.setdefault("Content-Type", "application/json")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | MessageReceipt | None:
    if response.status_code == 200:
        response_200 = MessageReceipt.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorMessage.from_dict(response.json())

        return response_409

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
) -> Response[ErrorMessage | InvalidParameterError | MessageReceipt]:
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
    body: Any,
    schema: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | MessageReceipt]:
    """Enqueue a message

     Appends one message, any JSON value, to the end of the queue. The
    body must be JSON (415 otherwise) of at most 1 MiB (1,048,576
    bytes; 413 beyond that).

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        schema (str | Unset):
        idempotency_key (str | Unset):
        body (Any): A message's content, any JSON value; by convention an object with its own
            `$schema`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | MessageReceipt]
    """

    kwargs = request_args(
        id=id,
        body=body,
        schema=schema,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    schema: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | MessageReceipt | None:
    """Enqueue a message

     Appends one message, any JSON value, to the end of the queue. The
    body must be JSON (415 otherwise) of at most 1 MiB (1,048,576
    bytes; 413 beyond that).

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        schema (str | Unset):
        idempotency_key (str | Unset):
        body (Any): A message's content, any JSON value; by convention an object with its own
            `$schema`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | MessageReceipt
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        schema=schema,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    schema: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | MessageReceipt]:
    """Enqueue a message

     Appends one message, any JSON value, to the end of the queue. The
    body must be JSON (415 otherwise) of at most 1 MiB (1,048,576
    bytes; 413 beyond that).

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        schema (str | Unset):
        idempotency_key (str | Unset):
        body (Any): A message's content, any JSON value; by convention an object with its own
            `$schema`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | MessageReceipt]
    """

    kwargs = request_args(
        id=id,
        body=body,
        schema=schema,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    schema: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | MessageReceipt | None:
    """Enqueue a message

     Appends one message, any JSON value, to the end of the queue. The
    body must be JSON (415 otherwise) of at most 1 MiB (1,048,576
    bytes; 413 beyond that).

    Args:
        id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        schema (str | Unset):
        idempotency_key (str | Unset):
        body (Any): A message's content, any JSON value; by convention an object with its own
            `$schema`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | MessageReceipt
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            schema=schema,
            idempotency_key=idempotency_key,
        )
    ).parsed
