"""POST /1/queues: Create a queue."""

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.queue_created import QueueCreated
from ...models.queue_definition import QueueDefinition
from ...types import UNSET, Response, Unset


def request_args(
    *,
    body: QueueDefinition,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for POST /1/queues; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        idempotency_key (str | Unset):
        body (QueueDefinition): What a client sends to create a queue.

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL), `headers` and
            `json`.
    """
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/1/queues",
    }

    _kwargs["json"] = body.to_dict()

    headers.setdefault("Content-Type", "application/json")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | QueueCreated | None:
    if response.status_code == 201:
        response_201 = QueueCreated.from_dict(response.json())

        return response_201

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
) -> Response[ErrorMessage | InvalidParameterError | QueueCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QueueDefinition,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | QueueCreated]:
    """Create a queue

     Creates an empty queue. Queue names follow the rules of
    `QueueDefinition.name`; a name already in use is 409.

    Args:
        idempotency_key (str | Unset):
        body (QueueDefinition): What a client sends to create a queue.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | QueueCreated]
    """

    kwargs = request_args(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: QueueDefinition,
    idempotency_key: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | QueueCreated | None:
    """Create a queue

     Creates an empty queue. Queue names follow the rules of
    `QueueDefinition.name`; a name already in use is 409.

    Args:
        idempotency_key (str | Unset):
        body (QueueDefinition): What a client sends to create a queue.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | QueueCreated
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QueueDefinition,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | QueueCreated]:
    """Create a queue

     Creates an empty queue. Queue names follow the rules of
    `QueueDefinition.name`; a name already in use is 409.

    Args:
        idempotency_key (str | Unset):
        body (QueueDefinition): What a client sends to create a queue.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | QueueCreated]
    """

    kwargs = request_args(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: QueueDefinition,
    idempotency_key: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | QueueCreated | None:
    """Create a queue

     Creates an empty queue. Queue names follow the rules of
    `QueueDefinition.name`; a name already in use is 409.

    Args:
        idempotency_key (str | Unset):
        body (QueueDefinition): What a client sends to create a queue.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | QueueCreated
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
