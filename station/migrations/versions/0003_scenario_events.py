"""The event log of simulation scenarios.

One new table, append-only (guarded by triggers like the mark tables of 0001):

- ``scenario_events``: each line of a scenario encounter's event log, in the order it
  was recorded: the start, scripted events fired by the engine, events the operator
  fired, missed events, vital-sign changes, operator notes, pauses, resumptions and the
  end, each at its active time in seconds.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables whose rows are never updated or deleted.
APPEND_ONLY = ("scenario_events",)

_KINDS = ("start", "scripted", "manual", "missed", "vitals", "note", "pause", "resume", "end")


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
        "scenario_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("encounter_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("t_s", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(repr(k) for k in _KINDS) + ")",
            name=op.f("ck_scenario_events_kind"),
        ),
        sa.CheckConstraint("seq >= 1", name=op.f("ck_scenario_events_seq_positive")),
        sa.CheckConstraint("t_s >= 0", name=op.f("ck_scenario_events_t_s_not_negative")),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_scenario_events_encounter_id_encounters"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_scenario_events_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenario_events")),
        sa.UniqueConstraint(
            "encounter_id", "seq", name=op.f("uq_scenario_events_encounter_id_seq")
        ),
    )
    op.create_index(
        op.f("ix_scenario_events_encounter_id"), "scenario_events", ["encounter_id"], unique=False
    )
    _create_guard_triggers()


def downgrade() -> None:
    raise RuntimeError(
        "SkillStation never downgrades a database (going below 0003 would delete the "
        "event logs of simulation scenarios); restore the backup that `skillstation db "
        "upgrade` made instead"
    )
