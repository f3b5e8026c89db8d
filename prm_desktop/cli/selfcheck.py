"""``self-check [--import KIND FILE]``: is this installation complete and working.

Run after installing, or when the application misbehaves on one machine only. It checks that the
French messages and the database migrations shipped, and starts a worker process exactly as the
application does (``spawn``: in the installed app this proves ``freeze_support``). With
``--import KIND FILE`` it also imports the file through worker processes, as the import wizard does
(read, check, write), into a scratch portfolio that is deleted afterwards: the user's portfolio is
never touched. Each check prints one line; the exit code is 1 when any failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from prm_desktop.cli.common import CliError, command, existing_file
from prm_desktop.domain.i18n import _, _n, get_language, translate
from prm_desktop.services.imports.columns import KINDS

#: Longest wait for one worker job (a cold start of a frozen app on a slow disk included).
JOB_TIMEOUT_S = 180.0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``self-check`` command."""
    parser = command(sub, "self-check", _("check this installation: messages, database migrations, the worker "
                                           "process (and an import through it, into a scratch portfolio)"),
                     _self_check)  # fmt: skip
    parser.add_argument("--import", dest="import_file", nargs=2, metavar=(_("KIND"), _("FILE")),
                        help=_("also import FILE (of KIND: {kinds}) through worker processes, into a scratch "
                               "portfolio that is deleted afterwards", kinds=", ".join(KINDS)))  # fmt: skip


def run_job(job: str, *args: Any) -> tuple[Any, int]:
    """Run one worker job in its own process, as the GUI does, and wait for it.

    Args:
        job: The job's dotted path, ``"module:function"``.
        *args: Its arguments after ``progress``.

    Returns:
        The job's result and the worker's process id.

    Raises:
        CliError: The job failed, or did not finish within `JOB_TIMEOUT_S`.
    """
    from prm_desktop.worker.launcher import WorkerProcess

    finished = threading.Event()
    outcome: dict[str, Any] = {}

    def done(result: Any, pid: int) -> None:
        outcome.update(result=result, pid=pid)
        finished.set()

    def failed(error: BaseException, trace: str, pid: int | None) -> None:
        outcome.update(error=error, trace=trace)
        finished.set()

    worker = WorkerProcess(job, args, get_language(), lambda *_progress: None, done, failed)
    if not finished.wait(JOB_TIMEOUT_S):
        worker.cancel()
        raise CliError(_("The worker process did not answer within {seconds} s.", seconds=int(JOB_TIMEOUT_S)))
    if "error" in outcome:
        raise CliError(_("The worker process failed: {error}", error=outcome["error"]) + "\n" + outcome["trace"])
    return outcome["result"], outcome["pid"]


def _check_messages() -> str:
    sample = "show the version and exit"
    if translate(sample, "fr") == sample:
        raise CliError(_("The French messages are missing from this installation."))
    return _("French messages: present")


def _check_migrations() -> str:
    from prm_desktop.storage.database import KNOWN_REVISIONS
    from prm_desktop.storage.migrate import revisions

    found = revisions()
    if not found or found[-1] != KNOWN_REVISIONS[-1]:
        raise CliError(_("Database migrations incomplete: found {found}, expected up to {head}.",
                         found=", ".join(found) or "∅", head=KNOWN_REVISIONS[-1]))  # fmt: skip
    return _("Database migrations: {count}, up to {head}", count=len(found), head=found[-1])


def _check_worker() -> str:
    result, pid = run_job("prm_desktop.worker.jobs:probe")
    if pid == os.getpid():
        raise CliError(_("The worker job ran in this process, not in a worker process."))
    return _("Worker process: answered (process {pid})", pid=pid)


def _check_import(kind: str, file: Path) -> str:
    from prm_desktop.bootstrap import open_app

    scratch = Path(tempfile.mkdtemp(prefix="prm-self-check-"))
    try:
        open_app(str(scratch)).close()  # the shipped program, as on a first start
        preview, _pid = run_job("prm_desktop.worker.jobs:import_read", str(file))
        checked, pid = run_job("prm_desktop.worker.jobs:import_check", str(scratch), str(file), kind, None, file.name)
        if checked.errors:
            raise CliError("\n".join(str(error) for error in checked.errors))
        if not checked.plan_file:
            raise CliError(_("The file holds nothing to import."))
        result, _pid = run_job("prm_desktop.worker.jobs:import_apply", str(scratch), checked.plan_file)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return _("Import through the worker (process {pid}): {file}, {rows} rows read, {created} created, "
             "{updated} updated", pid=pid, file=file.name, rows=preview.row_count, created=result.created,
             updated=result.updated)  # fmt: skip


def _self_check(args: argparse.Namespace) -> int:
    from prm_desktop.worker.launcher import stop_spare

    checks: list[Any] = [_check_messages, _check_migrations, _check_worker]
    if args.import_file:
        kind, file = args.import_file
        if kind not in KINDS:
            raise CliError(_("Unknown kind {kind}: one of {kinds}.", kind=kind, kinds=", ".join(KINDS)))
        path = existing_file(Path(file))
        checks.append(lambda: _check_import(kind, path))
    failures = 0
    try:
        for check in checks:
            try:
                print(check(), flush=True)
            except CliError as exc:
                failures += 1
                print(_("FAILED: {reason}", reason=exc), flush=True)
    finally:
        stop_spare()
    print(_("Installation checked: everything works.") if not failures
          else _n("Installation checked: {n} problem found.", "Installation checked: {n} problems found.",
                  failures))  # fmt: skip
    return 1 if failures else 0
