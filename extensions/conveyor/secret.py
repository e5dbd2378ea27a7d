"""Secrets: named values kept for an account, shown only when revealed.

A secret's value never appears in a ``repr()``, in ``describe()``, in
``--output json``, in a log line or in an exception: the record a `Secret`
holds has no value in it, and every value the client sends or receives is
added to what its errors blank out (with the token). `Secret.reveal()` is the
one way to see it. What the platform answers as the value may be a digest of
it rather than the value itself (the contract leaves that to the platform).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import httpx
from conveyor_api.api.secrets import list_secrets, read_secret, set_secret
from conveyor_api.models.secret import Secret as SecretRecord
from conveyor_api.models.secret_list import SecretList
from conveyor_api.models.secret_list_item import SecretListItem
from conveyor_api.models.secret_request import SecretRequest
from conveyor_api.types import UNSET

from ._base import ResourceSpec, _Entity
from ._call import Call, Flow, answer_json, hide, one
from ._fields import Integer, Text
from ._paging import AsyncPaginator, Paginator, to_datetime
from ._resources import AsyncResources, P, SyncResources, _ResourcesCore
from .errors import InvalidParameter

__all__ = ["MAX_SECRET_NAME", "AsyncSecret", "AsyncSecrets", "Secret", "Secrets"]

MAX_SECRET_NAME = 256
"""The longest secret name the contract allows, in characters."""

_NAME = re.compile(r"[^/\x00]+")

SecretRecordLike = SecretRecord | SecretListItem


def check_secret_name(name: Any) -> str:
    """``name`` if the contract allows it: 1-256 characters, none of them ``/`` or NUL.

    Raises:
        InvalidParameter: Any other name, before a request is sent.
    """
    if not isinstance(name, str):
        raise InvalidParameter(
            f"name: a secret's name is text, not {type(name).__name__}", parameter="name"
        )
    if not 1 <= len(name) <= MAX_SECRET_NAME or not _NAME.fullmatch(name):
        raise InvalidParameter(
            f"name: 1 to {MAX_SECRET_NAME} characters without '/' or NUL are needed: {name!r:.80}",
            parameter="name",
            value=name,
        )
    return name


def _expiry(expires: Any) -> int:
    """``expires`` as the contract's Unix seconds (0: never)."""
    if expires is None:
        return 0
    if isinstance(expires, dt.timedelta):
        if expires <= dt.timedelta(0):
            raise InvalidParameter("expires: a duration after now is needed", parameter="expires")
        return int(time.time() + expires.total_seconds())
    if not isinstance(expires, dt.datetime | dt.date | str):
        raise InvalidParameter(
            "expires: a datetime, a timedelta from now, date text or None (never) is needed, "
            f"not {type(expires).__name__}",
            parameter="expires",
        )
    seconds = int(to_datetime(expires, "expires").timestamp())
    if seconds <= time.time():
        raise InvalidParameter(f"expires: {expires} has passed", parameter="expires")
    return seconds


def _parse_secret(response: httpx.Response) -> tuple[SecretRecord, str | None]:
    """A secret's record without its value, and the value apart (it must not reach a repr)."""
    data = answer_json(response.content)
    if not isinstance(data, dict):
        raise TypeError(f"expected a JSON object, got {type(data).__name__}")
    value = data.pop("secret-value", None)
    if value is not None and not isinstance(value, str):
        # Never quoted: whatever it is, it may be the value.
        raise TypeError("the secret's value is not text")
    return SecretRecord.from_dict(data), value


class _Secret(_Entity[SecretRecordLike]):
    __slots__ = ("_value",)

    _spec = ResourceSpec(
        kind="secret",
        read=read_secret,
        record=SecretRecord,
        list=list_secrets,
        item=SecretListItem,
        repr=(),
        shown=("expires_at",),
        columns=("name", "expires_at"),
    )

    name = Text("The secret's name (unique per account, case-sensitive).", source="secret_name")
    expiry_time = Integer("When it expires, in Unix seconds; ``0`` means never.")

    @property
    def id(self) -> str:
        """The secret's name: secrets are known by name, not by URN."""
        return self._model.secret_name

    @property
    def expires_at(self) -> dt.datetime | None:
        """When the secret expires (``None``: never, or not said)."""
        seconds = self.expiry_time
        if not seconds:
            return None
        return dt.datetime.fromtimestamp(seconds, dt.UTC)

    def _read_call(self) -> Call[Any]:
        return _read_call(self.id, None)

    def _refresh_flow(self) -> Flow[None]:
        record, value = yield from one(self._read_call())
        hide(self._client, value)
        self._model = record
        self._value = value

    def _reveal_flow(self) -> Flow[str | None]:
        value: str | None = getattr(self, "_value", None)
        if value is None:
            yield from self._refresh_flow()
            value = self._value
        return value


def _read_call(name: str, secret_type: str | None) -> Call[tuple[SecretRecord, str | None]]:
    kwargs = read_secret.request_args(
        secret_name=check_secret_name(name),
        secret_type=UNSET if secret_type is None else secret_type,
    )
    return Call(kwargs, _parse_secret)


class Secret(_Secret):
    """A secret: its name and expiry; the value only through `reveal()`.

    ::

        client.secrets.set("db-password", password)
        secret = client.secrets.get("db-password")
        print(secret)              # <Secret db-password>: no value
        dsn = f"postgres://app:{secret.reveal()}@db/app"
    """

    __slots__ = ()

    _client: Any

    def refresh(self) -> Secret:
        """Read the secret again (its value too, kept hidden); returns ``self``."""
        self._client._run(self._refresh_flow())
        return self

    def reveal(self) -> str | None:
        """The secret's value, as the platform answers it (possibly a digest of it).

        A listed secret holds no value, so this reads it (one request);
        one got or set already holds it.
        """
        return self._client._run(self._reveal_flow())  # type: ignore[no-any-return]


