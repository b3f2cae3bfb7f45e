"""The built wheel ships grammar/ and rules/: installed `instr` works from any directory."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to copy the tree")
def test_wheel_install_runs_from_another_directory(tmp_path):
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-w", str(wheel_dir), str(ROOT)], capture_output=True, text=True)
    if build.returncode != 0 and "hatchling" in build.stderr:
        pytest.skip("hatchling is not installed for a no-isolation build")
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(wheel_dir.glob("instr_analyzer-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([py, "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(ROOT / "samples" / "tuttle.txt", elsewhere / "draft.txt")
    result = subprocess.run([env_dir / "bin" / "instr", "check", "draft.txt"], cwd=elsewhere,
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "draft.txt:" in result.stdout and "PL01" in result.stdout
    where = subprocess.run([py, "-c", "import instr_analyzer.resources as r; "
                            "print(r.data_dir('rules'))"], cwd=elsewhere, capture_output=True,
                           text=True, check=True).stdout
    assert "site-packages" in where
