"""PRM sync server: FastAPI + SQLAlchemy on PostgreSQL (design §5). Installed with the ``server`` extra."""

__version__ = "0.1.0"
#: The sync protocol this server speaks; clients below `MIN_CLIENT_PROTOCOL` are told to update.
#: 2: revenue lines and targets carry ``period_start`` (apps of protocol 1 wrote only the quarter label);
#: ``/v1/state`` (server incarnation, purged-tombstone horizon), ``410 resync`` on pull, purges pushed.
PROTOCOL = 2
MIN_CLIENT_PROTOCOL = 2
