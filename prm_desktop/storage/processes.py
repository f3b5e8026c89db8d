"""Starting a helper process for heavy work on the database ("spawn": a fresh interpreter, no PySide6).

A worker process is a daemon, and multiprocessing refuses to let a daemon start processes: the processes
started here are daemons themselves (they end with the process that started them), so the flag is lifted
only while they start.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

__all__ = ["start_spawned"]


def start_spawned(target: Callable[..., None], args: tuple[Any, ...], name: str) -> Any:
    """Start ``target(*args)`` in a new daemon process with the "spawn" method; returns the process."""
    context = multiprocessing.get_context("spawn")
    process = context.Process(target=target, args=args, name=name, daemon=True)
    me = multiprocessing.current_process()
    was_daemon = me._config.get("daemon")  # noqa: SLF001 - see the module's docstring
    me._config["daemon"] = False  # noqa: SLF001
    try:
        process.start()
    finally:
        if was_daemon is not None:
            me._config["daemon"] = was_daemon  # noqa: SLF001
    return process
