"""Same contract, same bytes: whatever the working directory, ruff configuration or TMPDIR."""

from __future__ import annotations

from pathlib import Path

from .conftest import GENERATED, clean_env, run_regen

HOSTILE_RUFF = """\
line-length = 40
indent-width = 2
[lint]
select = ["ALL"]
[format]
quote-style = "single"
line-ending = "cr-lf"
"""


def make_hostile(folder: Path) -> Path:
    """A folder whose ruff configuration (in every form ruff reads) disagrees with ours."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ruff.toml").write_text(HOSTILE_RUFF)
    (folder / ".ruff.toml").write_text(HOSTILE_RUFF)
    (folder / "pyproject.toml").write_text(
        "[tool.ruff]\nline-length = 30\n[tool.ruff.format]\nquote-style = 'single'\n"
    )
    (folder / ".gitignore").write_text("*\n")
    (folder / ".ignore").write_text("*.py\n")
    (folder / "ruff").mkdir(exist_ok=True)
    (folder / "ruff" / "ruff.toml").write_text(HOSTILE_RUFF)  # as a user-level config
    return folder


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_output_is_identical_from_any_directory(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    first = run_regen(
        "--output", tmp_path / "a" / "conveyor_api", cwd=plain, env=clean_env(PYTHONHASHSEED="0")
    )
    assert first.returncode == 0, first.stderr

    hostile = make_hostile(tmp_path / "hostile")
    temp = make_hostile(hostile / "tmp")  # the generator's temporary folder goes in here
    env = clean_env(
        TMPDIR=str(temp),
        XDG_CONFIG_HOME=str(hostile),
        RUFF_LINE_LENGTH="50",
        RUFF_OUTPUT_FORMAT="json",
        RUFF_PREVIEW="true",
        PYTHONHASHSEED="4242",
    )
    second = run_regen("--output", tmp_path / "b" / "conveyor_api", cwd=hostile, env=env)
    assert second.returncode == 0, second.stderr

    a, b = tree(tmp_path / "a" / "conveyor_api"), tree(tmp_path / "b" / "conveyor_api")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert a == tree(GENERATED)
    assert not any(b"\r\n" in content for content in a.values())
    # nothing of the machine it ran on: no temporary or home paths
    for marker in (b"conveyor-regen-", str(tmp_path).encode(), str(Path.home()).encode() + b"/"):
        assert not [name for name, content in a.items() if marker in content], marker
