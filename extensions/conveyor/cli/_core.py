"""What every command shares: the global options, the client, output, and error handling.

Output goes to stdout (tables, or JSON with ``--output json``); progress bars,
spinners and error messages go to stderr, so ``conveyor ... -o json | jq``
always receives clean JSON. Errors are one line on stderr and a non-zero exit
status; ``--debug`` adds the traceback and the HTTP log. Any token the command
line knows of is blanked out of everything it prints.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from .._display import printable
from ..errors import (
    ConfigurationError,
    ConveyorError,
    CreationUncertain,
    InvalidParameter,
    TransportError,
    Unauthorized,
)

if TYPE_CHECKING:
    from rich.console import Console

    from .._client import Client

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "ConveyorGroup",
    "State",
    "cli_parameter_names",
    "parse_when",
    "pass_state",
]

EXIT_ERROR = 1
"""Exit status of a command that failed (a usage error exits 2, as click does)."""
EXIT_USAGE = 2
"""Exit status of a command line the command refused (click's usage errors, bad parameters)."""
EXIT_TIMEOUT = 124
"""Exit status when ``--wait``/``orders wait`` gave up at ``--timeout`` (as ``timeout(1)``)."""
EXIT_INTERRUPTED = 130
"""Exit status after Ctrl-C, as shells report SIGINT."""

F = TypeVar("F", bound=Callable[..., Any])

_TOKEN_ENV = ("CONVEYOR_TOKEN", "IVCAP_JWT", "CONVEYOR_SANDBOX_TOKEN")
# Width of the console when stdout is a pipe or file: wider than any table.
_UNBOUNDED_WIDTH = 100_000


@dataclass
class State:
    """The global options of one invocation, and the client made from them on first use."""

    profile: str | None = None
    url: str | None = None
    token: str | None = field(default=None, repr=False)
    output: str = "table"
    at_time: dt.datetime | None = None
    debug: bool = False
    timeout: float | None = None
    retries: int | None = None
    cache_dir: str | None = None
    _client: Client | None = field(default=None, repr=False)
    _extra_secrets: list[str] = field(default_factory=list, repr=False)

    @property
    def json(self) -> bool:
        """Whether output is JSON (``--output json``)."""
        return self.output == "json"

    def client(self) -> Client:
        """The `Client` for ``--url``/``--token``/``--profile``, or the environment, or profiles.

        A token is only taken from ``CONVEYOR_TOKEN`` for ``--url`` when
        ``--token`` is not given; otherwise the SDK's own precedence applies
        (a token always travels with the URL it was configured for).
        """
        if self._client is None:
            from .._client import Client

            token = self.token
            if self.url and token is None:
                token = os.environ.get("CONVEYOR_TOKEN") or None
            kwargs: dict[str, Any] = {}
            if self.timeout is not None:
                kwargs["timeout"] = self.timeout
            if self.retries is not None:
                kwargs["retries"] = self.retries
            if self.cache_dir is not None:
                kwargs["cache_dir"] = self.cache_dir
            self._client = Client(self.url, token=token, profile=self.profile, **kwargs)
            self._warn_if_stopped(self._client)
        return self._client

    def _warn_if_stopped(self, client: Client) -> None:
        """Warn at once when a profile names a loopback platform where nothing listens.

        That is a sandbox profile (``conveyor sandbox serve`` saves one) whose
        sandbox has stopped; without the warning the command would only fail
        after its retries. One local connection attempt, a few milliseconds.
        """
        settings = getattr(client, "_settings", None)
        if settings is None or not settings.source.startswith("profile"):
            return
        name = settings.source.split("'")[1] if "'" in settings.source else "?"
        if not _nothing_listens(settings.url):
            return
        self.note(
            f"warning: profile {name!r} points at {settings.url}, where nothing is listening "
            "(a stopped sandbox?): start it with 'conveyor sandbox serve', "
            "or choose another platform with --profile or --url"
        )

    def adopt(self, client: Client) -> None:
        """Use ``client`` (the demo's embedded sandbox) for this invocation."""
        self._client = client

    def remember_secret(self, secret: str | None) -> None:
        """Blank ``secret`` out of everything printed from now on."""
        if secret:
            self._extra_secrets.append(secret)

    def secrets(self) -> list[str]:
        """Every token this invocation knows of, longest first (for redaction)."""
        found = [self.token, *self._extra_secrets]
        found += [os.environ.get(name) for name in _TOKEN_ENV]
        if self._client is not None:
            found.append(getattr(self._client, "_token", None))
            # And every secret value the client has seen (`conveyor._call.hide`).
            found += getattr(self._client, "_hidden", [])
        unique = {s for s in found if s and len(s) >= 4}
        return sorted(unique, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every known token replaced by ``***``."""
        for secret in self.secrets():
            text = text.replace(secret, "***")
        # A bearer header that slipped into a message, whatever its token.
        return re.sub(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}", r"\1***", text)

    def close(self) -> None:
        """Close the client (and stop an embedded sandbox)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- output -------------------------------------------------------------------

    def console(self, stderr: bool = False) -> Console:
        """A rich console on stdout (or stderr); unbounded when not a terminal, so nothing is cut.

        A table is only as wide as its content, so a pipe or file gets every
        identifier whole on one line, whatever its length.
        """
        from rich.console import Console

        # No emoji codes and no highlighting: data such as "run:ok:done.txt" prints as written.
        console = Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False)
        if not console.is_terminal:
            console.width = _UNBOUNDED_WIDTH
        return console

    def echo_json(self, value: Any) -> None:
        """Print ``value`` as indented JSON on stdout (keys in a stable order)."""
        click.echo(self.redact(json.dumps(value, indent=2, ensure_ascii=False, default=str)))

    def echo(self, text: str = "") -> None:
        """Print plain text on stdout."""
        click.echo(self.redact(text))

    def note(self, text: str) -> None:
        """Print a remark on stderr (never part of the machine-readable output)."""
        click.echo(self.redact(text), err=True)

    def table(
        self, columns: Sequence[str], rows: Iterable[Sequence[Any]], empty: str = "nothing found"
    ) -> None:
        """Print a rich table on stdout; ``empty`` (on stderr) when there are no rows.

        Every cell and heading is a `rich.text.Text`, never markup, so data
        such as ``[bold]warn.txt`` prints as written. On a terminal a
        ``status`` column is coloured: failures red, success green.
        """
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        cells = [[self.redact(_cell(v)) for v in row] for row in rows]
        if not cells:
            self.note(empty)
            return
        for index, column in enumerate(columns):
            heading = Text(printable(column))
            if column in ("content", "description"):
                # Long free text is cut (`show` prints it whole): it gives way first.
                table.add_column(heading, overflow="ellipsis", max_width=60, min_width=8)
            elif index == 0:
                # The row's own identifier is never cut nor folded, so it can be copied.
                widest = max(len(row[0]) for row in cells)
                table.add_column(heading, no_wrap=True, min_width=max(widest, len(column)))
            else:
                # Other identifiers and dates stay whole: on a narrow terminal they
                # fold onto more lines rather than lose characters.
                table.add_column(heading, overflow="fold")
        statuses = [index for index, column in enumerate(columns) if column == "status"]
        for row_cells in cells:
            texts = [Text(cell) for cell in row_cells]
            for index in statuses:
                style = STATUS_STYLES.get(row_cells[index])
                if style:
                    texts[index].stylize(style)
            table.add_row(*texts)
        self.console().print(table)

    def error_line(self, message: str) -> str:
        """``error: message``, redacted, with ``error:`` in red when stderr is a colour terminal."""
        prefix = "error:"
        if _colour(sys.stderr):
            prefix = click.style(prefix, fg="red", bold=True)
        return f"{prefix} {printable(self.redact(message))}"

    @contextmanager
    def progress(self, description: str, total: int | None) -> Iterator[Callable[[int, int], None]]:
        """A progress bar on stderr; yields the ``progress(done, total)`` callback for the SDK."""
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        console = self.console(stderr=True)
        with Progress(
            # The description holds a file's name: text, never markup.
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            DownloadColumn(binary_units=True),  # KiB/MiB, as sizes are shown everywhere
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=console.is_terminal,
        ) as bar:
            task = bar.add_task(description, total=total)

            def update(done: int, all_bytes: int) -> None:
                # A stream's total is -1 (unknown) until it ends.
                bar.update(task, completed=done, total=all_bytes if all_bytes > 0 else None)

            yield update


STATUS_STYLES = {"failed": "red", "error": "red", "succeeded": "green"}
"""How a table colours a ``status`` cell on a terminal (other statuses stay plain)."""


def _colour(stream: Any) -> bool:
    """Whether ``stream`` is a terminal that may be coloured (``NO_COLOR`` unset)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def _cell(value: Any) -> str:
    from .._display import _text

    if value is None:
        return ""
    return printable(_text(value))


pass_state = click.make_pass_decorator(State)
"""Decorator giving a command the invocation's `State` as its first argument."""


# -- dates ----------------------------------------------------------------------------

_RELATIVE = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)"
    r"\s+ago\s*$",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_when(text: str, now: dt.datetime | None = None) -> dt.datetime:
    """An aware datetime from date text: ISO 8601, anything dateutil reads, or relative words.

    Relative forms: ``now``, ``today``, ``yesterday`` (midnight, local time)
    and ``<n> <seconds|minutes|hours|days|weeks> ago``. Text without a time
    zone is local time.

    Raises:
        InvalidParameter: Text that is none of these.
    """
    current = now or dt.datetime.now().astimezone()
    word = text.strip().lower()
    if word == "now":
        return current
    if word in ("today", "yesterday"):
        midnight = current.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - dt.timedelta(days=1) if word == "yesterday" else midnight
    match = _RELATIVE.match(text)
    if match:
        amount = float(match.group(1))
        unit = match.group(2).lower()[0]
        return current - dt.timedelta(seconds=amount * _UNIT_SECONDS[unit])
    from .._paging import to_datetime

    value: dt.datetime = to_datetime(text, "--at-time")
    return value


