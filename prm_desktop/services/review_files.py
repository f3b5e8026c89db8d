"""Write review packs and day sheets to files: which partners, which file names, progress and cancel.

A ``partner`` audience gives one PDF per partner (a folder for several); an ``internal`` audience
gives one PDF (a portfolio with contents and one bookmark per partner) whose name ends in
``-interne``. Files are written next to their final name and renamed when complete, so a cancelled
or failed run leaves no half-written PDF.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from prm_desktop.domain.i18n import _
from prm_desktop.domain.partner_filter import PartnerFilter
from prm_desktop.domain.review_pack import Audience, PartnerPack, pack_file_name
from prm_desktop.reports.build import RenderCancelled, render_packs
from prm_desktop.reports.day_sheet import render_day
from prm_desktop.services.evaluation import resolve_partners
from prm_desktop.services.partner_queries import partner_ids
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.services.review_day import visit_day
from prm_desktop.services.review_pack import PackPeriod, pack_period, partner_pack
from prm_desktop.services.team import list_team_members
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["PackCancelled", "WrittenFile", "pack_targets", "select_partners", "write_day_sheet", "write_packs"]

Progress = Callable[[int, int, str], None]


class PackCancelled(Exception):
    """The user cancelled; no file of the run was left half-written."""


@dataclass(frozen=True)
class WrittenFile:
    """A PDF written: where, for how many partners, how many pages."""

    path: str
    partners: int
    pages: int


def select_partners(uow: UnitOfWorkFactory, *, names: Sequence[str] = (), tier: str | None = None,
                    owner: str | None = None, everyone: bool = False) -> list[str]:  # fmt: skip
    """Partner ids by name or id, by assigned tier (id or name), by owner (name), or all; in name order.

    Raises:
        LookupError: A name, tier or owner matches nothing.
    """
    if names:
        return list(dict.fromkeys(resolve_partners(uow, list(names))))
    flt = PartnerFilter()
    if tier is not None:
        try:
            tiers = get_program(uow).tiers
        except ProgramNotFoundError:
            tiers = []
        found = [t.id for t in tiers if tier.casefold() in (t.id.casefold(), t.name.casefold())]
        if not found:
            raise LookupError(_("No tier is named {tier}.", tier=tier))
        flt = PartnerFilter(tiers=(found[0],))
    elif owner is not None:
        members = [m for m in list_team_members(uow) if m.name.casefold() == owner.casefold()]
        if not members:
            raise LookupError(_("No team member is named {name}.", name=owner))
        flt = PartnerFilter(owner_id=members[0].id)
    elif not everyone:
        return []
    return partner_ids(uow, flt, "name")


def _internal_name(path: Path) -> Path:
    return path if path.stem.endswith("-interne") else path.with_name(f"{path.stem}-interne{path.suffix}")


def pack_targets(out: Path, names: Sequence[str], period: str, audience: Audience,
                 taken: set[Path] | None = None) -> list[Path]:  # fmt: skip
    """The file(s) a run writes.

    ``out`` itself when it names a ``.pdf`` and one file is written, else files named after the
    partners in the folder ``out`` (a name already in ``taken`` gets a number).

    Raises:
        ValueError: Several partner-facing packs but ``out`` names a file.
    """
    is_file = out.suffix.lower() == ".pdf"
    if audience is Audience.INTERNAL:
        subject = names[0] if len(names) == 1 else _("portfolio")
        return [_internal_name(out) if is_file else out / pack_file_name(subject, period, audience)]
    if is_file:
        if len(names) > 1:
            raise ValueError(_("Partner-facing packs are one file per partner: give a folder, not {path}.",
                               path=out))  # fmt: skip
        return [out]
    files, seen = [], set(taken or ())
    for name in names:
        target = out / pack_file_name(name, period, audience)
        n = 2
        while target in seen:
            target = out / pack_file_name(f"{name}-{n}", period, audience)
            n += 1
        seen.add(target)
        files.append(target)
    return files


def _write(target: Path, build: Callable[[Path], int]) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.part")
    try:
        pages = build(part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return pages


def write_packs(uow: UnitOfWorkFactory, ids: Sequence[str], audience: Audience | str, out: Path,
                period: str | None = None, progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[WrittenFile]:  # fmt: skip
    """Gather and write the packs of some partners for an audience.

    Args:
        uow: Unit-of-work factory (only read).
        ids: The partners, in the order of the portfolio.
        audience: ``partner`` (one file each) or ``internal`` (one file).
        out: A ``.pdf`` file (one file written) or a folder.
        period: A quarter such as ``2026-Q3`` (default: the current one).
        progress: Called with ``(done, total, message)``.
        cancelled: Polled between partners; True stops the run (`PackCancelled`).

    Raises:
        ValueError: No partner, or several partner-facing packs but ``out`` names a file.
        PackCancelled: The user cancelled.
    """
    audience = Audience(audience)
    if not ids:
        raise ValueError(_("Choose at least one partner."))
    span = pack_period(uow, period)
    total = 2 * len(ids)
    report = progress or (lambda *_a: None)

    def check() -> None:
        if cancelled is not None and cancelled():
            raise PackCancelled

    if audience is Audience.PARTNER:
        return _write_one_by_one(uow, ids, out, span, report, check)
    packs: list[PartnerPack] = []
    for n, pid in enumerate(ids):
        check()
        packs.append(partner_pack(uow, pid, audience, span))
        report(n + 1, total, _("Gathering {name}", name=packs[-1].cover.partner))
    [target] = pack_targets(out, [p.cover.partner for p in packs], span.label, audience)

    def on_partner(k: int) -> None:
        if cancelled is not None and cancelled():
            raise RenderCancelled
        report(len(ids) + k, total, _("Laying out the pages"))

    try:
        pages = _write(target, lambda part: render_packs(packs, part, on_partner))
    except RenderCancelled as exc:
        raise PackCancelled from exc
    report(total, total, "")
    return [WrittenFile(str(target), len(packs), pages)]


def _write_one_by_one(uow: UnitOfWorkFactory, ids: Sequence[str], out: Path, span: PackPeriod, report: Progress,
                      check: Callable[[], None]) -> list[WrittenFile]:  # fmt: skip
    """Partner-facing packs: each gathered, written and let go before the next (memory stays flat)."""
    if out.suffix.lower() == ".pdf" and len(ids) > 1:
        pack_targets(out, ["", ""], span.label, Audience.PARTNER)  # raises: a folder is needed
    total, seen, written = 2 * len(ids), set(), []
    for n, pid in enumerate(ids):
        check()
        pack = partner_pack(uow, pid, Audience.PARTNER, span)
        report(2 * n + 1, total, _("Gathering {name}", name=pack.cover.partner))
        [target] = pack_targets(out, [pack.cover.partner], span.label, Audience.PARTNER, taken=seen)
        seen.add(target)
        pages = _write(target, lambda part, p=pack: render_packs([p], part))
        written.append(WrittenFile(str(target), 1, pages))
        report(2 * n + 2, total, _("Laying out the pages"))
    return written


def write_day_sheet(uow: UnitOfWorkFactory, day: date, out: Path, *, everyone: bool = False) -> WrittenFile:
    """Write the visit day sheet of a day to ``out`` (my visits; every team member's with ``everyone``)."""
    sheet = visit_day(uow, day, everyone=everyone)
    pages = _write(out, lambda part: render_day(sheet, part))
    return WrittenFile(str(out), len(sheet.visits), pages)
