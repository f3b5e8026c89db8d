"""argparse's own words (``usage:``, ``options``, its error messages) in the current language.

argparse looks its texts up through the module-level ``_`` and ``ngettext`` it imported from
gettext; they are pointed at our catalog, so ``--help`` and usage errors follow ``--lang``.
"""

from __future__ import annotations

import argparse

from prm_desktop.domain.i18n import N_, _, _n

#: The argparse texts a user can meet (msgids are argparse's own, with its %-placeholders).
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _gettext(message: str) -> str:
    return _(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _n(singular, plural, n)


def install_argparse_translations() -> None:
    """Make argparse translate its texts with our catalog (idempotent)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
