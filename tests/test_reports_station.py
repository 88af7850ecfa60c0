"""Reports from the station's database (station/services/report_data.py,
station/pdf_reports.py, ``skillstation report ...``), on a demo exam: permissions, the
release rule and the draft watermark, every candidate's PDF written by worker
processes, the exam report, sheets, practice, and the command line end to end."""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from conftest import DemoCopy
from pypdf import PdfReader

from station import cli, pdf_reports
from station.auth.permissions import Actor, PermissionDenied
from station.commands import session as cli_session
from station.demo import DemoConfig, DemoResult
from station.errors import UserError
from station.services import StationServices
from station.services.errors import Conflict
from station.storage import open_database

CHEAP = PasswordHasher.from_parameters(CHEAPEST)
CANDIDATES = 6


@pytest.fixture(scope="module")
def demo(demo_copy: DemoCopy) -> DemoResult:
    return demo_copy(DemoConfig(seed=3, candidates=CANDIDATES))


def copy_of(demo: DemoResult, tmp_path: Path) -> Path:
    """A copy of the demo database (with its audit key) to change."""
    target = tmp_path / "copy.db"
    shutil.copy(demo.database, target)
    shutil.copy(Path(f"{demo.database}.auditkey"), Path(f"{target}.auditkey"))
    return target


def unreleased_copy(demo: DemoResult, tmp_path: Path) -> Path:
    """A copy of the demo database with the release of its results withdrawn."""
    path = copy_of(demo, tmp_path)
    with open_database(path, create=False) as db:
        services = StationServices(db, password_hasher=CHEAP)
        services.release.withdraw_release(
            coordinator(services, demo), demo.exam_code, "a result is being corrected"
        )
    return path


@pytest.fixture
def services(demo: DemoResult) -> Iterator[StationServices]:
    db = open_database(demo.database, create=False)
    try:
        yield StationServices(db, password_hasher=CHEAP)
    finally:
        db.close()


def coordinator(services: StationServices, demo: DemoResult) -> Actor:
    return services.identity.authenticate(demo.coordinator.username, demo.coordinator.secret)


