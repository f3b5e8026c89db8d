"""The CLI speaks the user's language: ``--lang fr`` (before the command) or a French system."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from prm_desktop.cli import build_parser, main

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
FR_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


def plain(text: str) -> str:
    """Spaces as typed (French typography puts no-break spaces before colons)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def fr(data_dir: Path, *args: str) -> int:
    return main(["--lang", "fr", "--data-dir", str(data_dir), *args])


def test_import_errors_and_accepted_types_in_french(data_dir: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "partenaires.csv"
    bad.write_text("nom,type,statut\nAcme,Revendeur,actif\nBeta,Concurrent,actif\nGamma,Grossiste,Inconnu\n",
                   encoding="utf-8")
    assert fr(data_dir, "import", "partners", str(bad)) == 1
    err = plain(capsys.readouterr().err).splitlines()
    assert err[0].startswith("ligne 3 : type : type inconnu") and "« Concurrent »" in err[0]
    assert err[0].endswith(": Revendeur, Grossiste, Intégrateur, Cabinet de conseil, Éditeur de logiciels, "
                           "Infogéreur, Alliance stratégique, Apporteur d’affaires")
    assert err[1].startswith("ligne 4 : statut : statut inconnu") and ": Prospect, En intégration" in err[1]
    assert not any("line" in line or "reseller" in line for line in err)
    bad.write_text("nom,type\nAcme,Revendeur\nBeta,Éditeur de logiciels\n", encoding="utf-8")  # labels accepted
    assert fr(data_dir, "import", "partners", str(bad), "--dry-run") == 0


def test_program_file_errors_in_french(data_dir: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[program]\nid = "x"\nname = "X"\nvalid_from = 2026-01-01\nrevenue_window_quarters = 4\n'
                   '\n[[tiers]]\nid = "silver"\nname = "Silver"\nrank = 1\nmin_revenue = -5\nmin_score = 3\n',
                   encoding="utf-8")
    assert fr(data_dir, "program", "import", str(bad)) == 1
    err = capsys.readouterr().err.splitlines()
    assert "ligne 7\u00a0: tiers[0].min_revenue\u00a0: doit être un nombre positif ou nul" in err
    assert "ligne 7\u00a0: tiers[0].min_score\u00a0: clé inconnue\u00a0; vouliez-vous dire min_revenue\u00a0?" in err
    bad.write_text("[program\nid = 1\n", encoding="utf-8")
    assert fr(data_dir, "program", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert err.startswith("ligne 1\u00a0: syntaxe\u00a0: « ] » attendu à la fin de la déclaration d’une table")


def test_batches_in_french_with_local_dates(data_dir: Path, capsys) -> None:
    assert fr(data_dir, "demo", "--partners", "3") == 0
    capsys.readouterr()
    assert fr(data_dir, "batches") == 0
    out = capsys.readouterr().out
    assert re.search(r"^id\s+quand\s+type\s+modifications\s+libellé$", out, re.M)
    demo_row = next(line for line in out.splitlines() if "Portefeuille de démonstration" in line)
    assert " démo " in demo_row and FR_DATE.search(demo_row)
    assert " programme " in out and "UTC" not in out and not ISO_DATE.search(out)
    assert fr(data_dir, "program", "list") == 0
    listed = capsys.readouterr().out
    assert re.search(r"^\*\s+vendor-2026-v2\s+Programme partenaires 2026 \(v2\)\s+01/01/2026\s", listed, re.M)


def test_evaluate_table_shows_names_and_local_dates(data_dir: Path, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "demo", "--partners", "30", "--seed", "3"]) == 0
    capsys.readouterr()
    assert fr(data_dir, "evaluate", "--date", "2026-06-15") == 0
    out = capsys.readouterr().out
    assert out.startswith("Programme vendor-2026-v2, 15/06/2026\n")
    assert re.search(r"(Sécurité|Cloud & Infrastructure|DevOps|Données & Analytique)\u00a0: (Expert|Principal)", out)
    assert re.search(r"\b(Silver|Gold|Platinum)\b", out) and not re.search(r"\b(silver|gold|platinum)\b", out)
    assert not re.search(r"\b(security|cloud|expert|principal)\b", out)  # ids
    assert FR_DATE.search(out.split("\n", 1)[1]) and not ISO_DATE.search(out)


def test_help_is_french_with_lang_fr_or_a_french_system(data_dir: Path, capsys, monkeypatch) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "import", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("utilisation\u00a0: prm-desktop import [-h] [--dry-run] TYPE FICHIER")
    assert "affiche cette aide et quitte" in out and "le fichier .csv ou .xlsx" in out
    assert "usage" not in out and "show this help" not in out
    monkeypatch.setenv("LANGUAGE", "fr_FR")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "langue des messages" in out and "sauvegarde la base maintenant" in out
    with pytest.raises(SystemExit) as done:
        main(["frobnicate"])
    assert done.value.code == 2
    assert "choix non valide\u00a0: 'frobnicate'" in capsys.readouterr().err


def _subcommands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += [sub, *_subcommands(sub)]
    return found


def test_lang_is_a_global_option_only(data_dir: Path, capsys) -> None:
    subs = _subcommands(build_parser())
    assert len(subs) > 10
    assert not [p.prog for p in subs if "--lang" in p._option_string_actions]
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data_dir), "batches", "--lang", "fr"])  # after the command: not an option of it
    assert done.value.code == 2
    assert "unrecognized arguments: --lang fr" in capsys.readouterr().err


def test_a_broken_pipe_ends_quietly(data_dir: Path) -> None:
    assert main(["--data-dir", str(data_dir), "demo", "--partners", "3"]) == 0
    proc = subprocess.Popen([sys.executable, "-m", "prm_desktop", "--data-dir", str(data_dir), "batches"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    proc.stdout.close()  # the reader is gone before the first line is written (`… | head -0`)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 141), err
    assert "Traceback" not in err and "Error" not in err and "Erreur" not in err and err == ""


def test_file_errors_in_french(data_dir: Path, tmp_path: Path, capsys) -> None:
    assert fr(data_dir, "import", "partners", str(tmp_path / "absent.csv")) == 1
    assert plain(capsys.readouterr().err) == f"Erreur : Fichier introuvable : {tmp_path / 'absent.csv'}\n"
    assert fr(data_dir, "export", "partners", "--out", str(tmp_path / "no-folder" / "p.csv")) == 1
    out = tmp_path / "no-folder" / "p.csv"
    assert plain(capsys.readouterr().err) == f"Erreur : {out} : fichier ou dossier introuvable\n"


def test_evaluate_table_says_when_an_assigned_tier_is_not_in_the_program(data_dir: Path, capsys) -> None:
    # Built under the default program, then the Cisco example activated: "silver" is no Cisco tier.
    cisco = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples" / "cisco-2026.toml"
    assert main(["--data-dir", str(data_dir), "demo", "--partners", "30", "--seed", "3"]) == 0
    assert main(["--data-dir", str(data_dir), "program", "import", str(cisco)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "evaluate"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\b(silver|gold|platinum) \(not in the program\)", out)
    assert not re.search(r"\b(silver|gold|platinum) +(Select|Premier|Gold Integrator|—)", out)  # never bare
    assert fr(data_dir, "evaluate") == 0
    assert re.search(r"\b(silver|gold|platinum) \(hors programme\)", capsys.readouterr().out)
