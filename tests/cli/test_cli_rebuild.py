"""``prm-desktop rebuild``: the full rebuild of the derived tables is a maintenance action."""

from __future__ import annotations

from sqlalchemy import text

from prm_desktop.cli import main
from prm_desktop.services import search_index
from prm_desktop.services.partner_queries import search_partner_ids
from prm_desktop.services.partners import PartnerInput, create_partner


def test_rebuild_repairs_the_search_index_and_the_summary(app_ctx, data_dir, capsys) -> None:
    uow = app_ctx.uow
    acme = create_partner(uow, PartnerInput(name="Acme Réseaux", city="Lyon"))
    with uow(label="damage the derived tables") as work:
        for table in ("search_index", "search_rows", "partner_summary"):
            work.session.execute(text(f"DELETE FROM {table}"))
        work.commit()
    assert search_partner_ids(uow, "reseaux") == []
    assert main(["--data-dir", str(data_dir), "rebuild"]) == 0
    assert "Search index and partner summaries rebuilt." in capsys.readouterr().out
    assert search_partner_ids(uow, "reseaux") == [acme.id]
    assert [h.entity_id for h in search_index.search(uow, "acme")] == [acme.id]
