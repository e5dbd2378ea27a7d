"""POST /1/services2/{service_id}/jobs: Run a job."""

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.invalid_parameter_error import InvalidParameterError
from ...models.job_accepted import JobAccepted
from ...types import UNSET, Response, Unset


def request_args(
    service_id: str,
    *,
    body: Any,
    idempotency_key: str | Unset = UNSET,
    timeout: int | Unset = UNSET,
    ivcap_order_id: str | Unset = UNSET,
    x_forwarded_host: str | Unset = UNSET,
    x_forwarded_proto: str | Unset = UNSET,
) -> dict[str, Any]:
    """The `httpx.Client.request` keyword arguments for POST /1/services2/{service_id}/jobs; nothing is sent.

    `sync_detailed` and `asyncio_detailed` send exactly these through the client's httpx
    client, which adds the base URL, the credentials and the timeout. Any httpx client
    configured with those can send them too: `http.request(**request_args(...))`.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        idempotency_key (str | Unset):
        timeout (int | Unset):
        ivcap_order_id (str | Unset):
        x_forwarded_host (str | Unset):
        x_forwarded_proto (str | Unset):
        body (Any): The job's input: any JSON value the service's request schema accepts.

    Returns:
        A new dict with `method`, `url` (a path under the client's base URL), `headers` and
            `json`.
    """
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(timeout, Unset):
        headers["Timeout"] = str(timeout)

    if not isinstance(ivcap_order_id, Unset):
        headers["IVCAP-Order-Id"] = ivcap_order_id

    if not isinstance(x_forwarded_host, Unset):
        headers["X-Forwarded-Host"] = x_forwarded_host

    if not isinstance(x_forwarded_proto, Unset):
        headers["X-Forwarded-Proto"] = x_forwarded_proto

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/1/services2/{service_id}/jobs".format(
            service_id=quote(str(service_id), safe=":"),
        ),
    }

    _kwargs["json"] = body

    headers.setdefault("Content-Type", "application/json")

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | InvalidParameterError | JobAccepted | None:
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 202:
        response_202 = JobAccepted.from_dict(response.json())

        return response_202

    if response.status_code == 307:
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
) -> Response[ErrorMessage | InvalidParameterError | JobAccepted]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    service_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    idempotency_key: str | Unset = UNSET,
    timeout: int | Unset = UNSET,
    ivcap_order_id: str | Unset = UNSET,
    x_forwarded_host: str | Unset = UNSET,
    x_forwarded_proto: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | JobAccepted]:
    """Run a job

     Runs the service once on a JSON request. The platform waits up to
    `Timeout` seconds for the result: when the job finishes in time the
    answer is 200 with the result as the body and the job's URN in
    `IVCAP-Job-Id`; otherwise (and at once with `Timeout: 0`) it is 202
    naming the job, where to poll it and after how many seconds. A
    request that does not match the service's request schema is 422
    naming the field. A job that ends `failed` or `error` within the
    timeout is answered 202 too: its record (`location`) says why. The
    POST runs a job, unless it repeats an `Idempotency-Key`.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        idempotency_key (str | Unset):
        timeout (int | Unset):
        ivcap_order_id (str | Unset):
        x_forwarded_host (str | Unset):
        x_forwarded_proto (str | Unset):
        body (Any): The job's input: any JSON value the service's request schema accepts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | JobAccepted]
    """

    kwargs = request_args(
        service_id=service_id,
        body=body,
        idempotency_key=idempotency_key,
        timeout=timeout,
        ivcap_order_id=ivcap_order_id,
        x_forwarded_host=x_forwarded_host,
        x_forwarded_proto=x_forwarded_proto,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    service_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    idempotency_key: str | Unset = UNSET,
    timeout: int | Unset = UNSET,
    ivcap_order_id: str | Unset = UNSET,
    x_forwarded_host: str | Unset = UNSET,
    x_forwarded_proto: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | JobAccepted | None:
    """Run a job

     Runs the service once on a JSON request. The platform waits up to
    `Timeout` seconds for the result: when the job finishes in time the
    answer is 200 with the result as the body and the job's URN in
    `IVCAP-Job-Id`; otherwise (and at once with `Timeout: 0`) it is 202
    naming the job, where to poll it and after how many seconds. A
    request that does not match the service's request schema is 422
    naming the field. A job that ends `failed` or `error` within the
    timeout is answered 202 too: its record (`location`) says why. The
    POST runs a job, unless it repeats an `Idempotency-Key`.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        idempotency_key (str | Unset):
        timeout (int | Unset):
        ivcap_order_id (str | Unset):
        x_forwarded_host (str | Unset):
        x_forwarded_proto (str | Unset):
        body (Any): The job's input: any JSON value the service's request schema accepts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | JobAccepted
    """

    return sync_detailed(
        service_id=service_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        timeout=timeout,
        ivcap_order_id=ivcap_order_id,
        x_forwarded_host=x_forwarded_host,
        x_forwarded_proto=x_forwarded_proto,
    ).parsed


async def asyncio_detailed(
    service_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    idempotency_key: str | Unset = UNSET,
    timeout: int | Unset = UNSET,
    ivcap_order_id: str | Unset = UNSET,
    x_forwarded_host: str | Unset = UNSET,
    x_forwarded_proto: str | Unset = UNSET,
) -> Response[ErrorMessage | InvalidParameterError | JobAccepted]:
    """Run a job

     Runs the service once on a JSON request. The platform waits up to
    `Timeout` seconds for the result: when the job finishes in time the
    answer is 200 with the result as the body and the job's URN in
    `IVCAP-Job-Id`; otherwise (and at once with `Timeout: 0`) it is 202
    naming the job, where to poll it and after how many seconds. A
    request that does not match the service's request schema is 422
    naming the field. A job that ends `failed` or `error` within the
    timeout is answered 202 too: its record (`location`) says why. The
    POST runs a job, unless it repeats an `Idempotency-Key`.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        idempotency_key (str | Unset):
        timeout (int | Unset):
        ivcap_order_id (str | Unset):
        x_forwarded_host (str | Unset):
        x_forwarded_proto (str | Unset):
        body (Any): The job's input: any JSON value the service's request schema accepts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | InvalidParameterError | JobAccepted]
    """

    kwargs = request_args(
        service_id=service_id,
        body=body,
        idempotency_key=idempotency_key,
        timeout=timeout,
        ivcap_order_id=ivcap_order_id,
        x_forwarded_host=x_forwarded_host,
        x_forwarded_proto=x_forwarded_proto,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    idempotency_key: str | Unset = UNSET,
    timeout: int | Unset = UNSET,
    ivcap_order_id: str | Unset = UNSET,
    x_forwarded_host: str | Unset = UNSET,
    x_forwarded_proto: str | Unset = UNSET,
) -> ErrorMessage | InvalidParameterError | JobAccepted | None:
    """Run a job

     Runs the service once on a JSON request. The platform waits up to
    `Timeout` seconds for the result: when the job finishes in time the
    answer is 200 with the result as the body and the job's URN in
    `IVCAP-Job-Id`; otherwise (and at once with `Timeout: 0`) it is 202
    naming the job, where to poll it and after how many seconds. A
    request that does not match the service's request schema is 422
    naming the field. A job that ends `failed` or `error` within the
    timeout is answered 202 too: its record (`location`) says why. The
    POST runs a job, unless it repeats an `Idempotency-Key`.

    Args:
        service_id (str): A uniform resource name such as `urn:ivcap:artifact:<uuid>`.
        idempotency_key (str | Unset):
        timeout (int | Unset):
        ivcap_order_id (str | Unset):
        x_forwarded_host (str | Unset):
        x_forwarded_proto (str | Unset):
        body (Any): The job's input: any JSON value the service's request schema accepts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | InvalidParameterError | JobAccepted
    """

    return (
        await asyncio_detailed(
            service_id=service_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            timeout=timeout,
            ivcap_order_id=ivcap_order_id,
            x_forwarded_host=x_forwarded_host,
            x_forwarded_proto=x_forwarded_proto,
        )
    ).parsed
