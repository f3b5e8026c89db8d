"""Logging to a rotating file in the user log folder (and nothing on screen but errors).

Qt's own messages are routed into the same log by the UI (``prm_desktop.ui.errors``).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

LOG_FILENAME = "prm-desktop.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

_handler: logging.Handler | None = None


def setup_logging(log_dir: Path, level: int = logging.INFO, console: bool = False) -> Path:
    """Send the root logger to ``log_dir/prm-desktop.log``, rotated at 1 MB, 5 files kept.

    Calling it again (another portfolio, tests) moves the log to the new folder.

    Args:
        log_dir: The folder of log files (created if missing).
        level: Lowest level written.
        console: Also write warnings and errors to stderr.

    Returns:
        The log file path.
    """
    global _handler
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILENAME
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    _handler = handler
    if console and not any(getattr(h, "_prm_console", False) for h in root.handlers):
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)
        stream.setFormatter(logging.Formatter(FORMAT))
        stream._prm_console = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    logging.captureWarnings(True)
    return path


def log_files(log_dir: Path) -> list[Path]:
    """The current log and its rotated predecessors, newest first."""
    if not log_dir.exists():
        return []
    files = [p for p in log_dir.glob(LOG_FILENAME + "*") if p.is_file()]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def flush_logs() -> None:
    """Flush the log file (before zipping it)."""
    if _handler is not None:
        _handler.flush()