# -- the group that turns errors into one line ------------------------------------------


class ConveyorGroup(click.Group):
    """A click group whose commands report failures as one line on stderr.

    `ConveyorError` and `OSError` become ``error: <message>`` and exit status
    1 (2 for a parameter refused before any request; commands that wait exit
    `EXIT_TIMEOUT` themselves); Ctrl-C exits 130. With ``--debug`` the
    traceback follows the line. Either way every known token is blanked out
    first, and the message speaks in flags (`CLI_PHRASES`).
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """Parse the global options; a usage error among them is reported in one line too."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.exceptions.ClickException as exc:
            _show_in_one_line(exc)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning expected failures into a one-line message."""
        try:
            return super().invoke(ctx)
        except click.exceptions.ClickException as exc:
            # A usage error of a subcommand (bad option, missing argument, bad value).
            _show_in_one_line(exc)
            raise
        except InvalidParameter as exc:
            # Refused before any request: the command line was wrong (status 2).
            fail(ctx, exc, EXIT_USAGE if exc.status is None else EXIT_ERROR)
        except (ConveyorError, OSError) as exc:
            fail(ctx, exc, hint=_advice(ctx, exc))
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            # A bug, not a user error: still one line (and a pointer to --debug).
            fail(ctx, _Unexpected(exc))


def _nothing_listens(url: str) -> bool:
    """Whether ``url`` is on this machine (loopback) and its port refuses connections."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    if host not in ("localhost", "127.0.0.1", "::1"):
        return False
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with socket.create_connection((host, port), timeout=0.5):
            return False
    except ConnectionRefusedError:
        return True
    except (OSError, ValueError):
        return False  # not a clear "nothing there": let the command find out


