"""The report as sent: an ``.eml`` draft and a ``mailto:`` fallback, to the attendees.

The draft has ``X-Unsent: 1``, text and HTML parts and an RFC 2047 subject; it holds the shared
sections and shared actions only.

Internal-only sections and actions never go out; neither do attendees without an e-mail address.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from urllib.parse import quote

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import N_, translate
from prm_desktop.domain.visit_rules import SECTION_LABELS
from prm_desktop.services.visits.editing import VisitDetail, get_visit
from prm_desktop.services.visits.report import ActionRow, Report, get_report, list_actions
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["OutgoingReport", "build_eml", "mailto_url", "outgoing_report", "report_eml", "report_mailto"]

_SUBJECT = N_("Visit report: {partners}, {date}")
_ACTIONS = N_("Actions")
_DUE = N_("due {date}")
_OWNER = N_("owner: {name}")


@dataclass(frozen=True)
class OutgoingReport:
    """What leaves the laptop: recipients, subject and the shared content only."""

    to: tuple[tuple[str, str], ...]
    subject: str
    sections: tuple[tuple[str, str], ...]
    actions: tuple[str, ...]


def outgoing_report(detail: VisitDetail, report: Report, actions: list[ActionRow], lang: str) -> OutgoingReport:
    """Keep what may be sent: shared, non-empty sections; shared actions; attendees with an e-mail."""
    to = tuple((a.name, a.email) for a in detail.attendees if a.email)
    when = format_date(detail.local_start.date(), lang, "long")
    subject = translate(_SUBJECT, lang, partners=", ".join(detail.partner_names), date=when)
    sections = tuple((translate(SECTION_LABELS.get(s.key, s.key), lang), s.body.strip())
                     for s in report.sections if not s.internal_only and s.body.strip())  # fmt: skip
    lines = []
    for a in actions:
        if a.internal_only:
            continue
        extra = [translate(_OWNER, lang, name=a.owner)] if a.owner else []
        if a.due_on:
            extra.append(translate(_DUE, lang, date=format_date(a.due_on, lang)))
        lines.append(a.title + (f" ({', '.join(extra)})" if extra else ""))
    return OutgoingReport(to, subject, sections, tuple(lines))


def _text(out: OutgoingReport, lang: str) -> str:
    parts = []
    for title, body in out.sections:
        parts.append(f"{title}\n{'-' * len(title)}\n{body}\n")
    if out.actions:
        title = translate(_ACTIONS, lang)
        parts.append(f"{title}\n{'-' * len(title)}\n" + "\n".join(f"- {a}" for a in out.actions) + "\n")
    return "\n".join(parts)


def _html(out: OutgoingReport, lang: str) -> str:
    parts = [f"<html lang=\"{lang}\"><body>"]
    for title, body in out.sections:
        paragraphs = "<br>".join(html.escape(line) for line in body.splitlines())
        parts.append(f"<h3>{html.escape(title)}</h3><p>{paragraphs}</p>")
    if out.actions:
        items = "".join(f"<li>{html.escape(a)}</li>" for a in out.actions)
        parts.append(f"<h3>{html.escape(translate(_ACTIONS, lang))}</h3><ul>{items}</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def build_eml(out: OutgoingReport, lang: str) -> bytes:
    """The draft message as bytes (CRLF line ends; the subject RFC 2047-encoded when not ASCII)."""
    msg = EmailMessage(policy=SMTP)
    msg["To"] = ", ".join(formataddr((name, email)) for name, email in out.to)
    msg["Subject"] = out.subject
    msg["X-Unsent"] = "1"
    msg.set_content(_text(out, lang))
    msg.add_alternative(_html(out, lang), subtype="html")
    return msg.as_bytes()


def mailto_url(out: OutgoingReport, lang: str) -> str:
    """A ``mailto:`` link with the same recipients, subject and text (fallback without a mail client)."""
    to = ",".join(email for _name, email in out.to)
    return f"mailto:{quote(to, safe='@,')}?subject={quote(out.subject)}&body={quote(_text(out, lang))}"


def _outgoing(uow: UnitOfWorkFactory, visit_id: str, lang: str) -> OutgoingReport:
    detail = get_visit(uow, visit_id)
    return outgoing_report(detail, get_report(uow, visit_id), list_actions(uow, "visit", visit_id=visit_id), lang)


def report_eml(uow: UnitOfWorkFactory, visit_id: str, lang: str) -> bytes:
    """The ``.eml`` draft of a visit's report in ``lang``."""
    return build_eml(_outgoing(uow, visit_id, lang), lang)


def report_mailto(uow: UnitOfWorkFactory, visit_id: str, lang: str) -> str:
    """The ``mailto:`` fallback of a visit's report in ``lang``."""
    return mailto_url(_outgoing(uow, visit_id, lang), lang)


