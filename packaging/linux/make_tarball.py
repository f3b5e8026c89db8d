"""Pack the one-folder app into the Linux tarball: ``make package-linux``.

``dist/prm-desktop-VERSION-linux-ARCH.tar.gz`` holds ``prm-desktop-VERSION/`` with ``app/`` (the
built folder), ``install.sh`` (per-user install or upgrade, menu entry and icons), the ``.desktop``
entry, the icons, the third-party notices and ``README.txt``. The ``.desktop`` entry is checked with
``desktop-file-validate`` (Debian: desktop-file-utils) when it is installed.
"""

from __future__ import annotations

import io
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from prm_desktop import config  # noqa: E402

README = """PRM Desktop {version} for Linux (x86-64, glibc 2.31 or newer)

Install or upgrade for yourself (no administrator rights):   ./install.sh
Then start "PRM Desktop" from the applications menu, or run ~/.local/bin/prm-desktop.
The command line is the same program: ~/.local/bin/prm-desktop --help
Check the installation: ~/.local/bin/prm-desktop self-check
Remove the program (your data stays):  ./install.sh --uninstall

Without installing: ./app/prm-desktop
Your data (database, backups, settings) is in ~/.local/share/prm-desktop and ~/.config/prm-desktop;
a newer version upgrades it on its first start, after a backup.
Licences of the components: THIRD_PARTY_NOTICES.txt.
"""


def validate_desktop_file(path: Path) -> None:
    """Run desktop-file-validate on ``path`` (a warning, not a failure, when the tool is missing)."""
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        print("desktop-file-validate not found (Debian: apt-get install desktop-file-utils): not checked")
        return
    done = subprocess.run([tool, str(path)], capture_output=True, text=True)
    if done.returncode != 0 or done.stdout.strip():
        raise SystemExit(f"{path.name} is not valid:\n{done.stdout}{done.stderr}")


def build(app_dir: Path, out_dir: Path) -> Path:
    """Write the tarball of ``app_dir`` into ``out_dir``; returns its path."""
    name = f"{config.APP_ID}-{config.VERSION}"
    machine = platform.machine().lower().replace("amd64", "x86_64")
    target = out_dir / f"{name}-linux-{machine}.tar.gz"
    desktop = HERE / "prm-desktop.desktop"
    validate_desktop_file(desktop)
    icons = ROOT / "resources" / "icons"
    partial = target.with_suffix(".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(app_dir, arcname=f"{name}/app")
        tar.add(desktop, arcname=f"{name}/prm-desktop.desktop")
        tar.add(HERE / "install.sh", arcname=f"{name}/install.sh")
        tar.add(ROOT / "resources" / "THIRD_PARTY_NOTICES.txt", arcname=f"{name}/THIRD_PARTY_NOTICES.txt")
        for icon in [*sorted(icons.glob(f"{config.APP_ID}-*.png")), icons / f"{config.APP_ID}.svg"]:
            tar.add(icon, arcname=f"{name}/icons/{icon.name}")
        for text, member in ((README.format(version=config.VERSION), "README.txt"), (config.VERSION + "\n", "VERSION")):
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"{name}/{member}")
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    partial.replace(target)
    return target


def main(argv: list[str]) -> int:
    """``make_tarball.py APP_DIR``: the built one-folder app."""
    app_dir = Path(argv[0]) if argv else ROOT / "dist" / f"{config.APP_ID}-{config.VERSION}"
    if not (app_dir / config.APP_ID).is_file():
        raise SystemExit(f"no built app in {app_dir}: run `make build` first")
    target = build(app_dir, app_dir.parent)
    print(f"Linux tarball: {target} ({target.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
