"""Recordings: consent, markers, what a recording holds, and station settings.

- ``media_files`` gains the recording's file stem (``name``), when it ended, the frames
  written and dropped, its size on disk and the reason it was deleted (a deleted
  recording keeps its row, with the time and the reason);
- ``media_consents`` (append-only): whether the candidate of an encounter, or the user
  of a practice attempt, agreed to be recorded; the latest row counts;
- ``media_markers`` (append-only): moments of a recording marked by hand;
- ``station_settings``: settings of the whole station kept in the database (how long
  recordings are kept), changed with audit entries.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables whose rows are never updated or deleted.
APPEND_ONLY = ("media_consents", "media_markers")

_ONE_OWNER = "(encounter_id IS NULL) <> (attempt_id IS NULL)"


def _create_guard_triggers() -> None:
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: "
                f"{event} is not allowed'); END"
            )


def upgrade() -> None:
    with op.batch_alter_table("media_files") as batch:
        batch.add_column(
            sa.Column("name", sa.String(length=80), server_default="recording", nullable=False)
        )
        batch.add_column(sa.Column("ended_at", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("frames", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(
            sa.Column("dropped_frames", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("size_bytes", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("deleted_reason", sa.Text(), nullable=True))
    # A row deleted before this revision has no reason: say so, as the new rule needs one.
    op.execute(
        "UPDATE media_files SET deleted_reason = 'deleted before reasons were kept' "
        "WHERE deleted_at IS NOT NULL"
    )
    with op.batch_alter_table("media_files") as batch:
        batch.create_check_constraint(
            "counts_not_negative", "frames >= 0 AND dropped_frames >= 0 AND size_bytes >= 0"
        )
        batch.create_check_constraint(
            "deleted_with_reason", "(deleted_at IS NULL) = (deleted_reason IS NULL)"
        )
    op.create_table(
        "media_consents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("encounter_id", sa.String(length=36), nullable=True),
        sa.Column("attempt_id", sa.String(length=36), nullable=True),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(_ONE_OWNER, name=op.f("ck_media_consents_one_owner")),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["practice_attempts.id"],
            name=op.f("fk_media_consents_attempt_id_practice_attempts"),
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_media_consents_encounter_id_encounters"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_media_consents_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_consents")),
    )
    op.create_index(
        op.f("ix_media_consents_attempt_id"), "media_consents", ["attempt_id"], unique=False
    )
    op.create_index(
        op.f("ix_media_consents_encounter_id"), "media_consents", ["encounter_id"], unique=False
    )
    op.create_table(
        "media_markers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("media_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media_files.id"], name=op.f("fk_media_markers_media_id_media_files")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_media_markers_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_markers")),
    )
    op.create_index(op.f("ix_media_markers_media_id"), "media_markers", ["media_id"], unique=False)
    op.create_table(
        "station_settings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_station_settings_key")),
    )
    _create_guard_triggers()


def downgrade() -> None:
    raise RuntimeError(
        "SkillStation never downgrades a database (going below 0004 would delete the "
        "consent records and markers of recordings); restore the backup that `skillstation "
        "db upgrade` made instead"
    )
