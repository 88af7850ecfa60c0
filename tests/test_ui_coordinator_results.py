"""The coordinator's console on the demonstration exam: results and their filters,
exclusions, the psychometrics view with its flags, the standard and the release,
exports with their progress bars, and the audit log with its verification (also of a
tampered database)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from conftest import DemoCopy
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from ui_support import close_context, make_context, wait_idle

from assessments.psychometrics.model import Flag
from common.clock import FakeClock
from station.demo import DB_NAME, DemoConfig, DemoResult
from station.services import StationServices
from station.storage import open_database
from ui.context import AppContext
from ui.coordinator import CoordinatorConsole
from ui.coordinator.audit import PAGE
from ui.coordinator.results import COLUMNS

CHEAP = PasswordHasher.from_parameters(CHEAPEST)
SEED = 3


@pytest.fixture(scope="module")
def demo(demo_copy: DemoCopy) -> DemoResult:
    """The demonstration exam, built once (it takes a while); each test works on a copy."""
    return demo_copy(DemoConfig(seed=SEED))


@pytest.fixture
def db_path(demo: DemoResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SKILLSTATION_AUDIT_KEY_FILE", raising=False)
    folder = tmp_path / "exam"
    shutil.copytree(demo.folder, folder)
    return folder / DB_NAME


class Desk:
    """The console on a copy of the demo, signed in as its coordinator."""

    def __init__(self, services: StationServices, ctx: AppContext, console: CoordinatorConsole):
        self.services = services
        self.ctx = ctx
        self.console = console


OpenDesk = Callable[[], Desk]


@pytest.fixture
def open_desk(qtbot: QtBot, demo: DemoResult, db_path: Path) -> Iterator[OpenDesk]:
    opened: list[tuple[QWidget, Desk]] = []

    def open_() -> Desk:
        clock = FakeClock(start_wall=demo_start(demo) + timedelta(days=1))
        services = StationServices(open_database(db_path), clock=clock, password_hasher=CHEAP)
        actor = services.identity.authenticate(demo.coordinator.username, demo.coordinator.secret)
        ctx = make_context(services, clock, actor=actor)
        window = QWidget()
        qtbot.addWidget(window)
        console = CoordinatorConsole(ctx)
        layout = QVBoxLayout(window)
        layout.addWidget(ctx.message_bar)
        layout.addWidget(console)
        window.resize(1280, 800)
        window.show()
        desk = Desk(services, ctx, console)
        opened.append((window, desk))
        wait_idle(qtbot, ctx)
        console.select_exam(demo.exam_code)
        wait_idle(qtbot, ctx)
        return desk

    yield open_
    for _window, desk in opened:
        desk.console.progress.timer.stop()
        close_context(desk.ctx)


def demo_start(demo: DemoResult) -> object:
    from station.demo import EXAM_START

    return EXAM_START


# --------------------------------------------------------------------------- results


def _column(desk: Desk, name: str) -> list[str]:
    proxy = desk.console.results.proxy
    column = COLUMNS.index(name)
    return [str(proxy.index(r, column).data()) for r in range(proxy.rowCount())]


def test_results_filter_by_station_examiner_outcome_and_text(
    qtbot: QtBot, open_desk: OpenDesk, demo: DemoResult
) -> None:
    desk = open_desk()
    panel = desk.console.results
    every = desk.services.results.results(desk.ctx.actor, demo.exam_code)  # type: ignore[arg-type]
    assert panel.model.rowCount() == len(every) > 0
    assert panel.count_label.text() == f"{len(every)} of {len(every)} results shown"

    panel.station_filter.setCurrentIndex(panel.station_filter.findData("iv-cannulation"))
    expected = [r for r in every if r.station_key == "iv-cannulation"]
    assert set(_column(desk, "station")) == {"iv-cannulation"}
    assert len(_column(desk, "station")) == len(expected)

    examiner = expected[0].examiner
    panel.examiner_filter.setCurrentIndex(panel.examiner_filter.findData(examiner))
    assert set(_column(desk, "examiner")) == {examiner}
    assert len(_column(desk, "examiner")) == sum(1 for r in expected if r.examiner == examiner)

    panel.station_filter.setCurrentIndex(0)
    panel.examiner_filter.setCurrentIndex(0)
    panel.outcome_filter.setCurrentIndex(panel.outcome_filter.findData("fail"))
    failing = [r for r in every if r.outcome in ("fail", "critical_fail")]
    assert len(_column(desk, "candidate")) == len(failing)
    assert all(text.startswith("✖") for text in _column(desk, "outcome"))

    panel.outcome_filter.setCurrentIndex(0)
    number = every[-1].candidate_number
    qtbot.keyClicks(panel.search, number)
    qtbot.waitUntil(lambda: set(_column(desk, "candidate")) == {number})
    assert len(_column(desk, "candidate")) == sum(1 for r in every if r.candidate_number == number)


def test_results_sort_by_percentage_as_numbers(open_desk: OpenDesk) -> None:
    desk = open_desk()
    panel = desk.console.results
    panel.table.sortByColumn(COLUMNS.index("percent"), Qt.SortOrder.DescendingOrder)
    shown = [float(v) for v in _column(desk, "percent") if v]
    assert shown == sorted(shown, reverse=True)
    assert len(shown) > 2


def test_an_exclusion_is_recorded_then_revoked(
    qtbot: QtBot, open_desk: OpenDesk, demo: DemoResult
) -> None:
    desk = open_desk()
    panel = desk.console.results
    actor = desk.ctx.actor
    assert actor is not None
    panel.exclude_station.setCurrentIndex(panel.exclude_station.findData("who-hand-rub"))
    item_id = panel.exclude_item.itemData(1)
    assert isinstance(item_id, str)
    panel.exclude_item.setCurrentIndex(1)
    panel.exclude_button.click()
    wait_idle(qtbot, desk.ctx)
    assert panel.exclusion_problems.problems() == ["Give the reason for the exclusion."]
    panel.exclude_reason.setText("item ambiguous on the sheet")
    panel.exclude_button.click()
    wait_idle(qtbot, desk.ctx)
    stored = desk.services.results.exclusions(actor, demo.exam_code)
    assert [(x.station_key, x.item_id, x.reason) for x in stored] == [
        ("who-hand-rub", item_id, "item ambiguous on the sheet")
    ]
    wait_idle(qtbot, desk.ctx)
    assert panel.exclusions_table.rowCount() == 1
    assert panel.exclusions_table.item(0, 5).text() == "in force"

    panel.exclusions_table.selectRow(0)
    panel.exclude_reason.setText("sheet clarified")
    panel.revoke_button.click()
    wait_idle(qtbot, desk.ctx)
    assert desk.services.results.exclusions(actor, demo.exam_code)[0].revoked_at is not None
    wait_idle(qtbot, desk.ctx)
    assert panel.exclusions_table.item(0, 5).text() != "in force"


# --------------------------------------------------------------------------- statistics


def test_the_psychometrics_view_shows_the_flags_and_warnings(
    qtbot: QtBot, open_desk: OpenDesk
) -> None:
    desk = open_desk()
    panel = desk.console.standards
    desk.console.tabs.setCurrentWidget(panel)
    wait_idle(qtbot, desk.ctx)
    flags = panel.flagged_stations()
    assert Flag.ALPHA_RISES_WITHOUT in flags["who-hand-rub"]
    assert Flag.BRM_UNDEFINED in flags["newborn-resuscitation-hbb"]
    rows = {panel.stations.item(r, 0).text(): r for r in range(panel.stations.rowCount())}
    hand = rows["who-hand-rub"]
    assert "alpha rises without this station" in panel.stations.item(hand, 9).text()
    assert panel.stations.item(hand, 9).text().startswith("▲")
    assert panel.stations.item(rows["adult-cpr-aed"], 9).text().startswith("✔")
    warnings = [panel.warnings.item(i).text() for i in range(panel.warnings.count())]
    assert any("one examiner marked every candidate" in w for w in warnings)
    assert "Cronbach's α" in panel.exam_figures.text()
    assert "Standard in force" in panel.standard_label.text()


def test_withdraw_adopt_a_standard_and_release_again(
    qtbot: QtBot, open_desk: OpenDesk, demo: DemoResult
) -> None:
    desk = open_desk()
    panel = desk.console.standards
    actor = desk.ctx.actor
    assert actor is not None
    desk.console.tabs.setCurrentWidget(panel)
    wait_idle(qtbot, desk.ctx)
    # The demo ends released: a new standard needs the release withdrawn, with a reason.
    assert "Results released on" in panel.standard_label.text()
    assert not panel.adopt_button.isEnabled() and not panel.release_button.isEnabled()
    panel.withdraw_button.click()
    assert "reason" in desk.ctx.message_bar.text
    assert desk.services.release.results_released_at(actor, demo.exam_code) is not None
    panel.withdraw_reason.setText("re-standardise with Cohen's method")
    panel.withdraw_button.click()
    wait_idle(qtbot, desk.ctx)
    assert desk.services.release.results_released_at(actor, demo.exam_code) is None
    assert panel.adopt_button.isEnabled()

    panel.method.setCurrentIndex(panel.method.findData("cohen"))
    panel.sem.setValue(2.0)
    panel.adopt_button.click()
    wait_idle(qtbot, desk.ctx)
    standard = desk.services.release.standard(actor, demo.exam_code)
    assert standard is not None
    assert (standard.method, standard.sem_multiplier) == ("cohen", 2.0), desk.ctx.message_bar.text
    assert "pass mark" in desk.ctx.message_bar.text
    panel.release_button.click()
    wait_idle(qtbot, desk.ctx)
    assert desk.services.release.results_released_at(actor, demo.exam_code) is not None
    assert "Results released on" in panel.standard_label.text()


def test_a_refused_release_says_why(qtbot: QtBot, open_desk: OpenDesk) -> None:
    desk = open_desk()
    panel = desk.console.standards
    desk.console.tabs.setCurrentWidget(panel)
    wait_idle(qtbot, desk.ctx)
    assert not panel.release_button.isEnabled()  # greyed out: already released
    panel.release()  # what the button would do: the services refuse, and say why
    wait_idle(qtbot, desk.ctx)
    assert "already released" in desk.ctx.message_bar.text


# --------------------------------------------------------------------------- exports


def test_an_export_runs_with_its_progress_bar_and_writes_the_file(
    qtbot: QtBot, open_desk: OpenDesk, tmp_path: Path
) -> None:
    desk = open_desk()
    panel = desk.console.exports
    out = tmp_path / "out"
    panel.folder.set_path(str(out))
    row = panel.rows["xlsx"]
    seen: list[tuple[int, int]] = []
    row.bar.valueChanged.connect(lambda v: seen.append((v, row.bar.maximum())))
    row.start_button.click()
    assert row.running and not row.start_button.isEnabled() and row.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: row.written is not None, timeout=30_000)
    written = out / "DEMO-OSCE-results.xlsx"
    assert row.written == written and written.is_file()
    assert row.bar.value() == row.bar.maximum()
    assert seen, "the bar never moved"
    assert row.open_button.isEnabled() and str(written) in row.result.text()
    book = load_workbook(written, read_only=True)
    assert book.sheetnames
    book.close()


@pytest.mark.parametrize(
    ("job", "name", "text"),
    [
        ("badges", "DEMO-OSCE-badges.pdf", "C-001"),
        ("exam-report", "DEMO-OSCE-exam-report.pdf", "who-hand-rub"),
        ("checklists", "DEMO-OSCE-checklists.pdf", "Hand hygiene"),
    ],
)
def test_a_pdf_export_is_readable(
    qtbot: QtBot, open_desk: OpenDesk, tmp_path: Path, job: str, name: str, text: str
) -> None:
    desk = open_desk()
    panel = desk.console.exports
    panel.folder.set_path(str(tmp_path))
    row = panel.rows[job]
    row.start_button.click()
    qtbot.waitUntil(lambda: not row.running, timeout=60_000)
    assert row.written == tmp_path / name, row.result.text()
    pages = PdfReader(row.written).pages
    assert pages
    assert text in "".join(page.extract_text() for page in pages)


def test_a_cancelled_export_writes_nothing(
    qtbot: QtBot, open_desk: OpenDesk, tmp_path: Path
) -> None:
    desk = open_desk()
    panel = desk.console.exports
    panel.folder.set_path(str(tmp_path))
    gate = threading.Event()
    # Hold the worker so the export waits in the queue while the user cancels it.
    desk.ctx.worker.submit(lambda _s: gate.wait(30))
    row = panel.rows["csv"]
    row.start_button.click()
    row.cancel_button.click()
    gate.set()
    wait_idle(qtbot, desk.ctx)
    assert row.result.text() == "Cancelled; no partial file was left."
    assert row.written is None and row.start_button.isEnabled()
    assert not (tmp_path / "DEMO-OSCE-results.csv").exists()


# --------------------------------------------------------------------------- audit


def test_the_audit_log_pages_and_filters(qtbot: QtBot, open_desk: OpenDesk) -> None:
    desk = open_desk()
    panel = desk.console.audit
    desk.console.tabs.setCurrentWidget(panel)
    wait_idle(qtbot, desk.ctx)
    assert panel.page is not None and panel.page.total > PAGE
    assert panel.table.rowCount() == PAGE
    first = int(panel.table.item(0, 0).text())
    assert first == panel.page.total  # newest first
    assert not panel.newer_button.isEnabled()
    panel.older_button.click()
    wait_idle(qtbot, desk.ctx)
    assert int(panel.table.item(0, 0).text()) == first - PAGE
    assert panel.page_label.text().startswith(f"{PAGE + 1}–")

    coordinator = panel.actor_filter.findData(desk.ctx.actor.username)  # type: ignore[union-attr]
    assert coordinator > 0
    panel.actor_filter.setCurrentIndex(coordinator)
    panel.actor_filter.activated.emit(coordinator)
    wait_idle(qtbot, desk.ctx)
    assert panel.page is not None and panel.page.total > 0
    assert {panel.table.item(r, 2).text() for r in range(panel.table.rowCount())} == {
        desk.ctx.actor.username  # type: ignore[union-attr]
    }
    index = panel.action_filter.findData("signin")
    assert index > 0
    panel.action_filter.setCurrentIndex(index)
    panel.action_filter.activated.emit(panel.action_filter.currentIndex())
    wait_idle(qtbot, desk.ctx)
    assert panel.table.rowCount() >= 1
    assert {panel.table.item(r, 3).text() for r in range(panel.table.rowCount())} == {"signin"}


def test_audit_verify_shows_ok_and_the_checkpoint(qtbot: QtBot, open_desk: OpenDesk) -> None:
    desk = open_desk()
    panel = desk.console.audit
    panel.verify_button.click()
    wait_idle(qtbot, desk.ctx)
    assert panel.verify_result is not None and panel.verify_result.ok
    assert panel.verify_label.text().startswith("✔ OK")
    checkpoint = panel.verify_result.checkpoint
    assert checkpoint is not None and str(checkpoint) in panel.checkpoint_label.text()
    # The checkpoint noted down verifies too.
    panel.checkpoint_edit.setText(str(checkpoint))
    panel.verify_button.click()
    wait_idle(qtbot, desk.ctx)
    assert panel.verify_label.text().startswith("✔ OK")


def test_audit_verify_shows_a_tampered_database(
    qtbot: QtBot, open_desk: OpenDesk, db_path: Path
) -> None:
    with closing(sqlite3.connect(db_path, isolation_level=None)) as connection:
        connection.execute("DROP TRIGGER item_marks_no_update")
        connection.execute(
            "UPDATE item_marks SET value = 'not_done' WHERE id = "
            "(SELECT id FROM item_marks WHERE value = 'done' LIMIT 1)"
        )
    desk = open_desk()
    panel = desk.console.audit
    panel.verify_button.click()
    wait_idle(qtbot, desk.ctx)
    assert panel.verify_result is not None and not panel.verify_result.ok
    assert panel.verify_label.text().startswith("✖ Error")
    assert "item_marks" in panel.verify_label.text()


def test_the_statistics_are_plotted_from_the_exam_reports_data(
    qtbot: QtBot, open_desk: OpenDesk
) -> None:
    desk = open_desk()
    panel = desk.console.standards
    desk.console.tabs.setCurrentWidget(panel)
    wait_idle(qtbot, desk.ctx)
    plots = panel.plots
    panel.views.setCurrentWidget(plots)
    assert plots.data is not None and plots.data.statistics == panel.statistics
    # The whole exam: every candidate's total, the pass mark in force.
    bars = sum(m[3] for m in plots.distribution.marks if m[0] == "bar")
    assert bars == len(plots.data.totals) > 0
    assert any(m[0] == "marker" for m in plots.distribution.marks)
    assert not plots.regression.isVisible()
    # A station with a global rating: its regression, its cut score, its examiners.
    stats = {s.station_id: s for s in plots.data.statistics.stations}
    key = "adult-cpr-aed"
    plots.station_box.setCurrentIndex(plots.station_box.findData(key))
    assert plots.regression.isVisible()
    points = [m for m in plots.regression.marks if m[0] == "point"]
    regression = next(r for r in plots.data.regressions if r.station_key == key)
    assert len(points) == len(regression.points)
    assert ("cut", stats[key].borderline_grade, stats[key].cut_score) in plots.regression.marks
    examiners = {r.examiner for r in plots.data.examiners if r.station_key == key}
    assert {r.label for r in plots.examiners.rows} == examiners
    assert not plots.distribution.grab().isNull()
