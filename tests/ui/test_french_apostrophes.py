"""French UI text uses the typographic apostrophe (’), never the straight one (')."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from prm_desktop.domain.i18n import locale_dir


def _french_msgstrs() -> list[tuple[str, str, str]]:
    """(file, msgid, msgstr) of every French translation (each plural form separately)."""
    found = []
    for path in sorted((locale_dir() / "fr" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fh:
            catalog = read_po(fh, locale="fr")
        for message in catalog:
            if not message.id:
                continue
            msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
            strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
            found += [(Path(path).name, msgid, text) for text in strings if text]
    return found


def test_french_uses_the_typographic_apostrophe() -> None:
    straight = [f"{name}: {msgstr!r}" for name, _msgid, msgstr in _french_msgstrs() if "'" in msgstr]
    assert not straight, f"{len(straight)} French string(s) with ' instead of ’:\n" + "\n".join(straight[:40])

