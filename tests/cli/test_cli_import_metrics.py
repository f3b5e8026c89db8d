"""``prm-desktop import metrics|facts FILE``: program-declared ids, periods, idempotence, row errors."""

from __future__ import annotations

import json
from pathlib import Path

from prm_desktop.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"


def cli(data_dir, *args) -> int:
    return main(["--data-dir", str(data_dir), *args])


def _portfolio(data_dir, tmp_path, capsys) -> None:
    assert cli(data_dir, "program", "import", str(EXAMPLES / "aws_services_path.toml")) == 0
    partners = tmp_path / "partners.csv"
    partners.write_text("nom,siren\nNuage Conseil,732829320\nAtelier Cloud,552100554\n", encoding="utf-8")
    assert cli(data_dir, "import", "partners", str(partners)) == 0
    capsys.readouterr()


def test_metrics_import_with_french_headers_is_idempotent_and_evaluated(data_dir, tmp_path, capsys) -> None:
    _portfolio(data_dir, tmp_path, capsys)
    metrics = tmp_path / "indicateurs.csv"
    metrics.write_text(
        "partenaire;indicateur;période;valeur\n"
        "Nuage Conseil;Opportunités lancées;2026-03;2\n"
        "Nuage Conseil;launched_opportunities;2026-Q2;1\n"
        "Nuage Conseil;csat;2026-04;4,5\n",
        encoding="utf-8",
    )
    assert cli(data_dir, "import", "metrics", str(metrics), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "3 to create:" in out and "metric value Nuage Conseil launched_opportunities 2026-03 (line 2)" in out
    assert cli(data_dir, "import", "metrics", str(metrics)) == 0
    assert "3 to create, 0 to update, 0 unchanged" in capsys.readouterr().out
    assert cli(data_dir, "import", "metrics", str(metrics)) == 0
    assert "0 to create, 0 to update, 3 unchanged" in capsys.readouterr().out

    metrics.write_text("partner,metric,period,value\nNuage Conseil,csat,2026-04,3.5\n", encoding="utf-8")
    assert cli(data_dir, "import", "metrics", str(metrics)) == 0
    assert "0 to create, 1 to update, 0 unchanged" in capsys.readouterr().out

    assert cli(data_dir, "evaluate", "--date", "2026-06-30", "--json", "--partner", "Nuage Conseil") == 0
    partner = json.loads(capsys.readouterr().out)["partners"][0]
    assert partner["metrics"]["launched_opportunities"] == 3
    assert partner["metrics"]["csat"] == 3.5
    assert partner["currency"] == "USD"


def test_bad_metric_rows_are_row_errors_and_nothing_is_written(data_dir, tmp_path, capsys) -> None:
    _portfolio(data_dir, tmp_path, capsys)
    metrics = tmp_path / "metrics.csv"
    metrics.write_text(
        "partner,metric,period,value\n"
        "Nuage Conseil,launched_opportunities,2026-03,2\n"
        "Nuage Conseil,launched_opps,2026-03,2\n"
        "Nuage Conseil,csat,mars 2026,4\n"
        "Nuage Conseil,csat,2026-04,beaucoup\n"
        "Inconnu,csat,2026-04,4\n",
        encoding="utf-8",
    )
    assert cli(data_dir, "import", "metrics", str(metrics)) == 1
    err = capsys.readouterr().err
    assert 'line 3: metric: unknown metric "launched_opps"; accepted values: launched_opportunities' in err
    assert 'line 4: period: "mars 2026" is not a period' in err
    assert "line 5: value:" in err
    assert 'line 6: partner: no partner matches "Inconnu"' in err
    assert "Nothing was written" in err
    assert cli(data_dir, "evaluate", "--date", "2026-06-30", "--json", "--partner", "Nuage Conseil") == 0
    partner = json.loads(capsys.readouterr().out)["partners"][0]
    assert partner["metrics"]["launched_opportunities"] == 0


def test_yes_no_facts_import_and_requirement(data_dir, tmp_path, capsys) -> None:
    _portfolio(data_dir, tmp_path, capsys)
    facts = tmp_path / "faits.csv"
    facts.write_text(
        "partenaire;fait;valable du;valable jusqu’au\n"
        "Nuage Conseil;Plan d’affaires conjoint signé;01/01/2026;31/12/2026\n"
        "Atelier Cloud;business_plan;;\n",
        encoding="utf-8",
    )
    assert cli(data_dir, "import", "facts", str(facts)) == 0
    assert "2 to create, 0 to update, 0 unchanged" in capsys.readouterr().out
    assert cli(data_dir, "import", "facts", str(facts)) == 0
    assert "0 to create, 0 to update, 2 unchanged" in capsys.readouterr().out
    assert cli(data_dir, "evaluate", "--date", "2027-01-15", "--json") == 0
    by_name = {p["name"]: p for p in json.loads(capsys.readouterr().out)["partners"]}
    assert by_name["Nuage Conseil"]["facts"] == {"business_plan": False}
    assert by_name["Atelier Cloud"]["facts"] == {"business_plan": True}

    bad = tmp_path / "bad.csv"
    bad.write_text("partner,fact,valid from,valid until\nNuage Conseil,audit,2026-01-01,2027-01-01\n"
                   "Nuage Conseil,business_plan,2026-06-01,2026-01-01\n", encoding="utf-8")
    assert cli(data_dir, "import", "facts", str(bad)) == 1
    err = capsys.readouterr().err
    assert 'line 2: fact: unknown fact "audit"' in err
    assert "line 3: valid until: the end of validity is before its start" in err


def test_currency_mismatch_is_refused_at_import_and_at_activation(data_dir, tmp_path, capsys) -> None:
    partners = tmp_path / "partners.csv"
    partners.write_text("nom\nNuage Conseil\n", encoding="utf-8")
    assert cli(data_dir, "import", "partners", str(partners)) == 0
    revenue = tmp_path / "ca.csv"
    revenue.write_text("partenaire;trimestre;montant;devise\nNuage Conseil;2026-T1;1000;USD\n", encoding="utf-8")
    capsys.readouterr()
    assert cli(data_dir, "import", "revenue", str(revenue)) == 1
    assert ("line 2: devise: amount in USD, but program vendor-2026-v2 counts in EUR and declares no exchange "
            "rate for USD") in capsys.readouterr().err
    revenue.write_text("partenaire;trimestre;montant;devise\nNuage Conseil;2026-T1;1000;eur\n", encoding="utf-8")
    assert cli(data_dir, "import", "revenue", str(revenue)) == 0
    capsys.readouterr()

    usd = (EXAMPLES / "aws_services_path.toml").read_text(encoding="utf-8").replace("EUR = 1.08", "")
    (tmp_path / "usd.toml").write_text(usd, encoding="utf-8")
    assert cli(data_dir, "program", "import", str(tmp_path / "usd.toml")) == 1
    assert "Program aws-services-path counts in USD, but amounts in EUR are stored" in capsys.readouterr().err
    assert cli(data_dir, "program", "import", str(EXAMPLES / "aws_services_path.toml")) == 0
    capsys.readouterr()
    assert cli(data_dir, "evaluate", "--date", "2026-03-31") == 0
    assert "$1,080" in capsys.readouterr().out


def test_evaluate_table_spells_out_scores_metrics_and_facts(data_dir, tmp_path, capsys) -> None:
    assert cli(data_dir, "program", "import", str(EXAMPLES / "microsoft_security.toml")) == 0
    partners = tmp_path / "partners.csv"
    partners.write_text("nom\nNuage Conseil\n", encoding="utf-8")
    assert cli(data_dir, "import", "partners", str(partners)) == 0
    metrics = tmp_path / "m.csv"
    metrics.write_text("partenaire;indicateur;période;valeur\n"
                       "Nuage Conseil;net_customer_adds;2027-01;3\nNuage Conseil;intermediate_certs;FY2026;2\n"
                       "Nuage Conseil;advanced_certs;2026-Q3;1\nNuage Conseil;usage_growth;2027-02;1\n"
                       "Nuage Conseil;deployments;2027-03;1\n", encoding="utf-8")
    assert cli(data_dir, "import", "metrics", str(metrics)) == 0
    capsys.readouterr()
    assert cli(data_dir, "--lang", "fr", "evaluate", "--date", "2027-03-31") == 0
    out = capsys.readouterr().out
    assert "23,3 points de plus pour Solutions Partner for Security" in out
    assert ("Nuage Conseil: Score Sécurité\u00a0: 46,7 points sur 100, 70 requis (parcours Croissance de l’usage)"
            "\u00a0: non atteint") in out
    assert "Nouveaux clients nets\u00a0: 3 sur 12\u00a0mois" in out
