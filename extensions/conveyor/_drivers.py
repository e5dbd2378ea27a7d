"""The two flow drivers: the only code that performs I/O for the SDK's operations.

Every operation is a flow (`conveyor._call`) that yields effects. `SyncDriving`
runs them with blocking httpx calls and `AsyncDriving` with awaited ones (and
blocking `Offload` work in a worker thread); `Client` and `AsyncClient` are
built on them, so the sync and async APIs differ only here.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._call import (
    DEADLINE,
    IDEMPOTENCY_HEADER,
    BodySource,
    Call,
    Close,
    Flow,
    Offload,
    Read,
    Sleep,
    Stream,
    agather,
    error_from_response,
    gather,
    honours_keys,
    json_object,
    new_key,
    parse_or_raise,
    request_of,
    transport_error,
    uncertain_creation,
)
from .errors import ConveyorError

if TYPE_CHECKING:
    from ._retry import Clock

__all__ = ["AsyncDriving", "SyncDriving", "drive_async"]

T = TypeVar("T")


class _Driving:
    """What both drivers share: turning a `Call` into the request's arguments."""

    _http: Any
    _token: str | None
    _hidden: list[str]
    _clock: Clock
    _url_prefix: str
    _call_timeout: httpx.Timeout | None
    _deadline: float | None
    _extensions: dict[str, dict[str, Any]]
    _facts: dict[str, bool]

    def _request_kwargs(self, call: Call[Any]) -> dict[str, Any]:
        kwargs = call.kwargs
        url = kwargs["url"]
        if url[:1] == "/":
            url = self._url_prefix + url
        params = kwargs.pop("params", None)
        if params:
            # The same URL httpx would build from params=, encoded once: merging
            # params parses the URL a second time, a cost every list page pays.
            url = f"{url}?{_query_string(params)}"
        kwargs["url"] = url
        if "json" in kwargs:
            # The bytes httpx would make, by one shared encoder: httpx builds a new
            # JSONEncoder for each body (json.dumps with options), a cost every POST paid.
            kwargs["content"] = _JSON.encode(kwargs.pop("json")).encode("utf-8")
            headers = kwargs.get("headers")
            if headers is None:
                headers = kwargs["headers"] = {}
            headers.setdefault("Content-Type", "application/json")
        extensions = self._extensions
        retry = call.retry
        if retry == "default":
            kwargs["extensions"] = extensions["stream" if call.stream else "read"]
        elif retry == "create":
            if kwargs["method"] in _POST:
                key = call.key
                if key is None:
                    key = call.key = new_key()
                headers = kwargs.get("headers")
                if headers is None:
                    headers = kwargs["headers"] = {}
                headers[IDEMPOTENCY_HEADER] = key
                kwargs["extensions"] = extensions["keyed" if self._facts.get(_KEYS) else "create"]
            else:
                kwargs["extensions"] = extensions["create"]
        else:
            kwargs["extensions"] = extensions["never"]
        if self._call_timeout is not None:
            kwargs["timeout"] = self._call_timeout
        if call.body is not None:
            # A one-shot body cannot follow a redirect (httpx would raise StreamConsumed),
            # and content must not go where the platform did not say: the 3xx is an error.
            kwargs["follow_redirects"] = False
        if self._deadline is not None:
            kwargs["extensions"] = {
                **kwargs.get("extensions", {}),
                DEADLINE: self._clock.monotonic() + self._deadline,
            }
        return kwargs

    def _ambiguous(self, call: Call[Any], exc: httpx.HTTPError) -> bool:
        """Whether ``exc`` leaves a keyed creation unsettled (it may have been carried out)."""
        return call.key is not None and not isinstance(exc, _NEVER_SENT)

    def _learn_keys(self, document: Any) -> bool:
        """Remember whether the platform's contract declares ``Idempotency-Key``."""
        honoured = self._facts[_KEYS] = honours_keys(document)
        return honoured


_POST = ("post", "POST")
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)