def _advice(ctx: click.Context, exc: BaseException) -> str | None:
    """What to do about ``exc``, when the command line knows better than the SDK.

    For a 401 it names where the platform's URL came from and whether a
    token was sent (never the token), and the ways to give one; for a
    platform that cannot be reached, where its URL came from and how to
    give another.
    """
    state = ctx.find_object(State)
    client = state._client if state is not None else None
    settings = getattr(client, "_settings", None)
    if isinstance(exc, TransportError) and not isinstance(exc, CreationUncertain):
        if settings is None:
            return None
        return (
            f"the platform {settings.url} came from {settings.source}: check that it is "
            "running and reachable, or give another with --url or --profile"
        )
    if not isinstance(exc, Unauthorized):
        return None
    if settings is None:
        return "give a token with --token, CONVEYOR_TOKEN or a profile"
    source: str = settings.source
    sent = "a token was sent and refused" if settings.token else "no token was sent"
    # A token travels with its URL, so the advice follows where the URL came from.
    if source.startswith("profile"):
        name = source.split("'")[1] if "'" in source else "NAME"
        how = f"save one in it: conveyor profiles add {name} {settings.url} --token-stdin"
    elif "IVCAP" in source:
        how = "set IVCAP_JWT (or give --url with --token)"
    elif source.startswith("environment"):
        how = "set CONVEYOR_TOKEN (or give --token)"
    else:
        source = "--url"
        how = "give --token (or set CONVEYOR_TOKEN)"
    return f"the platform {settings.url} came from {source} and {sent}: {how}"


