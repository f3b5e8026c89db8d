"""``prm-server``: serve the sync API, manage users and shares, try it with a throwaway PostgreSQL."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from sqlalchemy import select

DEFAULT_PORT = 8400


def _url(args: argparse.Namespace) -> str:
    url = args.database_url or os.environ.get("PRM_SERVER_DATABASE_URL")
    if not url:
        raise SystemExit("give --database-url or set PRM_SERVER_DATABASE_URL (postgresql://user:pass@host/db)")
    return url


def _engine(args: argparse.Namespace):  # noqa: ANN202
    from prm_server.app import make_engine
    from prm_server.migrate import upgrade

    engine = make_engine(_url(args))
    upgrade(engine)
    return engine


def _password(args: argparse.Namespace) -> str:
    if os.environ.get("PRM_SERVER_PASSWORD"):
        return os.environ["PRM_SERVER_PASSWORD"]
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise SystemExit("the two passwords differ")
    return first


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from prm_server.app import create_app

    embedded = None
    if args.embedded:
        from prm_server.embedded import start_embedded

        embedded = start_embedded()
        args.database_url = embedded.url
        print(f"Throwaway PostgreSQL at {embedded.url} (deleted when the server stops)")
    try:
        engine = _engine(args)
        if embedded is not None and args.demo_user:
            from prm_server import admin

            with engine.begin() as conn:
                admin.add_user(conn, args.demo_user, args.demo_user, args.demo_user)
            print(f"User {args.demo_user} (password {args.demo_user}) bound to the team member {args.demo_user}")
        _keep_tidy(engine)
        print(f"Serving on http://{args.host}:{args.port} (OpenAPI at /docs); put TLS in front for a team")
        uvicorn.run(create_app(engine), host=args.host, port=args.port, log_level="warning")
    finally:
        if embedded is not None:
            embedded.stop()
    return 0


def _keep_tidy(engine, every_s: float = 6 * 3600) -> None:  # noqa: ANN001
    """Purge tombstones past their keeping time now and every few hours (a daemon thread of ``serve``)."""
    import threading

    from prm_server.maintenance import purge_tombstones

    def run() -> None:
        stop = threading.Event()
        while not stop.is_set():
            try:
                with engine.begin() as conn:
                    purge_tombstones(conn)
            except Exception:  # noqa: BLE001 - the database away for a while: try again later
                pass
            stop.wait(every_s)

    threading.Thread(target=run, name="prm-server-tidy", daemon=True).start()


def _purge_tombstones(args: argparse.Namespace) -> int:
    from prm_server.maintenance import purge_tombstones

    with _engine(args).begin() as conn:
        count = purge_tombstones(conn, days=args.days)
    print(f"{count} tombstones older than {args.days} days purged; laptops that last synced before them "
          "pull everything again at their next sync.")
    return 0


def _restored(args: argparse.Namespace) -> int:
    from prm_server.maintenance import declare_restored

    with _engine(args).begin() as conn:
        value = declare_restored(conn)
    print(f"Server incarnation is now {value}: every laptop sends again what this database lost "
          "and pulls everything at its next sync.")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    _engine(args)
    print("The server database is up to date.")
    return 0


def _user(args: argparse.Namespace) -> int:
    from prm_server import admin
    from prm_server.admin import AdminError

    engine = _engine(args)
    try:
        with engine.begin() as conn:
            if args.user_command == "add":
                admin.add_user(conn, args.username, args.member, _password(args), args.team)
                print(f"User {args.username} added, bound to the team member {args.member} (team {args.team}).")
            elif args.user_command == "disable":
                admin.disable_user(conn, args.username)
                print(f"User {args.username} disabled; their sessions are closed.")
            else:
                admin.reset_password(conn, args.username, _password(args))
                print(f"Password of {args.username} changed; their sessions are closed.")
    except AdminError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _share(args: argparse.Namespace) -> int:
    from prm_server import admin
    from prm_server.admin import AdminError
    from prm_server.schema import users

    engine = _engine(args)
    try:
        with engine.begin() as conn:
            is_user = conn.scalar(select(users.c.id).where(users.c.username == args.target)) is not None
            action = admin.unshare if args.remove else admin.share
            partner_id = action(conn, args.partner, with_user=args.target if is_user else None,
                                with_team=None if is_user else args.target)
    except AdminError as exc:
        print(exc, file=sys.stderr)
        return 1
    verb = "no longer shared" if args.remove else "shared"
    print(f"Partner {partner_id} {verb} with {'user' if is_user else 'team'} {args.target}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``prm-server`` command line."""
    parser = argparse.ArgumentParser(prog="prm-server", description="PRM sync server")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: $PRM_SERVER_DATABASE_URL)")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the sync API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--embedded", action="store_true", help="start a throwaway local PostgreSQL to try it out")
    serve.add_argument("--demo-user", default="demo", help="with --embedded: a user to sign in as (password = name)")
    serve.set_defaults(handler=_serve)
    sub.add_parser("migrate", help="create or upgrade the server schema").set_defaults(handler=_migrate)
    tidy = sub.add_parser("purge-tombstones", help="purge tombstones past their keeping time (serve does it too)")
    tidy.add_argument("--days", type=int, default=180, help="keep tombstones this many days (default 180)")
    tidy.set_defaults(handler=_purge_tombstones)
    sub.add_parser("restored", help="after restoring the database from a backup by copying files: "
                   "laptops send again what it lost and pull everything").set_defaults(handler=_restored)
    user = sub.add_parser("user", help="manage users")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="add a user bound to a team member")
    add.add_argument("username")
    add.add_argument("--member", required=True, help="the team member's name, as in the portfolio")
    add.add_argument("--team", default="default")
    for name in ("disable", "reset-password"):
        one = user_sub.add_parser(name)
        one.add_argument("username")
    for cmd in user_sub.choices.values():
        cmd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user.set_defaults(handler=_user)
    share = sub.add_parser("share", help="share a partner with a user or a whole team")
    share.add_argument("partner", help="partner id or exact name")
    share.add_argument("--with", dest="target", required=True, help="user name or team name")
    share.add_argument("--remove", action="store_true", help="stop sharing (their laptops purge the partner)")
    share.set_defaults(handler=_share)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``prm-server``."""
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
