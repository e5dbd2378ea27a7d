"""POST /1/metadata: Add a metadata record."""

from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.aspect_content import AspectContent
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.metadata_record_id import MetadataRecordId
from ...types import UNSET, Response, Unset


def request_args(
    *,
    body: AspectContent,
    entity_id: str,
    schema: str,
    policy_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for POST /1/metadata; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        entity_id (str):
        schema (str):
        policy_id (str | Unset):
        idempotency_key (str | Unset):
        body (AspectContent): An aspect's JSON content; by convention it carries its own
            `$schema`.

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL), `params`, `headers`
            and `json`.
    """
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["entity-id"] = entity_id

    params["schema"] = schema

    params["policy-id"] = policy_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/1/metadata",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers.setdefault("Content-Type", "application/json")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | MetadataRecordId | None:
    if response.status_code == 200:
        response_200 = MetadataRecordId.from_dict(response.json())

        return response_200

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
) -> Response[ErrorMessage | InvalidParameterError | MetadataRecordId]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AspectContent,
    entity_id: str,
    schema: str,
    policy_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | MetadataRecordId]:
    """Add a metadata record

     Records a JSON statement about `entity-id`, typed by `schema` (the
    older form of `POST /1/aspects`). The body must be JSON (415
    otherwise). Answers the new record's id.

    Args:
        entity_id (str):
        schema (str):
        policy_id (str | Unset):
        idempotency_key (str | Unset):
        body (AspectContent): An aspect's JSON content; by convention it carries its own
            `$schema`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | MetadataRecordId]
    """

    kwargs = request_args(
        body=body,
        entity_id=entity_id,
        schema=schema,
        policy_id=policy_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AspectContent,
    entity_id: str,
    schema: str,
    policy_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | MetadataRecordId | None:
    """Add a metadata record

     Records a JSON statement about `entity-id`, typed by `schema` (the
    older form of `POST /1/aspects`). The body must be JSON (415
    otherwise). Answers the new record's id.

    Args:
        entity_id (str):
        schema (str):
        policy_id (str | Unset):
        idempotency_key (str | Unset):
        body (AspectContent): An aspect's JSON content; by convention it carries its own
            `$schema`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | MetadataRecordId
    """

    return sync_detailed(
        client=client,
        body=body,
        entity_id=entity_id,
        schema=schema,
        policy_id=policy_id,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AspectContent,
    entity_id: str,
    schema: str,
    policy_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | MetadataRecordId]:
    """Add a metadata record

     Records a JSON statement about `entity-id`, typed by `schema` (the
    older form of `POST /1/aspects`). The body must be JSON (415
    otherwise). Answers the new record's id.

    Args:
        entity_id (str):
        schema (str):
        policy_id (str | Unset):
        idempotency_key (str | Unset):
        body (AspectContent): An aspect's JSON content; by convention it carries its own
            `$schema`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | MetadataRecordId]
    """

    kwargs = request_args(
        body=body,
        entity_id=entity_id,
        schema=schema,
        policy_id=policy_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AspectContent,
    entity_id: str,
    schema: str,
    policy_id: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | MetadataRecordId | None:
    """Add a metadata record

     Records a JSON statement about `entity-id`, typed by `schema` (the
    older form of `POST /1/aspects`). The body must be JSON (415
    otherwise). Answers the new record's id.

    Args:
        entity_id (str):
        schema (str):
        policy_id (str | Unset):
        idempotency_key (str | Unset):
        body (AspectContent): An aspect's JSON content; by convention it carries its own
            `$schema`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | MetadataRecordId
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            entity_id=entity_id,
            schema=schema,
            policy_id=policy_id,
            idempotency_key=idempotency_key,
        )
    ).parsed
