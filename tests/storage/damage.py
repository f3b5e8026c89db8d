"""Build damaged databases the way disks do: overwrite bytes of a real b-tree page of a table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

LEAF_TABLE, INTERIOR_TABLE = 0x0D, 0x05


def table_leaf_page(db_path: Path, table: str) -> tuple[int, int]:
    """(page number, page size) of a leaf page of ``table``'s b-tree (never page 1, the header)."""
    conn = sqlite3.connect(db_path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (table,)).fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    data = db_path.read_bytes()
    while True:
        start = (page - 1) * page_size
        kind = data[start]
        if kind == LEAF_TABLE:
            break
        assert kind == INTERIOR_TABLE, f"page {page} is not a table b-tree page"
        page = int.from_bytes(data[start + 8:start + 12], "big")  # right-most child
    assert page > 1
    return page, page_size


def damage_table(db_path: Path, table: str = "partners") -> int:
    """Overwrite the cell pointers and cells of a leaf page of ``table``; returns the page number.

    Every connection to the file must be closed (the WAL is checkpointed into the file first).
    """
    page, page_size = table_leaf_page(db_path, table)
    with db_path.open("r+b") as handle:
        handle.seek((page - 1) * page_size + 8)
        handle.write(bytes([0xA5]) * (page_size - 8))
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return page


def quick_check_ok(path: Path) -> bool:
    """True when the file passes ``PRAGMA quick_check``."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
