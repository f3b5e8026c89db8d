"""Row ids: UUID v7 made on the laptop, stored as 36-character lowercase text."""

from __future__ import annotations

import secrets

import uuid_utils


def new_id() -> str:
    """Return a new time-ordered UUID v7 as lowercase text."""
    return str(uuid_utils.uuid7())


def new_device_id() -> str:
    """Return a random 16-hex-character device id for the hybrid logical clock."""
    return secrets.token_hex(8)