# The fact `_Driving._facts` keeps: the platform honours Idempotency-Key.
_KEYS = "honours-idempotency-keys"
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout)


def _contract_call() -> Call[dict[str, Any]]:
    """Reading the OpenAPI document the platform says it implements."""
    from conveyor_api.api.openapi import get_openapi_document

    return Call(get_openapi_document.request_args(), json_object)


class SyncDriving(_Driving):
    """Runs flows with blocking I/O (the base of `Client`)."""

    def _run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to completion with blocking I/O and return its result."""
        try:
            effect = next(flow)
            while True:
                try:
                    if type(effect) is Call:
                        result: Any = self._send(effect)
                    elif type(effect) is Read:
                        result = self._read(effect.stream)
                    elif type(effect) is Sleep:
                        result = None
                        self._clock.sleep(effect.seconds)
                    elif type(effect) is Close:
                        result = None
                        effect.stream.response.close()
                    elif type(effect) is Offload:
                        result = effect.function(*effect.args)
                    else:  # pragma: no cover - a programming error in a flow
                        raise TypeError(f"unknown effect {effect!r}")
                except ConveyorError as exc:
                    effect = flow.throw(exc)
                else:
                    effect = flow.send(result)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        except ConveyorError as exc:
            # The flows' own frames say nothing to the caller: the traceback starts
            # here, just under the public method that was called.
            raise exc.with_traceback(None) from exc.__cause__
        finally:
            flow.close()

    def _send(self, call: Call[Any]) -> Any:
        kwargs = self._request_kwargs(call)
        http = self._http
        if call.body is not None:
            kwargs["content"] = call.body.pieces()
        try:
            if call.stream:
                response = http.send(http.build_request(**kwargs), stream=True)
            else:
                response = http.request(**kwargs)
        except httpx.HTTPError as exc:
            if self._ambiguous(call, exc):
                return self._settle(call, exc)
            raise transport_error(exc, request_of(exc), self._hidden) from _cause(exc, self._hidden)
        if 200 <= response.status_code < 300:
            if call.stream:
                return Stream(response)
            return parse_or_raise(call, response, self._hidden)
        if call.stream:
            try:
                response.read()
            except httpx.HTTPError:
                pass
            finally:
                response.close()
        raise error_from_response(response, self._hidden)

    def _settle(self, call: Call[Any], exc: httpx.HTTPError) -> Any:
        """After an ambiguous failure of a keyed creation: repeat it only where that is safe.

        The first time, the platform's contract says whether it honours
        ``Idempotency-Key``; if it does, the call goes again with the same key,
        retried like an idempotent one. Otherwise `CreationUncertain` says so.
        """
        if _KEYS not in self._facts:
            try:
                document = self._send(_contract_call())
            except ConveyorError:
                document = None  # unreachable: decide next time
            if document is not None and self._learn_keys(document):
                return self._send(call)
        raise uncertain_creation(call, exc, self._hidden) from _cause(exc, self._hidden)

    def _read(self, stream: Stream) -> bytes:
        if stream.chunks is None:
            pieces = stream.response.iter_bytes()
            size = stream.piece_size
            stream.chunks = pieces if size is None else gather(pieces, size)
        try:
            return next(stream.chunks, b"")
        except httpx.HTTPError as exc:
            raise transport_error(exc, stream.response.request, self._hidden) from _cause(
                exc, self._hidden
            )


class AsyncDriving(_Driving):
    """Runs flows with awaited I/O, blocking work in a thread (the base of `AsyncClient`)."""

    async def _run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to completion with awaited I/O and return its result."""
        return await drive_async(flow, self._perform)

    async def _perform(self, effect: Any) -> Any:
        """Carry out one effect with awaited I/O (blocking work in a thread)."""
        kind = type(effect)
        if kind is Call:
            return await self._send(effect)
        if kind is Read:
            return await self._read(effect.stream)
        if kind is Sleep:
            await self._clock.asleep(effect.seconds)
            return None
        if kind is Close:
            await effect.stream.response.aclose()
            return None
        if kind is Offload:
            return await _in_thread(effect)
        raise TypeError(f"unknown effect {effect!r}")  # pragma: no cover - a flow's bug

    async def _send(self, call: Call[Any]) -> Any:
        kwargs = self._request_kwargs(call)
        http = self._http
        if call.body is not None:
            kwargs["content"] = _async_pieces(call.body)
        try:
            if call.stream:
                response = await http.send(http.build_request(**kwargs), stream=True)
            else:
                response = await http.request(**kwargs)
        except httpx.HTTPError as exc:
            if self._ambiguous(call, exc):
                return await self._settle(call, exc)
            raise transport_error(exc, request_of(exc), self._hidden) from _cause(exc, self._hidden)
        if 200 <= response.status_code < 300:
            if call.stream:
                return Stream(response)
            return parse_or_raise(call, response, self._hidden)
        if call.stream:
            try:
                await response.aread()
            except httpx.HTTPError:
                pass
            finally:
                await response.aclose()
        raise error_from_response(response, self._hidden)

    async def _settle(self, call: Call[Any], exc: httpx.HTTPError) -> Any:
        """`SyncDriving._settle`, awaited."""
        if _KEYS not in self._facts:
            try:
                document = await self._send(_contract_call())
            except ConveyorError:
                document = None
            if document is not None and self._learn_keys(document):
                return await self._send(call)
        raise uncertain_creation(call, exc, self._hidden) from _cause(exc, self._hidden)

    async def _read(self, stream: Stream) -> bytes:
        if stream.chunks is None:
            pieces = stream.response.aiter_bytes()
            size = stream.piece_size
            stream.chunks = pieces if size is None else agather(pieces, size)
        try:
            return await anext(stream.chunks, b"")
        except httpx.HTTPError as exc:
            raise transport_error(exc, stream.response.request, self._hidden) from _cause(
                exc, self._hidden
            )


