"""The arguments every ``list()`` shares, and how they become generated-operation calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from conveyor_api.types import UNSET

from ._paging import _Pager, to_datetime

__all__ = ["ListArgs", "list_builder"]


@dataclass(slots=True)
class ListArgs:
    """What a caller asked of a listing."""

    filter: str | None = None
    order_by: str | None = None
    descending: bool | None = None
    at_time: Any = None
    page_size: int | None = None
    limit: int | None = None
    paginator: type[_Pager[Any]] = _Pager

    def pager(
        self,
        client: Any,
        build: Callable[[str | None, int], dict[str, Any]],
        model: type[Any],
        wrap: Callable[[Any], Any],
    ) -> _Pager[Any]:
        """The paginator for these arguments."""
        return self.paginator(client, build, model, wrap, self.limit, self.page_size)

    def lazy_pager(
        self,
        client: Any,
        build: Callable[[str | None, int], dict[str, Any]],
        cls: Any,
        item_model: type[Any],
    ) -> _Pager[Any]:
        """A paginator yielding ``cls`` objects that parse their item on first use."""
        wrap_raw = cls._wrap_raw
        return self.paginator(
            client,
            build,
            item_model,
            lambda raw: wrap_raw(client, raw, item_model),
            self.limit,
            self.page_size,
            lazy=True,
        )


def list_builder(
    module: ModuleType, args: ListArgs, **fixed: Any
) -> Callable[[str | None, int], dict[str, Any]]:
    """``build(page_token, page_limit)`` for a generated list operation.

    The first page carries the filter, order and time; later pages carry only
    the opaque token (and the page size), as the contract prescribes.
    """
    get_kwargs = module._get_kwargs
    at_time = to_datetime(args.at_time)
    first: dict[str, Any] = {
        "filter_": UNSET if args.filter is None else args.filter,
        "order_by": UNSET if args.order_by is None else args.order_by,
        "order_desc": UNSET if args.descending is None else args.descending,
        "at_time": UNSET if at_time is None else at_time,
        **fixed,
    }

    def build(token: str | None, size: int) -> dict[str, Any]:
        if token is not None:
            return get_kwargs(page=token, limit=size)  # type: ignore[no-any-return]
        return get_kwargs(limit=size, **first)  # type: ignore[no-any-return]

    return build
