"""build.spec takes the app identity from config.py and ships resources and migrations."""

from __future__ import annotations

import ast
from pathlib import Path

from prm_desktop import config

ROOT = Path(__file__).resolve().parents[2]


def test_build_spec_reads_name_and_version_from_config() -> None:
    source = (ROOT / "build.spec").read_text("utf-8")
    tree = ast.parse(source)
    imported = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "prm_desktop"]
    assert imported and any(a.name == "config" for a in imported[0].names)
    assert "config.APP_ID" in source and "config.VERSION" in source
    assert '"prm_desktop/resources"' in source and '"prm_desktop/migrations"' in source
    assert config.VERSION and config.APP_ID == "prm-desktop"
