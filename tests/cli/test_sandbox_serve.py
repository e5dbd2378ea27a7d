"""``conveyor sandbox serve`` as a real process: serves, saves a profile, stops on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import Run


def test_serve_saves_a_profile_and_stops_on_sigint(run: Run, env: dict[str, str]) -> None:
    token = "cvy-serve-test-token-8e1f0a"
    child_env = {**os.environ, **env, "CONVEYOR_SANDBOX_TOKEN": token}
    process = subprocess.Popen(
        [sys.executable, "-m", "conveyor.cli", "sandbox", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env,
    )
    try:
        assert process.stdout is not None
        lines = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        banner = "".join(lines)
        assert "Conveyor sandbox serving at http://127.0.0.1:" in banner, banner
        assert "profile:  'sandbox' saved" in banner

        from conveyor import ProfileStore

        profile = ProfileStore(Path(env["CONVEYOR_CONFIG"])).get("sandbox")
        assert profile.token == token and profile.url in banner
        listed = run("--profile", "sandbox", "services", "list")
        assert "word-count" in listed.stdout
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "sandbox stopped" in err
    assert token not in banner + out + err
