"""The one Qt-free string catalog of PRM Desktop.

Source strings are English and written in the code. French translations come from the gettext ``.po``
files under ``resources/locale/fr/LC_MESSAGES/`` (one file per area, e.g. ``core.po`` and ``ui.po``,
all merged). They are parsed with Babel on first use and cached.

Usage::

    from prm_desktop.domain.i18n import N_, _, set_language, translate

    set_language("fr")
    _("This field is required.")                       # -> "Ce champ est obligatoire."
    _("{amount} more revenue for {tier}", amount="€1", tier="Gold")
    translate("This field is required.", "en")         # explicit language (reports need both)
    LABEL = N_("Partner")                              # marked for extraction, translated later

The language defaults to English until :func:`set_language` is called.
"""

from __future__ import annotations

import importlib.resources
import locale
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

__all__ = [
    "SUPPORTED_LANGUAGES",
    "DEFAULT_LANGUAGE",
    "N_",
    "_",
    "_n",
    "get_language",
    "locale_dir",
    "missing_translations",
    "normalize_language",
    "reload_catalogs",
    "set_language",
    "system_language",
    "translate",
    "translate_n",
]

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "en"
#: The language the source strings are written in: it needs no catalog.
SOURCE_LANGUAGE = "en"

_current_language = DEFAULT_LANGUAGE
_lock = threading.Lock()


@dataclass
class _Catalog:
    """Translations of one language, merged from all its ``.po`` files."""

    singular: dict[str, str] = field(default_factory=dict)
    plural: dict[str, tuple[str, ...]] = field(default_factory=dict)


_catalogs: dict[str, _Catalog] = {}


def normalize_language(lang: str | None) -> str:
    """Map a language tag to a supported language code.

    Args:
        lang: A code such as ``"fr"``, ``"fr_FR"``, ``"fr-CA"`` or ``"en"``; anything else (or None).

    Returns:
        ``"fr"`` for any French tag, else ``"en"``.
    """
    if lang and lang.strip().lower()[:2] == "fr":
        return "fr"
    return "en"


def set_language(lang: str) -> None:
    """Set the language used by :func:`_` and by formatting.

    Args:
        lang: ``"fr"`` or ``"en"``; anything else selects English.
    """
    global _current_language
    _current_language = "fr" if lang == "fr" else "en"


def get_language() -> str:
    """Return the current language code (``"fr"`` or ``"en"``)."""
    return _current_language


def system_language() -> str:
    """Guess the user's language from the environment and the system locale.

    Looks at ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``, then at the process locale (which
    gives names like ``French_France`` on Windows).

    Returns:
        ``"fr"`` if the first locale found is French, else ``"en"``.
    """
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").split(":")[0].strip()
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return normalize_language(value)
    try:
        name = locale.getlocale()[0]
    except ValueError:  # pragma: no cover - malformed locale settings
        name = None
    return normalize_language(name)


def locale_dir() -> Path:
    """Return the ``locale`` folder of the shipped resources.

    Uses the installed package ``prm_desktop.resources`` when it exists, else the top-level
    ``resources/`` folder of a source checkout.
    """
    try:
        root = Path(str(importlib.resources.files("prm_desktop.resources")))
    except ModuleNotFoundError:
        root = Path(__file__).resolve().parents[2] / "resources"
    return root / "locale"


def _load_catalog(lang: str) -> _Catalog:
    catalog = _Catalog()
    folder = locale_dir() / lang / "LC_MESSAGES"
    if not folder.is_dir():
        log.warning("No translations folder for %r at %s", lang, folder)
        return catalog
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as fh:
            po = read_po(fh, locale=lang)
        for message in po:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple | list):
                strings = tuple(message.string or ())
                if strings and all(strings):
                    catalog.plural[message.id[0]] = strings
            elif message.string:
                catalog.singular[message.id] = message.string
    return catalog


