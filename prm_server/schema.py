"""The server's tables (SQLAlchemy Core on PostgreSQL); changed only through its own migrations.

Synced rows are kept generically, one row per (team, table, row id): the current values as JSON,
a stamp per field for the merge, and ``change_no``, the team's commit counter when the row last
changed. The counter is taken under the team row's lock, so a pull cursor never skips a commit.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

teams = Table(
    "teams", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("counter", BigInteger, nullable=False, server_default="0"),
    #: The highest change number of a tombstone purged: a cursor below it must resync in full.
    Column("purged_through", BigInteger, nullable=False, server_default="0"),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False),
    Column("username", String(200), nullable=False, unique=True),
    Column("member_name", String(200), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="false"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

refresh_tokens = Table(
    "refresh_tokens", metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("family", String(64), nullable=False, index=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("revoked", Boolean, nullable=False, server_default="false"),
)

settings = Table(
    "server_settings", metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

clients = Table(
    "clients", metadata,
    Column("client_id", String(16), primary_key=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_hlc", String(40), nullable=False),
)

rows = Table(
    "rows", metadata,
    Column("team_id", Integer, ForeignKey("teams.id"), primary_key=True),
    Column("table_name", String(60), primary_key=True),
    Column("row_id", String(36), primary_key=True),
    Column("scope", String(10), nullable=False),
    Column("scope_key", String(36)),
    Column("partner_id", String(36)),
    Column("data", JSONB, nullable=False),
    Column("field_hlc", JSONB, nullable=False),
    Column("hlc", String(40), nullable=False),
    Column("gone", Boolean, nullable=False, server_default="false"),
    Column("change_no", BigInteger, nullable=False),
    Column("last_client", String(16)),
    Column("gone_at", DateTime(timezone=True)),  # when it became a tombstone (purged 180 days later)
)
Index("ix_rows_team_change", rows.c.team_id, rows.c.change_no)
Index("ix_rows_team_scope", rows.c.team_id, rows.c.scope, rows.c.scope_key)

shares = Table(
    "shares", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False),
    Column("partner_id", String(36), nullable=False, index=True),
    Column("user_id", Integer, ForeignKey("users.id")),  # None: the whole team
    Column("change_no", BigInteger, nullable=False),
)

#: Access taken away (an owner change, a share removed): users who no longer see the partner purge it.
revocations = Table(
    "revocations", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False),
    Column("partner_id", String(36), nullable=False),
    Column("change_no", BigInteger, nullable=False),
)
Index("ix_revocations_team_change", revocations.c.team_id, revocations.c.change_no)

#: Rows whose personal data was purged: later edits of those fields are dropped, never stored.
purges = Table(
    "purges", metadata,
    Column("team_id", Integer, ForeignKey("teams.id"), primary_key=True),
    Column("table_name", String(60), primary_key=True),
    Column("row_id", String(36), primary_key=True),
    Column("fields", JSONB, nullable=False),
    Column("purged_at", DateTime(timezone=True), nullable=False),
)
