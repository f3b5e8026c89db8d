"""Worker-process jobs of the review packs: gather and lay out the PDFs away from the GUI process.

The GUI passes the portfolio folder, the partners (ids, or the partner list's filter for a whole
portfolio), the audience, the period and the output folder; it gets back the files written (paths
and page counts), never the packs themselves.
"""

from __future__ import annotations

from typing import Any

from prm_desktop.worker.child import JobProgress, TaskCancelled
from prm_desktop.worker.jobs import _portfolio

__all__ = ["day_sheet", "review_packs"]


def review_packs(progress: JobProgress, data_dir: str, partners: Any, audience: str, out: str,
                 period: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Write the review packs of some partners; return ``[{path, partners, pages}]``.

    Args:
        progress: Progress and cancellation.
        data_dir: The portfolio folder.
        partners: A list of partner ids, or a `PartnerFilter` (every partner it keeps, in name order).
        audience: ``partner`` or ``internal``.
        out: The folder (or ``.pdf`` file) to write to.
        period: The quarter (default: the current one).
    """
    from pathlib import Path

    from prm_desktop.domain.partner_filter import PartnerFilter
    from prm_desktop.services.partner_queries import partner_ids
    from prm_desktop.services.review_files import PackCancelled, write_packs

    progress(0, 0, "")
    with _portfolio(data_dir) as app:
        ids = partner_ids(app.uow, partners, "name") if isinstance(partners, PartnerFilter) else list(partners)
        progress.check()
        try:
            written = write_packs(app.uow, ids, audience, Path(out), period, progress=progress,
                                  cancelled=lambda: progress.cancelled)  # fmt: skip
        except PackCancelled as exc:
            raise TaskCancelled from exc
    return [{"path": w.path, "partners": w.partners, "pages": w.pages} for w in written]


def day_sheet(progress: JobProgress, data_dir: str, day: str, everyone: bool, out: str) -> dict[str, Any]:
    """Write the visit day sheet of a day (my visits, or the whole team's); return ``{path, visits, pages}``.

    Args:
        progress: Progress and cancellation.
        data_dir: The portfolio folder.
        day: The day, ``YYYY-MM-DD``.
        everyone: Every team member's visits (else mine).
        out: The PDF file to write.
    """
    from datetime import date
    from pathlib import Path

    from prm_desktop.services.review_files import write_day_sheet

    progress(0, 0, "")
    with _portfolio(data_dir) as app:
        progress.check()
        written = write_day_sheet(app.uow, date.fromisoformat(day), Path(out), everyone=everyone)
    return {"path": written.path, "visits": written.partners, "pages": written.pages}
