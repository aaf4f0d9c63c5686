"""A non-editable install (the wheel) finds its stylesheets and samples, and `briefing` starts and quits."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from terminal import Terminal


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Build the wheel and install it, without dependencies, into a folder of its own."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    (wheel,) = out.glob("briefing-*.whl")
    target = out / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    return target


def test_wheel_carries_styles_and_samples(installed: Path):
    package = installed / "briefing"
    assert (package / "styles" / "app.tcss").is_file()
    assert (package / "styles" / "screens.tcss").is_file()
    assert (package / "samples" / "nato-eastern-flank.txt").is_file()
    assert len(list((package / "samples").iterdir())) >= 6


def test_installed_briefing_opens_samples_and_quits(installed: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "TEXTUAL", "XDG_", "BRIEFING_"))}
    env.update(
        PYTHONPATH=str(installed),
        TERM="xterm-256color",
        COLUMNS="120",
        LINES="40",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    # Run from an empty folder so nothing from the checkout can be imported by accident.
    code = "import briefing, sys; print(briefing.__file__)"
    where = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert where.stdout.strip().startswith(str(installed))
    term = Terminal([sys.executable, "-m", "briefing"], cwd=tmp_path, env=env, size=(120, 40))
    try:
        assert term.read_until("NATO mulls pre-assigned forces", timeout=60), term.text()[-2000:]
        assert term.read_until("Jens Stoltenberg", timeout=30)
        term.send("q")
        assert term.wait(timeout=20) == 0
    finally:
        term.close()
    assert "Traceback" not in term.text()


def test_wheel_has_no_stray_files(installed: Path):
    wheel = next(installed.parent.glob("briefing-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]
