"""SQLAlchemy 2.0 typed models: every table of the PRM Desktop database."""

from prm_desktop.storage.models.base import Base, Synced, UtcDateTime, utcnow
from prm_desktop.storage.models.derived import PartnerSummary, PartnerSummaryLabel
from prm_desktop.storage.models.metrics import PartnerMetricValue, PartnerYesNoFact
from prm_desktop.storage.models.partners import (
    Contact,
    Partner,
    PartnerDistributor,
    TeamMember,
    UserProfile,
)
from prm_desktop.storage.models.people import Note, Stakeholder, StakeholderLink
from prm_desktop.storage.models.program import (
    Certification,
    CustomerReference,
    ProgramRecord,
    RevenueLine,
    Target,
)
from prm_desktop.storage.models.sync import SyncConflict, SyncState
from prm_desktop.storage.models.system import Batch, ChangeLogEntry
from prm_desktop.storage.models.visits import (
    ActionItem,
    Visit,
    VisitAttendee,
    VisitPartner,
    VisitReportSection,
)

__all__ = [
    "ActionItem", "Base", "Batch", "Certification", "ChangeLogEntry", "Contact", "CustomerReference",
    "Note", "Partner", "PartnerDistributor", "ProgramRecord", "RevenueLine", "Stakeholder",
    "StakeholderLink", "Synced", "Target", "TeamMember", "UserProfile", "UtcDateTime", "Visit",
    "VisitAttendee", "VisitPartner", "VisitReportSection", "utcnow",
    "PartnerSummary", "PartnerSummaryLabel", "PartnerMetricValue", "PartnerYesNoFact", "SyncConflict", "SyncState",
]

SYNCED_MODELS = [m for m in Base.registry.mappers if getattr(m.class_, "__synced__", False)]
