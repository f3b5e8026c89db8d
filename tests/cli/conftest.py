"""Fixtures of the CLI tests: ``data_dir`` holds a portfolio (only ``demo`` creates one)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data_dir(data_dir: Path, fresh_portfolio_file: Path) -> Path:
    """A portfolio folder of its own, with a fresh portfolio in it (as the GUI's first run leaves it)."""
    from prm_desktop.bootstrap import open_app
    from tests.conftest import copy_fresh_portfolio

    copy_fresh_portfolio(fresh_portfolio_file, data_dir)
    open_app(data_dir).close()
    return data_dir


@pytest.fixture(autouse=True)
def _isolated_default_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform's default data folder (used without --data-dir) lies inside the test's folder."""
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / "xdg" / var.lower()))
    return tmp_path / "xdg"
