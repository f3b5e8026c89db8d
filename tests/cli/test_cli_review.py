"""``prm-desktop review pack`` and ``review day``: PDFs read back with pypdf."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from prm_desktop.cli import main
from prm_desktop.domain.partner_rules import PartnerInput, TeamMemberInput
from prm_desktop.domain.visit_rules import VisitInput
from prm_desktop.services.contacts import list_contacts
from prm_desktop.services.partners import create_partner
from prm_desktop.services.profile import get_profile
from prm_desktop.services.team import create_team_member
from prm_desktop.services.visits.editing import create_visit
from tests.reports.seed import NAME, OWNER, SECRETS, SHARED, seed_partner, seed_profile


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


@pytest.fixture
def seeded(app_ctx) -> str:  # noqa: ANN001
    me = seed_profile(app_ctx.uow)
    pid = seed_partner(app_ctx.uow, owner_id=me)
    create_partner(app_ctx.uow, PartnerInput(name="Ébénisterie Numérique", owner_id=me))
    create_partner(app_ctx.uow, PartnerInput(name="Autre Partenaire"))
    return pid


def test_the_audience_must_be_given(seeded, data_dir: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(data_dir), "review", "pack", "--partner", NAME, "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "--audience" in capsys.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_partner_pack_in_french_names_its_file(seeded, data_dir: Path, tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "review", "pack", "--partner", NAME,
                 "--audience", "partner", "--out", str(tmp_path), "--period", "2026-Q3"]) == 0  # fmt: skip
    [pdf] = tmp_path.glob("*.pdf")
    assert pdf.name == "societe-oeuvre-fils-2026-Q3.pdf"
    assert f"{pdf}\u00a0: " in capsys.readouterr().out
    text = _text(pdf)
    assert "Revue partenaire" in text and "2026-Q3" in text and NAME in text
    assert SHARED["action"] in text and not any(secret in text for secret in SECRETS.values())


def test_an_internal_pack_file_name_ends_in_interne(seeded, data_dir: Path, tmp_path: Path) -> None:
    assert main(["--data-dir", str(data_dir), "review", "pack", "--owner", OWNER, "--audience", "internal",
                 "--out", str(tmp_path / "revue.pdf")]) == 0  # fmt: skip
    assert not (tmp_path / "revue.pdf").exists()
    reader = pypdf.PdfReader(str(tmp_path / "revue-interne.pdf"))
    assert [item.title for item in reader.outline] == ["Ébénisterie Numérique", NAME]
    assert all(secret in _text(tmp_path / "revue-interne.pdf") for secret in SECRETS.values())


def test_several_partner_packs_need_a_folder(seeded, data_dir: Path, tmp_path: Path, capsys) -> None:
    code = main(["--data-dir", str(data_dir), "review", "pack", "--all", "--audience", "partner",
                 "--out", str(tmp_path / "one.pdf")])  # fmt: skip
    assert code == 1 and "folder" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "review", "pack", "--all", "--audience", "partner",
                 "--out", str(tmp_path / "packs")]) == 0  # fmt: skip
    assert len(list((tmp_path / "packs").glob("*.pdf"))) == 3


def test_an_unknown_tier_is_an_error(seeded, data_dir: Path, tmp_path: Path, capsys) -> None:
    code = main(["--data-dir", str(data_dir), "review", "pack", "--tier", "Diamant", "--audience", "internal",
                 "--out", str(tmp_path)])  # fmt: skip
    assert code == 1 and "Diamant" in capsys.readouterr().err


def test_the_day_sheet_lists_the_visits_of_the_day(seeded, app_ctx, data_dir: Path, tmp_path: Path) -> None:
    day = date.today() + timedelta(days=2)
    contact = list_contacts(app_ctx.uow, seeded)[0]
    starts = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=8)
    me = get_profile(app_ctx.uow).me_member_id
    create_visit(app_ctx.uow, VisitInput([seeded], starts_at=starts, place="Orléans, salle Jeanne",
                                         agenda="Bilan du trimestre", contact_ids=[contact.id],
                                         owner_id=me))  # fmt: skip
    colleague = create_team_member(app_ctx.uow, TeamMemberInput(name="Jérôme Dupré")).id
    create_visit(app_ctx.uow, VisitInput([seeded], starts_at=starts + timedelta(hours=4), agenda="Visite d’un collègue",
                                         owner_id=colleague))  # fmt: skip
    out = tmp_path / "jour.pdf"
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "review", "day", "--date", day.isoformat(),
                 "--out", str(out)]) == 0  # fmt: skip
    text = _text(out)
    assert "Visite d’un collègue" not in text  # mine only by default
    assert main(["--data-dir", str(data_dir), "review", "day", "--date", day.isoformat(), "--everyone",
                 "--out", str(tmp_path / "all.pdf")]) == 0  # fmt: skip
    assert "Visite d’un collègue" in _text(tmp_path / "all.pdf")
    assert "Fiche des visites du jour" in text and NAME in text and "Bilan du trimestre" in text
    assert "Zoë Lefèvre-Brûlé" in text  # attendee
    assert SHARED["action"] in text and SECRETS["action"] in text  # open actions (an internal sheet)
    assert SHARED["section"] in text and SECRETS["section"] in text  # the last report
    assert "Confidentiel – usage interne" in text
