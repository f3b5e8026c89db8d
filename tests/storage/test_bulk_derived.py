"""A large import keeps the Motion and Tag filters' labels and the Competencies tab's consolidation set-based
(their triggers paused for the import's summary write): afterwards every derived table equals what the
maintenance rebuild makes from scratch, a failed import writes nothing, and the pause never outlives
the transaction (every other writer still goes through the triggers).
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from prm_desktop.services import partner_summary
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.imports.apply import import_file
from prm_desktop.storage.partners import summary as summary_store
from prm_desktop.storage.standing.consolidation import DIMENSIONS, consolidated
from tests.storage import test_standing_consolidation as consolidation_tests

NEW_PARTNERS = 2 * summary_store.BULK_MIN_PARTNERS


@pytest.fixture
def demo(app_ctx):
    generate_demo(app_ctx.uow, partners=60, seed=5)
    return app_ctx


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return sorted(conn.execute(sql).fetchall(), key=repr)


def _derived(ctx) -> dict[str, object]:
    """Every derived table as the user's views read them (consolidated sums as shown)."""
    path = ctx.db.path
    with ctx.uow.read() as session:
        groups = {d: [(k, n, round(r, 6), round(t, 6)) for k, n, r, t in consolidated(session, d)] for d in DIMENSIONS}
    return {
        "labels": _rows(path, "SELECT kind, label, name_key, partner_id FROM partner_summary_labels"),
        "consolidation": groups,
        "summary": _rows(path, "SELECT * FROM partner_summary"),
        "search": _rows(path, "SELECT r.kind, r.entity_id, r.partner_id, i.body FROM search_rows r "
                              "JOIN search_index i ON i.rowid = r.id"),
        "paused": _rows(path, "SELECT * FROM summary_trigger_pause"),
    }


def _assert_equals_rebuild(ctx) -> dict[str, object]:
    before = _derived(ctx)
    assert before["paused"] == []
    partner_summary.rebuild_derived(ctx.uow)
    after = _derived(ctx)
    for table in before:
        assert before[table] == after[table], table
    return before


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _new_rows(count: int, start: int = 0) -> list[dict[str, str]]:
    types = ["Revendeur", "Intégrateur", "ESN", "Éditeur"]
    regions = ["Bretagne", "Île-de-France", "", "Occitanie"]
    tags = ["Cloud, Sécurité", "cloud", "", "Réseau; IA; Cloud", "IA"]
    owners = ["Zoé Martin", "Hugo Bernard", ""]
    return [{"Nom": f"Numérique {i} SAS", "Type de partenaire": types[i % 4], "Région": regions[i % 4],
             "Ville": "Lyon", "Étiquettes": tags[i % 5], "Responsable partenaire": owners[i % 3]}
            for i in range(start, start + count)]  # fmt: skip


def test_a_large_import_leaves_labels_consolidation_summary_and_search_as_a_rebuild_makes_them(
        demo, tmp_path) -> None:  # fmt: skip
    _plan, result = import_file(demo.uow, "partners", _write_csv(tmp_path / "new.csv", _new_rows(NEW_PARTNERS)))
    assert result is not None and result.created >= NEW_PARTNERS  # and the new owners
    derived = _assert_equals_rebuild(demo)
    assert {("t", "sécurité"), ("t", "cloud"), ("t", "ia")} <= {(kind, label) for kind, label, *_ in derived["labels"]}
    assert sum(n for _key, n, *_ in derived["consolidation"]["tier"]) == 60 + NEW_PARTNERS
    consolidation_tests.assert_in_step(demo)


def test_a_large_import_that_updates_partners_moves_their_labels_and_groups(demo, tmp_path) -> None:
    with sqlite3.connect(demo.db.path) as conn:
        demo_rows = conn.execute("SELECT id, name FROM partners WHERE deleted_at IS NULL ORDER BY id").fetchall()
    rows = [{"Identifiant": pid, "Nom": name} | {k: v for k, v in new.items() if k != "Nom"}
            for (pid, name), new in zip(demo_rows, _new_rows(len(demo_rows), 1), strict=True)]  # fmt: skip
    rows += [{"Identifiant": ""} | new for new in _new_rows(NEW_PARTNERS, 1000)]
    _plan, result = import_file(demo.uow, "partners", _write_csv(tmp_path / "update.csv", rows))
    assert result is not None and result.updated >= 50 and result.created >= NEW_PARTNERS  # and the new owners
    _assert_equals_rebuild(demo)
    consolidation_tests.assert_in_step(demo)


def test_an_import_with_a_row_error_changes_no_derived_table(demo, tmp_path) -> None:
    before = _derived(demo)
    rows = _new_rows(NEW_PARTNERS)
    rows[-1]["Type de partenaire"] = "Vendeur de glaces"
    plan, result = import_file(demo.uow, "partners", _write_csv(tmp_path / "bad.csv", rows))
    assert result is None and not plan.ok
    assert _derived(demo) == before


def test_every_write_path_keeps_them_in_step_when_each_summary_write_is_set_based(
        demo, samples, monkeypatch) -> None:  # fmt: skip
    """The consolidation scenario of imports, edits, deletes, restores and undo, every summary write set-based."""
    monkeypatch.setattr(summary_store, "BULK_MIN_PARTNERS", 1)
    consolidation_tests.test_imports_edits_deletes_restores_and_undo_keep_it_in_step(demo, samples)
    _assert_equals_rebuild(demo)


def test_the_triggers_still_keep_them_for_writers_outside_a_bulk_write(demo) -> None:
    """Another connection's summary write (no pause row for it) still updates labels and consolidation."""
    with sqlite3.connect(demo.db.path) as conn:
        pid, before = conn.execute("SELECT partner_id, type FROM partner_summary ORDER BY partner_id").fetchone()
        conn.execute("UPDATE partner_summary SET tags = 'Vélo', type = 'zz-type' WHERE partner_id = ?", (pid,))
    labels = _rows(demo.db.path, f"SELECT label FROM partner_summary_labels WHERE kind = 't' AND partner_id = '{pid}'")
    assert labels == [("vélo",)]
    with demo.uow.read() as session:
        assert ("zz-type", 1) in [(key, n) for key, n, *_ in consolidated(session, "type")]
    assert before != "zz-type"