class AsyncSecret(_Secret):
    """The asynchronous twin of `Secret`; `reveal()` is awaited."""

    __slots__ = ()

    _client: Any

    async def refresh(self) -> AsyncSecret:
        """Read the secret again (see `Secret.refresh`); returns ``self``."""
        await self._client._run(self._refresh_flow())
        return self

    async def reveal(self) -> str | None:
        """The secret's value (see `Secret.reveal`)."""
        value: str | None = await self._client._run(self._reveal_flow())
        return value


class _SecretCollection(_ResourcesCore[P]):
    __slots__ = ()

    def _secrets_pager(self, filter: str | None, page_size: int | None, limit: int | None) -> P:
        if filter is not None and not isinstance(filter, str):
            raise InvalidParameter(
                "filter: a regular expression (text) is needed", parameter="filter"
            )
        pattern = UNSET if filter is None else filter

        def build(token: str | None, size: int) -> dict[str, Any]:
            if token is not None:
                return list_secrets.request_args(page=token, limit=size)
            return list_secrets.request_args(filter_=pattern, limit=size)

        client = self._client
        entity = self._entity
        paginator: P = client._paginator(
            client,
            build,
            SecretList,
            lambda items: [entity._wrap(client, item) for item in items],
            limit,
            page_size,
            what="secrets",
        )
        return paginator

    def _get_flow(self, name: str, secret_type: str | None) -> Flow[Any]:
        record, value = yield from one(_read_call(name, secret_type))
        hide(self._client, value)
        secret = self._entity._wrap(self._client, record)
        secret._value = value  # type: ignore[attr-defined]
        return secret

    def _set_flow(self, name: str, value: str, expires: Any, secret_type: str | None) -> Flow[Any]:
        check_secret_name(name)
        if not isinstance(value, str):
            # The value itself is never quoted, not even its length.
            raise InvalidParameter(
                f"value: a secret's value is text, not {type(value).__name__}", parameter="value"
            )
        expiry = _expiry(expires)
        if secret_type is not None and not isinstance(secret_type, str):
            raise InvalidParameter("secret_type: text is needed", parameter="secret_type")
        # Hidden before it is sent, so a platform echoing it in an error cannot show it.
        hide(self._client, value)
        body = SecretRequest(
            secret_name=name,
            secret_value=value,
            expiry_time=expiry,
            secret_type=UNSET if secret_type is None else secret_type,
        )
        yield from one(Call(set_secret.request_args(body=body)))
        secret = self._entity._wrap(
            self._client, SecretListItem(secret_name=name, expiry_time=expiry)
        )
        secret._value = value  # type: ignore[attr-defined]
        return secret


class Secrets(_SecretCollection[Paginator[Secret]], SyncResources[Secret]):
    """The account's secrets (``client.secrets``): list, get, set."""

    __slots__ = ()

    _entity = Secret

    def list(  # type: ignore[override]
        self,
        *,
        filter: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Paginator[Secret]:
        """Iterate over the secrets, names and expiry only (a list never carries values).

        Args:
            filter: A regular expression the names must match, such as ``^db-``.
            page_size: Items per request.
            limit: Most secrets to yield in all.
        """
        return self._secrets_pager(filter, page_size, limit)

    def get(self, name: str, *, secret_type: str | None = None) -> Secret:
        """The secret called ``name``, its value held hidden (`Secret.reveal` shows it).

        Raises:
            InvalidParameter: Not a name the contract allows (before any request).
            NotFound: No secret has that name.
        """
        secret: Secret = self._client._run(self._get_flow(name, secret_type))
        return secret

    def set(
        self,
        name: str,
        value: str,
        *,
        expires: dt.datetime | dt.timedelta | str | None = None,
        secret_type: str | None = None,
    ) -> Secret:
        """Store ``value`` under ``name``, replacing any value the name had.

        Args:
            name: 1 to 256 characters, none of them ``/`` or NUL.
            value: The value; it never appears in reprs, logs or errors.
            expires: When it expires: a datetime, date text, or a timedelta
                from now; ``None`` (the default): never.
            secret_type: How the platform keeps it, such as ``raw``.

        Returns:
            The `Secret`, holding the value set (`Secret.reveal`).

        Raises:
            InvalidParameter: A bad name, a value that is not text, or an
                expiry in the past, before anything is sent.
        """
        secret: Secret = self._client._run(self._set_flow(name, value, expires, secret_type))
        return secret


class AsyncSecrets(_SecretCollection[AsyncPaginator[AsyncSecret]], AsyncResources[AsyncSecret]):
    """The account's secrets (``client.secrets`` of an `AsyncClient`)."""

    __slots__ = ()

    _entity = AsyncSecret

    def list(  # type: ignore[override]
        self,
        *,
        filter: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> AsyncPaginator[AsyncSecret]:
        """Iterate over the secrets with ``async for`` (see `Secrets.list`)."""
        return self._secrets_pager(filter, page_size, limit)

    async def get(self, name: str, *, secret_type: str | None = None) -> AsyncSecret:
        """The secret called ``name`` (see `Secrets.get`)."""
        secret: AsyncSecret = await self._client._run(self._get_flow(name, secret_type))
        return secret

    async def set(
        self,
        name: str,
        value: str,
        *,
        expires: dt.datetime | dt.timedelta | str | None = None,
        secret_type: str | None = None,
    ) -> AsyncSecret:
        """Store ``value`` under ``name`` (see `Secrets.set`)."""
        secret: AsyncSecret = await self._client._run(
            self._set_flow(name, value, expires, secret_type)
        )
        return secret
