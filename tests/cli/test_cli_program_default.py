"""A portfolio on the first shipped default keeps it; the CLI says how to compare and switch."""

from __future__ import annotations

import re
from pathlib import Path

from prm_desktop.bootstrap import open_app
from prm_desktop.cli import main
from prm_desktop.domain.i18n import set_language
from prm_desktop.services import programs

OLD_DEFAULT = Path(__file__).resolve().parents[1] / "data" / "default_program_v1.toml"


def test_old_default_is_kept_and_the_new_one_offered(tmp_path, capsys) -> None:
    ctx = open_app(tmp_path, seed_program=False)
    programs.import_program(ctx.uow, OLD_DEFAULT.read_text("utf-8"))
    ctx.close()
    assert main(["--data-dir", str(tmp_path), "program", "list"]) == 0
    captured = capsys.readouterr()
    assert re.search(r"^\*\s+vendor-2026\s", captured.out, re.M)
    assert re.search(r"^\s+vendor-2026-v2\s", captured.out, re.M)
    assert "evaluate --compare vendor-2026-v2" in captured.err
    try:
        assert main(["--data-dir", str(tmp_path), "--lang", "fr", "program", "list"]) == 0
        assert "reste actif" in capsys.readouterr().err
    finally:
        set_language("en")
    assert main(["--data-dir", str(tmp_path), "evaluate", "--compare", "vendor-2026-v2", "--json"]) == 0
