"""``conveyor sandbox serve`` as a real process: serves, saves a profile, stops on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import Run


def test_serve_saves_a_profile_and_stops_on_sigint(
    run: Run, env: dict[str, str], tmp_path: Path
) -> None:
    token = "cvy-serve-test-token-8e1f0a"
    data_dir = tmp_path / "data"
    child_env = {**os.environ, **env, "CONVEYOR_SANDBOX_TOKEN": token}
    serve = ["sandbox", "serve", "--port", "0", "--data-dir", str(data_dir)]
    process = subprocess.Popen(
        [sys.executable, "-m", "conveyor.cli", *serve],
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
    # The token is printed once, in the export line the user asked for by serving,
    # and nowhere else: not on stderr, not in the sandbox's files or log.
    export = f"  export CONVEYOR_URL={profile.url} CONVEYOR_TOKEN={token}\n"
    assert export in banner and (banner + out).count(token) == 1
    assert token not in err
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


def test_a_profile_of_a_stopped_sandbox_is_warned_of_at_once(run: Run, env: dict[str, str]) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port with nothing listening on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    run("profiles", "add", "sandbox", url, "--token", "cvy-stopped-token-1234")
    started = time.monotonic()
    result = run("--profile", "sandbox", "--retries", "0", "services", "list", code=1)
    assert time.monotonic() - started < 5
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"warning: profile 'sandbox' points at {url}, where nothing")
    assert "conveyor sandbox serve" in lines[0]
    assert f"the platform {url} came from profile 'sandbox'" in lines[-1]
    assert "--url or --profile" in lines[-1]
    # A profile whose platform answers gets no warning.
    served = run("services", "list")
    assert "warning" not in served.stderr
