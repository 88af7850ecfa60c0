"""Every service refuses what the rules refuse, with the context read from the data.

The permission matrix itself is tested in test_permissions.py. Here each case calls a
service as a user who may not do it (wrong role, examiner not assigned to the station,
exam not running, encounter submitted, no reason, deactivated account) and checks that
the refusal names the condition the service's context made fail (so the service passed
the right context), and that nothing at all was written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_services_support import World, audit_count, build_world, copy_world

from assessments.scoring import MarkValue
from station.auth.permissions import PermissionDenied, Role
from station.services import StationServices

Call = Callable[[StationServices, World], Any]

ONLY_COORDINATORS = "only coordinators may do this"
NOT_ASSIGNED = "not assigned to station 'alpha' of exam 'OSCE-1'"
NOT_RUNNING = "the exam is not running"
SUBMITTED = "the encounter has already been submitted"
NO_REASON = "a reason must be given"
ONLY_EXAMINERS = "only examiners assigned to the station may do this"
STATION_OR_COORDINATOR = "only examiners assigned to the station and coordinators may do this"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    world = build_world(tmp_path_factory.mktemp("world"))
    world.close()  # checkpoints the WAL, so the file can be copied
    yield world


@pytest.fixture
def world(template: World, tmp_path: Path) -> Iterator[World]:
    copy = copy_world(template, tmp_path / "copy")
    yield copy
    copy.close()


def _defs(w: World) -> str:
    return str(w.folder / "defs" / "alpha.yaml")


CASES: list[tuple[str, str, Call, str]] = [
    # --- accounts
    (
        "add_user",
        "eli",
        lambda s, w: s.identity.add_user(w.eli, "zed", "Zed", "examiner", "739164"),
        ONLY_COORDINATORS,
    ),
    (
        "add_user",
        "tom",
        lambda s, w: s.identity.add_user(w.tom, "zed", "Zed", "examiner", "739164"),
        ONLY_COORDINATORS,
    ),
    ("list_users", "eli", lambda s, w: s.identity.list_users(w.eli), ONLY_COORDINATORS),
    (
        "set_user_active",
        "eli",
        lambda s, w: s.identity.set_user_active(w.eli, "una", False, "x"),
        ONLY_COORDINATORS,
    ),
    (
        "reset_secret",
        "eli",
        lambda s, w: s.identity.reset_secret(w.eli, "tom", "739164", "x"),
        ONLY_COORDINATORS,
    ),
    (
        "reset_secret",
        "tom",
        lambda s, w: s.identity.reset_secret(w.tom, "eli", "739164"),
        ONLY_COORDINATORS,
    ),
    # --- definitions and exams
    (
        "import_definition",
        "eli",
        lambda s, w: s.definitions.import_definition(w.eli, _defs(w)),
        ONLY_COORDINATORS,
    ),
    (
        "bundled_definition",
        "eli",
        lambda s, w: s.definitions.bundled_definition(w.eli, "alpha"),
        ONLY_COORDINATORS,
    ),
    (
        "create_exam",
        "eli",
        lambda s, w: s.exams.create_exam(
            w.eli, code="X-1", title="X", starts_at=w.clock.now(), stations=[_defs(w)]
        ),
        ONLY_COORDINATORS,
    ),
    (
        "assign_examiner",
        "eli",
        lambda s, w: s.exams.assign_examiner(w.eli, "OSCE-1", "alpha", "una"),
        ONLY_COORDINATORS,
    ),
    (
        "import_roster",
        "eli",
        lambda s, w: s.roster.import_roster(w.eli, "OSCE-1", w.folder / "r.csv"),
        ONLY_COORDINATORS,
    ),
    (
        "build_timetable",
        "eli",
        lambda s, w: s.exams.build_timetable(w.eli, "OSCE-1"),
        ONLY_COORDINATORS,
    ),
    ("open_exam", "eli", lambda s, w: s.exams.open_exam(w.eli, "OSCE-2"), ONLY_COORDINATORS),
    ("close_exam", "eli", lambda s, w: s.exams.close_exam(w.eli, "OSCE-1"), ONLY_COORDINATORS),
    (
        "timetable_rows",
        "una",
        lambda s, w: s.exams.timetable_rows(w.una, "OSCE-1"),
        "not assigned to any station of exam 'OSCE-1'",
    ),
    (
        "timetable_rows",
        "tom",
        lambda s, w: s.exams.timetable_rows(w.tom, "OSCE-1"),
        "only examiners and coordinators may do this",
    ),
    # --- check-in
    (
        "check_in",
        "una",
        lambda s, w: s.encounters.check_in(w.una, "OSCE-1", "alpha", "C3"),
        NOT_ASSIGNED,
    ),
    (
        "check_in",
        "tom",
        lambda s, w: s.encounters.check_in(w.tom, "OSCE-1", "alpha", "C3"),
        STATION_OR_COORDINATOR,
    ),
    (
        "check_in",
        "eli",
        lambda s, w: s.encounters.check_in(w.eli, "OSCE-0", "alpha", "C3"),
        NOT_RUNNING,
    ),
    (
        "check_in",
        "eli",
        lambda s, w: s.encounters.check_in(w.eli, "OSCE-2", "alpha", "C3"),
        NOT_RUNNING,
    ),
    (
        "station_candidates",
        "una",
        lambda s, w: s.checkin.station_candidates(w.una, "OSCE-1", "alpha"),
        NOT_ASSIGNED,
    ),
    (
        "station_candidates",
        "tom",
        lambda s, w: s.checkin.station_candidates(w.tom, "OSCE-1", "alpha"),
        STATION_OR_COORDINATOR,
    ),
    (
        "station_candidates",
        "eli",
        lambda s, w: s.checkin.station_candidates(w.eli, "OSCE-0", "alpha"),
        NOT_RUNNING,
    ),
    # --- marking an encounter
    (
        "start_encounter",
        "una",
        lambda s, w: s.encounters.start_encounter(w.una, w.draft),
        NOT_ASSIGNED,
    ),
    (
        "start_encounter",
        "cora",
        lambda s, w: s.encounters.start_encounter(w.cora, w.draft),
        ONLY_EXAMINERS,
    ),
    (
        "start_encounter",
        "eli",
        lambda s, w: s.encounters.start_encounter(w.eli, w.submitted),
        SUBMITTED,
    ),
    (
        "start_encounter",
        "eli",
        lambda s, w: s.encounters.start_encounter(w.eli, w.closed_draft),
        NOT_RUNNING,
    ),
    (
        "mark_item",
        "una",
        lambda s, w: s.encounters.mark_item(w.una, w.draft, "a1", MarkValue.DONE, t_s=1),
        NOT_ASSIGNED,
    ),
    (
        "mark_item",
        "cora",
        lambda s, w: s.encounters.mark_item(w.cora, w.draft, "a1", MarkValue.DONE, t_s=1),
        "a coordinator changes a submitted encounter by amending it",
    ),
    (
        "mark_item",
        "eli",
        lambda s, w: s.encounters.mark_item(w.eli, w.submitted, "a1", MarkValue.DONE, t_s=1),
        SUBMITTED,
    ),
    (
        "mark_item",
        "eli",
        lambda s, w: s.encounters.mark_item(w.eli, w.closed_draft, "a1", MarkValue.DONE, t_s=1),
        NOT_RUNNING,
    ),
    (
        "mark_item",
        "dan",
        lambda s, w: s.encounters.mark_item(w.dan, w.draft, "a1", MarkValue.DONE, t_s=1),
        "the account is deactivated",
    ),
    (
        "record_device_metrics",
        "una",
        lambda s, w: s.encounters.record_device_metrics(w.una, w.draft, {"pct_depth_ok": 80.0}),
        NOT_ASSIGNED,
    ),
    (
        "record_device_metrics",
        "eli",
        lambda s, w: s.encounters.record_device_metrics(w.eli, w.submitted, {"pct_depth_ok": 80.0}),
        SUBMITTED,
    ),
    (
        "override_device_item",
        "una",
        lambda s, w: s.encounters.override_device_item(
            w.una, w.draft, "a4", MarkValue.DONE, "sensor"
        ),
        NOT_ASSIGNED,
    ),
    (
        "override_device_item",
        "eli",
        lambda s, w: s.encounters.override_device_item(w.eli, w.draft, "a4", MarkValue.DONE, "   "),
        NO_REASON,
    ),
    (
        "override_device_item",
        "eli",
        lambda s, w: s.encounters.override_device_item(
            w.eli, w.submitted, "a4", MarkValue.DONE, "sensor"
        ),
        SUBMITTED,
    ),
    (
        "override_device_item",
        "cora",
        lambda s, w: s.encounters.override_device_item(
            w.cora, w.submitted, "a4", MarkValue.DONE, "sensor"
        ),
        "a coordinator overrides a device-scored item by amending the submitted encounter",
    ),
    ("set_grade", "una", lambda s, w: s.encounters.set_grade(w.una, w.draft, 1), NOT_ASSIGNED),
    ("set_grade", "eli", lambda s, w: s.encounters.set_grade(w.eli, w.submitted, 1), SUBMITTED),
    (
        "set_grade",
        "cora",
        lambda s, w: s.encounters.set_grade(w.cora, w.draft, 1),
        "a coordinator changes a submitted encounter by amending it",
    ),
    (
        "comment",
        "una",
        lambda s, w: s.encounters.comment(w.una, w.draft, "feedback", "Good"),
        NOT_ASSIGNED,
    ),
    (
        "comment",
        "eli",
        lambda s, w: s.encounters.comment(w.eli, w.submitted, "feedback", "Good"),
        SUBMITTED,
    ),
    (
        "save_timer_state",
        "una",
        lambda s, w: s.encounters.save_timer_state(w.una, w.draft, {"t": 1}),
        NOT_ASSIGNED,
    ),
    (
        "save_timer_state",
        "eli",
        lambda s, w: s.encounters.save_timer_state(w.eli, w.submitted, {"t": 1}),
        SUBMITTED,
    ),
    (
        "mark_no_show",
        "una",
        lambda s, w: s.encounters.mark_no_show(w.una, "OSCE-1", "alpha", "C3"),
        NOT_ASSIGNED,
    ),
    (
        "mark_no_show",
        "eli",
        lambda s, w: s.encounters.mark_no_show(w.eli, "OSCE-1", "alpha", "C2"),
        SUBMITTED,
    ),
    (
        "mark_no_show",
        "cora",
        lambda s, w: s.encounters.mark_no_show(w.cora, "OSCE-1", "alpha", "C2"),
        SUBMITTED,
    ),
    (
        "mark_no_show",
        "tom",
        lambda s, w: s.encounters.mark_no_show(w.tom, "OSCE-1", "alpha", "C3"),
        STATION_OR_COORDINATOR,
    ),
    (
        "submit",
        "una",
        lambda s, w: s.encounters.submit(w.una, w.draft, allow_incomplete=True),
        NOT_ASSIGNED,
    ),
    (
        "submit",
        "eli",
        lambda s, w: s.encounters.submit(w.eli, w.submitted, allow_incomplete=True),
        SUBMITTED,
    ),
    (
        "submit",
        "eli",
        lambda s, w: s.encounters.submit(w.eli, w.closed_draft, allow_incomplete=True),
        NOT_RUNNING,
    ),
    (
        "submit",
        "cora",
        lambda s, w: s.encounters.submit(w.cora, w.draft, allow_incomplete=True),
        ONLY_EXAMINERS,
    ),
    # --- after submission
    (
        "amend_submitted",
        "eli",
        lambda s, w: s.encounters.amend_submitted(w.eli, w.submitted, grade=1, reason="review"),
        ONLY_COORDINATORS,
    ),
    (
        "amend_submitted",
        "cora",
        lambda s, w: s.encounters.amend_submitted(w.cora, w.draft, grade=1, reason="review"),
        "has not been submitted yet",
    ),
    (
        "amend_submitted",
        "cora",
        lambda s, w: s.encounters.amend_submitted(w.cora, w.submitted, grade=1, reason=" "),
        NO_REASON,
    ),
    (
        "exclude",
        "eli",
        lambda s, w: s.results.exclude(w.eli, "OSCE-1", "alpha", "a1", "flawed"),
        ONLY_COORDINATORS,
    ),
    (
        "exclude",
        "cora",
        lambda s, w: s.results.exclude(w.cora, "OSCE-1", "alpha", "a1", ""),
        NO_REASON,
    ),
    # --- reading
    ("results", "eli", lambda s, w: s.results.results(w.eli, "OSCE-1"), ONLY_COORDINATORS),
    (
        "exam_results",
        "eli",
        lambda s, w: s.results.exam_results(w.eli, "OSCE-1"),
        ONLY_COORDINATORS,
    ),
    (
        "export_results_csv",
        "eli",
        lambda s, w: s.results.export_results_csv(w.eli, "OSCE-1", w.folder / "out.csv"),
        ONLY_COORDINATORS,
    ),
    (
        "export_results",
        "eli",
        lambda s, w: s.exports.export_results(w.eli, "OSCE-1", "xlsx", w.folder / "out.xlsx"),
        ONLY_COORDINATORS,
    ),
    ("export_data", "eli", lambda s, w: s.exports.export_data(w.eli, "OSCE-1"), ONLY_COORDINATORS),
    (
        "import_results",
        "eli",
        lambda s, w: s.imports.import_results(w.eli, "OSCE-1", w.folder / "paper.csv"),
        ONLY_COORDINATORS,
    ),
    (
        "withdraw_imported",
        "eli",
        lambda s, w: s.imports.withdraw_imported(w.eli, "OSCE-1", "C3", "alpha", "wrong maximum"),
        ONLY_COORDINATORS,
    ),
    (
        "withdraw_imported",
        "tom",
        lambda s, w: s.imports.withdraw_imported(w.tom, "OSCE-1", "C3", "alpha", "wrong maximum"),
        ONLY_COORDINATORS,
    ),
    (
        "exam_outcomes",
        "eli",
        lambda s, w: s.release.exam_outcomes(w.eli, "OSCE-1"),
        ONLY_COORDINATORS,
    ),
    ("standard", "eli", lambda s, w: s.release.standard(w.eli, "OSCE-1"), ONLY_COORDINATORS),
    (
        "set_standard",
        "eli",
        lambda s, w: s.release.set_standard(w.eli, "OSCE-1"),
        ONLY_COORDINATORS,
    ),
    (
        "adopt_standard",
        "eli",
        lambda s, w: s.release.adopt_standard(
            w.eli,
            "OSCE-1",
            method="brm",
            sem_multiplier=1.0,
            station_cuts={},
            cut_score=50.0,
            pass_mark=55.0,
        ),
        ONLY_COORDINATORS,
    ),
    (
        "release_results",
        "eli",
        lambda s, w: s.release.release_results(w.eli, "OSCE-1"),
        ONLY_COORDINATORS,
    ),
    (
        "results_released_at",
        "eli",
        lambda s, w: s.release.results_released_at(w.eli, "OSCE-1"),
        ONLY_COORDINATORS,
    ),
    (
        "withdraw_release",
        "eli",
        lambda s, w: s.release.withdraw_release(w.eli, "OSCE-1", "re-marked"),
        ONLY_COORDINATORS,
    ),
    (
        "encounter_view",
        "una",
        lambda s, w: s.encounters.encounter_view(w.una, w.draft),
        "not assigned to any station of exam 'OSCE-1'",
    ),
    (
        "encounter_view",
        "tom",
        lambda s, w: s.encounters.encounter_view(w.tom, w.draft),
        ONLY_COORDINATORS,
    ),
    ("audit_entries", "eli", lambda s, w: s.audit_log.audit_entries(w.eli), ONLY_COORDINATORS),
    # --- statistics and reports
    (
        "exam_statistics",
        "eli",
        lambda s, w: s.stats.exam_statistics(w.eli, "OSCE-1"),
        ONLY_COORDINATORS,
    ),
    (
        "exam_report_data",
        "eli",
        lambda s, w: s.reporting.exam_report_data(
            w.eli, "OSCE-1", lang=None, borderline_grade=None, sem_multiplier=1.0
        ),
        ONLY_COORDINATORS,
    ),
    (
        "candidate_report_data",
        "eli",
        lambda s, w: s.reporting.candidate_report_data(w.eli, "OSCE-1", "C3", draft=True),
        ONLY_COORDINATORS,
    ),
    (
        "candidate_reports_data",
        "tom",
        lambda s, w: s.reporting.candidate_reports_data(w.tom, "OSCE-1", draft=True, lang=None),
        ONLY_COORDINATORS,
    ),
    ("badge_data", "eli", lambda s, w: s.reporting.badge_data(w.eli, "OSCE-1"), ONLY_COORDINATORS),
    (
        "checklist_data",
        "una",
        lambda s, w: s.reporting.checklist_data(w.una, "OSCE-1"),
        "not assigned to any station of exam 'OSCE-1'",
    ),
    (
        "checklist_data",
        "tom",
        lambda s, w: s.reporting.checklist_data(w.tom, "OSCE-1"),
        "only examiners and coordinators may do this",
    ),
    (
        "timetable_data",
        "una",
        lambda s, w: s.reporting.timetable_data(w.una, "OSCE-1"),
        "not assigned to any station of exam 'OSCE-1'",
    ),
    (
        "practice_report_data",
        "tom",
        lambda s, w: s.reporting.practice_report_data(w.tom, "eli", lang=None),
        "the practice attempt belongs to another user",
    ),
    # --- simulation scenarios (the permission is checked before the station's kind)
    (
        "scenario_encounter",
        "una",
        lambda s, w: s.scenario.scenario_encounter(w.una, "OSCE-1", "alpha", "C3"),
        NOT_ASSIGNED,
    ),
    (
        "record_scenario_event",
        "una",
        lambda s, w: s.scenario.record_scenario_event(w.una, w.draft, 1.0, "note", "", "x"),
        NOT_ASSIGNED,
    ),
    (
        "record_scenario_event",
        "cora",
        lambda s, w: s.scenario.record_scenario_event(w.cora, w.draft, 1.0, "note", "", "x"),
        "a coordinator changes a submitted encounter by amending it",
    ),
    (
        "record_scenario_event",
        "eli",
        lambda s, w: s.scenario.record_scenario_event(w.eli, w.submitted, 1.0, "note", "", "x"),
        SUBMITTED,
    ),
    (
        "scenario_log",
        "una",
        lambda s, w: s.scenario.scenario_log(w.una, w.draft),
        "not assigned to any station of exam 'OSCE-1'",
    ),
    (
        "scenario_log",
        "tom",
        lambda s, w: s.scenario.scenario_log(w.tom, w.draft),
        ONLY_COORDINATORS,
    ),
    # --- device traces and practice
    (
        "record_device_trace",
        "una",
        lambda s, w: s.encounters.record_device_trace(
            w.una, w.draft, b"t_s,depth_mm\n0,1\n", "sim", 1
        ),
        NOT_ASSIGNED,
    ),
    (
        "record_device_trace",
        "eli",
        lambda s, w: s.encounters.record_device_trace(
            w.eli, w.submitted, b"t_s,depth_mm\n0,1\n", "sim", 1
        ),
        SUBMITTED,
    ),
    (
        "record_cpr_trace",
        "una",
        lambda s, w: s.encounters.record_cpr_trace(
            w.una, b"t_s,depth_mm,force_n,lung_volume_ml\n0,1,,\n", "sim", encounter_id=w.draft
        ),
        NOT_ASSIGNED,
    ),
    (
        "record_cpr_trace",
        "eli",
        lambda s, w: s.encounters.record_cpr_trace(
            w.eli, b"t_s,depth_mm,force_n,lung_volume_ml\n0,1,,\n", "sim", encounter_id=w.submitted
        ),
        SUBMITTED,
    ),
    (
        "encounter_trace",
        "tom",
        lambda s, w: s.encounters.encounter_trace(w.tom, w.draft),
        ONLY_COORDINATORS,
    ),
    (
        "start_practice",
        "dan",
        lambda s, w: s.practice.start_practice(w.dan, "alpha"),
        "the account is deactivated",
    ),
    (
        "practice_attempts",
        "tom",
        lambda s, w: s.practice.practice_attempts(w.tom, "eli"),
        "the practice attempt belongs to another user",
    ),
    (
        "encounters",
        "una",
        lambda s, w: s.encounters.encounters(w.una, "OSCE-1", station_key="alpha"),
        "not assigned to any station of exam 'OSCE-1'",
    ),
    ("verify_audit", "eli", lambda s, w: s.results.verify_audit(w.eli), ONLY_COORDINATORS),
    # --- recordings
    (
        "record_consent",
        "una",
        lambda s, w: s.media.record_consent(w.una, encounter_id=w.draft, given=True),
        NOT_ASSIGNED,
    ),
    (
        "record_consent",
        "tom",
        lambda s, w: s.media.record_consent(w.tom, encounter_id=w.draft, given=True),
        STATION_OR_COORDINATOR,
    ),
    (
        "record_consent",
        "eli",
        lambda s, w: s.media.record_consent(w.eli, encounter_id=w.closed_draft, given=True),
        NOT_RUNNING,
    ),
    ("consent", "una", lambda s, w: s.media.consent(w.una, encounter_id=w.draft), NOT_ASSIGNED),
    (
        "consent",
        "tom",
        lambda s, w: s.media.consent(w.tom, encounter_id=w.submitted),
        STATION_OR_COORDINATOR,
    ),
    (
        "begin_recording",
        "una",
        lambda s, w: s.media.begin_recording(w.una, encounter_id=w.draft),
        NOT_ASSIGNED,
    ),
    (
        "begin_recording",
        "eli",
        lambda s, w: s.media.begin_recording(w.eli, encounter_id=w.closed_draft),
        NOT_RUNNING,
    ),
    (
        "begin_recording",
        "tom",
        lambda s, w: s.media.begin_recording(w.tom, encounter_id=w.draft),
        STATION_OR_COORDINATOR,
    ),
    (
        "list_media",
        "ann",
        lambda s, w: s.media.list_media(w.ann, encounter_id=w.draft),
        NOT_ASSIGNED,
    ),
    ("list_media", "dan", lambda s, w: s.media.list_media(w.dan), "the account is deactivated"),
    (
        "media_retention_days",
        "eli",
        lambda s, w: s.media.media_retention_days(w.eli),
        ONLY_COORDINATORS,
    ),
    (
        "set_media_retention_days",
        "tom",
        lambda s, w: s.media.set_media_retention_days(w.tom, 30),
        ONLY_COORDINATORS,
    ),
    (
        "purge_expired_media",
        "eli",
        lambda s, w: s.media.purge_expired_media(w.eli),
        ONLY_COORDINATORS,
    ),
    # --- an Actor object claiming another role: the account as stored decides
    (
        "add_user",
        "eli as coordinator",
        lambda s, w: s.identity.add_user(
            replace(w.eli, role=Role.COORDINATOR), "zed", "Zed", "examiner", "739164"
        ),
        ONLY_COORDINATORS,
    ),
    (
        "mark_item",
        "dan marked active",
        lambda s, w: s.encounters.mark_item(
            replace(w.dan, active=True), w.draft, "a1", MarkValue.DONE, t_s=1
        ),
        "the account is deactivated",
    ),
]


@pytest.mark.parametrize(
    ("call", "expected"),
    [pytest.param(call, expected, id=f"{name}-{who}") for name, who, call, expected in CASES],
)
def test_service_refuses(world: World, call: Call, expected: str) -> None:
    (world.folder / "r.csv").write_text("candidate_id,family_name,given_name\nC9,X,Y\n")
    services = world.services
    before = audit_count(services)
    with pytest.raises(PermissionDenied) as refused:
        call(services, world)
    assert expected in str(refused.value)
    assert audit_count(services) == before, "a refused call must not write anything"


def test_every_public_service_method_has_a_refusal_case() -> None:
    """A new service method needs its refusal case above (reading-only and sign-in
    methods excepted)."""
    exempt = {
        "authenticate",
        # One's own account: its refusal is a wrong current secret, audited like a
        # failed sign-in (tests/test_services_secrets.py).
        "change_secret",
        "bootstrap_coordinator",
        "has_users",
        "now",
        "audit_key",
        "exams",  # lists only what the actor may see; tested below
        "exam",
        "exclusions",
        "definitions",
        "revoke_exclusion",
        # Each needs an attempt of another user; their refusals are in
        # tests/test_services_practice.py.
        "record_practice_trace",
        "record_practice_metrics",
        "finish_practice",
        "abandon_practice",
        "practice_attempt",
        "practice_trace",
        # Each needs a recording on disk; their refusals are in
        # tests/test_services_media.py.
        "finish_recording",
        "add_marker",
        "debrief_timeline",
        "delete_media",
    }
    public = {
        name
        for name in dir(StationServices)
        if not name.startswith("_") and callable(getattr(StationServices, name, None))
    }
    covered = {name for name, _, _, _ in CASES}
    assert public - exempt - covered == set()


def test_reading_is_limited_to_what_the_actor_may_see(world: World) -> None:
    s = world.services
    assert [e.code for e in s.exams.exams(world.cora)] == ["OSCE-0", "OSCE-1", "OSCE-2"]
    assert [e.code for e in s.exams.exams(world.ann)] == ["OSCE-1"]
    assert s.exams.exams(world.una) == [] and s.exams.exams(world.tom) == []
    with pytest.raises(PermissionDenied):
        s.exams.exam(world.una, "OSCE-1")
    with pytest.raises(PermissionDenied):
        s.results.exclusions(world.eli, "OSCE-1")
    with pytest.raises(PermissionDenied):
        s.definitions.definitions(world.eli)
    # An examiner sees the encounters of their stations only, also once submitted.
    assert {e.station_key for e in s.encounters.encounters(world.ann, "OSCE-1")} == set()
    assert {e.id for e in s.encounters.encounters(world.eli, "OSCE-1")} == {
        world.draft,
        world.submitted,
    }
    assert s.encounters.encounter_view(world.eli, world.submitted).encounter.status == "submitted"
    with pytest.raises(PermissionDenied):
        s.encounters.encounter_view(world.ann, world.draft)
    with pytest.raises(PermissionDenied, match=ONLY_COORDINATORS):
        s.encounters.encounters(world.tom, "OSCE-1")


def test_refused_coordinator_actions_on_revoking(world: World) -> None:
    s = world.services
    exclusion = s.results.exclude(world.cora, "OSCE-1", "alpha", "a1", "flawed")
    with pytest.raises(PermissionDenied, match=ONLY_COORDINATORS):
        s.results.revoke_exclusion(world.eli, exclusion.id, "fine")
    with pytest.raises(PermissionDenied, match=NO_REASON):
        s.results.revoke_exclusion(world.cora, exclusion.id, "")
    assert s.results.revoke_exclusion(world.cora, exclusion.id, "fine").revoked_at is not None