async def drive_async(flow: Flow[T], perform: Callable[[Any], Awaitable[Any]]) -> T:
    """Drive ``flow`` to its end, awaiting ``perform(effect)`` for each effect it yields.

    The one async effect loop: `AsyncDriving` performs effects with awaited
    httpx calls, a pipeline driving a sync `Client` from asyncio performs them
    in worker threads. A `ConveyorError` from an effect is thrown into the flow;
    one that leaves the flow starts its traceback here, under the public method.
    """
    try:
        effect = next(flow)
        while True:
            try:
                result = await perform(effect)
            except ConveyorError as exc:
                effect = flow.throw(exc)
            else:
                effect = flow.send(result)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
    except ConveyorError as exc:
        raise exc.with_traceback(None) from exc.__cause__
    finally:
        flow.close()


def _query_string(params: Mapping[str, Any]) -> str:
    """``params`` as httpx encodes them: booleans as ``true``/``false``, lists repeated."""
    from urllib.parse import quote_plus

    parts: list[str] = []
    for key, value in params.items():
        for one in value if isinstance(value, list | tuple) else (value,):
            if one is True or one is False:
                text = "true" if one else "false"
            else:
                text = "" if one is None else str(one)
            # Page tokens and numbers need no quoting; checking is cheaper than quote_plus.
            if not (text.isascii() and text.replace("-", "").replace("_", "").isalnum()):
                text = quote_plus(text)
            parts.append(f"{quote_plus(key)}={text}")
    return "&".join(parts)


def _cause(exc: BaseException, hidden: list[str]) -> BaseException | None:
    """``exc`` to chain from, unless its text holds the token or a secret value (then nothing)."""
    text = str(exc)
    return None if any(one in text for one in hidden) else exc


async def _in_thread(effect: Offload) -> Any:
    import asyncio

    return await asyncio.to_thread(effect.function, *effect.args)


async def _async_pieces(body: BodySource) -> Any:
    for piece in body.pieces():
        yield piece
