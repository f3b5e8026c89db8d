"""partner summary: sort keys of the text columns (French collation)

Revision ID: 0003_summary_sort_keys
Revises: 0002_partner_summary_search
Create Date: 2026-12-06 02:00:00

The partner list sorted city, region and owner by their bytes ("Île-de-France" after "Provence",
"Évry" after "Versailles"). Each gets a key column (`normalize_text`: accents and ligatures
folded, lower case) and the list's index on the key instead of the raw column. The table is
derived: the keys of existing rows are filled here, in Python, with the app's own function.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_summary_sort_keys"
down_revision = "0002_partner_summary_search"
branch_labels = None
depends_on = None

#: (raw column, key column, length).
KEYS = (("city", "city_key", 120), ("region", "region_key", 100), ("owner_name", "owner_key", 200))


def upgrade() -> None:
    from prm_desktop.domain.normalize import normalize_text

    for raw, key, length in KEYS:
        op.drop_index(f"ix_partner_summary_{raw}", table_name="partner_summary")
        op.add_column("partner_summary", sa.Column(key, sa.String(length=length), nullable=True))
    bind = op.get_bind()
    bind.connection.driver_connection.create_function("prm_sort_key", 1, normalize_text, deterministic=True)
    op.execute(
        "UPDATE partner_summary SET city_key = NULLIF(prm_sort_key(city), ''), "
        "region_key = NULLIF(prm_sort_key(region), ''), owner_key = NULLIF(prm_sort_key(owner_name), '')"
    )
    for _raw, key, _length in KEYS:
        op.create_index(f"ix_partner_summary_{key}", "partner_summary", [key, "name_key", "partner_id"])


def downgrade() -> None:
    for raw, key, _length in KEYS:
        op.drop_index(f"ix_partner_summary_{key}", table_name="partner_summary")
        with op.batch_alter_table("partner_summary") as batch:
            batch.drop_column(key)
        op.create_index(f"ix_partner_summary_{raw}", "partner_summary", [raw, "name_key", "partner_id"])
