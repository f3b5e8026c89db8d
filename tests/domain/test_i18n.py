from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from prm_desktop.domain import i18n
from prm_desktop.domain.i18n import (
    N_,
    SUPPORTED_LANGUAGES,
    _,
    _n,
    get_language,
    missing_translations,
    set_language,
    system_language,
    translate,
    translate_n,
)

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "prm_desktop"
I18N_MODULE = "prm_desktop.domain.i18n"
# Names whose first positional argument is an English source string.
ALWAYS_MARKERS = {"_", "N_", "_n"}
IMPORTED_MARKERS = {"translate", "translate_n"}
#: Babel's keywords for our markers: (1, 2) = singular and plural arguments.
BABEL_KEYWORDS = {"_": None, "N_": None, "_n": (1, 2), "translate": None, "translate_n": (1, 2)}


# --- scanning the code for translatable strings ---------------------------------------------------


def _i18n_aliases(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Return (local names of our translate functions, local names of the i18n module)."""
    functions: set[str] = set()
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                local = alias.asname or alias.name
                if module.endswith("i18n") and alias.name in ALWAYS_MARKERS | IMPORTED_MARKERS:
                    functions.add(local)
                elif alias.name == "i18n" and (module.endswith("domain") or module == ""):
                    modules.add(local)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == I18N_MODULE and alias.asname:
                    modules.add(alias.asname)
    return functions, modules


def _marked_calls(tree: ast.Module) -> Iterator[tuple[int, ast.expr]]:
    """Yield (line, first argument) of every call to one of our translate functions."""
    functions, modules = _i18n_aliases(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        if isinstance(func, ast.Name):
            hit = func.id in ALWAYS_MARKERS or func.id in functions
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            hit = func.value.id in modules and func.attr in ALWAYS_MARKERS | IMPORTED_MARKERS
        else:
            hit = False
        if hit:
            yield node.lineno, node.args[0]


def scan_source_strings(root: Path = PACKAGE_DIR) -> tuple[dict[str, list[str]], list[str]]:
    """Return ({message: [where, ...]}, [where an f-string or other non-literal is translated])."""
    found: dict[str, list[str]] = {}
    dynamic: list[str] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for line, arg in _marked_calls(tree):
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, []).append(f"{rel}:{line}")
            elif isinstance(arg, ast.JoinedStr):
                dynamic.append(f"{rel}:{line}")
    return found, dynamic


def extract_messages(root: Path = PACKAGE_DIR) -> dict[str, list[str]]:
    """Every msgid Babel's extractor finds under ``root`` ({msgid (singular): [where, ...]})."""
    found: dict[str, list[str]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        root, method_map=[("**.py", "python")], keywords=BABEL_KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid:
            found.setdefault(msgid, []).append(f"{root.name}/{filename}:{line}")
    return found


def catalog_definitions(folder: Path | None = None) -> dict[str, list[tuple[str, object]]]:
    """{msgid: [(file name, translation), ...]} over every French ``.po`` file."""
    folder = folder or i18n.locale_dir() / "fr" / "LC_MESSAGES"
    definitions: dict[str, list[tuple[str, object]]] = {}
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as fh:
            for message in read_po(fh, locale="fr"):
                if message.id:
                    msgid = message.id if isinstance(message.id, str) else message.id[0]
                    definitions.setdefault(msgid, []).append((path.name, message.string))
    return definitions


def source_messages() -> dict[str, list[str]]:
    """Babel's extraction, plus what the AST scanner finds through aliases (``import ... as``)."""
    found = extract_messages()
    for msgid, where in scan_source_strings()[0].items():
        found.setdefault(msgid, where)
    return found


def test_babel_extracts_singular_plural_and_marked_messages() -> None:
    found = extract_messages()
    assert "A SIREN has 9 digits." in found  # _()
    assert any(where.startswith("prm_desktop/domain/identifiers.py:") for where in found["A SIREN has 9 digits."])
    assert "{n} row written to {path}" in found  # _n(): the singular is the msgid
    assert "Reseller" in found  # N_()


def test_every_msgid_is_defined_once_in_the_catalogs() -> None:
    twice = {msgid: where for msgid, where in catalog_definitions().items() if len(where) > 1}
    report = "\n".join(f"  {msgid!r}: " + ", ".join(f"{name} {text!r}" for name, text in where)
                       for msgid, where in sorted(twice.items()))
    assert not twice, (
        f"{len(twice)} msgid(s) are defined in several .po files (the last file loaded wins); keep one:\n{report}"
    )


def test_a_msgid_defined_twice_is_found(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_text(HEADER + 'msgid "Business unit"\nmsgstr "Direction"\n', encoding="utf-8")
    (tmp_path / "b.po").write_text(HEADER + 'msgid "Business unit"\nmsgstr "Entité"\n', encoding="utf-8")
    assert catalog_definitions(tmp_path)["Business unit"] == [("a.po", "Direction"), ("b.po", "Entité")]


def test_scanner_finds_the_validation_messages() -> None:
    found, _dynamic = scan_source_strings()
    assert "A SIREN has 9 digits." in found
    assert any(
        where.startswith("prm_desktop/domain/identifiers.py:") for where in found["A SIREN has 9 digits."]
    )


def _where_key(where: str) -> tuple[str, int]:
    path, _sep, line = where.rpartition(":")
    return path, int(line)


def test_every_source_string_has_a_french_translation() -> None:
    found = source_messages()
    missing = missing_translations([m for m in found if m])
    rows = sorted((_where_key(where), msg) for msg in missing for where in found[msg])
    report = "\n".join(f"  {path}:{line}: {msg!r}" for (path, line), msg in rows)
    assert not missing, (
        f"{len(missing)} string(s) have no French translation in resources/locale/fr/LC_MESSAGES/*.po "
        f"(add msgid/msgstr entries, e.g. to the .po file of your area):\n{report}"
    )


def test_no_fstring_is_translated() -> None:
    _found, dynamic = scan_source_strings()
    assert not dynamic, (
        "f-strings passed to _()/N_()/translate() cannot be translated; use {name} params:\n"
        + ("\n".join(f"  {where}" for where in dynamic))
    )


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_translations_keep_their_placeholders() -> None:
    catalog = i18n._catalog("fr")
    bad = [
        f"  {msgid!r} -> {msgstr!r}"
        for msgid, msgstr in catalog.singular.items()
        if _placeholders(msgid) != _placeholders(msgstr)
    ]
    for msgid, forms in catalog.plural.items():
        bad.extend(
            f"  {msgid!r} -> {form!r}"
            for form in forms
            if not _placeholders(form) <= _placeholders(msgid) | {"n"}
        )
    assert not bad, "French translations with different {placeholders}:\n" + "\n".join(bad)


# --- the catalog API -----------------------------------------------------------------------------


def test_default_language_is_english() -> None:
    assert get_language() == "en"
    assert SUPPORTED_LANGUAGES == ("fr", "en")
    assert _("This field is required.") == "This field is required."


def test_set_language_french_and_fallbacks() -> None:
    set_language("fr")
    assert get_language() == "fr"
    assert _("This field is required.") == "Ce champ est obligatoire."
    assert _("A string nobody translated") == "A string nobody translated"
    set_language("de")
    assert get_language() == "en"


def test_params_are_formatted_after_translation() -> None:
    set_language("fr")
    assert _("Choose one of: {choices}.", choices="a, b") == "Choisissez parmi : a, b."
    assert translate("Choose one of: {choices}.", "en", choices="a") == "Choose one of: a."
    # Without params, braces are left alone.
    assert _("Choose one of: {choices}.") == "Choisissez parmi : {choices}."


def test_translate_ignores_the_current_language() -> None:
    set_language("fr")
    assert translate("A SIREN has 9 digits.", "en") == "A SIREN has 9 digits."
    set_language("en")
    assert translate("A SIREN has 9 digits.", "fr") == "Un SIREN comporte 9 chiffres."


def test_n_marks_without_translating() -> None:
    set_language("fr")
    assert N_("This field is required.") == "This field is required."


def test_missing_translations() -> None:
    assert missing_translations(["This field is required.", "Nope", "Nope"]) == ["Nope"]
    assert missing_translations(["Nope"], lang="en") == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANGUAGE": "fr_FR:en"}, "fr"),
        ({"LC_ALL": "fr_CA.UTF-8"}, "fr"),
        ({"LANG": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "fr"),
    ],
)
def test_system_language(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert system_language() == expected


@pytest.fixture
def tmp_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path / "locale")
    i18n.reload_catalogs()
    yield folder
    monkeypatch.undo()
    i18n.reload_catalogs()


HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
)


def test_po_files_are_merged_and_plurals_work(tmp_catalog: Path) -> None:
    (tmp_catalog / "a.po").write_text(HEADER + 'msgid "Partner"\nmsgstr "Partenaire"\n', encoding="utf-8")
    (tmp_catalog / "b.po").write_text(
        HEADER
        + 'msgid "{n} more person"\nmsgid_plural "{n} more people"\n'
        + 'msgstr[0] "{n} personne de plus"\nmsgstr[1] "{n} personnes de plus"\n\n'
        + '#, fuzzy\nmsgid "Draft"\nmsgstr "Brouillon"\n',
        encoding="utf-8",
    )
    assert translate("Partner", "fr") == "Partenaire"
    assert translate("Draft", "fr") == "Draft"  # fuzzy entries are not used
    assert translate_n("{n} more person", "{n} more people", 1, "fr") == "1 personne de plus"
    assert translate_n("{n} more person", "{n} more people", 2, "fr") == "2 personnes de plus"
    assert translate_n("{n} more person", "{n} more people", 0, "en") == "0 more people"
    set_language("en")
    assert _n("{n} more person", "{n} more people", 1) == "1 more person"
    assert missing_translations(["{n} more person", "Partner", "Other"]) == ["Other"]


def test_locale_dir_points_at_the_shipped_resources() -> None:
    assert (i18n.locale_dir() / "fr" / "LC_MESSAGES" / "core.po").is_file()
