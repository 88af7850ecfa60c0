"""Video recording from the station's screens (ui/video_recording.py and
ui/widgets/video_recording_panel.py): the consent question, recording from the station
clock's start to the submission, the Marker key, a camera that fails, and the scenario
console.

Every test runs on a real SQLite file with the simulated camera (32 × 24 pixels): the
files are read back from the media folder and the rows through the services. The
threads (camera, writer, supervisor) are checked to be stopped by the conftest fixtures.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_services_scenario import SCENARIO_KEY, SIM_EXAM, add_scenario_exam
from test_services_support import World
from ui_support import wait_idle

from assessments.scoring import MarkValue
from station.services.media import MediaInfo
from ui.context import AppContext
from ui.examiner import ExaminerStation
from ui.scenario import ScenarioConsole
from ui.video_recording import RecordingController, RecordingSnapshot, RecState
from ui.widgets.video_recording_panel import RecordingPanel, format_bytes, format_elapsed

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

CAMERA = "sim://camera?w=32&h=24&fps=30"

MakeStation = Callable[..., ExaminerStation]


@pytest.fixture
def make_station(qtbot: QtBot, ctx: AppContext, world: World) -> Iterator[MakeStation]:
    """An examiner's station for eli with ``camera`` in the settings (no manikin)."""
    ctx.actor = world.eli
    built: list[tuple[QWidget, ExaminerStation]] = []

    def make(camera: str = CAMERA, **controller: Any) -> ExaminerStation:
        ctx.settings = replace(ctx.settings, camera=camera, device_url="")
        window = QWidget()
        station = ExaminerStation(
            ctx, recorder_factory=lambda c: RecordingController(c, **controller)
        )
        qtbot.addWidget(window, before_close_func=lambda _w: station.shutdown())
        layout = QVBoxLayout(window)
        layout.addWidget(ctx.message_bar)
        layout.addWidget(station)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()  # shortcuts act in the active window
        qtbot.waitUntil(window.isActiveWindow)
        built.append((window, station))
        wait_idle(qtbot, ctx)
        return station

    yield make
    for window, station in built:
        if shiboken6.isValid(window):
            station.shutdown()
            window.close()


