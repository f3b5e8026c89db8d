"""A non-editable install ships resources and migrations and runs the CLI outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_non_editable_install_runs_version_demo_and_info(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheel_dir), str(ROOT)], check=True, cwd=tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(subprocess.check_output([str(py), "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    # Dependencies come from the test's own environment (appended after the venv's site-packages).
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheel_dir.glob("prm_desktop-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q",
                    str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": ""}
    exe = venv / "bin" / "prm-desktop"
    data = tmp_path / "data"

    def run(*args: str) -> str:
        done = subprocess.run([str(exe), "--data-dir", str(data), *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.check_output([str(py), "-c", "import prm_desktop;print(prm_desktop.__file__)"],
                                    cwd=tmp_path, text=True)
    assert str(site) in where
    assert "prm-desktop 0." in run("--version")
    demo = subprocess.run([str(exe), "--data-dir", str(data), "demo", "--partners", "20"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    if "invalid choice: 'demo'" not in demo.stderr:
        assert demo.returncode == 0, demo.stderr
    info = run("info")
    assert "programs" in info and "0001_initial" in info or "Schema version" in info
