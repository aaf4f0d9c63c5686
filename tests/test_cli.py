"""The command line: errors are one line with the right exit code, never a traceback."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_missing_path_is_one_line_and_exit_2():
    result = run("no/such/file.txt")
    assert result.returncode == 2
    assert result.stderr.strip() == "briefing: no such file or folder: no/such/file.txt"
    assert "Traceback" not in result.stderr


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("briefing ")


def test_bad_config_is_one_line(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("feeds = [ this is not toml", encoding="utf-8")
    result = run("--config", str(config), "fixtures")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not valid TOML" in result.stderr


def test_plain_launch_defaults_are_what_the_parser_gives():
    """`briefing` with no arguments skips argparse; what it passes on must be exactly what parsing [] gives."""
    from briefing.cli import app_defaults, build_parser

    assert vars(app_defaults()) == vars(build_parser().parse_args([]))


def test_startup_gc_hold_and_release():
    """The collector is off between hold and release only, and release without hold leaves it alone."""
    import gc

    from briefing.startup import gc_held, hold_gc, release_gc

    assert gc.isenabled()
    release_gc()  # never held: nothing happens
    assert gc.isenabled() and not gc_held()
    try:
        hold_gc()
        assert not gc.isenabled() and gc_held()
        hold_gc()  # twice is harmless
        assert not gc.isenabled()
    finally:
        release_gc()
    assert gc.isenabled() and not gc_held()
    release_gc()
    assert gc.isenabled()
