"""``program import`` warns when a month window is counted over quarterly revenue."""

from __future__ import annotations

from prm_desktop.cli import main

PROGRAM = """
[program]
id = "months"
name = "Months"
valid_from = 2026-01-01
revenue_window = "trailing_months"
revenue_window_months = 12

[[tiers]]
id = "gold"
name = "Gold"
rank = 1
min_revenue = 100000
"""


def test_month_window_is_a_load_warning(data_dir, app_ctx, tmp_path, capsys) -> None:
    app_ctx.close()
    path = tmp_path / "months.toml"
    path.write_text(PROGRAM, encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "program", "import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "warning: revenue is recorded by quarter: the 12-month window counts the quarters that start within " \
           "its months" in err
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "program", "import", str(path)]) == 0
    assert "avertissement\u00a0: le CA est enregistré par trimestre\u00a0: la fenêtre de 12\u00a0mois" in \
        capsys.readouterr().err
