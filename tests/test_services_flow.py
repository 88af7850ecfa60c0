"""An exam day through the services, end to end, and its results worked out by hand.

Two stations (tests/test_services_support.py): alpha, 7 points (a1 binary 1, a2
three-point 2, a3 rating 1-5 weight 1, a4 device-scored 2, a5 timed within 30 s, half
credit late), pass mark 60 %, with a global rating; beta, 3 binary items of 1 point, b1
critical, pass mark 50 %.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from test_services_support import (
    COORDINATOR_SECRET,
    EXAMINER_PIN,
    T0,
    audit_count,
    make_services,
    write_definitions,
)

from assessments.scoring import MarkValue, Outcome
from station.auth.permissions import PermissionDenied
from station.services import (
    RESULTS_COLUMNS,
    Conflict,
    Incomplete,
    InvalidInput,
    StationServices,
)
from station.storage.audit import verify
from station.storage.models import AuditEntry, Encounter, ItemMark, MetricValue


@pytest.fixture
def services(tmp_path: Path) -> Iterator[StationServices]:
    result = make_services(tmp_path / "exam.db")
    yield result
    result.db.close()


def _setup(services: StationServices, tmp_path: Path) -> None:
    """The exam OSCE-1 with alpha (eli) and beta (ann), candidates C1 and C2, open."""
    alpha, beta = write_definitions(tmp_path / "defs")
    cora = services.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
    services.identity.add_user(cora, "eli", "Eli", "examiner", EXAMINER_PIN)
    services.identity.add_user(cora, "ann", "Ann", "examiner", EXAMINER_PIN)
    exam = services.exams.create_exam(
        cora,
        code="OSCE-1",
        title="Spring OSCE",
        starts_at=T0,
        stations=[str(alpha), str(beta)],
        pass_mark_pct=60,
        min_stations_passed=2,
    )
    assert [(s.station_key, s.version) for s in exam.stations] == [("alpha", "1"), ("beta", "2")]
    assert exam.status == "draft"
    services.exams.assign_examiner(cora, "OSCE-1", "alpha", "eli")
    services.exams.assign_examiner(cora, "OSCE-1", "beta", "ann")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "\ufeffcandidate_id,family_name,given_name,email,group\n"
        "C1,Doe,Jo,jo@example.org,A\nC2,Roe,Al,,A\n",
        encoding="utf-8",
    )
    result = services.roster.import_roster(cora, "OSCE-1", roster)
    assert result.added == ("C1", "C2") and result.enrolled == ("C1", "C2")
    plan = services.exams.build_timetable(cora, "OSCE-1")
    assert plan.station_ids == ("alpha", "beta")
    assert {e.candidate_id for e in plan.entries} == {"C1", "C2"}
    assert len(services.exams.timetable_rows(cora, "OSCE-1")) == len(plan.entries)
    assert services.exams.open_exam(cora, "OSCE-1").status == "open"


def test_examiner_flow_end_to_end(services: StationServices, tmp_path: Path) -> None:
    _setup(services, tmp_path)
    clock = services.clock
    assert hasattr(clock, "advance")
    cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
    eli = services.identity.authenticate("eli", EXAMINER_PIN)

    encounter = services.encounters.check_in(eli, "OSCE-1", "alpha", "C1")
    assert (encounter.status, encounter.examiner, encounter.candidate_number) == (
        "draft",
        "eli",
        "C1",
    )
    assert (
        services.encounters.check_in(eli, "OSCE-1", "alpha", "C1").id == encounter.id
    )  # idempotent
    started = services.encounters.start_encounter(eli, encounter.id)
    assert started.started_at == T0

    first = services.encounters.mark_item(eli, encounter.id, "a1", MarkValue.NOT_DONE, t_s=4.0)
    corrected = services.encounters.mark_item(
        eli, encounter.id, "a1", MarkValue.DONE, t_s=5.0, reason="saw it after all"
    )
    assert (first.revision, corrected.revision) == (1, 2)
    services.encounters.mark_item(eli, encounter.id, "a2", MarkValue.PARTIAL, t_s=20.0)
    services.encounters.mark_item(eli, encounter.id, "a3", 4, t_s=60.0)

    # The device judges a4 from its metrics; unknown and out-of-range metrics are refused.
    with pytest.raises(InvalidInput, match="unknown device metric 'depth'"):
        services.encounters.record_device_metrics(eli, encounter.id, {"depth": 5.0})
    with pytest.raises(InvalidInput, match="outside its range"):
        services.encounters.record_device_metrics(eli, encounter.id, {"pct_depth_ok": 140.0})
    judged = services.encounters.record_device_metrics(
        eli, encounter.id, {"pct_depth_ok": 64.0, "mean_rate_cpm": 112.0, "ccf": None}
    )
    assert [(m.item_id, m.value, m.source, m.recorded_by) for m in judged] == [
        ("a4", MarkValue.NOT_DONE, "device", "eli")
    ]
    # The same judgement again records nothing new.
    assert (
        services.encounters.record_device_metrics(eli, encounter.id, {"pct_depth_ok": 64.0}) == []
    )
    # The examiner overrides it, with a reason; then later device data no longer counts.
    with pytest.raises(PermissionDenied, match="a reason must be given"):
        services.encounters.override_device_item(eli, encounter.id, "a4", MarkValue.DONE, "  ")
    with pytest.raises(InvalidInput, match="not scored by a device"):
        services.encounters.override_device_item(eli, encounter.id, "a1", MarkValue.DONE, "why not")
    with pytest.raises(InvalidInput, match="scored by the device"):
        services.encounters.mark_item(eli, encounter.id, "a4", MarkValue.DONE, t_s=None)
    override = services.encounters.override_device_item(
        eli, encounter.id, "a4", MarkValue.DONE, "sensor slipped; depth seen to be good"
    )
    assert (override.source, override.reason) == (
        "override",
        "sensor slipped; depth seen to be good",
    )
    assert (
        services.encounters.record_device_metrics(eli, encounter.id, {"pct_depth_ok": 10.0}) == []
    )

    # Invalid marks are refused before anything is stored.
    before = audit_count(services)
    with pytest.raises(InvalidInput, match="'partial' does not fit"):
        services.encounters.mark_item(eli, encounter.id, "a1", MarkValue.PARTIAL, t_s=1.0)
    with pytest.raises(InvalidInput, match="rating from 1 to 5"):
        services.encounters.mark_item(eli, encounter.id, "a3", 6, t_s=1.0)
    with pytest.raises(InvalidInput, match="needs the time"):
        services.encounters.mark_item(eli, encounter.id, "a5", MarkValue.DONE, t_s=None)
    with pytest.raises(InvalidInput, match="has no item 'zz'"):
        services.encounters.mark_item(eli, encounter.id, "zz", MarkValue.DONE, t_s=1.0)
    with pytest.raises(InvalidInput, match="not on the global rating"):
        services.encounters.set_grade(eli, encounter.id, 3)
    assert audit_count(services) == before

    # Completeness: a5 and the grade are missing.
    with pytest.raises(Incomplete) as missing:
        services.encounters.submit(eli, encounter.id)
    assert missing.value.missing == ("a5",) and missing.value.grade_missing
    assert audit_count(services) == before  # nothing was changed

    services.encounters.mark_item(eli, encounter.id, "a5", MarkValue.DONE, t_s=20.0)
    grade = services.encounters.set_grade(eli, encounter.id, 2)
    assert grade.grade == 2
    services.encounters.comment(eli, encounter.id, "feedback", "Good communication.")
    services.encounters.comment(eli, encounter.id, "private", "Nervous at the start.")
    services.encounters.save_timer_state(eli, encounter.id, {"phase": "active", "elapsed_s": 250.5})
    clock.advance(300)
    submitted = services.encounters.submit(eli, encounter.id)
    assert submitted.complete and submitted.encounter.status == "submitted"
    # a1 1 + a2 1 + a3 0.75 + a4 2 (override) + a5 1 = 5.75 of 7
    assert (submitted.score.score, submitted.score.max_score) == (5.75, 7.0)
    assert submitted.score.outcome is Outcome.PASS

    # Locked: the examiner can no longer change it, and the refusal changes nothing.
    before = audit_count(services)
    with pytest.raises(PermissionDenied, match="already been submitted"):
        services.encounters.mark_item(eli, encounter.id, "a1", MarkValue.NOT_DONE, t_s=1.0)
    with pytest.raises(PermissionDenied, match="already been submitted"):
        services.encounters.set_grade(eli, encounter.id, 0)
    assert audit_count(services) == before

    # The coordinator amends, with a reason; the history keeps the earlier values.
    with pytest.raises(PermissionDenied, match="a reason must be given"):
        services.encounters.amend_submitted(
            cora, encounter.id, item_id="a1", value=MarkValue.NOT_DONE, reason=""
        )
    changes = services.encounters.amend_submitted(
        cora,
        encounter.id,
        item_id="a1",
        value=MarkValue.NOT_DONE,
        grade=1,
        comment=("private", "Reviewed on video."),
        reason="video review: no greeting",
    )
    assert changes.encounters == (encounter.id,)
    assert len(changes.marks) == len(changes.grades) == len(changes.comments) == 1
    services.encounters.amend_submitted(
        cora, encounter.id, item_id="a5", value=MarkValue.DONE, reason="kept as done"
    )
    before = audit_count(services)
    with pytest.raises(InvalidInput, match="nothing to amend"):
        services.encounters.amend_submitted(cora, encounter.id, reason="review")
    with pytest.raises(InvalidInput, match="give the new value of item 'a1'"):
        services.encounters.amend_submitted(cora, encounter.id, item_id="a1", reason="review")
    with pytest.raises(InvalidInput, match="give the item"):
        services.encounters.amend_submitted(
            cora, encounter.id, value=MarkValue.DONE, reason="review"
        )
    assert audit_count(services) == before

    view = services.encounters.encounter_view(cora, encounter.id)
    assert [(m.value, m.source, m.recorded_by) for m in view.history["a1"]] == [
        (MarkValue.NOT_DONE, "examiner", "eli"),
        (MarkValue.DONE, "examiner", "eli"),
        (MarkValue.NOT_DONE, "examiner", "cora"),
    ]
    assert view.marks["a1"].reason == "video review: no greeting"
    assert view.marks["a4"].source == "override"
    assert [m.source for m in view.history["a4"]] == ["device", "override"]
    assert view.marks["a5"].t_s == 20.0  # the amendment kept the time it was done
    assert [g.grade for g in view.grade_history] == [2, 1]
    assert view.comments["private"].text == "Reviewed on video."
    assert view.comments["feedback"].text == "Good communication."
    assert view.metrics == {"pct_depth_ok": 10.0, "mean_rate_cpm": 112.0}
    assert view.timer_state == {"phase": "active", "elapsed_s": 250.5}
    assert (view.score.score, view.score.grade) == (4.75, 1)

    # An exclusion re-scores at once and is audited.
    exclusion = services.results.exclude(
        cora, "OSCE-1", "alpha", "a3", "item wording was ambiguous"
    )
    assert exclusion.item_id == "a3"
    with pytest.raises(Conflict, match="already excluded"):
        services.results.exclude(cora, "OSCE-1", "alpha", "a3", "again")
    result = services.results.results(cora, "OSCE-1")
    assert [(r.candidate_number, r.station_key) for r in result] == [("C1", "alpha")]
    assert (result[0].score.score, result[0].score.max_score) == (4.0, 6.0)
    assert result[0].score.excluded == ("a3",)
    revoked = services.results.revoke_exclusion(cora, exclusion.id, "wording was fine after all")
    assert revoked.revoked_at is not None
    assert services.results.results(cora, "OSCE-1")[0].score.max_score == 7.0

    # The rows: append-only history, device marks recorded by the "device" actor.
    with services.db.read() as session:
        device_rows = list(session.scalars(select(ItemMark).where(ItemMark.source == "device")))
        assert len(device_rows) == 1
        entry = session.scalar(select(AuditEntry).where(AuditEntry.record_id == device_rows[0].id))
        assert entry is not None and (entry.actor_id, entry.actor_name) == (None, "device")
        assert len(list(session.scalars(select(MetricValue)))) == 4
        stored = session.get(Encounter, encounter.id)
        assert stored is not None and stored.status == "submitted"

    check = verify(services.db, services.db.audit_key)
    assert check.ok, check.problem
    assert services.results.verify_audit(cora).ok


def test_no_show_double_marking_and_closing(services: StationServices, tmp_path: Path) -> None:
    _setup(services, tmp_path)
    cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
    eli = services.identity.authenticate("eli", EXAMINER_PIN)
    ann = services.identity.authenticate("ann", EXAMINER_PIN)

    absent = services.encounters.mark_no_show(eli, "OSCE-1", "alpha", "C2")
    assert (absent.status, absent.examiner) == ("no_show", "eli")
    with pytest.raises(PermissionDenied, match="already been submitted"):
        services.encounters.mark_item(eli, absent.id, "a1", MarkValue.DONE, t_s=1.0)

    # Double marking: a second examiner at beta gets an encounter of their own.
    services.exams.assign_examiner(cora, "OSCE-1", "beta", "eli")
    primary = services.encounters.check_in(ann, "OSCE-1", "beta", "C1")
    with pytest.raises(Conflict, match="already has a primary encounter"):
        services.encounters.check_in(eli, "OSCE-1", "beta", "C1")
    second = services.encounters.check_in(eli, "OSCE-1", "beta", "C1", marker="second")
    assert second.id != primary.id and second.marker == "second"
    for actor, enc in ((ann, primary), (eli, second)):
        for item in ("b1", "b2", "b3"):
            services.encounters.mark_item(actor, enc.id, item, MarkValue.DONE, t_s=10.0)
        services.encounters.submit(actor, enc.id)
    results = services.results.results(cora, "OSCE-1")
    assert [(r.station_key, r.marker, r.examiner) for r in results] == [
        ("beta", "primary", "ann"),
        ("beta", "second", "eli"),
    ]
    # Coordinators check in for the station's examiner, naming one when several.
    with pytest.raises(InvalidInput, match="several examiners"):
        services.encounters.check_in(cora, "OSCE-1", "beta", "C2")
    by_coordinator = services.encounters.check_in(cora, "OSCE-1", "beta", "C2", examiner="ann")
    assert by_coordinator.examiner == "ann"

    services.exams.close_exam(cora, "OSCE-1")
    with pytest.raises(PermissionDenied, match="not running"):
        services.encounters.mark_item(ann, by_coordinator.id, "b1", MarkValue.DONE, t_s=1.0)
    with pytest.raises(Conflict, match="closed"):
        services.exams.assign_examiner(cora, "OSCE-1", "alpha", "ann")
    assert services.results.verify_audit(cora).ok


def _worked_exam(services: StationServices, tmp_path: Path) -> None:
    """Both candidates at both stations, as laid out in the test below."""
    _setup(services, tmp_path)
    clock = services.clock
    assert hasattr(clock, "advance")
    cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
    eli = services.identity.authenticate("eli", EXAMINER_PIN)
    ann = services.identity.authenticate("ann", EXAMINER_PIN)
    alpha_marks: dict[str, list[tuple[str, MarkValue | int, float]]] = {
        "C1": [("a1", MarkValue.DONE, 5.0), ("a2", MarkValue.PARTIAL, 9.0), ("a3", 4, 60.0),
               ("a5", MarkValue.DONE, 20.0)],
        "C2": [("a1", MarkValue.NOT_DONE, 5.0), ("a2", MarkValue.DONE, 9.0), ("a3", 1, 60.0),
               ("a5", MarkValue.DONE, 45.0)],
    }  # fmt: skip
    depth = {"C1": 80.0, "C2": 50.0}
    grades = {"C1": 2, "C2": 1}
    for number in ("C1", "C2"):
        enc = services.encounters.check_in(eli, "OSCE-1", "alpha", number)
        for item, value, t_s in alpha_marks[number]:
            services.encounters.mark_item(eli, enc.id, item, value, t_s=t_s)
        services.encounters.record_device_metrics(eli, enc.id, {"pct_depth_ok": depth[number]})
        if number == "C2":
            services.encounters.override_device_item(
                eli, enc.id, "a4", MarkValue.DONE, "sensor fault"
            )
        services.encounters.set_grade(eli, enc.id, grades[number])
        clock.advance(600)
        services.encounters.submit(eli, enc.id)
    beta_marks = {"C1": ("done", "done", "not_done"), "C2": ("not_done", "done", "done")}
    for number in ("C1", "C2"):
        enc = services.encounters.check_in(ann, "OSCE-1", "beta", number)
        for item, text in zip(("b1", "b2", "b3"), beta_marks[number], strict=True):
            services.encounters.mark_item(ann, enc.id, item, MarkValue(text), t_s=30.0)
        clock.advance(600)
        services.encounters.submit(ann, enc.id)
    services.results.exclude(cora, "OSCE-1", "beta", "b3", "no sharps bin in the room")
    c1_alpha = next(
        e
        for e in services.encounters.encounters(cora, "OSCE-1", station_key="alpha")
        if e.candidate_number == "C1"
    )
    services.encounters.amend_submitted(
        cora, c1_alpha.id, item_id="a1", value=MarkValue.NOT_DONE, reason="video review"
    )


def test_results_export_worked_by_hand(services: StationServices, tmp_path: Path) -> None:
    # alpha C1: a1 done→amended not done 0, a2 partial 1, a3 4/5 → 0.75, a4 device 80 ≥ 70
    #   → 2, a5 at 20 s → 1: 4.75 / 7 = 67.857143 %, pass (60 %), grade 2.
    # alpha C2: a1 0, a2 2, a3 1/5 → 0, a4 device 50 → not done, overridden done → 2,
    #   a5 at 45 s → half: 0.5: 4.5 / 7 = 64.285714 %, pass, grade 1.
    # beta (b3 excluded) C1: b1 1 + b2 1 = 2 / 2 = 100 %, pass.
    # beta C2: b1 (critical) not done, b2 1 = 1 / 2 = 50 %, critical fail.
    _worked_exam(services, tmp_path)
    cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
    out = tmp_path / "results.csv"
    out.write_text("an older export\n", encoding="utf-8")
    assert services.results.export_results_csv(cora, "OSCE-1", out) == 4
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == RESULTS_COLUMNS
    assert rows[1:] == [
        ["C1", "alpha", "eli", "4.75", "7", "2", "3 Pass", "pass", "", "1", "primary",
         "2026-03-02T08:10:00Z", "67.857143"],
        ["C1", "beta", "ann", "2", "2", "", "", "pass", "", "2", "primary",
         "2026-03-02T08:30:00Z", "100"],
        ["C2", "alpha", "eli", "4.5", "7", "1", "2 Borderline", "pass", "", "1", "primary",
         "2026-03-02T08:20:00Z", "64.285714"],
        ["C2", "beta", "ann", "1", "2", "", "", "critical_fail", "critical item b1 not done",
         "2", "primary", "2026-03-02T08:40:00Z", "50"],
    ]  # fmt: skip
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
    with services.db.read() as session:
        exports = list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "results.export"))
        )
    assert len(exports) == 1 and '"rows":4' in (exports[0].new_json or "")
    assert services.results.verify_audit(cora).ok


def test_export_is_atomic(
    services: StationServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _worked_exam(services, tmp_path)
    cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
    out = tmp_path / "results.csv"
    out.write_text("the previous export\n", encoding="utf-8")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    import station.services.results as results_module

    monkeypatch.setattr(results_module, "append", fail)
    with pytest.raises(OSError, match="No space left"):
        services.results.export_results_csv(cora, "OSCE-1", out)
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if ".partial" in p.name] == []
    with pytest.raises(InvalidInput, match="folder does not exist"):
        services.results.export_results_csv(cora, "OSCE-1", tmp_path / "nowhere" / "r.csv")


def test_station_exclusion_keeps_the_rows_marked_excluded(
    services: StationServices, tmp_path: Path
) -> None:
    _worked_exam(services, tmp_path)
    cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
    services.results.exclude(cora, "OSCE-1", "alpha", None, "manikin faulty all day")
    outcomes = {
        (r.candidate_number, r.station_key): r.outcome
        for r in services.results.results(cora, "OSCE-1")
    }
    assert outcomes == {
        ("C1", "alpha"): "excluded",
        ("C2", "alpha"): "excluded",
        ("C1", "beta"): "pass",
        ("C2", "beta"): "critical_fail",
    }
    assert [e.item_id for e in services.results.exclusions(cora, "OSCE-1")] == ["b3", None]
