"""Shared fixtures: offscreen Qt, a hypothesis CI profile, and a fresh portfolio per test."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("PRM_DATA_DIR", None)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, max_examples=100, derandomize=True)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: The sample files users really send: ``../shared/samples`` beside the repository, or ``PRM_SAMPLES_DIR``.
SAMPLES = Path(os.environ.get("PRM_SAMPLES_DIR") or Path(__file__).resolve().parents[1].parent / "shared" / "samples")
#: Under CI (``CI=true``) a test never passes by skipping: missing samples are a failure.
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def missing_samples(reason: str) -> None:
    """Fail under CI, skip elsewhere (a developer without the samples folder)."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing sample is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user config (the portfolio folder saved in Settings)."""
    monkeypatch.setenv("PRM_CONFIG_DIR", str(tmp_path_factory.mktemp("user-config")))
    monkeypatch.delenv("PRM_DATA_DIR", raising=False)
    monkeypatch.setenv("LANGUAGE", "en")  # the CLI follows the system language: English unless a test says


@pytest.fixture(autouse=True)
def _english_by_default():
    """Every test starts in English and leaves the language as it found it."""
    from prm_desktop.domain import i18n

    before = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture
def samples() -> Path:
    """Folder of the sample files users really send (../shared/samples)."""
    if not SAMPLES.is_dir():
        missing_samples(f"sample files not found at {SAMPLES} (../shared/samples beside the repo, or PRM_SAMPLES_DIR)")
    return SAMPLES


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty portfolio folder of its own."""
    folder = tmp_path / "portfolio"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def fresh_portfolio_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh portfolio's SQLite file (every migration run, the seed program active), made once per run.

    Each test opens a copy of it (``copy_fresh_portfolio``): running the migrations for every test cost
    about a second of waiting on the disk each. A copy opened elsewhere takes its own sync identity,
    as a portfolio copied by a user does.
    """
    from prm_desktop.bootstrap import open_app

    folder = tmp_path_factory.mktemp("fresh-portfolio") / "portfolio"
    open_app(folder).close()
    return folder / "prm.sqlite3"


def copy_fresh_portfolio(template: Path, data_dir: Path) -> None:
    """Put a copy of the fresh portfolio file ``template`` in ``data_dir`` (unless it holds a portfolio)."""
    import shutil

    target = data_dir / template.name
    if target.exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)


@pytest.fixture
def app_ctx(data_dir: Path, fresh_portfolio_file: Path):
    """An open portfolio on a fresh SQLite file, with the seed program active."""
    from prm_desktop.bootstrap import open_app

    copy_fresh_portfolio(fresh_portfolio_file, data_dir)
    ctx = open_app(data_dir)
    yield ctx
    ctx.close()


@pytest.fixture
def uow(app_ctx):
    """The unit-of-work factory of the fresh portfolio."""
    return app_ctx.uow
