"""add open books: the catalogue, workplaces' books and demand targets

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"], ["councils.id"], name=op.f("fk_products_added_by_councils")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_products")),
    )
    op.create_table(
        "book_processes",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("labour", sa.Float(), nullable=False),
        sa.Column("capacity", sa.Float(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_book_processes_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["product"], ["products.code"], name=op.f("fk_book_processes_product_products")
        ),
        sa.PrimaryKeyConstraint("council_id", "code", name=op.f("pk_book_processes")),
    )
    op.create_table(
        "book_inputs",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("process", sa.String(length=40), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id", "process"],
            ["book_processes.council_id", "book_processes.code"],
            name=op.f("fk_book_inputs_council_id_book_processes"),
        ),
        sa.ForeignKeyConstraint(
            ["product"], ["products.code"], name=op.f("fk_book_inputs_product_products")
        ),
        sa.PrimaryKeyConstraint("council_id", "process", "product", name=op.f("pk_book_inputs")),
    )
    op.create_table(
        "book_stocks",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_book_stocks_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["product"], ["products.code"], name=op.f("fk_book_stocks_product_products")
        ),
        sa.PrimaryKeyConstraint("council_id", "product", name=op.f("pk_book_stocks")),
    )
    op.create_table(
        "book_flows",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_book_flows_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["product"], ["products.code"], name=op.f("fk_book_flows_product_products")
        ),
        sa.PrimaryKeyConstraint(
            "council_id", "period", "kind", "product", name=op.f("pk_book_flows")
        ),
    )
    op.create_table(
        "demand_targets",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("motion_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_demand_targets_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_demand_targets_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["product"], ["products.code"], name=op.f("fk_demand_targets_product_products")
        ),
        sa.PrimaryKeyConstraint(
            "council_id", "period", "category", "product", name=op.f("pk_demand_targets")
        ),
    )
    with op.batch_alter_table("demand_targets", schema=None) as batch_op:
        batch_op.create_index("ix_demand_targets_period", ["period"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("demand_targets", schema=None) as batch_op:
        batch_op.drop_index("ix_demand_targets_period")

    op.drop_table("demand_targets")
    op.drop_table("book_flows")
    op.drop_table("book_stocks")
    op.drop_table("book_inputs")
    op.drop_table("book_processes")
    op.drop_table("products")
