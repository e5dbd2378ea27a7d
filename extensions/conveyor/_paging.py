"""Lazy iteration over every page of a list, following the platform's ``next`` links.

A list answers with ``{items, links, at-time}``; the last page has no ``next``
link. The next page is requested through the same generated operation with
the link's opaque ``page`` token (the contract says other query parameters
are then ignored), so the request is still built by the generated client; a
``next`` link without a ``page`` token is followed as it is.
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload
from urllib.parse import parse_qs, urlsplit

from ._call import Call, Flow, answer_json, json_model, one
from ._fields import aware
from .errors import whole_number

T = TypeVar("T")


if TYPE_CHECKING:
    import pandas  # type: ignore[import-not-found, import-untyped, unused-ignore]

    from ._call import Driver

__all__ = ["MAX_PAGE_SIZE", "AsyncPaginator", "Page", "Paginator", "to_datetime"]

MAX_PAGE_SIZE = 50
"""The largest page the contract allows, and the default page size."""

_NextPage = tuple[str | None, str | None]
"""Where the next page is: ``(page token, None)``, ``(None, href)``, or ``(None, None)``."""


class Page(Sequence[T]):
    """One page of a list.

    Attributes:
        items: The page's items.
        at_time: The instant the platform says the page describes.
        has_next: Whether the platform announced a further page.
    """

    __slots__ = ("at_time", "has_next", "items")

    def __init__(self, items: list[T], at_time: _dt.datetime | None, has_next: bool) -> None:
        self.items = items
        self.at_time = at_time
        self.has_next = has_next

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        return self.items[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __repr__(self) -> str:
        more = ", more follow" if self.has_next else ""
        return f"<Page of {len(self.items)}{more}>"

    def _repr_html_(self) -> str:
        from ._display import items_html

        return items_html(self.items, more=self.has_next)


class _Cursor:
    """Where a listing stands: the next request, and how many items may still come."""

    __slots__ = ("href", "remaining", "seen", "started", "token")

    def __init__(self, limit: int | None) -> None:
        self.token: str | None = None
        self.href: str | None = None
        self.remaining = limit
        self.started = False
        # Every page asked for so far: a next link back to one of them would loop forever.
        self.seen: set[str] = set()

    def advance(self, next_page: _NextPage) -> None:
        """Move on to the page the answer's ``next`` link names.

        Raises:
            MalformedResponse: The link names a page already fetched.
        """
        token, href = next_page
        following = token if token is not None else href
        if following is not None:
            if following in self.seen:
                from .errors import MalformedResponse

                raise MalformedResponse(
                    "the platform's next-page link leads back to a page already fetched "
                    f"(after {len(self.seen)} pages); the listing stops rather than loop"
                )
            self.seen.add(following)
        self.token, self.href = token, href

    @property
    def done(self) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return True
        return self.started and self.token is None and self.href is None


class _Pager(Generic[T]):
    """The logic of a listing, shared by `Paginator` and `AsyncPaginator`.

    Args:
        client: The client whose driver runs the page flows.
        build: ``build(page_token, page_limit)`` returns the generated
            operation's kwargs for one page.
        model: The generated list model (``ArtifactList``, ...).
        wrap: Turns a page's item models into what the iteration yields (one
            call per page: wrapping thousands of items costs one loop, not
            one call each); ``list`` keeps them as they are.
        limit: Most items to yield in all (``None``: every item).
        page_size: Items per request (at most 50).
        what: What is listed, in the plural, for ``repr()`` (``"artifacts"``).
    """

    __slots__ = ("_build", "_client", "_model", "_page_size", "_parse", "_wrap", "limit", "what")

    def __init__(
        self,
        client: Any,
        build: Callable[[str | None, int], dict[str, Any]],
        model: type[Any],
        wrap: Callable[[list[Any]], list[T]],
        limit: int | None = None,
        page_size: int | None = None,
        lazy: bool = False,
        what: str = "items",
    ) -> None:
        if limit is not None:
            whole_number(limit, "limit")
        if page_size is not None:
            whole_number(page_size, "page_size", 1, MAX_PAGE_SIZE)
        self._client = client
        self._build = build
        self._model = model
        self._wrap = wrap
        self.limit = limit
        self._page_size = page_size or MAX_PAGE_SIZE
        self._parse = _page_parser(model, lazy)
        self.what = what

    def __repr__(self) -> str:
        # Never a request: a listing is only read when asked, so the repr says how.
        limit = "" if self.limit is None else f" limit={self.limit}"
        return (
            f"<{type(self).__name__} of {self.what}{limit}, not fetched yet: "
            "iterate it, or call first() or to_list()>"
        )

    def __bool__(self) -> bool:
        # Whether a listing is empty is only known after a request; answering True
        # (as every object does) would make `if client.artifacts.list(filter=...)`
        # always pass, so the question is refused with the way to ask it.
        raise TypeError(
            f"a {type(self).__name__} does not know whether it is empty before a request: "
            "test `paginator.first() is not None`, or use `to_list()`"
        )

    def _page_flow(self, cursor: _Cursor) -> Flow[Page[T]]:
        size = self._page_size
        if cursor.remaining is not None:
            size = min(size, cursor.remaining)
        if cursor.href is not None:
            kwargs: dict[str, Any] = {
                "method": "get",
                "url": _own_origin(self._client, cursor.href),
            }
        else:
            kwargs = self._build(cursor.token, size)
        model, next_page = yield from one(Call(kwargs, self._parse))
        items = model.items
        if cursor.remaining is not None:
            if len(items) > cursor.remaining:
                items = items[: cursor.remaining]
            cursor.remaining -= len(items)
        cursor.started = True
        cursor.advance(next_page)
        # Secret and package lists carry no at-time.
        at_time = getattr(model, "at_time", None)
        at_time = at_time if isinstance(at_time, _dt.datetime) else None
        return Page(self._wrap(items), aware(at_time), not cursor.done)

    def _all_flow(self) -> Flow[list[T]]:
        """Every item of every page, as one flow (for properties such as ``metadata``)."""
        cursor = _Cursor(self.limit)
        collected: list[T] = []
        while not cursor.done:
            page = yield from self._page_flow(cursor)
            collected.extend(page.items)
        return collected


class _Envelope:
    """A list answer whose items stay JSON objects until used (see ``_wrap_raw``)."""

    __slots__ = ("at_time", "items", "links")

    def __init__(self, items: list[dict[str, Any]], links: list[Any], at_time: Any) -> None:
        self.items = items
        self.links = links
        self.at_time = at_time


_page_parsers: dict[tuple[type[Any], bool], Callable[[Any], tuple[Any, _NextPage]]] = {}


def _page_parser(model: type[Any], lazy: bool) -> Callable[[Any], tuple[Any, _NextPage]]:
    """Parse a page and its ``next`` link together.

    Both run inside the call's parse step, so a malformed link (a ``href``
    that is not text) is a `MalformedResponse` like any other shape mismatch.
    """
    key = (model, lazy)
    parser = _page_parsers.get(key)
    if parser is None:
        parse_page: Callable[[Any], Any] = _parse_envelope if lazy else json_model(model)

        def parser(response: Any) -> tuple[Any, _NextPage]:
            page = parse_page(response)
            return page, _next_page(page.links)

        _page_parsers[key] = parser
    return parser


def _parse_envelope(response: Any) -> _Envelope:
    """Decode ``{items, links, at-time}``, checking each item is an object with an ``id``.

    The links stay JSON objects too: only the ``next`` one is read, by `_next_page`.
    """
    data = answer_json(response.content)
    items = data["items"]
    if not isinstance(items, list):
        raise TypeError("items is not a list")
    if not all([type(item["id"]) is str for item in items]):
        raise TypeError("an item's id is not a string")
    links = data.get("links") or []
    if not isinstance(links, list):
        raise TypeError("links is not a list")
    at_time = data.get("at-time")
    return _Envelope(items, links, None if at_time is None else _dt.datetime.fromisoformat(at_time))


def _own_origin(client: Driver, href: str) -> str:
    """The next page's link as a request to the client's own platform URL.

    Behind a gateway the links often name a public host, not the one the
    client was given; as IVCAP's own client does, the path and query are
    asked of the client's base URL, so the request (and the token) never
    goes to a host the user did not name.
    """
    target = urlsplit(href)
    if not target.scheme and not target.netloc:
        return href
    base = urlsplit(client.url)
    if (target.scheme, target.netloc) == (base.scheme, base.netloc):
        return href
    query = f"?{target.query}" if target.query else ""
    return f"{base.scheme}://{base.netloc}{target.path}{query}"


def _next_page(links: Any) -> _NextPage:
    """The ``next`` link as ``(page token, None)``, or ``(None, href)`` without a token.

    ``links`` are generated ``Link`` models or their JSON objects.

    Raises:
        TypeError: A link without ``rel``, or a ``next`` link whose ``href``
            is not text (callers map it to `MalformedResponse`).
        KeyError: A JSON link without ``rel`` or ``href`` (mapped the same way).
    """
    if not links:
        return None, None
    for link in links:
        if isinstance(link, dict):
            if link["rel"] != "next":
                continue
            href = link["href"]
        elif link.rel == "next":
            href = link.href
        else:
            continue
        if not isinstance(href, str):
            raise TypeError(f"the next link's href is not text: {href!r}")
        query = href.partition("?")[2].partition("#")[0]
        if query.startswith("page=") and len(query) > 5 and not any(c in query for c in "&%+"):
            # The contract's own shape, ``<path>?page=<URL-safe token>``: no parsing needed.
            return query[5:], None
        tokens = parse_qs(query).get("page")
        if tokens:
            return tokens[0], None
        return None, href
    return None, None


class Paginator(_Pager[T]):
    """A lazy iterator over every item of a list, fetching pages as it goes.

    Nothing is fetched until it is used: iterate it for items, or call
    `pages()` for whole pages::

        for artifact in client.artifacts.list(filter="name ~= 'notes%'", limit=100):
            print(artifact.name)

        newest = client.artifacts.list().first()    # one request
        some = client.services.list()[:5]           # a list; only the pages needed
        every = client.orders.list(limit=200).to_list()
        frame = client.artifacts.list().to_pandas()  # needs pandas

    Each iteration starts again from the first page. ``repr()`` never sends
    a request. Truth is refused with a `TypeError` (``if paginator:`` would
    otherwise be true even for an empty listing): ask
    ``paginator.first() is not None`` instead.
    """

    __slots__ = ()

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def pages(self) -> Iterator[Page[T]]:
        """Yield each page in turn."""
        cursor = _Cursor(self.limit)
        run = self._client._run
        while not cursor.done:
            yield run(self._page_flow(cursor))

    def _take(self, wanted: int | None) -> list[T]:
        """The first ``wanted`` items (``None``: all), stopping at the page that holds them.

        Pages are asked for at the usual size, so these requests are the
        same as an iteration's first ones.
        """
        taken: list[T] = []
        for page in self.pages():
            taken.extend(page.items)
            if wanted is not None and len(taken) >= wanted:
                del taken[wanted:]
                break
        return taken

    def first(self) -> T | None:
        """The first item, or ``None`` when the list is empty (one request)."""
        found = self._take(1)
        return found[0] if found else None

    def to_list(self) -> list[T]:
        """Every item (up to ``limit``) in a list, fetching every page."""
        return self._take(None)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        """``paginator[i]`` or ``paginator[a:b]``, fetching only the pages those need.

        A slice gives a list. A negative index or a slice without an end
        reads the whole listing first, since only then is its end known.
        """
        return _index(index, self._take)

    def to_pandas(self) -> pandas.DataFrame:
        """Every item as a row of a `pandas.DataFrame` (the fields ``--output json`` shows).

        Raises:
            ImportError: pandas is not installed.
        """
        return _data_frame(self.to_list())

    def _repr_html_(self) -> str:
        from ._display import paginator_html

        return paginator_html(self)


class AsyncPaginator(_Pager[T]):
    """The asynchronous twin of `Paginator`: ``async for`` over items, `pages()` for pages.

    `first()`, `to_list()` and `to_pandas()` are awaited. It has no
    indexing, since an index cannot be awaited: index what ``await
    paginator.to_list()`` returns. Its truth is refused, as a `Paginator`'s is.
    """

    __slots__ = ()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield each page in turn."""
        cursor = _Cursor(self.limit)
        run = self._client._run
        while not cursor.done:
            yield await run(self._page_flow(cursor))

    async def _take(self, wanted: int | None) -> list[T]:
        """The first ``wanted`` items (``None``: all), as `Paginator._take` takes them."""
        taken: list[T] = []
        async for page in self.pages():
            taken.extend(page.items)
            if wanted is not None and len(taken) >= wanted:
                del taken[wanted:]
                break
        return taken

    async def first(self) -> T | None:
        """The first item, or ``None`` when the list is empty (one request)."""
        found = await self._take(1)
        return found[0] if found else None

    async def to_list(self) -> list[T]:
        """Every item (up to ``limit``) in a list: ``await paginator.to_list()``."""
        return await self._take(None)

    async def to_pandas(self) -> pandas.DataFrame:
        """Every item as a row of a `pandas.DataFrame` (see `Paginator.to_pandas`)."""
        return _data_frame(await self.to_list())


