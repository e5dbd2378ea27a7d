"""Entry point of ``python -m conveyor_sandbox``."""

from conveyor_sandbox._cli import cli_main

raise SystemExit(cli_main())
