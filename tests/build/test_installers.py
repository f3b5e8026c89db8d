"""What can be checked here of the installers: the Linux tarball and its install script, the ``.desktop``
entry (desktop-file-validate), the Windows Inno Setup script against the built folder, the macOS
Info.plist (plistlib). Runs with ``make test-build`` after ``make package-linux``."""

from __future__ import annotations

import plistlib
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path, PureWindowsPath

import pytest

from prm_desktop import config
from tests.conftest import IN_CI

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
NAME = f"{config.APP_ID}-{config.VERSION}"
BUNDLE = ROOT / "dist" / NAME


def _validator() -> str:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        message = "desktop-file-validate is missing (Debian: desktop-file-utils; .ci/run installs it)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return tool


def _validate(path: Path) -> None:
    done = subprocess.run([_validator(), str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_the_desktop_entry_is_valid() -> None:
    _validate(PACKAGING / "linux" / "prm-desktop.desktop")


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tarballs = sorted((ROOT / "dist").glob(f"{NAME}-linux-*.tar.gz"))
    if not tarballs:
        pytest.fail("no Linux tarball in dist/: run `make package-linux`", pytrace=False)
    target = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(tarballs[-1]) as tar:
        tar.extractall(target, filter="tar")
    return target / NAME


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux tarball")
def test_the_tarball_installs_upgrades_and_uninstalls_for_one_user(unpacked: Path, tmp_path: Path) -> None:
    assert (unpacked / "VERSION").read_text("utf-8").strip() == config.VERSION
    assert "Qt" in (unpacked / "THIRD_PARTY_NOTICES.txt").read_text("utf-8")
    home = tmp_path / "home"
    data = home / ".local" / "share" / "prm-desktop"
    data.mkdir(parents=True)
    (data / "prm.sqlite3").write_bytes(b"the user's portfolio")
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # the second install is an upgrade over the first
        done = subprocess.run(["sh", str(unpacked / "install.sh")], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    entry = home / ".local" / "share" / "applications" / "prm-desktop.desktop"
    _validate(entry)
    program = Path(re.search(r"^Exec=(\S+)", entry.read_text("utf-8"), re.M).group(1))
    assert program == home / ".local" / "lib" / "prm-desktop" / "prm-desktop"
    version = subprocess.run([str(home / ".local" / "bin" / "prm-desktop"), "--version"], capture_output=True,
                             text=True, env={**env, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)  # fmt: skip
    assert version.stdout.strip() == f"prm-desktop {config.VERSION}", version.stderr
    assert (home / ".local" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "prm-desktop.png").is_file()
    done = subprocess.run(["sh", str(unpacked / "install.sh"), "--uninstall"], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and not program.exists() and not entry.exists()
    assert (data / "prm.sqlite3").read_bytes() == b"the user's portfolio"


def _inno_paths(script: str) -> list[tuple[str, str]]:
    """(kind, path) of every file the Inno Setup script takes from the build or installs and runs."""
    defines = dict(re.findall(r'^#define (\w+) "([^"]*)"', script, re.M))
    build_dir = re.search(r'^#define BuildDir "([^"]*)" \+ AppVersion', script, re.M).group(1) + config.VERSION

    def expand(value: str) -> str:
        value = value.replace("{#BuildDir}", build_dir)
        return re.sub(r"\{#(\w+)\}", lambda m: defines.get(m.group(1), m.group(0)), value)

    found = [("source", expand(v)) for v in re.findall(r'^Source: "([^"]+)"', script, re.M)]
    found += [("installed", expand(v)) for v in re.findall(r'Filename: "([^"]+)"', script)]
    found += [("setup", expand(v)) for v in re.findall(r"^(?:SetupIconFile|LicenseFile|UninstallDisplayIcon)=(.+)$",
                                                        script, re.M)]  # fmt: skip
    return found


def _local(path: str) -> Path:
    """A Windows path of the script, on this system (``.exe`` programs have no suffix off Windows)."""
    parts = PureWindowsPath(path).parts
    local = Path(*parts)
    if sys.platform != "win32" and local.suffix == ".exe":
        local = local.with_suffix("")
    return local


def test_every_file_the_inno_setup_script_names_exists_in_the_built_folder() -> None:
    if not BUNDLE.is_dir():
        pytest.fail(f"no bundle at {BUNDLE}: run `make build` first", pytrace=False)
    script_dir = PACKAGING / "windows"
    script = (script_dir / "prm-desktop.iss").read_text("utf-8")
    paths = _inno_paths(script)
    assert {kind for kind, _ in paths} == {"source", "installed", "setup"}
    missing = []
    for kind, path in paths:
        if path.startswith("{app}\\"):
            local = BUNDLE / _local(path.removeprefix("{app}\\"))
        else:
            local = (script_dir / _local(path)).resolve()
        if local.name == "*":
            ok = local.parent.is_dir() and any(local.parent.iterdir())
        else:
            ok = local.is_file()
        if not ok:
            missing.append(f"{kind}: {path} -> {local}")
    assert not missing, "\n".join(missing)


def test_the_macos_info_plist() -> None:
    sys.path.insert(0, str(PACKAGING / "macos"))
    try:
        from info_plist import info_plist
    finally:
        sys.path.pop(0)
    entries = plistlib.loads(plistlib.dumps(info_plist(config.VERSION)))
    assert entries["CFBundleShortVersionString"] == entries["CFBundleVersion"] == config.VERSION
    assert entries["CFBundleName"] == config.APP_NAME and entries["CFBundlePackageType"] == "APPL"
    assert re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", entries["CFBundleIdentifier"])
    assert entries["CFBundleExecutable"] == config.APP_ID  # the GUI program build.spec makes
    assert (ROOT / "resources" / "icons" / entries["CFBundleIconFile"]).read_bytes()[:4] == b"icns"
    assert entries["NSHighResolutionCapable"] is True and entries["LSMinimumSystemVersion"]
    assert set(entries["CFBundleLocalizations"]) == {"en", "fr"}
    spec = (ROOT / "build.spec").read_text("utf-8")
    assert "info_plist(config.VERSION)" in spec and "BUNDLE(" in spec