def _catalog(lang: str) -> _Catalog:
    cat = _catalogs.get(lang)
    if cat is None:
        with _lock:
            cat = _catalogs.get(lang)
            if cat is None:
                cat = _load_catalog(lang)
                _catalogs[lang] = cat
    return cat


def reload_catalogs() -> None:
    """Forget the cached catalogs; the ``.po`` files are read again on next use."""
    with _lock:
        _catalogs.clear()


def _format(text: str, params: dict[str, Any]) -> str:
    return text.format(**params) if params else text


def translate(message: str, lang: str, /, **params: Any) -> str:
    """Translate an English source string into ``lang``, then fill in ``params``.

    Args:
        message: The English source string (the msgid).
        lang: ``"fr"`` or ``"en"`` (anything else is English).
        **params: Values for ``{name}`` placeholders, applied with :meth:`str.format`.

    Returns:
        The translation, or the source string when there is none.
    """
    lang = normalize_language(lang)
    text = message
    if lang != SOURCE_LANGUAGE:
        text = _catalog(lang).singular.get(message, message)
    return _format(text, params)


def _(message: str, /, **params: Any) -> str:
    """Translate ``message`` into the current language, then fill in ``params``.

    Args:
        message: The English source string.
        **params: Values for ``{name}`` placeholders.

    Returns:
        The translated and formatted string.
    """
    return translate(message, _current_language, **params)


def N_(message: str) -> str:  # noqa: N802 - gettext naming convention
    """Mark ``message`` for extraction without translating it.

    Args:
        message: The English source string.

    Returns:
        ``message`` unchanged.
    """
    return message


def _plural_index(lang: str, n: int) -> int:
    if lang == "fr":
        return 0 if abs(n) <= 1 else 1
    return 0 if n == 1 else 1


def _count_text(value: Any, lang: str) -> Any:
    """A whole number of a plural message with the language's group separators (``11 350``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        from prm_desktop.domain.formatting import format_number  # formatting imports this module

        return format_number(value, lang)
    return value


def translate_n(singular: str, plural: str, n: int, lang: str, /, **params: Any) -> str:
    """Translate a message with a plural form into ``lang``.

    Whole numbers among the values (``n`` included) are counts: they are written with the
    language's group separators (``11 350 partenaires``, ``11,350 partners``).

    Args:
        singular: English singular source string (the msgid).
        plural: English plural source string.
        n: The count choosing the form; also available as ``{n}`` in the strings.
        lang: ``"fr"`` or ``"en"``.
        **params: Other values for placeholders.

    Returns:
        The translated, formatted string.
    """
    lang = normalize_language(lang)
    params.setdefault("n", n)
    params = {key: _count_text(value, lang) for key, value in params.items()}
    index = _plural_index(lang, n)
    forms: tuple[str, ...] = (singular, plural)
    if lang != SOURCE_LANGUAGE:
        forms = _catalog(lang).plural.get(singular, forms)
    return _format(forms[min(index, len(forms) - 1)], params)


def _n(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """Translate a message with a plural form into the current language.

    Args:
        singular: English singular source string.
        plural: English plural source string.
        n: The count; also available as ``{n}``.
        **params: Other values for placeholders.

    Returns:
        The translated, formatted string.
    """
    return translate_n(singular, plural, n, _current_language, **params)


def missing_translations(messages: Iterable[str], lang: str = "fr") -> list[str]:
    """Return the source strings that have no translation in ``lang``.

    Args:
        messages: English source strings (for plural messages, the singular).
        lang: The language to check, French by default.

    Returns:
        The untranslated strings, in input order, without duplicates.
    """
    lang = normalize_language(lang)
    if lang == SOURCE_LANGUAGE:
        return []
    cat = _catalog(lang)
    missing: list[str] = []
    for message in messages:
        if message not in cat.singular and message not in cat.plural and message not in missing:
            missing.append(message)
    return missing
