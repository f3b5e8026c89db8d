"""PRM sync server: FastAPI + SQLAlchemy on PostgreSQL (design §5). Installed with the ``server`` extra."""

__version__ = "0.1.0"
#: The sync protocol this server speaks; clients below `MIN_CLIENT_PROTOCOL` are told to update.
PROTOCOL = 1
MIN_CLIENT_PROTOCOL = 1
