"""Imported results and adopted standards.

Two new tables, both append-only (guarded by triggers like the mark tables of 0001):

- ``imported_results``: the score and maximum of an encounter brought in from a results
  file (paper-marked or historical results), which has no item marks to score;
- ``standard_settings``: each standard a coordinator adopted for an exam (method, station
  cut scores, exam cut score and pass mark); the newest is the one in force.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables whose rows are never updated or deleted.
APPEND_ONLY = ("imported_results", "standard_settings")


def _create_guard_triggers() -> None:
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: "
                f"{event} is not allowed'); END"
            )


def upgrade() -> None:
    op.create_table(
        "imported_results",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("encounter_id", sa.String(length=36), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("max_score", sa.Float(), nullable=False),
        sa.Column("critical_fail", sa.Boolean(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("source_line", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("max_score > 0", name=op.f("ck_imported_results_max_score_positive")),
        sa.CheckConstraint(
            "score >= 0 AND score <= max_score", name=op.f("ck_imported_results_score_in_range")
        ),
        sa.CheckConstraint(
            "source_line >= 2", name=op.f("ck_imported_results_source_line_after_header")
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_imported_results_encounter_id_encounters"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_imported_results_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_results")),
        sa.UniqueConstraint("encounter_id", name=op.f("uq_imported_results_encounter_id")),
    )
    op.create_table(
        "standard_settings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("exam_id", sa.String(length=36), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("borderline_grade", sa.Integer(), nullable=True),
        sa.Column("sem_multiplier", sa.Float(), nullable=False),
        sa.Column("cut_score", sa.Float(), nullable=False),
        sa.Column("pass_mark", sa.Float(), nullable=False),
        sa.Column("station_cuts_json", sa.Text(), nullable=False),
        sa.Column("statistics_json", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "method IN ('brm', 'borderline-group', 'cohen')",
            name=op.f("ck_standard_settings_method"),
        ),
        sa.CheckConstraint(
            "sem_multiplier >= 0",
            name=op.f("ck_standard_settings_sem_multiplier_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_standard_settings_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_standard_settings_exam_id_exams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_settings")),
    )
    op.create_index(
        op.f("ix_standard_settings_exam_id"), "standard_settings", ["exam_id"], unique=False
    )
    _create_guard_triggers()


def downgrade() -> None:
    raise RuntimeError(
        "SkillStation never downgrades a database (going below 0002 would delete imported "
        "results and adopted standards); restore the backup that `skillstation db upgrade` "
        "made instead"
    )
