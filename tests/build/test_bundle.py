"""The built one-folder app really runs (``make test-build``; not part of ``make test``).

Every command runs the bundle in ``dist/`` as a user would, in a subprocess, offscreen, on a portfolio
of its own: the version, a 50-partner demo, ``info``, an import of a real sample through worker
processes (``self-check --import``: proves ``freeze_support``), a CLI import, exports, ``evaluate
--json``, a review pack when the command exists, and the GUI staying up 10 s on the demo with no error
logged. The start-up figures go to ``dist/bundle-report.json`` and are printed.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prm_desktop import config
from tests.conftest import SAMPLES, missing_samples

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / f"{config.APP_ID}-{config.VERSION}"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
CLI = BUNDLE / f"{config.APP_ID}-cli{EXE_SUFFIX}"
GUI = BUNDLE / f"{config.APP_ID}{EXE_SUFFIX}"
REPORT = ROOT / "dist" / "bundle-report.json"
#: Seconds the GUI must stay up on the demo portfolio.
GUI_UP_S = 10


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not CLI.is_file():
        pytest.fail(f"no bundle at {BUNDLE}: run `make build` first", pytrace=False)
    return BUNDLE


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home folder of its own: the bundle never reads or writes the real user's files."""
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def env(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP")}
    return {**keep, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local" / "state"), "XDG_RUNTIME_DIR": str(home / "run"),
            "PRM_CONFIG_DIR": str(home / "prm-config"), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8",
            "LANGUAGE": "en", "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip


@pytest.fixture(scope="module")
def portfolio(home: Path) -> Path:
    return home / "portfolio"


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    found: dict[str, float] = {}
    yield found
    REPORT.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")


def run(env: dict[str, str], *args: str | Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run the bundle's command-line program; fail with its output when it exits non-zero."""
    done = subprocess.run([str(CLI), *map(str, args)], env=env, capture_output=True, text=True, timeout=timeout,
                          encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL)  # fmt: skip
    assert done.returncode == 0, f"{args} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    return done


def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        missing_samples(f"sample files not found at {SAMPLES}")
    return SAMPLES


def test_version(bundle: Path, env: dict[str, str], figures: dict[str, float]) -> None:
    started = time.time()  # wall clock, reported in dist/bundle-report.json, never asserted
    done = run(env, "--version")
    figures["cli_version_s"] = round(time.time() - started, 2)
    assert done.stdout.strip() == f"prm-desktop {config.VERSION}"


def test_demo_then_info(bundle: Path, env: dict[str, str], portfolio: Path) -> None:
    done = run(env, "--data-dir", portfolio, "demo", "--partners", "50")
    assert "as batch" in done.stdout
    info = run(env, "--data-dir", portfolio, "info").stdout
    assert str(portfolio / config.DB_FILENAME) in info
    from prm_desktop.storage.database import KNOWN_REVISIONS

    assert f"Schema version: {KNOWN_REVISIONS[-1]}" in info
    assert any(line.split()[:2] == ["partners", "50"] for line in info.splitlines()), info


def test_french_messages(bundle: Path, env: dict[str, str]) -> None:
    assert "affiche la version et quitte" in run(env, "--lang", "fr", "--help").stdout


def test_import_through_the_worker_process(bundle: Path, env: dict[str, str]) -> None:
    sample = samples_dir() / "partners.xlsx"
    done = run(env, "self-check", "--import", "partners", sample)
    assert "Worker process: answered" in done.stdout, done.stdout
    assert "Import through the worker" in done.stdout and "10 rows read" in done.stdout, done.stdout
    assert "everything works" in done.stdout


def test_cli_import_and_exports(bundle: Path, env: dict[str, str], portfolio: Path, home: Path) -> None:
    sample = samples_dir() / "partenaires_excel_fr.csv"  # Windows-1252, `;`, French headers
    done = run(env, "--data-dir", portfolio, "import", "partners", sample)
    assert "Imported as batch" in done.stdout
    out = home / "partners.csv"
    run(env, "--data-dir", portfolio, "export", "partners", "--out", out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        names = {row["name"] for row in csv.DictReader(handle)}
    assert "Armorique Logiciels" in names and len(names) > 50
    xlsx = home / "partners.xlsx"
    run(env, "--data-dir", portfolio, "export", "partners", "--out", xlsx, "--excel-fr")
    assert xlsx.read_bytes()[:2] == b"PK"


def test_the_built_app_upgrades_a_portfolio_of_an_older_release(bundle: Path, env: dict[str, str],
                                                                 home: Path) -> None:  # fmt: skip
    old = home / "old-portfolio"
    shutil.copytree(ROOT / "tests" / "data" / "upgrade_0002", old)
    from prm_desktop.storage.database import KNOWN_REVISIONS

    info = run(env, "--data-dir", old, "info").stdout
    assert f"Schema version: {KNOWN_REVISIONS[-1]}" in info
    assert any(line.split()[:2] == ["partners", "30"] for line in info.splitlines()), info
    assert len(list((old / "backups").glob("*before-upgrade*"))) == 1


def test_evaluate_json(bundle: Path, env: dict[str, str], portfolio: Path) -> None:
    result = json.loads(run(env, "--data-dir", portfolio, "evaluate", "--json").stdout)
    assert result["program_id"] and len(result["partners"]) > 50
    assert all("tier" in partner for partner in result["partners"])


def test_review_pack(bundle: Path, env: dict[str, str], portfolio: Path, home: Path) -> None:
    commands = run(env, "--help").stdout
    if " review " not in commands and "\n    review" not in commands:
        pytest.skip("this version has no `review` command (review packs not merged yet)")
    out = home / "pack.pdf"
    run(env, "--data-dir", portfolio, "review", "pack", "--partner", "Armorique Logiciels",
        "--audience", "partner", "--out", out)  # fmt: skip
    assert out.read_bytes()[:5] == b"%PDF-"


@pytest.fixture(scope="module")
def welcomed(portfolio: Path) -> Path:
    """The demo portfolio past the first-run welcome (the bundle's demo ran from the command line)."""
    from prm_desktop.bootstrap import open_app
    from prm_desktop.services.profile import get_profile, mark_first_run_done

    app = open_app(str(portfolio))
    try:
        if not get_profile(app.uow).first_run_done:
            mark_first_run_done(app.uow)
    finally:
        app.close()
    return portfolio


def _gui(env: dict[str, str], portfolio: Path, lang: str = "en", **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([str(GUI), "--data-dir", str(portfolio), "--lang", lang], env={**env, **extra},
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", errors="replace", start_new_session=True)  # fmt: skip


def _worker_processes(pid: int) -> list[str]:
    """Command lines of the worker processes (``spawn``) started by process ``pid``."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            parent = next(line.split()[1] for line in status.read_text().splitlines() if line.startswith("PPid:"))
            command = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, StopIteration):
            continue
        if parent == str(pid) and "multiprocessing" in command:
            found.append(command)
    return found


def _stop(process: subprocess.Popen[str]) -> str:
    """End the GUI (and the worker processes it started) and return what it printed."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
    return output


@pytest.mark.skipif(sys.platform == "win32", reason="process groups: POSIX")
def test_gui_start_time(bundle: Path, env: dict[str, str], welcomed: Path, home: Path,
                        figures: dict[str, float]) -> None:  # fmt: skip
    for run_name in ("cold", "warm"):
        report = home / f"start-{run_name}.json"
        started = time.time()
        process = _gui(env, welcomed, PRM_BENCH_REPORT=str(report), PRM_BENCH_TABS="1")
        try:
            process.wait(timeout=120)
        finally:
            output = _stop(process)
        assert process.returncode == 0, output
        probe = json.loads(report.read_text("utf-8"))
        figures[f"gui_first_paint_{run_name}_s"] = round(probe["first_paint"] - started, 2)
        figures[f"gui_all_tabs_{run_name}_s"] = round(probe["tabs_done"] - started, 2)
        figures["gui_peak_rss_mb"] = round(probe["peak_rss_mb"], 1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and process groups: Linux")
def test_gui_stays_up_on_the_demo(bundle: Path, env: dict[str, str], welcomed: Path) -> None:
    portfolio = welcomed
    process = _gui(env, portfolio, lang="fr")  # French: Qt's own catalog (qtbase_fr.qm) must load too
    try:
        time.sleep(GUI_UP_S)
        alive = process.poll() is None
        workers = _worker_processes(process.pid)
    finally:
        output = _stop(process)
    assert alive, f"the GUI exited with {process.returncode} within {GUI_UP_S} s:\n{output}"
    # The evaluation refresh ran in a worker process, and the spare worker it left waits for the next job.
    assert workers, f"no worker process of the GUI is running:\n{output}"
    log_text = "".join(path.read_text("utf-8", errors="replace") for path in (portfolio / "logs").glob("*.log*"))
    problems = [line for line in (log_text + output).splitlines()
                if " ERROR " in line or " CRITICAL " in line or "Traceback" in line
                or "were not found" in line]  # fmt: skip
    assert not problems, "\n".join(problems)


def test_bundle_contents(bundle: Path, figures: dict[str, float]) -> None:
    internal = bundle / "_internal"
    size = sum(f.lstat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
    figures["bundle_mb"] = round(size / 1e6, 1)
    assert (internal / "prm_desktop" / "resources" / "locale" / "fr" / "LC_MESSAGES" / "core.po").is_file()
    assert (internal / "prm_desktop" / "migrations" / "env.py").is_file()
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqoffscreen.so", "platforms/libqxcb.so", "platforms/libqwayland.so",
                   "imageformats/libqsvg.so", "imageformats/libqpdf.so"):  # fmt: skip
        if sys.platform.startswith("linux"):
            assert (plugins / plugin).is_file(), plugin
    names = {path.name for path in internal.rglob("*")}
    for unused in ("QtWebEngineCore", "libQt6WebEngineCore.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6",
                   "libQt6Multimedia.so.6", "libQt63DCore.so.6", "prm_server"):  # fmt: skip
        assert unused not in names, unused


def test_every_module_of_the_app_is_frozen_and_the_sync_server_is_not(bundle: Path) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    frozen = set(CArchiveReader(str(CLI)).open_embedded_archive("PYZ.pyz").toc)
    package = ROOT / "prm_desktop"
    ours = {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for path in package.rglob("*.py")}  # fmt: skip
    assert ours - frozen == set()
    server_only = ("prm_server", "fastapi", "starlette", "uvicorn", "psycopg", "tests", "bench")
    assert not [name for name in frozen if name.split(".")[0] in server_only]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd: Linux")
def test_every_qt_library_and_plugin_finds_its_qt_dependencies(bundle: Path) -> None:
    qt = bundle / "_internal" / "PySide6" / "Qt"
    missing = []
    for library in [*qt.glob("lib/*.so*"), *qt.glob("plugins/*/*.so")]:
        listing = subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                                 env={"LD_LIBRARY_PATH": f"{qt / 'lib'}:{bundle / '_internal'}"}).stdout
        missing += [f"{library.name}: {line.strip()}" for line in listing.splitlines()
                    if "not found" in line and "Qt6" in line]  # fmt: skip
    assert not missing, "\n".join(missing)


def test_report(figures: dict[str, float], capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\nbundle figures: " + json.dumps(figures))
