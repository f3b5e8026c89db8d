"""Program use cases: import, activate, list, show, and the active program for evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from sqlalchemy import select

from prm_desktop.domain.evaluation_metrics import check_currencies
from prm_desktop.domain.i18n import _
from prm_desktop.domain.program import Program, content_hash
from prm_desktop.domain.program_loader import load_program
from prm_desktop.storage.models import ProgramRecord
from prm_desktop.storage.partners.currencies import currencies_in_use
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

DEFAULT_PROGRAM_FILE = "default.toml"
#: Id of the shipped default program.
DEFAULT_PROGRAM_ID = "vendor-2026-v2"
#: Content hashes of earlier shipped defaults: "vendor-2026", where Expert was the LOWER level.
OLD_DEFAULT_HASHES = frozenset({"80d159d6d43a71d362ba26d182549bff2ccb8007700a58dd356130c8d605ab15"})
_CACHE: dict[str, Program] = {}


class ProgramNotFoundError(LookupError):
    """No program with that id."""


@dataclass(frozen=True)
class ProgramSummary:
    """A program as listed to the user."""

    id: str
    name: str
    valid_from: date | None
    active: bool
    content_hash: str
    tiers: int
    competencies: int


def default_program_text() -> str:
    """The seed program shipped in ``resources/programs``."""
    try:
        return (resources.files("prm_desktop.resources") / "programs" / DEFAULT_PROGRAM_FILE).read_text("utf-8")
    except ModuleNotFoundError:
        root = Path(__file__).resolve().parents[2] / "resources" / "programs"
        return (root / DEFAULT_PROGRAM_FILE).read_text("utf-8")


def parse_cached(text: str) -> Program:
    """Parse a program text once per content (programs are immutable values)."""
    key = content_hash(text)
    if key not in _CACHE:
        _CACHE[key] = load_program(text)
    return _CACHE[key]


def _summary(record: ProgramRecord) -> ProgramSummary:
    program = parse_cached(record.source)
    return ProgramSummary(record.program_key, record.name, record.valid_from, record.is_active,
                          record.content_hash, len(program.tiers), len(program.competencies))


def import_program(uow: UnitOfWorkFactory, text: str, activate: bool = True) -> ProgramSummary:
    """Validate and store a program file; the same id replaces the current version.

    Args:
        uow: Unit-of-work factory.
        text: TOML text of the program.
        activate: Make it the active program.

    Raises:
        ProgramError: The file is not valid (``line N: key: message`` list).
    """
    program = load_program(text)
    digest = content_hash(text)
    with uow(kind="program", label=_("Import program {id}", id=program.id)) as work:
        session = work.session
        current = session.scalars(select(ProgramRecord).where(
            ProgramRecord.program_key == program.id, ProgramRecord.superseded.is_(False),
            ProgramRecord.deleted_at.is_(None))).all()
        was_active = any(r.is_active for r in current)
        same = [r for r in current if r.content_hash == digest]
        if same:
            record = same[0]
        else:
            for old in current:
                old.superseded, old.is_active = True, False
            record = ProgramRecord(program_key=program.id, name=program.name, valid_from=program.valid_from,
                                   source=text, content_hash=digest, is_active=False, superseded=False)
            session.add(record)
        if activate or was_active:
            _set_active(session, record)
        work.commit()
        return _summary(record)


def _set_active(session: object, record: ProgramRecord) -> None:
    # A program counting in another currency than the stored amounts is refused (never converted silently).
    check_currencies(parse_cached(record.source), currencies_in_use(session))  # type: ignore[arg-type]
    for other in session.scalars(select(ProgramRecord).where(ProgramRecord.is_active.is_(True))):  # type: ignore[attr-defined]
        if other is not record:
            other.is_active = False
    record.is_active = True


def activate_program(uow: UnitOfWorkFactory, program_id: str) -> ProgramSummary:
    """Make the current version of a program the active one.

    Raises:
        ProgramNotFoundError: No such program.
    """
    with uow(kind="program", label=_("Activate program {id}", id=program_id)) as work:
        record = _current(work.session, program_id)
        _set_active(work.session, record)
        work.commit()
        return _summary(record)


def _current(session: object, program_id: str) -> ProgramRecord:
    record = session.scalar(select(ProgramRecord).where(  # type: ignore[attr-defined]
        ProgramRecord.program_key == program_id, ProgramRecord.superseded.is_(False),
        ProgramRecord.deleted_at.is_(None)))
    if record is None:
        raise ProgramNotFoundError(_("No program with id {id}.", id=program_id))
    return record


def list_programs(uow: UnitOfWorkFactory) -> list[ProgramSummary]:
    """Current versions of every program, active first."""
    with uow.read() as session:
        records = session.scalars(select(ProgramRecord).where(
            ProgramRecord.superseded.is_(False), ProgramRecord.deleted_at.is_(None))
            .order_by(ProgramRecord.is_active.desc(), ProgramRecord.program_key)).all()
        return [_summary(r) for r in records]


def get_program(uow: UnitOfWorkFactory, program_id: str | None = None) -> Program:
    """The active program, or the current version of ``program_id``.

    Raises:
        ProgramNotFoundError: No such program, or no active program.
    """
    with uow.read() as session:
        if program_id is None:
            record = session.scalar(select(ProgramRecord).where(ProgramRecord.is_active.is_(True),
                                                                ProgramRecord.deleted_at.is_(None)))
            if record is None:
                raise ProgramNotFoundError(_("No active program. Import one with 'program import FILE'."))
        else:
            record = _current(session, program_id)
        return parse_cached(record.source)


def get_program_source(uow: UnitOfWorkFactory, program_id: str | None = None) -> str:
    """The TOML text of the active program or of ``program_id``."""
    program = get_program(uow, program_id)
    with uow.read() as session:
        return _current(session, program.id).source


def ensure_default_program(uow: UnitOfWorkFactory) -> str | None:
    """Import and activate the shipped seed program when the database has no program yet.

    A portfolio whose active program is an earlier shipped default keeps it active (never switched
    silently): the current default is imported beside it, not active, once, for comparison.

    Returns:
        The notice of :func:`default_program_notice`, or None.
    """
    with uow.read() as session:
        has_any = session.scalar(select(ProgramRecord.id).limit(1)) is not None
        active_hash = session.scalar(select(ProgramRecord.content_hash).where(
            ProgramRecord.is_active.is_(True), ProgramRecord.deleted_at.is_(None)))
        has_new = session.scalar(select(ProgramRecord.id).where(
            ProgramRecord.program_key == DEFAULT_PROGRAM_ID).limit(1)) is not None
    if not has_any:
        import_program(uow, default_program_text(), activate=True)
        return None
    if active_hash in OLD_DEFAULT_HASHES and not has_new:
        import_program(uow, default_program_text(), activate=False)
    return default_program_notice(uow)


def default_program_notice(uow: UnitOfWorkFactory) -> str | None:
    """A message when the active program is an earlier shipped default and the new one is available.

    Returns:
        The message (current language), or None when there is nothing to say.
    """
    with uow.read() as session:
        active = session.scalar(select(ProgramRecord).where(
            ProgramRecord.is_active.is_(True), ProgramRecord.deleted_at.is_(None)))
        if active is None or active.content_hash not in OLD_DEFAULT_HASHES:
            return None
        old_id = active.program_key
        has_new = session.scalar(select(ProgramRecord.id).where(
            ProgramRecord.program_key == DEFAULT_PROGRAM_ID, ProgramRecord.superseded.is_(False),
            ProgramRecord.deleted_at.is_(None)).limit(1)) is not None
    if not has_new:
        return None
    return _(
        "The active program {old} is the first shipped default, where Expert was the lower competency level. "
        "It stays active. The corrected default {new} (Principal below Expert, as in the seed program) is "
        "available: compare with 'evaluate --compare {new}', switch with 'program activate {new}'.",
        old=old_id, new=DEFAULT_PROGRAM_ID)
