"""The ``conveyor`` command line: the SDK from a shell, plus the demo and a local sandbox.

::

    conveyor demo                                   # the whole story against an embedded sandbox
    conveyor sandbox serve                          # a local platform, saved as profile 'sandbox'
    conveyor --profile sandbox services list
    conveyor orders place word-count text=@notes.txt --wait
    conveyor -o json artifacts list | jq '.[].id'

Global options come before the command: ``--profile``, ``--url``,
``--token``, ``--output table|json``, ``--at-time``, ``--timeout`` and
``--debug``. The command line needs the ``cli`` extra (click and rich):
``pip install 'conveyor[cli]'``; the SDK itself never imports them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._app import cli

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (the ``conveyor`` script); exits with the command's status."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="conveyor")
