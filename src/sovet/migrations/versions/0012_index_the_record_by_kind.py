"""index the record by kind, so that an overturn finds what a decision did

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_record_entries_kind", "record_entries", ["kind"])


def downgrade() -> None:
    op.drop_index("ix_record_entries_kind", table_name="record_entries")
