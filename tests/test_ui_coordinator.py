"""The coordinator's console (ui/coordinator): every section opens; exams, definitions,
rosters and the timetable; the progress board; results, filters and exclusions; the
users. Real SQLite files in tmp_path, a FakeClock, every call through the worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_services_support import EXAMINER_PIN, World
from ui_support import wait_idle

from assessments.scoring import MarkValue
from ui.context import AppContext
from ui.coordinator import CoordinatorConsole
from ui.coordinator.progress import ProgressBoard
from ui.theme import Status, status_style

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

MakeConsole = Callable[[], CoordinatorConsole]


@pytest.fixture
def make_console(qtbot: QtBot, ctx: AppContext, world: World) -> Iterator[MakeConsole]:
    consoles: list[tuple[QWidget, CoordinatorConsole]] = []

    def make() -> CoordinatorConsole:
        if ctx.actor is None:
            ctx.actor = world.cora
        # A window as the main window lays it out: the message bar above the console.
        window = QWidget()
        qtbot.addWidget(window)
        console = CoordinatorConsole(ctx)
        layout = QVBoxLayout(window)
        layout.addWidget(ctx.message_bar)
        layout.addWidget(console)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()  # shortcuts act in the active window
        qtbot.waitUntil(window.isActiveWindow)
        consoles.append((window, console))  # qtbot keeps only a weak reference
        wait_idle(qtbot, ctx)
        return console

    yield make
    for _window, console in consoles:
        console.progress.timer.stop()


def _choose(console: CoordinatorConsole, qtbot: QtBot, code: str) -> None:
    console.select_exam(code)
    wait_idle(qtbot, console.ctx)
    assert console.exam is not None and console.exam.code == code


# --------------------------------------------------------------------------- sections


def test_every_section_opens_at_1280x800(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext
) -> None:
    console = make_console()
    codes = [console.exam_box.itemData(i) for i in range(console.exam_box.count())]
    assert set(codes) == {"OSCE-0", "OSCE-1", "OSCE-2"}
    assert console.tabs.count() == 8
    for index in range(console.tabs.count()):
        qtbot.keyClick(console, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
        wait_idle(qtbot, ctx)
        assert console.tabs.currentIndex() == index
        assert console.tabs.currentWidget().isVisible()
    # Everything fits a 1280x800 screen: the console can be laid out that small.
    hint = console.window().minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800, hint
    # The users section lists every account; the audit section its entries.
    assert console.users.table.rowCount() == 6
    assert console.audit.table.rowCount() > 0


def test_an_examiner_gets_no_console(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    ctx.actor = world.eli
    console = CoordinatorConsole(ctx)
    qtbot.addWidget(console)
    assert console.refused
    assert console.tabs.count() == 0
    assert "coordinators" in console.refusal.text()
    assert not ctx.worker.busy  # nothing was even asked of the services


def test_a_refused_call_shows_the_services_message(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, world: World
) -> None:
    console = make_console()
    # The account loses its role behind the console's back: the services refuse, and
    # the message bar says why (no traceback, nothing changed).
    second = world.services.identity.add_user(
        world.cora, "cid", "Cid", "coordinator", "Quartz-fern-77"
    )
    cid = world.services.identity.authenticate("cid", "Quartz-fern-77")
    world.services.identity.set_user_active(world.cora, second.username, False, "left")
    ctx.actor = cid
    console.users.username.setText("zed")
    console.users.secret.setText(EXAMINER_PIN)
    console.users.secret_again.setText(EXAMINER_PIN)
    console.users.add_button.click()
    wait_idle(qtbot, ctx)
    assert any("cid" in line for line in console.users.add_problems.problems())
    assert "zed" not in {u.username for u in world.services.identity.list_users(world.cora)}


# --------------------------------------------------------------------------- exams


def test_create_an_exam_from_a_bundled_definition(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, world: World
) -> None:
    console = make_console()
    panel = console.exams
    items = [panel.station_list.item(i) for i in range(panel.station_list.count())]
    bundled = [i for i in items if i.data(Qt.ItemDataRole.UserRole) == "who-hand-rub"]
    assert bundled, [i.text() for i in items]
    bundled[0].setCheckState(Qt.CheckState.Checked)
    panel.code_edit.setText("HAND-1")
    panel.title_edit.setText("Hand hygiene check")
    qtbot.mouseClick(panel.create_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    exam = world.services.exams.exam(world.cora, "HAND-1")
    assert [s.station_key for s in exam.stations] == ["who-hand-rub"]
    assert exam.title == "Hand hygiene check"
    wait_idle(qtbot, ctx)
    assert console.exam is not None and console.exam.code == "HAND-1"
    assert panel.stations_table.item(0, 0).text() == "who-hand-rub"


def test_create_without_stations_says_what_is_missing(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, world: World
) -> None:
    console = make_console()
    console.exams.code_edit.setText("EMPTY")
    console.exams.create_button.click()
    wait_idle(qtbot, ctx)
    assert console.exams.create_problems.problems() == [
        "Give the exam a title.",
        "Tick at least one station.",
    ]
    assert "EMPTY" not in {e.code for e in world.services.exams.exams(world.cora)}


def test_a_bad_definition_lists_its_problems_with_file_and_line(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text(
        'id: broken\nversion: "1"\nkind: osce\ntitle: Broken\n'
        "timing: {reading_s: 30, active_s: -5, warning_at_s: 90, changeover_s: 0}\n"
        "sections: []\n",
        encoding="utf-8",
    )
    console = make_console()
    console.exams.definition_file.set_path(str(bad))
    console.exams.import_definition_button.click()
    wait_idle(qtbot, ctx)
    problems = console.exams.definition_problems.problems()
    assert problems
    assert all(line.startswith(f"{bad}:") for line in problems), problems
    assert any(line.startswith(f"{bad}:5:") for line in problems), problems
    assert console.exams.definition_problems.isVisibleTo(console)


def test_a_good_definition_is_offered_for_new_exams(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, tmp_path: Path
) -> None:
    good = tmp_path / "delta.yaml"
    good.write_text(
        'id: delta\nversion: "2"\nkind: osce\ntitle: Delta station\n'
        "timing: {reading_s: 30, active_s: 120, warning_at_s: 90, changeover_s: 0}\n"
        "sections:\n  - id: main\n    title: Main\n    items:\n"
        "      - {id: d1, type: binary, text: Washes hands}\n"
        "pass_rule: {mode: fixed, pass_mark_pct: 50}\n",
        encoding="utf-8",
    )
    console = make_console()
    console.exams.definition_file.set_path(str(good))
    console.exams.import_definition_button.click()
    wait_idle(qtbot, ctx)
    assert "Imported delta v2" in ctx.message_bar.text
    texts = [
        console.exams.station_list.item(i).text() for i in range(console.exams.station_list.count())
    ]
    assert "delta v2 — Delta station" in texts


def test_roster_with_a_bad_row_lists_it_and_imports_nothing(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, world: World, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "candidate_id,family_name,given_name,email\n"
        "C7,Lee,Ann,ann@example.org\n"
        "C8,,Bea,bea@example.org\n"
        "C9,Kim,Cy,cy@example.org\n",
        encoding="utf-8",
    )
    console = make_console()
    _choose(console, qtbot, "OSCE-2")
    console.exams.roster_file.set_path(str(roster))
    console.exams.roster_button.click()
    wait_idle(qtbot, ctx)
    problems = console.exams.roster_problems.problems()
    assert len(problems) == 1 and problems[0].startswith(f"{roster}:3: family_name"), problems
    assert "Nothing was imported" in console.exams.roster_result.text()
    assert world.services.exams.exam(world.cora, "OSCE-2").candidates == 3

    roster.write_text(
        "candidate_id,family_name,given_name\nC7,Lee,Ann\nC8,Ode,Bea\n", encoding="utf-8"
    )
    console.exams.roster_button.click()
    wait_idle(qtbot, ctx)
    assert console.exams.roster_problems.problems() == []
    assert world.services.exams.exam(world.cora, "OSCE-2").candidates == 5
    wait_idle(qtbot, ctx)
    assert console.exam is not None and console.exam.candidates == 5


def test_assign_an_examiner_plan_the_timetable_and_open(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, world: World
) -> None:
    console = make_console()
    _choose(console, qtbot, "OSCE-2")
    panel = console.exams
    panel.assign_examiner.setCurrentIndex(panel.assign_examiner.findData("una"))
    panel.assign_button.click()
    wait_idle(qtbot, ctx)
    assert "una" in world.services.exams.exam(world.cora, "OSCE-2").station("alpha").examiners
    panel.timetable_button.click()
    wait_idle(qtbot, ctx)
    rows = world.services.exams.timetable_rows(world.cora, "OSCE-2")
    assert panel.timetable_table.rowCount() == len(rows) > 0
    assert {panel.timetable_table.item(r, 4).text() for r in range(len(rows))} == {
        "C1",
        "C2",
        "C3",
    }
    panel.open_button.click()
    wait_idle(qtbot, ctx)
    assert world.services.exams.exam(world.cora, "OSCE-2").status == "open"
    wait_idle(qtbot, ctx)
    assert panel.close_button.isEnabled() and not panel.open_button.isEnabled()
    panel.close_button.click()
    wait_idle(qtbot, ctx)
    assert world.services.exams.exam(world.cora, "OSCE-2").status == "closed"


# --------------------------------------------------------------------------- progress


def test_the_progress_board_shows_each_state_by_colour_and_words(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, world: World
) -> None:
    services = world.services
    ann = world.ann
    # C3 did not come to beta; C2 is being marked there.
    services.encounters.mark_no_show(ann, "OSCE-1", "beta", "C3")
    services.encounters.check_in(ann, "OSCE-1", "beta", "C2")
    # C2 at alpha is submitted by its first marker; a second marker's draft keeps the
    # cell in progress until both are in.
    services.exams.assign_examiner(world.cora, "OSCE-1", "alpha", "una")
    second = services.encounters.check_in(world.una, "OSCE-1", "alpha", "C2", marker="second")
    console = make_console()
    _choose(console, qtbot, "OSCE-1")
    board = console.progress
    expected = {
        ("C1", "alpha"): Status.IN_PROGRESS,
        ("C2", "alpha"): Status.IN_PROGRESS,
        ("C3", "alpha"): Status.NOT_STARTED,
        ("C1", "beta"): Status.NOT_STARTED,
        ("C2", "beta"): Status.IN_PROGRESS,
        ("C3", "beta"): Status.NO_SHOW,
    }
    _check_board(board, expected)
    assert board.summary.text().startswith("0 of 6 done · 3 in progress · 1 no-shows")
    # Who marks where, and who the candidates are.
    cell = board.grid.item(board.data.candidates.index("C2"), board.data.stations.index("alpha"))
    assert cell.text().endswith("· eli, una")
    assert "eli (primary)" in cell.toolTip() and "una (second)" in cell.toolTip()
    headers = [board.grid.verticalHeaderItem(r).text() for r in range(board.grid.rowCount())]
    assert headers[0].startswith("C1 · ") and len(headers[0]) > len("C1 · ")
    # The circuit's time line holds a bar for each encounter begun.
    assert {(bar[0], bar[5]) for bar in board.timeline.bars} >= {("alpha", "C1"), ("beta", "C2")}
    assert [key for key, _title in board.timeline.stations] == ["alpha", "beta"]

    # Opening a cell shows that encounter in Results.
    board.grid.cellDoubleClicked.emit(
        board.data.candidates.index("C2"), board.data.stations.index("alpha")
    )
    assert console.tabs.currentWidget() is console.results
    assert console.results.search.text() == "C2"
    assert console.results.station_filter.currentData() == "alpha"
    console.tabs.setCurrentWidget(board)

    # Another station writes into the same file; the next poll shows it.
    eli = world.eli
    services.encounters.mark_item(eli, world.draft, "a1", MarkValue.DONE, t_s=5.0)
    services.encounters.submit(eli, world.draft, allow_incomplete=True)
    services.encounters.mark_no_show(world.una, "OSCE-1", "alpha", "C2")
    assert services.encounters.encounter_view(world.cora, second.id).encounter.status == "no_show"
    services.results.exclude(world.cora, "OSCE-1", "beta", None, "actor unwell all day")
    board.refresh()
    wait_idle(qtbot, ctx)
    expected[("C1", "alpha")] = Status.SUBMITTED
    expected[("C2", "alpha")] = Status.NO_SHOW
    for candidate in ("C1", "C2", "C3"):
        expected[(candidate, "beta")] = Status.EXCLUDED
    _check_board(board, expected)


def _check_board(board: ProgressBoard, expected: dict[tuple[str, str], Status]) -> None:
    assert board.data is not None
    for (candidate, station), status in expected.items():
        assert board.status_at(candidate, station) == status.value, (candidate, station)
        row = board.data.candidates.index(candidate)
        column = board.data.stations.index(station)
        item = board.grid.item(row, column)
        colour, symbol, label = status_style(status)
        assert item.text().startswith(f"{symbol} {label}")  # then who marks there
        assert item.background().color() == colour


def test_the_board_polls_on_its_timer_while_shown(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, world: World
) -> None:
    console = make_console()
    _choose(console, qtbot, "OSCE-1")
    console.tabs.setCurrentWidget(console.progress)
    assert console.progress.timer.isActive()
    world.services.encounters.mark_no_show(world.ann, "OSCE-1", "beta", "C1")
    console.progress.timer.timeout.emit()  # what the timer does every few seconds
    wait_idle(qtbot, ctx)
    assert console.progress.status_at("C1", "beta") == Status.NO_SHOW.value
    console.progress.auto.setChecked(False)
    assert not console.progress.timer.isActive()
    console.tabs.setCurrentWidget(console.results)
    console.progress.auto.setChecked(True)
    assert not console.progress.timer.isActive()  # hidden: no polling


# --------------------------------------------------------------------------- users


def test_add_a_user_and_deactivate_them(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, world: World
) -> None:
    console = make_console()
    panel = console.users
    console.tabs.setCurrentWidget(panel)
    panel.username.setText("newt")
    panel.display_name.setText("Dr Newt")
    panel.role.setCurrentIndex(panel.role.findData("examiner"))
    panel.secret.setText("731946")
    panel.secret_again.setText("731945")
    panel.add_button.click()
    wait_idle(qtbot, ctx)
    assert panel.add_problems.problems() == ["The two entries of the PIN or password differ."]
    panel.secret_again.setText("731946")
    panel.add_button.click()
    wait_idle(qtbot, ctx)
    wait_idle(qtbot, ctx)
    users = {u.username: u for u in world.services.identity.list_users(world.cora)}
    assert users["newt"].role.value == "examiner" and users["newt"].display_name == "Dr Newt"
    shown = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert "newt" in shown

    panel.table.selectRow(shown.index("newt"))
    panel.deactivate_button.click()
    wait_idle(qtbot, ctx)
    assert panel.state_problems.problems() == ["Give the reason first."]
    panel.reason.setText("left the faculty")
    panel.deactivate_button.click()
    wait_idle(qtbot, ctx)
    assert not {u.username: u for u in world.services.identity.list_users(world.cora)}[
        "newt"
    ].active


def test_a_weak_pin_is_refused_with_the_policy_message(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext, world: World
) -> None:
    console = make_console()
    panel = console.users
    panel.username.setText("weak")
    panel.secret.setText("1")
    panel.secret_again.setText("1")
    panel.add_button.click()
    wait_idle(qtbot, ctx)
    # The policy's own words, never "Internal error (WeakSecretError)".
    assert panel.add_problems.problems() == ["The PIN has 1 digits; use at least 6 digits."]
    assert "weak" not in {u.username for u in world.services.identity.list_users(world.cora)}


def test_shutdown_stops_polling_and_listening(
    qtbot: QtBot, make_console: MakeConsole, ctx: AppContext
) -> None:
    console = make_console()
    _choose(console, qtbot, "OSCE-1")
    console.tabs.setCurrentWidget(console.progress)
    assert console.progress.timer.isActive()
    console.shutdown()
    console.shutdown()  # twice is harmless (sign-out, then the window closing)
    assert not console.progress.timer.isActive()
    ctx.changed("OSCE-1")  # nobody listens any more: nothing is read
    assert not ctx.worker.busy


def test_the_circuit_time_line_draws_each_encounter_begun(qtbot: QtBot, ctx: AppContext) -> None:
    from datetime import UTC, datetime, timedelta

    from station.services import EncounterInfo
    from ui.coordinator.circuit import CircuitTimeline

    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def encounter(station: str, number: str, status: str, minutes: int) -> EncounterInfo:
        began = start + timedelta(minutes=minutes)
        return EncounterInfo(
            f"{station}-{number}", "x", "OSCE-1", "s", station, "1", "c", number, "e", "eli",
            "primary", status, began, began,  # type: ignore[arg-type]
            began + timedelta(minutes=8) if status == "submitted" else None,
        )  # fmt: skip

    timeline = CircuitTimeline(now=lambda: start + timedelta(minutes=40))
    qtbot.addWidget(timeline)
    timeline.resize(800, 100)
    timeline.show_circuit(
        [("alpha", "Alpha station"), ("beta", "Beta station")],
        [
            encounter("alpha", "C1", "submitted", 0),
            encounter("alpha", "C2", "submitted", 10),
            encounter("beta", "C1", "draft", 30),
        ],
    )
    assert [(b[0], b[5], b[3]) for b in timeline.bars] == [
        ("alpha", "C1", Status.SUBMITTED),
        ("alpha", "C2", Status.SUBMITTED),
        ("beta", "C1", Status.IN_PROGRESS),
    ]
    # The span runs to now while someone is still marking; bars do not overlap in time.
    assert timeline.span == (start, start + timedelta(minutes=40))
    first, second = timeline.bars[0], timeline.bars[1]
    assert timeline.x_of(first[2]) < timeline.x_of(second[1])
    hit = timeline.bar_at(timeline.x_of(start + timedelta(minutes=34)), 6 + 24 + 4)
    assert hit is not None and hit[5] == "C1" and hit[0] == "beta"
    ticks = timeline.ticks()
    assert 2 <= len(ticks) <= 9 and all(t.second == 0 for t in ticks)
    assert not timeline.grab().isNull()
