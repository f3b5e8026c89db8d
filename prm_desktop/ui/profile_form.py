"""The "who am I" form shared by the first-run welcome and the settings dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from babel.dates import get_day_names
from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import babel_locale
from prm_desktop.domain.i18n import _
from prm_desktop.services.profile import Profile
from prm_desktop.ui.form_scroll import keep_height


def error_label() -> QLabel:
    """An inline error message (icon-like prefix and text, not colour alone)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.setVisible(False)
    return label


def show_error(label: QLabel, message: str | None) -> None:
    """Show or hide an inline error."""
    label.setText("⚠ " + message if message else "")
    label.setVisible(bool(message))
    label.setAccessibleName(message or "")


class ProfileForm(QWidget):
    """Name, e-mail, company, working days and hours of the user."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profile = Profile()
        self.name = QLineEdit()
        self.name.setObjectName("profileName")
        self.email = QLineEdit()
        self.email.setObjectName("profileEmail")
        self.company = QLineEdit()
        self.company.setObjectName("profileCompany")
        self.days = [QCheckBox() for _day in range(7)]
        days_row = QHBoxLayout()
        days_row.setContentsMargins(0, 0, 0, 0)
        for box in self.days:
            days_row.addWidget(box)
        days_row.addStretch(1)
        self.start = QTimeEdit()
        self.end = QTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        hours_row = QHBoxLayout()
        hours_row.setContentsMargins(0, 0, 0, 0)
        self.to_label = QLabel()
        hours_row.addWidget(self.start)
        hours_row.addWidget(self.to_label)
        hours_row.addWidget(self.end)
        hours_row.addStretch(1)
        self.errors = {
            "name": error_label(),
            "working_days": error_label(),
            "work_end": error_label(),
            "email": error_label(),
        }
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.labels = [QLabel() for _i in range(5)]
        self.form.addRow(self.labels[0], _with_error(self.name, self.errors["name"]))
        self.form.addRow(self.labels[1], _with_error(self.email, self.errors["email"]))
        self.form.addRow(self.labels[2], keep_height(self.company))
        days_widget = QWidget()
        days_widget.setLayout(days_row)
        self.form.addRow(self.labels[3], _with_error(days_widget, self.errors["working_days"]))
        hours_widget = QWidget()
        hours_widget.setLayout(hours_row)
        self.form.addRow(self.labels[4], _with_error(hours_widget, self.errors["work_end"]))
        for label, buddy in zip(
            self.labels, (self.name, self.email, self.company, self.days[0], self.start), strict=True
        ):
            label.setBuddy(buddy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        self.retranslate()
        self.set_profile(self._profile)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        for label, text in zip(
            self.labels,
            (_("Your &name:"), _("Your &e-mail:"), _("&Company:"), _("Working &days:"), _("Working &hours:")),
            strict=True,
        ):
            label.setText(text)
        self.name.setAccessibleName(_("Your name"))
        self.name.setPlaceholderText(_("First and last name (required)"))
        self.email.setAccessibleName(_("Your e-mail"))
        self.email.setPlaceholderText(_("Optional"))
        self.company.setAccessibleName(_("Company"))
        self.company.setPlaceholderText(_("The company whose partners you manage"))
        short = get_day_names("abbreviated", locale=babel_locale())
        wide = get_day_names("wide", locale=babel_locale())
        for index, box in enumerate(self.days):
            box.setText(str(short[index]))
            box.setAccessibleName(_("Works on {day}", day=wide[index]))
        self.to_label.setText(_("to"))
        self.start.setAccessibleName(_("Start of the working day"))
        self.end.setAccessibleName(_("End of the working day"))

    def set_profile(self, profile: Profile) -> None:
        """Show a profile's values."""
        self._profile = profile
        self.name.setText(profile.name)
        self.email.setText(profile.email or "")
        self.company.setText(profile.company_name)
        for index, box in enumerate(self.days):
            box.setChecked(index + 1 in profile.working_days)
        self.start.setTime(QTime(profile.work_start.hour, profile.work_start.minute))
        self.end.setTime(QTime(profile.work_end.hour, profile.work_end.minute))

    def profile(self) -> Profile:
        """The values typed, on top of the profile shown."""
        start, end = self.start.time(), self.end.time()
        return replace(
            self._profile,
            name=self.name.text().strip(),
            email=self.email.text().strip() or None,
            company_name=self.company.text().strip(),
            working_days=tuple(i + 1 for i, box in enumerate(self.days) if box.isChecked()),
            work_start=time(start.hour(), start.minute()),
            work_end=time(end.hour(), end.minute()),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each field's error under it (an empty dict clears them)."""
        for field, label in self.errors.items():
            show_error(label, errors.get(field))
        first = next((f for f in ("name", "email", "working_days", "work_end") if f in errors), None)
        target = {"name": self.name, "email": self.email, "working_days": self.days[0], "work_end": self.end}.get(
            first or ""
        )
        if target is not None:
            target.setFocus()


def _with_error(field: QWidget, error: QLabel) -> QWidget:
    """The field over its message; the field keeps its height, the message gets its height for its width."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(keep_height(field))
    layout.addWidget(error)
    return box