def _show_in_one_line(exc: click.exceptions.ClickException) -> None:
    """Make click print ``exc`` as ``error: ...`` on one line instead of its usage block.

    Click shows an exception by calling its ``show()``; an attribute on the
    instance takes the method's place, so click's own exit status stays.
    """

    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        return  # a group run bare shows its help: that is the answer, not an error

    def show(file: Any = None) -> None:
        message = " ".join(exc.format_message().split())
        context = getattr(exc, "ctx", None)
        if isinstance(exc, click.UsageError) and context is not None:
            message += f" (see '{context.command_path} --help')"
        state = context.find_object(State) if context is not None else None
        click.echo((state or State()).error_line(message), err=True)

    exc.show = show  # type: ignore[method-assign]


class _Unexpected(Exception):
    """Wraps an unexpected exception so its one-line report says it is a bug."""

    def __init__(self, cause: Exception) -> None:
        self.cause = cause
        super().__init__(
            f"unexpected {type(cause).__name__}: {cause} "
            "(a bug in Conveyor; --debug shows the traceback)"
        )
        self.__cause__ = cause


def fail(
    ctx: click.Context, exc: BaseException, status: int = EXIT_ERROR, hint: str | None = None
) -> NoReturn:
    """Print ``exc`` as one redacted line (plus the traceback with ``--debug``) and exit.

    ``hint`` (what to do next) ends the line after a semicolon.
    """
    state = ctx.find_object(State) or State()
    if state.debug:
        text = "".join(traceback.format_exception(exc))
        click.echo(state.redact(text.rstrip()), err=True)
    message = _one_line(exc)
    click.echo(state.error_line(f"{message}; {hint}" if hint else message), err=True)
    ctx.exit(status)


