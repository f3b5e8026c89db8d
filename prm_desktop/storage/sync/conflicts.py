"""Conflict records received from the server (and edits the server refused), kept locally."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prm_desktop.storage.ids import new_id
from prm_desktop.storage.models import SyncConflict, utcnow


def store_conflict(session: Session, data: dict[str, Any]) -> None:
    """Insert or update the conflict record ``data`` (as the server sends it)."""
    created = data.get("created_at")
    record = SyncConflict(
        id=data["id"], table_name=data["table_name"], row_id=data["row_id"], partner_id=data.get("partner_id"),
        field=data.get("field"), kind=data.get("kind", "field"), kept_value=data.get("kept_value"),
        lost_value=data.get("lost_value"), kept_hlc=data.get("kept_hlc"), lost_hlc=data.get("lost_hlc"),
        author=data.get("author"),
        created_at=datetime.fromisoformat(created) if created else utcnow())
    session.merge(record)


def store_refused(session: Session, table: str, row_id: str, reason: str, lost: Any, hlc: str,
                  partner_id: str | None) -> None:
    """Keep a local edit the server refused (shown with the conflicts, never silently dropped)."""
    session.add(SyncConflict(id=new_id(), table_name=table, row_id=row_id, partner_id=partner_id, field=None,
                             kind="refused", kept_value=json.dumps(reason, ensure_ascii=False),
                             lost_value=json.dumps(lost, ensure_ascii=False, default=str), lost_hlc=hlc,
                             author=None, created_at=utcnow()))


def list_conflicts(session: Session) -> list[SyncConflict]:
    """Every conflict record, newest first."""
    return list(session.scalars(select(SyncConflict).order_by(SyncConflict.created_at.desc())))