def pages_of(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


# --------------------------------------------------------------------------- release rule


def test_candidate_feedback_is_refused_before_release_unless_draft(
    demo: DemoResult, tmp_path: Path
) -> None:
    with open_database(unreleased_copy(demo, tmp_path), create=False) as db:
        services = StationServices(db, password_hasher=CHEAP)
        me = coordinator(services, demo)
        with pytest.raises(Conflict, match=r"not released yet.*--draft"):
            services.reporting.candidate_report_data(me, demo.exam_code, "C-001")
        with pytest.raises(Conflict, match="not released"):
            pdf_reports.write_candidate_reports(
                services.reporting, me, demo.exam_code, tmp_path / "out"
            )
        assert not (tmp_path / "out").exists()
        data = services.reporting.candidate_report_data(me, demo.exam_code, "C-001", draft=True)
        assert data.header.draft
        assert [s.station_key for s in data.stations] == list(demo.stations)
        out = pdf_reports.write_candidate_report(
            services.reporting, me, demo.exam_code, "C-001", tmp_path / "d.pdf", draft=True
        )
        for page in pages_of(out):
            assert "DRAFT — results not released" in page


def test_examiners_cannot_read_candidate_reports(
    services: StationServices, demo: DemoResult
) -> None:
    examiner = demo.examiners[0]
    actor = services.identity.authenticate(examiner.username, examiner.secret)
    with pytest.raises(PermissionDenied):
        services.reporting.candidate_report_data(actor, demo.exam_code, "C-001", draft=True)
    with pytest.raises(PermissionDenied):
        services.reporting.exam_report_data(actor, demo.exam_code)


def test_all_candidate_reports_are_written_by_worker_processes_as_drafts(
    services: StationServices, demo: DemoResult, tmp_path: Path
) -> None:
    me = coordinator(services, demo)
    heard: list[tuple[int, int]] = []
    out = tmp_path / "reports"
    paths = pdf_reports.write_candidate_reports(
        services.reporting,
        me,
        demo.exam_code,
        out,
        progress=lambda done, total: heard.append((done, total)),
        workers=2,
        draft=True,
    )
    everyone = services.reporting.candidate_reports_data(me, demo.exam_code, draft=True)
    assert len(paths) == len(everyone) == demo.candidates
    assert heard[-1] == (demo.candidates, demo.candidates)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    absent_number, absent_station = demo.no_show
    for data, path in zip(everyone, paths, strict=True):
        pages = pages_of(path)
        for number, page in enumerate(pages, start=1):
            assert "DRAFT — results not released" in page
            assert f"Page {number} of {len(pages)}" in page
        assert folded(data.candidate_name) in folded("\n".join(pages))
        if data.candidate_number == absent_number:
            outcomes = {s.station_key: s.outcome for s in data.stations}
            assert outcomes[absent_station] == "absent"


def test_after_release_reports_go_out_without_the_watermark(
    services: StationServices, demo: DemoResult, tmp_path: Path
) -> None:
    me = coordinator(services, demo)
    standard = services.release.standard(me, demo.exam_code)
    assert standard is not None  # the demo adopts a standard and releases the results
    data = services.reporting.candidate_report_data(me, demo.exam_code, "C-002")
    assert not data.header.draft
    assert data.pass_mark_pct == pytest.approx(standard.pass_mark)
    assert data.overall_outcome in ("pass", "fail")
    out = pdf_reports.write_candidate_report(
        services.reporting, me, demo.exam_code, "C-002", tmp_path / "c2.pdf", lang="fr"
    )
    whole = "\n".join(pages_of(out))
    assert "DRAFT" not in whole and "BROUILLON" not in whole
    assert "Seuil de réussite" in whole
    exam = services.reporting.exam_report_data(me, demo.exam_code)
    assert exam.adopted_pass_mark == pytest.approx(standard.pass_mark)


# --------------------------------------------------------------------------- other reports


def test_exam_report_holds_the_exam_statistics(
    services: StationServices, demo: DemoResult, tmp_path: Path
) -> None:
    me = coordinator(services, demo)
    data = services.reporting.exam_report_data(me, demo.exam_code)
    assert [s.station_id for s in data.statistics.stations] == list(demo.stations)
    assert [k for k, _ in data.station_titles] == list(demo.stations)
    assert data.statistics.exam.incomplete == 1  # the no-show
    assert [n for n, _, _ in data.incomplete_candidates] == [demo.no_show[0]]
    assert sum(e.encounters for e in data.examiners) == demo.submitted
    out = pdf_reports.write_exam_report(
        services.reporting, me, demo.exam_code, tmp_path / "exam.pdf"
    )
    whole = "\n".join(pages_of(out))
    assert "Station metrics" in whole and "Borderline regression" in whole
    assert demo.no_show[0] in whole


def test_badges_checklists_and_timetable_come_from_the_exam(
    services: StationServices, demo: DemoResult, tmp_path: Path
) -> None:
    me = coordinator(services, demo)
    badges = services.reporting.badge_data(me, demo.exam_code)
    assert len(badges.badges) == demo.candidates
    sheets = services.reporting.checklist_data(me, demo.exam_code)
    assert [s.station_key for s in sheets.checklists] == list(demo.stations)
    table = services.reporting.timetable_data(me, demo.exam_code)
    assert set(table.stations) == set(demo.stations)
    assert {r.candidate_number for r in table.rows} == {b.candidate_number for b in badges.badges}
    for write, name in (
        (pdf_reports.write_badges, "badges.pdf"),
        (pdf_reports.write_blank_checklists, "sheets.pdf"),
        (pdf_reports.write_timetable, "timetable.pdf"),
    ):
        path = write(services.reporting, me, demo.exam_code, tmp_path / name)
        assert pages_of(path)


def test_practice_report_for_the_trainee_and_no_one_else(demo: DemoResult, tmp_path: Path) -> None:
    db = open_database(copy_of(demo, tmp_path), create=False)
    try:
        services = StationServices(db, password_hasher=CHEAP)
        me = coordinator(services, demo)
        for name in ("t.one", "t.two"):
            services.identity.add_user(me, name, f"Trainee {name}", "trainee", "practice-pass-4821")
        one = services.identity.authenticate("t.one", "practice-pass-4821")
        two = services.identity.authenticate("t.two", "practice-pass-4821")
        for depth in (44.0, 49.0, 53.0):
            attempt = services.practice.start_practice(one, "adult-cpr-aed")
            services.practice.record_practice_metrics(
                one, attempt.id, {"mean_depth_mm": depth, "mean_rate_cpm": 110.0}
            )
            services.practice.finish_practice(one, attempt.id, depth)
        data = services.reporting.practice_report_data(one, "t.one")
        assert [a.percent for a in data.attempts] == [44.0, 49.0, 53.0]
        assert data.latest is not None and data.latest.cpr is not None
        out = pdf_reports.write_practice_report(
            services.reporting, one, "t.one", tmp_path / "p.pdf"
        )
        whole = "\n".join(pages_of(out))
        assert "Attempts over time" in whole and "53.0 %" in whole
        with pytest.raises(PermissionDenied):
            services.reporting.practice_report_data(two, "t.one")
        assert services.reporting.practice_report_data(me, "t.one").attempts == data.attempts
    finally:
        db.close()


def test_a_report_path_that_is_a_folder_is_a_clear_error(
    services: StationServices, demo: DemoResult, tmp_path: Path
) -> None:
    me = coordinator(services, demo)
    with pytest.raises(UserError, match="this is a folder"):
        pdf_reports.write_exam_report(services.reporting, me, demo.exam_code, tmp_path)
    with pytest.raises(UserError, match="does not exist"):
        pdf_reports.write_badges(services.reporting, me, demo.exam_code, tmp_path / "no" / "b.pdf")


# --------------------------------------------------------------------------- command line


def test_the_report_commands_end_to_end(
    demo: DemoResult,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP)
    monkeypatch.setenv("SKILLSTATION_DB", str(unreleased_copy(demo, tmp_path)))
    monkeypatch.setenv("SKILLSTATION_PIN", demo.coordinator.secret)
    user = ["--user", demo.coordinator.username]

    code = cli.main([*user, "report", "candidate", "--exam", demo.exam_code, "--out", "x"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "not released" in err and "Traceback" not in err

    folder = tmp_path / "all"
    args = ["report", "candidate", "--exam", demo.exam_code, "--out", str(folder), "--draft"]
    assert cli.main([*user, *args]) == 0
    captured = capsys.readouterr()
    assert f"{demo.candidates} candidate reports written" in captured.out
    assert f"candidate reports: {demo.candidates}/{demo.candidates}" in captured.err
    assert len(list(folder.glob("*.pdf"))) == demo.candidates

    one = tmp_path / "one.pdf"
    args = ["report", "candidate", "--exam", demo.exam_code, "--candidate", "C-003"]
    assert cli.main([*user, *args, "--out", str(one), "--draft", "--lang", "es"]) == 0
    assert "BORRADOR — resultados no publicados" in pages_of(one)[0]

    for command in ("exam", "badges", "blank-checklists", "timetable"):
        out = tmp_path / f"{command}.pdf"
        assert (
            cli.main([*user, "report", command, "--exam", demo.exam_code, "--out", str(out)]) == 0
        )
        assert pages_of(out)
    capsys.readouterr()

    args = ["report", "exam", "--exam", "NO-SUCH", "--out", str(tmp_path / "n.pdf")]
    assert cli.main([*user, *args]) == 1
    assert "no exam with the code 'NO-SUCH'" in capsys.readouterr().err

    args = ["report", "exam", "--exam", demo.exam_code, "--out", "e.pdf", "--lang", "de"]
    assert cli.main([*user, *args]) == 2