# What the SDK's messages say in Python, and how the command line says it. A test
# checks each Python phrase is still in the SDK's sources, so none goes stale.
CLI_PHRASES = (
    ("give schema=", "give --schema"),
    ("give service=", "give --service"),
    ("use to_svg(), to_mermaid() or to_dot() instead", "use --format svg, mermaid or dot instead"),
)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError) and exc.filename and not isinstance(exc, ConveyorError):
        return f"no such file: {exc.filename}"
    if isinstance(exc, OSError) and exc.strerror and not isinstance(exc, ConveyorError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    text = str(exc) or type(exc).__name__
    if isinstance(exc, ConfigurationError) and text.startswith("no Conveyor platform configured"):
        # The SDK's help names Client() arguments; say it in command-line terms.
        return (
            "no Conveyor platform configured: give --url (and --token), set CONVEYOR_URL and "
            "CONVEYOR_TOKEN, or add a profile with `conveyor profiles add NAME URL` "
            "(`conveyor demo` needs none: it runs its own sandbox)"
        )
    if isinstance(exc, ConveyorError):
        for python, cli in CLI_PHRASES:
            text = text.replace(python, cli)
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


@contextmanager
def cli_parameter_names(definitions: Sequence[Any]) -> Iterator[None]:
    """Within, a refused parameter's message names it as the command line does (``min-length``).

    The SDK names parameters by their Python keyword (``min_length``); on the
    command line they are written as the service declares them. Each
    definition is a `ServiceParameter`.
    """
    renames = {d.python_name: d.name for d in definitions if d.python_name != d.name}
    try:
        yield
    except InvalidParameter as exc:
        if renames:
            pattern = re.compile(
                r"(?<![\w-])(" + "|".join(re.escape(name) for name in renames) + r")(?![\w-])"
            )
            exc.message = pattern.sub(lambda m: renames[m.group(1)], exc.message)
            exc.parameter = renames.get(exc.parameter or "", exc.parameter)
            exc.args = (exc._describe(), *exc.args[1:])
        raise


def usage_error(message: str) -> NoReturn:
    """Stop with a usage error (exit status 2) naming the problem."""
    raise click.UsageError(message)


# -- debug logging ------------------------------------------------------------------------


class _RedactingFilter(logging.Filter):
    def __init__(self, state: State) -> None:
        super().__init__()
        self.state = state

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.state.redact(record.getMessage())
        record.args = None
        return True


def enable_debug_logging(state: State) -> None:
    """Log Conveyor's and httpx's messages to stderr, tokens blanked."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("debug: %(name)s: %(message)s"))
    handler.addFilter(_RedactingFilter(state))
    for name in ("conveyor", "httpx"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)


def show_retries(state: State) -> None:
    """Print each retry on stderr as it happens (``retry: ...``), tokens blanked.

    A platform that does not answer then shows why the command is waiting,
    instead of seconds of silence before the final error.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("retry: %(message)s"))
    handler.addFilter(_RedactingFilter(state))
    handler.set_name("conveyor-cli-retries")
    logger = logging.getLogger("conveyor.retry")
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.propagate = False  # --debug's handler on "conveyor" would print it twice


def hide_retries() -> None:
    """Remove the handler `show_retries` added (tests invoke the CLI many times)."""
    logger = logging.getLogger("conveyor.retry")
    for handler in list(logger.handlers):
        if handler.get_name() == "conveyor-cli-retries":
            logger.removeHandler(handler)
    logger.propagate = True


def disable_debug_logging() -> None:
    """Remove the handlers `enable_debug_logging` added (tests invoke many times)."""
    for name in ("conveyor", "httpx"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if any(isinstance(f, _RedactingFilter) for f in handler.filters):
                logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)


def parse_pairs(pairs: Sequence[str]) -> dict[str, str]:
    """``["a=1", "b=x y"]`` as ``{"a": "1", "b": "x y"}``; a usage error without ``=``."""
    result: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            usage_error(f"parameters are name=value pairs, not {pair!r}")
        result[name] = value
    return result


def load_json_argument(text: str) -> Any:
    """JSON from text, from ``@file``, or from stdin for ``-``."""
    if text == "-":
        source = sys.stdin.read()
    elif text.startswith("@"):
        with open(text[1:], encoding="utf-8") as handle:
            source = handle.read()
    else:
        source = text
    try:
        return json.loads(source)
    except json.JSONDecodeError as exc:
        usage_error(f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")


def mapping_rows(items: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Columns (the union of keys, in first-seen order) and rows of plain mappings."""
    materialised = list(items)
    columns: list[str] = []
    for item in materialised:
        for key in item:
            if key not in columns:
                columns.append(key)
    rows = [[_compact(item.get(c)) for c in columns] for item in materialised]
    return columns, rows


def _compact(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value
