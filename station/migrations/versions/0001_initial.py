"""The first schema: people, definitions, exams, marking, practice, device data, audit.

Besides the tables, this migration adds triggers (defence in depth beside the audit
chain): rows of the audit log and of the append-only mark tables cannot be updated or
deleted, and definition rows cannot be updated, through any SQL at all.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables whose rows are never updated or deleted.
APPEND_ONLY = ("audit_log", "item_marks", "grade_entries", "comment_entries")
#: Tables whose rows are never updated (unused rows may still be deleted).
IMMUTABLE = ("definitions",)


def _create_guard_triggers() -> None:
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: "
                f"{event} is not allowed'); END"
            )
    for table in IMMUTABLE:
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable: add a new version "
            f"instead'); END"
        )


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=True),
        sa.Column("record_id", sa.String(length=80), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("old_json", sa.Text(), nullable=True),
        sa.Column("new_json", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("prev_mac", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_index(
        op.f("ix_audit_log_table_name_record_id"),
        "audit_log",
        ["table_name", "record_id"],
        unique=False,
    )

    op.create_table(
        "candidates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("candidate_number", sa.String(length=64), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("given_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("group_name", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint("candidate_number", name=op.f("uq_candidates_candidate_number")),
    )
    op.create_table(
        "definitions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_key", sa.String(length=80), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("source_yaml", sa.Text(), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "kind IN ('osce', 'scenario', 'practice')", name=op.f("ck_definitions_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_definitions")),
        sa.UniqueConstraint(
            "station_key", "version", name=op.f("uq_definitions_station_key_version")
        ),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("secret_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "role IN ('examiner', 'trainee', 'coordinator')", name=op.f("ck_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "exams",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("starts_at", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rule_json", sa.Text(), nullable=False),
        sa.Column("results_released_at", sa.String(length=32), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f("ck_exams_status")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_exams_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exams")),
        sa.UniqueConstraint("code", name=op.f("uq_exams_code")),
    )
    op.create_table(
        "practice_attempts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("definition_id", sa.String(length=36), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("ended_at", sa.String(length=32), nullable=True),
        sa.Column("score_json", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "status IN ('in_progress', 'completed', 'abandoned')",
            name=op.f("ck_practice_attempts_status"),
        ),
        sa.ForeignKeyConstraint(
            ["definition_id"],
            ["definitions.id"],
            name=op.f("fk_practice_attempts_definition_id_definitions"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_practice_attempts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_attempts")),
    )
    op.create_index(
        op.f("ix_practice_attempts_user_id"), "practice_attempts", ["user_id"], unique=False
    )

    op.create_table(
        "exam_candidates",
        sa.Column("exam_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_exam_candidates_candidate_id_candidates"),
        ),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_exam_candidates_exam_id_exams")
        ),
        sa.PrimaryKeyConstraint("exam_id", "candidate_id", name=op.f("pk_exam_candidates")),
    )
    op.create_index(
        op.f("ix_exam_candidates_candidate_id"), "exam_candidates", ["candidate_id"], unique=False
    )

    op.create_table(
        "exam_stations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("exam_id", sa.String(length=36), nullable=False),
        sa.Column("definition_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["definition_id"],
            ["definitions.id"],
            name=op.f("fk_exam_stations_definition_id_definitions"),
        ),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_exam_stations_exam_id_exams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_stations")),
        sa.UniqueConstraint("exam_id", "position", name=op.f("uq_exam_stations_exam_id_position")),
    )
    op.create_index(
        op.f("ix_exam_stations_definition_id"), "exam_stations", ["definition_id"], unique=False
    )

    op.create_table(
        "encounters",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("exam_id", sa.String(length=36), nullable=False),
        sa.Column("exam_station_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("examiner_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("marker", sa.String(length=16), nullable=False),
        sa.Column("checked_in_at", sa.String(length=32), nullable=True),
        sa.Column("started_at", sa.String(length=32), nullable=True),
        sa.Column("submitted_at", sa.String(length=32), nullable=True),
        sa.Column("timer_state_json", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("marker IN ('primary', 'second')", name=op.f("ck_encounters_marker")),
        sa.CheckConstraint(
            "status <> 'submitted' OR submitted_at IS NOT NULL",
            name=op.f("ck_encounters_submitted_has_time"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'no_show')", name=op.f("ck_encounters_status")
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"], name=op.f("fk_encounters_candidate_id_candidates")
        ),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_encounters_exam_id_exams")
        ),
        sa.ForeignKeyConstraint(
            ["exam_station_id"],
            ["exam_stations.id"],
            name=op.f("fk_encounters_exam_station_id_exam_stations"),
        ),
        sa.ForeignKeyConstraint(
            ["examiner_id"], ["users.id"], name=op.f("fk_encounters_examiner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounters")),
        sa.UniqueConstraint(
            "exam_station_id",
            "candidate_id",
            "examiner_id",
            name=op.f("uq_encounters_exam_station_id_candidate_id_examiner_id"),
        ),
    )
    op.create_index(
        op.f("ix_encounters_candidate_id"), "encounters", ["candidate_id"], unique=False
    )
    op.create_index(op.f("ix_encounters_exam_id"), "encounters", ["exam_id"], unique=False)
    op.create_index(op.f("ix_encounters_examiner_id"), "encounters", ["examiner_id"], unique=False)

    op.create_table(
        "exam_station_examiners",
        sa.Column("exam_station_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["exam_station_id"],
            ["exam_stations.id"],
            name=op.f("fk_exam_station_examiners_exam_station_id_exam_stations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_exam_station_examiners_user_id_users")
        ),
        sa.PrimaryKeyConstraint(
            "exam_station_id", "user_id", name=op.f("pk_exam_station_examiners")
        ),
    )
    op.create_index(
        op.f("ix_exam_station_examiners_user_id"),
        "exam_station_examiners",
        ["user_id"],
        unique=False,
    )

    op.create_table(
        "exclusions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("exam_id", sa.String(length=36), nullable=False),
        sa.Column("exam_station_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("revoked_by", sa.String(length=36), nullable=True),
        sa.Column("revoked_at", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "(revoked_by IS NULL) = (revoked_at IS NULL)",
            name=op.f("ck_exclusions_revoked_by_and_at"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_exclusions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_exclusions_exam_id_exams")
        ),
        sa.ForeignKeyConstraint(
            ["exam_station_id"],
            ["exam_stations.id"],
            name=op.f("fk_exclusions_exam_station_id_exam_stations"),
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["users.id"], name=op.f("fk_exclusions_revoked_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exclusions")),
    )
    op.create_index(op.f("ix_exclusions_exam_id"), "exclusions", ["exam_id"], unique=False)

    op.create_table(
        "timetable_slots",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("exam_id", sa.String(length=36), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.String(length=32), nullable=False),
        sa.Column("ends_at", sa.String(length=32), nullable=False),
        sa.Column("exam_station_id", sa.String(length=36), nullable=True),
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_timetable_slots_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_timetable_slots_candidate_id_candidates"),
        ),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_timetable_slots_exam_id_exams")
        ),
        sa.ForeignKeyConstraint(
            ["exam_station_id"],
            ["exam_stations.id"],
            name=op.f("fk_timetable_slots_exam_station_id_exam_stations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timetable_slots")),
        sa.UniqueConstraint(
            "exam_id",
            "cycle",
            "slot",
            "candidate_id",
            name=op.f("uq_timetable_slots_exam_id_cycle_slot_candidate_id"),
        ),
    )
    op.create_index(
        op.f("ix_timetable_slots_candidate_id"), "timetable_slots", ["candidate_id"], unique=False
    )
    op.create_index(
        op.f("ix_timetable_slots_exam_station_id"),
        "timetable_slots",
        ["exam_station_id"],
        unique=False,
    )

    op.create_table(
        "comment_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("encounter_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("kind IN ('feedback', 'private')", name=op.f("ck_comment_entries_kind")),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_comment_entries_revision_positive")),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_comment_entries_encounter_id_encounters"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_comment_entries_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_entries")),
        sa.UniqueConstraint(
            "encounter_id",
            "kind",
            "revision",
            name=op.f("uq_comment_entries_encounter_id_kind_revision"),
        ),
    )
    op.create_table(
        "device_traces",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("encounter_id", sa.String(length=36), nullable=True),
        sa.Column("attempt_id", sa.String(length=36), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("sample_count", sa.Integer(), nullable=False),
        sa.Column("device_identity", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "(encounter_id IS NULL) <> (attempt_id IS NULL)",
            name=op.f("ck_device_traces_one_owner"),
        ),
        sa.CheckConstraint(
            "(path IS NULL) <> (data IS NULL)", name=op.f("ck_device_traces_path_or_data")
        ),
        sa.CheckConstraint(
            "sample_count >= 0", name=op.f("ck_device_traces_sample_count_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["practice_attempts.id"],
            name=op.f("fk_device_traces_attempt_id_practice_attempts"),
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_device_traces_encounter_id_encounters"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_traces")),
    )
    op.create_index(
        op.f("ix_device_traces_attempt_id"), "device_traces", ["attempt_id"], unique=False
    )
    op.create_index(
        op.f("ix_device_traces_encounter_id"), "device_traces", ["encounter_id"], unique=False
    )

    op.create_table(
        "grade_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("encounter_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "grade IS NULL OR grade >= 0", name=op.f("ck_grade_entries_grade_not_negative")
        ),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_grade_entries_revision_positive")),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_grade_entries_encounter_id_encounters"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_grade_entries_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_entries")),
        sa.UniqueConstraint(
            "encounter_id", "revision", name=op.f("uq_grade_entries_encounter_id_revision")
        ),
    )
    op.create_table(
        "item_marks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("encounter_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=16), nullable=True),
        sa.Column("t_s", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "source <> 'override' OR reason IS NOT NULL", name=op.f("ck_item_marks_override_reason")
        ),
        sa.CheckConstraint(
            "source IN ('examiner', 'device', 'override')", name=op.f("ck_item_marks_source")
        ),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_item_marks_revision_positive")),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_item_marks_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_item_marks_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_marks")),
        sa.UniqueConstraint(
            "encounter_id",
            "item_id",
            "revision",
            name=op.f("uq_item_marks_encounter_id_item_id_revision"),
        ),
    )
    op.create_table(
        "media_files",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("encounter_id", sa.String(length=36), nullable=True),
        sa.Column("attempt_id", sa.String(length=36), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("consent_recorded_at", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.CheckConstraint("kind IN ('video', 'audio', 'image')", name=op.f("ck_media_files_kind")),
        sa.CheckConstraint(
            "(encounter_id IS NULL) <> (attempt_id IS NULL)", name=op.f("ck_media_files_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["practice_attempts.id"],
            name=op.f("fk_media_files_attempt_id_practice_attempts"),
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_media_files_encounter_id_encounters")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_files")),
    )
    op.create_index(op.f("ix_media_files_attempt_id"), "media_files", ["attempt_id"], unique=False)
    op.create_index(
        op.f("ix_media_files_encounter_id"), "media_files", ["encounter_id"], unique=False
    )

    op.create_table(
        "metric_values",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("encounter_id", sa.String(length=36), nullable=True),
        sa.Column("attempt_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "(encounter_id IS NULL) <> (attempt_id IS NULL)",
            name=op.f("ck_metric_values_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["practice_attempts.id"],
            name=op.f("fk_metric_values_attempt_id_practice_attempts"),
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounters.id"],
            name=op.f("fk_metric_values_encounter_id_encounters"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_values")),
    )
    op.create_index(
        op.f("ix_metric_values_attempt_id"), "metric_values", ["attempt_id"], unique=False
    )
    op.create_index(
        op.f("ix_metric_values_encounter_id"), "metric_values", ["encounter_id"], unique=False
    )
    _create_guard_triggers()


def downgrade() -> None:
    raise RuntimeError(
        "SkillStation never downgrades a database (going below 0001 would delete every "
        "mark); restore the backup that `skillstation db upgrade` made instead"
    )