def _check_in(qtbot: QtBot, ctx: AppContext, station: ExaminerStation, number: str) -> None:
    qtbot.mouseClick(station.precheck.continue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: station.checkin.station_key is not None)
    qtbot.keyClicks(station.checkin.scan, number)
    qtbot.keyClick(station.checkin.scan, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.ENCOUNTER


def _panel(station: ExaminerStation) -> RecordingPanel:
    panel = station.encounter.recording_panel
    assert panel is not None
    return panel


def _recorder(station: ExaminerStation) -> RecordingController:
    assert station.recorder is not None
    return station.recorder


def _answer(qtbot: QtBot, ctx: AppContext, panel: RecordingPanel, given: bool) -> None:
    qtbot.waitUntil(lambda: panel.asking)
    assert panel.consent_label.text() == "The candidate consents to video recording:"
    button = panel.yes_button if given else panel.no_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert panel.consent is given


def _media(world: World, encounter_id: str) -> list[MediaInfo]:
    return world.services.media.list_media(world.cora, encounter_id=encounter_id)


def _frames_in(path: Path) -> int:
    video = cv2.VideoCapture(str(path))
    try:
        count = 0
        while video.read()[0]:
            count += 1
        return count
    finally:
        video.release()


def test_consent_yes_records_from_the_start_to_the_submission(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter, panel, recorder = station.encounter, _panel(station), _recorder(station)
    eid = encounter.encounter_id
    assert panel.yes_button.isVisible() and panel.no_button.isVisible()
    _answer(qtbot, ctx, panel, True)
    consent = world.services.media.consent(world.cora, encounter_id=eid)
    assert consent is not None and consent.given and consent.recorded_by == "eli"
    # Consent alone records nothing: the recording starts with the station clock.
    assert recorder.state is RecState.IDLE and _media(world, eid) == []
    assert panel.state_label.text().startswith("○")

    qtbot.keyClick(encounter, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: recorder.snapshot.frames > 0, timeout=10_000)
    assert recorder.state is RecState.RECORDING
    assert panel.state_label.text().startswith("● REC ")
    assert panel.camera_label.text() == "Camera: capturing"
    assert panel.camera_label.toolTip() == CAMERA
    assert panel.marker_button.isEnabled()
    assert panel.dropped_label.text().startswith("Dropped frames: ")
    qtbot.waitUntil(lambda: panel.thumbnail.pixmap() is not None and panel.thumbnail.isVisible())

    world.clock.advance(61)
    encounter.tick()
    qtbot.mouseClick(encounter.rows["a1"].buttons["done"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(recorder.finished, timeout=10_000) as finished:
        encounter.submit(allow_incomplete=True)
    wait_idle(qtbot, ctx)
    frames, dropped, size = finished.args
    assert frames > 0 and dropped >= 0 and size > 0
    assert encounter.locked and recorder.state is RecState.STOPPED
    assert panel.state_label.text().startswith("■ Recording stopped")

    (media,) = _media(world, eid)
    assert media.encounter_id == eid and media.exam_code == "OSCE-1"
    assert media.frames == frames and media.size_bytes == size
    assert media.ended_at is not None
    root = world.services.media.media_root
    assert media.folder.is_relative_to(root)
    video = media.folder / f"{media.name}-001.avi"
    assert video.is_file() and _frames_in(video) == frames
    with (media.folder / f"{media.name}-001.frames.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == frames

    # The next candidate starts afresh: asked again, nothing recording.
    qtbot.keyClick(encounter, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    station.checkin.check_in("C1")
    wait_idle(qtbot, ctx)
    assert encounter.encounter_id != eid
    qtbot.waitUntil(lambda: panel.asking)
    assert panel.state_label.text() == "○ Not recording — consent not asked yet"
    assert panel.camera_label.text() == "Camera: off"
    assert panel.dropped_label.text() == "Dropped frames: 0"
    assert not panel.marker_button.isEnabled()


def test_consent_no_records_nothing_and_says_so(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C1")
    encounter, panel, recorder = station.encounter, _panel(station), _recorder(station)
    _answer(qtbot, ctx, panel, False)
    assert panel.state_label.text() == "○ Not recording — no consent"
    assert panel.consent_label.text() == "✖ Consent to recording: refused"

    qtbot.keyClick(encounter, Qt.Key.Key_F5)
    wait_idle(qtbot, ctx)
    assert recorder.state is RecState.IDLE
    assert panel.state_label.text() == "○ Not recording — no consent"
    assert not panel.marker_button.isEnabled()
    row = encounter.rows["a1"]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_M)  # no recording: no marker
    encounter.submit(allow_incomplete=True)
    wait_idle(qtbot, ctx)
    assert encounter.locked
    eid = encounter.encounter_id
    assert _media(world, eid) == []
    root = world.services.media.media_root
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))
    consent = world.services.media.consent(world.cora, encounter_id=eid)
    assert consent is not None and not consent.given


def test_enter_never_gives_consent_even_from_a_badge_scanner(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    """A USB badge scanner types the code and Enter; examiners type a number and Enter
    twice to reach a candidate already seen. Replayed into whatever holds the focus, and
    into the Yes button itself, none of it answers the consent question."""
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")  # typed like a scanner: code + Enter
    panel = _panel(station)
    qtbot.waitUntil(lambda: panel.asking)
    first = station.encounter.encounter_id
    assert not panel.yes_button.hasFocus() and not panel.no_button.hasFocus()
    assert not panel.yes_button.autoDefault() and not panel.yes_button.isDefault()

    def scan(code: str) -> None:
        target = QApplication.focusWidget() or station
        qtbot.keyClicks(target, code)
        qtbot.keyClick(QApplication.focusWidget() or station, Qt.Key.Key_Return)
        wait_idle(qtbot, ctx)

    for code in ("C3", "C3", "C3"):
        scan(code)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        panel.yes_button.setFocus()  # even with the focus on Yes itself (Tab)
        qtbot.keyClick(panel.yes_button, key)
    wait_idle(qtbot, ctx)
    assert panel.asking and panel.consent is None
    assert world.services.media.consent(world.cora, encounter_id=first) is None

    # The next candidates, reached the documented way (number and Enter twice) and by
    # scanning over and over: still no consent stored for anyone.
    opened = {first}
    for number in ("C1", "C2"):
        qtbot.mouseClick(station.encounter.back_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, ctx)
        station.checkin.scan.setFocus()
        for _ in range(3):
            scan(number)
            if station.stack.currentIndex() == station.ENCOUNTER:
                opened.add(station.encounter.encounter_id)
    assert len(opened) == 3  # C3, C1 and C2 (already submitted: scanned twice) opened
    for eid in opened:
        assert world.services.media.consent(world.cora, encounter_id=eid) is None

    # A deliberate click answers.
    panel.ask_consent()
    _answer(qtbot, ctx, panel, True)


def test_the_consent_already_given_is_not_asked_again(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C1")
    panel = _panel(station)
    _answer(qtbot, ctx, panel, False)
    eid = station.encounter.encounter_id
    # Back to check-in and the same candidate again: the answer is remembered.
    qtbot.mouseClick(station.encounter.back_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    station.checkin.check_in("C1")
    wait_idle(qtbot, ctx)
    assert station.encounter.encounter_id == eid
    assert panel.consent is False and not panel.asking
    # The answer can be changed (the latest counts) before the clock starts.
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, ctx, panel, True)
    consent = world.services.media.consent(world.cora, encounter_id=eid)
    assert consent is not None and consent.given


def test_consent_withdrawn_while_recording_stops_the_recording(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter, panel, recorder = station.encounter, _panel(station), _recorder(station)
    _answer(qtbot, ctx, panel, True)
    qtbot.keyClick(encounter, Qt.Key.Key_F5)
    # Withdrawn at once, before the station even registered the recording.
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(recorder.finished, timeout=10_000):
        _answer(qtbot, ctx, panel, False)
    wait_idle(qtbot, ctx)
    assert recorder.state is RecState.STOPPED and not recorder.active
    (media,) = _media(world, encounter.encounter_id)
    assert media.ended_at is not None
    # Not started again for this encounter, even when consent is given once more.
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, ctx, panel, True)
    assert not recorder.active
    assert len(_media(world, encounter.encounter_id)) == 1


def test_a_stop_before_the_station_answered_closes_the_recording_empty(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    ctx.actor = world.eli
    eid = world.services.encounters.check_in(world.eli, "OSCE-1", "alpha", "C3").id
    world.services.media.record_consent(world.eli, encounter_id=eid, given=True)
    recorder = RecordingController(ctx, CAMERA)
    with qtbot.waitSignal(recorder.finished, timeout=10_000) as finished:
        recorder.begin(encounter_id=eid)
        recorder.stop()  # on the GUI thread, before begin_recording came back
    assert finished.args == [0, 0, 0]
    assert recorder.state is RecState.STOPPED
    (media,) = _media(world, eid)
    assert media.frames == 0 and media.ended_at is not None
    recorder.shutdown()


def test_the_marker_key_marks_the_file_and_the_timeline(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter, panel, recorder = station.encounter, _panel(station), _recorder(station)
    _answer(qtbot, ctx, panel, True)
    qtbot.keyClick(encounter, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: recorder.snapshot.frames > 0, timeout=10_000)
    # M while the focus is on a checklist item: the checklist keeps its own keys.
    row = encounter.rows["a1"]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_M)
    wait_idle(qtbot, ctx)
    assert [m.label for m in recorder.markers] == ["Marker 1"]
    assert panel.marker_button.text() == "Marker (M) · 1"
    assert row.value is None  # M is not a mark
    # Typing in a comment box: an m is a letter there, not a marker.
    encounter.notes.edit.setFocus()
    qtbot.keyClicks(encounter.notes.edit, "mm")
    wait_idle(qtbot, ctx)
    assert len(recorder.markers) == 1
    qtbot.mouseClick(panel.marker_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    media = recorder.media
    assert media is not None
    with (media.folder / f"{media.name}.markers.csv").open(encoding="utf-8") as handle:
        labels = [row["label"] for row in csv.DictReader(handle)]
    assert labels == ["Marker 1", "Marker 2"]

    with qtbot.waitSignal(recorder.finished, timeout=10_000):
        encounter.submit(allow_incomplete=True)
    wait_idle(qtbot, ctx)
    timeline = world.services.media.debrief_timeline(world.cora, media.id)
    markers = [e.label for e in timeline.events if e.kind == "marker"]
    assert markers == ["Marker 1", "Marker 2"]
    assert all(0 <= e.t_s <= timeline.duration_s + 1 for e in timeline.events)


@pytest.mark.parametrize(
    ("camera", "controller", "expected", "camera_word"),
    [
        ("camera://front", {}, "the camera index must be a number", "failed"),
        # Too little free space on the recording's disk: the recorder refuses to start.
        (CAMERA, {"free_bytes": lambda _p: 10_000_000}, "MB needed to record", "stopped"),
    ],
    ids=["bad-camera", "disk-full"],
)
def test_a_recording_that_fails_shows_and_the_scoring_goes_on(
    qtbot: QtBot,
    ctx: AppContext,
    world: World,
    make_station: MakeStation,
    camera: str,
    controller: dict[str, Any],
    expected: str,
    camera_word: str,
) -> None:
    station = make_station(camera, **controller)
    _check_in(qtbot, ctx, station, "C3")
    encounter, panel, recorder = station.encounter, _panel(station), _recorder(station)
    _answer(qtbot, ctx, panel, True)
    with qtbot.waitSignal(recorder.finished, timeout=10_000):
        qtbot.keyClick(encounter, Qt.Key.Key_F5)
    wait_idle(qtbot, ctx)
    assert recorder.state is RecState.FAILED
    assert panel.state_label.text() == "✖ Not recording — camera problem"
    assert expected in panel.detail_label.text() and panel.detail_label.isVisible()
    assert panel.camera_label.text() == f"Camera: {camera_word}"
    assert expected in ctx.message_bar.text
    # The clock runs and the scoring goes on.
    world.clock.advance(61)
    encounter.tick()
    row = encounter.rows["a1"]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_D)
    wait_idle(qtbot, ctx)
    assert row.value is MarkValue.DONE and row.saved_state == "saved"
    encounter.submit(allow_incomplete=True)
    wait_idle(qtbot, ctx)
    assert encounter.locked
    # The recording was registered before the camera opened, and closed with nothing.
    (media,) = _media(world, encounter.encounter_id)
    assert media.frames == 0 and media.ended_at is not None


def test_no_camera_no_panel(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station("")
    _check_in(qtbot, ctx, station, "C3")
    assert station.recorder is None and station.encounter.recording_panel is None


def test_shutdown_mid_recording_keeps_a_registered_playable_recording(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter, panel, recorder = station.encounter, _panel(station), _recorder(station)
    _answer(qtbot, ctx, panel, True)
    qtbot.keyClick(encounter, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: recorder.snapshot.frames > 0, timeout=10_000)
    eid = encounter.encounter_id
    (begun,) = _media(world, eid)
    assert begun.ended_at is None  # registered before the first frame
    station.shutdown()  # sign-out or quit mid-encounter
    wait_idle(qtbot, ctx)
    (media,) = _media(world, eid)
    assert media.ended_at is not None and media.frames > 0
    assert _frames_in(media.folder / f"{media.name}-001.avi") == media.frames


def test_a_resumed_encounter_records_again_and_keeps_the_first_recording(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter, panel, recorder = station.encounter, _panel(station), _recorder(station)
    _answer(qtbot, ctx, panel, True)
    qtbot.keyClick(encounter, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: recorder.snapshot.frames > 0, timeout=10_000)
    eid = encounter.encounter_id
    station.shutdown()  # the station stops mid-encounter
    wait_idle(qtbot, ctx)
    # Signing in again resumes the encounter, its clock running: consent is known, so a
    # new recording starts at once.
    again = make_station()
    qtbot.waitUntil(lambda: again.encounter.view is not None, timeout=10_000)
    assert again.encounter.encounter_id == eid
    second = _recorder(again)
    qtbot.waitUntil(lambda: second.snapshot.frames > 0, timeout=10_000)
    assert not _panel(again).asking and _panel(again).consent is True
    with qtbot.waitSignal(second.finished, timeout=10_000):
        again.encounter.submit(allow_incomplete=True)
    wait_idle(qtbot, ctx)
    media = _media(world, eid)
    assert len(media) == 2 and all(m.frames > 0 and m.ended_at is not None for m in media)


# --------------------------------------------------------------------------- scenario


def test_a_scenario_is_recorded_from_its_start_to_its_end(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    add_scenario_exam(world)
    ctx.actor = world.eli
    ctx.settings = replace(ctx.settings, camera=CAMERA, device_url="")
    window = QWidget()
    console = ScenarioConsole(ctx)
    qtbot.addWidget(window, before_close_func=lambda _w: console.shutdown())
    layout = QVBoxLayout(window)
    layout.addWidget(ctx.message_bar)
    layout.addWidget(console)
    window.resize(1280, 800)
    window.show()
    wait_idle(qtbot, ctx)
    console.checkin.load((SIM_EXAM, SCENARIO_KEY))
    wait_idle(qtbot, ctx)
    console.checkin.check_in("C1")
    wait_idle(qtbot, ctx)
    panel, recorder, session = console.recording_panel, console.recorder, console.session
    assert panel is not None and recorder is not None and session is not None
    assert panel.isVisible()
    _answer(qtbot, ctx, panel, True)
    session.start()
    qtbot.waitUntil(lambda: recorder.snapshot.frames > 0, timeout=10_000)
    world.clock.advance(5)
    console.tick()
    panel.add_marker()
    wait_idle(qtbot, ctx)
    with qtbot.waitSignal(recorder.finished, timeout=10_000):
        session.end()
    wait_idle(qtbot, ctx)
    (media,) = _media(world, session.encounter_id)
    assert media.frames > 0 and media.exam_code == SIM_EXAM
    timeline = world.services.media.debrief_timeline(world.cora, media.id)
    # The marker once; the scenario's own events come from the station, not duplicated.
    assert [e.label for e in timeline.events if e.kind == "marker"] == ["Marker 1"]
    # The next candidate: the panel stays with the console, asking again.
    console.show_checkin()
    wait_idle(qtbot, ctx)
    assert panel.encounter_id is None and not recorder.active
    console.shutdown()
    window.close()


# --------------------------------------------------------------------------- the panel


def test_the_panel_says_every_state_in_words_and_symbols(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    recorder = RecordingController(ctx, CAMERA)
    panel = RecordingPanel(recorder)
    qtbot.addWidget(panel)
    assert panel.state_label.text() == "○ Not recording — consent not asked yet"
    panel.show_consent(True)
    assert panel.state_label.text() == "○ Ready: recording starts with the station clock"
    recorder.state = RecState.RECORDING
    panel._status(RecordingSnapshot(RecState.RECORDING, 75.4, 2262, 3, 0, 1_500_000_000))
    assert panel.state_label.text() == "● REC 01:15"
    assert panel.dropped_label.text() == "Dropped frames: 3"
    assert panel.disk_label.text() == "▲ Free disk: 1.5 GB (low)"
    panel._status(RecordingSnapshot(RecState.RECORDING, 3725, 10, 0, 0, 80_000_000_000))
    assert panel.state_label.text() == "● REC 1:02:05"
    assert panel.disk_label.text() == "Free disk: 80.0 GB"
    recorder.state = RecState.DISK_FULL
    panel.refresh()
    assert panel.state_label.text() == "✖ Recording stopped — the disk is full"
    recorder.state = RecState.IDLE
    panel.show_consent(False)
    assert panel.state_label.text() == "○ Not recording — no consent"
    none = RecordingPanel(None)
    qtbot.addWidget(none)
    assert none.state_label.text() == "○ Not recording — no camera set up"
    assert not none.marker_button.isEnabled()


def test_formats() -> None:
    assert format_elapsed(0) == "00:00"
    assert format_elapsed(59.9) == "00:59"
    assert format_elapsed(600) == "10:00"
    assert format_elapsed(3600) == "1:00:00"
    assert format_bytes(812_400_000) == "812 MB"
    assert format_bytes(12_440_000_000) == "12.4 GB"


def _media_for(folder: Path, name: str) -> MediaInfo:
    return MediaInfo(
        id="m-1",
        encounter_id=None,
        attempt_id=None,
        kind="video",
        folder=folder,
        name=name,
        started_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        ended_at=None,
        frames=0,
        dropped_frames=0,
        size_bytes=0,
        deleted_at=None,
        deleted_reason=None,
        candidate_label="Tom",
        exam_code=None,
        station_id=None,
    )


def test_a_disk_filling_up_stops_the_recording_cleanly(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    calls: list[Path] = []

    def free(path: Path) -> int:
        calls.append(path)
        return 50_000_000_000 if len(calls) <= 2 else 100_000_000  # then below 500 MB

    recorder = RecordingController(ctx, CAMERA, free_bytes=free)
    panel = RecordingPanel(recorder)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(recorder.finished, timeout=20_000) as finished:
        recorder.start(_media_for(tmp_path / "rec", "full"))
    frames, _dropped, _size = finished.args
    assert recorder.state is RecState.DISK_FULL and frames > 0
    assert panel.state_label.text() == "✖ Recording stopped — the disk is full"
    assert "MB left on the disk" in panel.detail_label.text()
    # What was recorded is complete and plays.
    assert _frames_in(tmp_path / "rec" / "full-001.avi") == frames
    recorder.shutdown()


def test_the_controller_records_into_the_folder_it_is_given(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    """Without a signed-in user the station is not told; the files are still complete."""
    media = _media_for(tmp_path / "rec", "practice")
    recorder = RecordingController(ctx, CAMERA)
    states: list[str] = []
    recorder.stateChanged.connect(states.append)
    recorder.start(media)
    qtbot.waitUntil(lambda: recorder.snapshot.frames > 2, timeout=10_000)
    assert recorder.latest_image is not None and recorder.latest_image.width() == 32
    with qtbot.waitSignal(recorder.finished, timeout=10_000) as finished:
        recorder.stop()
    frames, _dropped, size = finished.args
    assert states == ["starting", "recording", "stopping", "stopped"]
    assert _frames_in(tmp_path / "rec" / "practice-001.avi") == frames
    assert size == sum(p.stat().st_size for p in (tmp_path / "rec").iterdir())
    recorder.shutdown()
