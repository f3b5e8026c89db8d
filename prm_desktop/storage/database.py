"""Opening the SQLite database: schema check, backup then migration, engine and sessions.

Start-up reads ``alembic_version`` with the bare sqlite3 module and imports Alembic only when the
database must be created or upgraded. A database written by a newer version of the app, a file
that is not a PRM Desktop database, or a damaged file is refused with a clear message and never
touched.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from prm_desktop.domain.hlc import HybridClock
from prm_desktop.domain.i18n import _
from prm_desktop.storage.search.expand import VOCAB_DDL
from prm_desktop.storage.sync.identity import bind_identity, latest_stamp
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory, control_transactions, session_factories
from prm_desktop.storage.write_guard import guard_writes

#: Every migration this version of the app knows, oldest first (a test checks Alembic agrees).
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial", "0002_partner_summary_search", "0003_summary_sort_keys", "0004_visits",
    "0005_search_everything", "0006_sync", "0008_metrics_facts_currency", "0009_lookup_indexes", "0010_visit_ics",
    "0011_period_start", "0012_visit_status_index", "0013_standing_consolidation", "0014_open_actions_index",
    "0015_partner_filter_indexes", "0016_sync_resync", "0017_summary_trigger_pause", "0018_reference_indexes",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """The database cannot be opened; the message says why in plain words."""


class DatabaseTooNewError(DatabaseError):
    """The database was written by a newer version of PRM Desktop."""


class DatabaseCorruptError(DatabaseError):
    """The file is damaged or is not a PRM Desktop database."""


def read_schema_version(path: Path) -> str | None:
    """Return the schema revision stored in a database file, None for a new or empty file.

    Raises:
        DatabaseCorruptError: The file is not an SQLite database or has no PRM Desktop schema.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        header = _read_header(path)
    except OSError as exc:
        raise _fault(exc, path) from exc
    if header != SQLITE_HEADER:
        raise DatabaseCorruptError(_(
            "The file {path} is not a PRM Desktop database (it may be damaged). "
            "It was left untouched; restore a backup or choose another data folder.", path=path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise DatabaseCorruptError(_(
                        "The file {path} is an SQLite database but not a PRM Desktop one. "
                        "It was left untouched.", path=path))
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _fault(exc, path) from exc
    return row[0] if row else None


def _read_header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(16)


def _fault(exc: BaseException, path: Path) -> DatabaseError:
    """The clear error for ``exc`` (damage, or a fault of its own: read-only, full, busy...)."""
    from prm_desktop.storage.faults import describe_fault

    fault = describe_fault(exc, path)
    if fault is not None:
        return fault
    return DatabaseCorruptError(_(
        "The database {path} cannot be read ({error}). It was left untouched; "
        "restore a backup from File > Restore.", path=path, error=exc))


def check_schema(path: Path) -> str:
    """Say what start-up must do: ``create``, ``upgrade`` or ``ready``.

    Raises:
        DatabaseTooNewError: The stored revision is unknown to this version of the app.
        DatabaseCorruptError: See `read_schema_version`.
    """
    version = read_schema_version(path)
    if version is None:
        return "create"
    if version == HEAD_REVISION:
        return "ready"
    if version in KNOWN_REVISIONS:
        return "upgrade"
    raise DatabaseTooNewError(_(
        "This database was written by a newer version of PRM Desktop (schema {version}). "
        "Install the latest version to open it; the file was left untouched.", version=version))


def make_engine(path: Path) -> Engine:
    """Create the engine: WAL, foreign keys on, busy timeout, normal sync, our own transactions.

    The driver's implicit ``BEGIN`` (issued only before a write, so reads ran outside any
    transaction) is turned off and `begin_transaction` emits ours (SQLAlchemy's SQLite recipe);
    every statement passes the change-log guard (`guard_writes`).
    """
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # no implicit BEGIN/COMMIT by the driver
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-32768")  # 32 MB page cache: portfolio reads touch many pages
        cursor.execute(VOCAB_DDL)  # the search index's words (storage/search/expand.py), per connection
        cursor.close()

    control_transactions(engine)
    guard_writes(engine)
    return engine


@dataclass
class Database:
    """An open database: engine, session factory and unit-of-work factory."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    uow: UnitOfWorkFactory
    migrated_from: str | None = None

    def close(self) -> None:
        """Release every connection (before a restore, at exit)."""
        self.engine.dispose()


def open_database(path: Path, backup_dir: Path | None = None) -> Database:
    """Open (creating or upgrading as needed) the database at ``path``.

    Args:
        path: The SQLite file.
        backup_dir: Where the pre-migration backup goes (defaults to ``path.parent / "backups"``).

    Raises:
        DatabaseError: The database is too new, damaged or not ours; nothing was written.
    """
    action = check_schema(path)
    previous = None
    if action != "ready":
        path.parent.mkdir(parents=True, exist_ok=True)
        from prm_desktop.storage import backup, migrate  # Alembic only when needed

        if action == "upgrade":
            previous = read_schema_version(path)
            backup.backup_database(path, backup_dir or path.parent / "backups", reason="before-upgrade")
        migrate.upgrade(path)
    engine = make_engine(path)
    sessions = sessionmaker(engine, expire_on_commit=False)
    writes, reads = session_factories(engine)
    clock = HybridClock(bind_identity(writes, path))
    stored = latest_stamp(reads)
    if stored is not None:
        clock.observe(stored)  # a wall clock behind the last stored stamp never sorts a new edit before it
    return Database(path, engine, sessions, UnitOfWorkFactory(writes, clock, reads), previous)
