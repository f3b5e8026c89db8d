from __future__ import annotations

import threading

from prm_desktop.services.drafts import open_drafts


def test_save_load_discard_and_list(tmp_path) -> None:
    drafts = open_drafts(tmp_path / "drafts.sqlite3")
    assert drafts.load("note:1") is None and drafts.pending() == []
    drafts.save("note:1", "Premier jet", "Note about Atlas")
    drafts.save("note:1", "Premier jet, corrigé", "Note about Atlas")
    drafts.save("visit-report:2", "Compte rendu")
    assert drafts.load("note:1").text == "Premier jet, corrigé"
    assert [d.key for d in drafts.pending()] == ["visit-report:2", "note:1"]
    drafts.save("visit-report:2", "   ")  # emptied: nothing worth keeping
    assert drafts.load("visit-report:2") is None
    drafts.discard("note:1")
    assert drafts.pending() == []
    drafts.close()


def test_drafts_persist_across_reopen_and_use_wal(tmp_path) -> None:
    path = tmp_path / "drafts.sqlite3"
    drafts = open_drafts(path)
    drafts.save("note:1", "Ne pas perdre ceci", "Note")
    drafts.close()
    again = open_drafts(str(path))
    assert again.load("note:1").text == "Ne pas perdre ceci"
    assert again.load("note:1").updated_at.tzinfo is not None
    again.close()
    import sqlite3

    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_drafts_are_kept_out_of_the_main_database(app_ctx) -> None:
    drafts = open_drafts(app_ctx.paths.drafts)
    drafts.save("note:1", "texte")
    drafts.close()
    assert app_ctx.paths.drafts != app_ctx.paths.database and app_ctx.paths.drafts.exists()


def test_saving_from_several_threads(tmp_path) -> None:
    drafts = open_drafts(tmp_path / "drafts.sqlite3")
    threads = [threading.Thread(target=lambda i=i: [drafts.save(f"k{i}", str(n)) for n in range(50)]) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(d.key for d in drafts.pending()) == ["k0", "k1", "k2", "k3"]
    assert {d.text for d in drafts.pending()} == {"49"}
    drafts.close()