def _index(index: int | slice, take: Callable[[int | None], list[T]]) -> T | list[T]:
    """``items[index]`` of a listing whose first ``n`` items ``take(n)`` fetches."""
    if isinstance(index, slice):
        start, stop = index.start, index.stop
        bounded = stop is not None and stop >= 0 and (start is None or start >= 0)
        return take(stop if bounded else None)[index]
    if isinstance(index, bool):
        raise TypeError("a listing is indexed by an int or a slice, not a bool")
    position = operator.index(index)
    items = take(position + 1 if position >= 0 else None)
    try:
        return items[position]
    except IndexError:
        raise IndexError(f"listing index {position} out of range ({len(items)} items)") from None


def _data_frame(items: list[Any]) -> pandas.DataFrame:
    try:
        import pandas  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        raise ImportError(
            "to_pandas() needs pandas, which is not installed: pip install pandas"
        ) from None
    from ._display import table_row

    return pandas.DataFrame([table_row(item) for item in items])


def to_datetime(value: _dt.datetime | _dt.date | str | None, what: str = "at_time") -> Any:
    """An aware datetime from a datetime, a date or date text (``None`` passes through).

    Naive datetimes are taken as local time. Text is ISO 8601, or anything
    ``dateutil`` understands.
    """
    from .errors import InvalidParameter

    if value is None:
        return None
    if isinstance(value, str):
        try:
            parsed = _dt.datetime.fromisoformat(value)
        except ValueError:
            from dateutil import parser as date_parser

            try:
                parsed = date_parser.parse(value)
            except (ValueError, OverflowError):
                raise InvalidParameter(
                    f"{what}: not a date or time: {value!r}", parameter=what, value=value
                ) from None
        value = parsed
    elif not isinstance(value, _dt.datetime):
        if isinstance(value, _dt.date):
            value = _dt.datetime(value.year, value.month, value.day)
        else:
            raise InvalidParameter(
                f"{what}: expected a datetime or date text, not {type(value).__name__}",
                parameter=what,
                value=value,
            )
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(_dt.UTC)
