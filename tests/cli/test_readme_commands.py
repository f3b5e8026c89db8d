"""The README's command table lists every command and option the command line has."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from prm_desktop.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def _words(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    words = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words.append(f"{prefix}{name}".strip())
                words += _words(sub, "")
        else:
            words += [o for o in action.option_strings if o.startswith("--") and o != "--help"]
    return words


def test_every_command_and_option_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## Command line"):text.index("## File formats")]
    in_code = {word for span in re.findall(r"`([^`]+)`", table) for word in re.split(r"[\s|\[\]/=]+", span)}
    missing = sorted({w for w in _words(build_parser(), "") if w not in in_code})
    assert missing == []


def test_the_readme_names_the_data_folder_precedence_and_backup_rotation() -> None:
    text = README.read_text(encoding="utf-8")
    assert "`--data-dir` > `PRM_DATA_DIR` > the folder saved in Settings > the default" in text
    assert "older backups" in text
