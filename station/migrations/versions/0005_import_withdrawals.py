"""Withdrawn imported results.

A new append-only table (guarded by triggers like the other record tables):

- ``imported_result_withdrawals``: an imported result a coordinator took back, keyed by
  the ``imported_results`` row (at most one withdrawal each), with who withdrew it, when
  and why. The imported row itself stays as it was; the results leave a withdrawn
  result out.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables whose rows are never updated or deleted.
APPEND_ONLY = ("imported_result_withdrawals",)


def upgrade() -> None:
    op.create_table(
        "imported_result_withdrawals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("imported_result_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("withdrawn_by", sa.String(length=36), nullable=False),
        sa.Column("withdrawn_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_imported_result_withdrawals_reason_given")
        ),
        sa.ForeignKeyConstraint(
            ["imported_result_id"],
            ["imported_results.id"],
            name=op.f("fk_imported_result_withdrawals_imported_result_id_imported_results"),
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by"],
            ["users.id"],
            name=op.f("fk_imported_result_withdrawals_withdrawn_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_result_withdrawals")),
        sa.UniqueConstraint(
            "imported_result_id",
            name=op.f("uq_imported_result_withdrawals_imported_result_id"),
        ),
    )
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: "
                f"{event} is not allowed'); END"
            )


def downgrade() -> None:
    raise RuntimeError(
        "SkillStation never downgrades a database (going below 0005 would count withdrawn "
        "imported results again); restore the backup that `skillstation db upgrade` made "
        "instead"
    )
