"""A UTF-8 (or XLSX) export imported back changes nothing (issue 4: export then import is a no-op)."""

from __future__ import annotations

import pytest

from prm_desktop.services.demo import generate_demo
from prm_desktop.services.exports import export_contacts, export_partners
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.partner_queries import PartnerFilter


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_partners_and_contacts_export_reimport_changes_nothing(uow, tmp_path, suffix) -> None:
    generate_demo(uow, partners=40, seed=11)
    partners_file, contacts_file = tmp_path / f"partners{suffix}", tmp_path / f"contacts{suffix}"
    assert export_partners(uow, PartnerFilter(), partners_file).rows == 40
    exported_contacts = export_contacts(uow, PartnerFilter(), contacts_file).rows
    assert exported_contacts > 40
    for kind, path in (("partners", partners_file), ("contacts", contacts_file)):
        plan, result = import_file(uow, kind, path)
        assert plan.errors == [], [str(e) for e in plan.errors][:5]
        assert (len(plan.creates), len(plan.updates)) == (0, 0), (
            kind, [c.label for c in plan.creates][:5], [(u.label, u.changes) for u in plan.updates][:3])
        assert result is not None and result.batch_id is None  # nothing written, no batch opened
