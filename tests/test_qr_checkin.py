"""Checking a candidate in at the examiner's station by holding the badge up to the camera:
frames fed from a frame source stand in for the camera; the rest is the real station."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_qr_decode import badge_frame, foreign_frame
from test_services_support import World
from test_ui_examiner import RingSource
from ui_support import wait_idle

from assessments.badges import badge_payload
from devices.camera.qr import CameraError, Frame, FrameSource
from ui.context import AppContext
from ui.examiner import ExaminerStation
from ui.examiner.badgescan import BadgeCamera
from ui.examiner.checkin import CheckInPanel

pytest_plugins = ["ui_support"]  # the ctx and world fixtures


class StillCamera:
    """A camera that shows ``frames`` in turn, then keeps showing the last one (as a
    camera pointed at a still scene does) until it is closed."""

    def __init__(self, frames: list[Frame]) -> None:
        self.frames = list(frames)
        self.last = self.frames[-1]
        self.closed = threading.Event()
        self.opened_with: str | None = None

    def read(self) -> Frame | None:
        if self.frames:
            self.last = self.frames.pop(0)
        else:
            self.closed.wait(0.01)  # a camera's frame interval
        return None if self.closed.is_set() else self.last

    def close(self) -> None:
        self.closed.set()


@pytest.fixture
def station(qtbot: QtBot, ctx: AppContext, world: World) -> Iterator[ExaminerStation]:
    ctx.actor = world.eli
    ctx.update_settings(replace(ctx.settings, camera="camera://0"))
    window = QWidget()
    built = ExaminerStation(ctx, reader_factory=lambda _url: RingSource())
    qtbot.addWidget(window, before_close_func=lambda _w: built.shutdown())
    layout = QVBoxLayout(window)
    layout.addWidget(ctx.message_bar)
    layout.addWidget(built)
    window.resize(1280, 900)
    window.show()
    wait_idle(qtbot, ctx)
    qtbot.mouseClick(built.precheck.continue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(built.checkin.shown()))
    yield built
    if shiboken6.isValid(window):
        built.shutdown()
        window.close()


def _use_camera(checkin: CheckInPanel, camera: StillCamera) -> None:
    def factory(url: str) -> FrameSource:
        camera.opened_with = url
        return camera

    checkin.camera_factory = factory


def _scan(qtbot: QtBot, checkin: CheckInPanel) -> None:
    qtbot.mouseClick(checkin.scan_badge_button, Qt.MouseButton.LeftButton)
    assert checkin.scan_badge_button.isChecked() and checkin.camera.isVisible()


def test_a_badge_held_up_to_the_camera_checks_that_candidate_in(
    qtbot: QtBot, ctx: AppContext, station: ExaminerStation, tmp_path: Path
) -> None:
    checkin = station.checkin
    empty = np.full((480, 640, 3), 90, dtype=np.uint8)
    badge = badge_frame(tmp_path, "C3")
    checkin.camera.feed([empty, empty, badge, badge, badge])
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.ENCOUNTER
    view = station.encounter.view
    assert view is not None and view.encounter.candidate_number == "C3"
    assert checkin.camera.frames_shown == 5


def test_an_already_seen_candidate_opens_only_when_the_badge_is_shown_again(
    qtbot: QtBot, ctx: AppContext, station: ExaminerStation, tmp_path: Path
) -> None:
    checkin = station.checkin
    badge = badge_frame(tmp_path, "C2")  # C2 was marked and submitted here
    checkin.camera.feed([badge, badge, badge])  # held up once: reported once
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.CHECKIN
    assert "C2 (Roe, Al) has already been marked and submitted" in checkin.status.text()
    checkin.camera.feed([badge])  # shown again: opened on purpose
    wait_idle(qtbot, ctx)
    view = station.encounter.view
    assert station.stack.currentIndex() == station.ENCOUNTER
    assert view is not None and view.encounter.candidate_number == "C2"


def test_foreign_codes_other_exams_and_unknown_numbers_are_refused(
    qtbot: QtBot, ctx: AppContext, station: ExaminerStation, tmp_path: Path
) -> None:
    checkin = station.checkin
    checkin.camera.feed([foreign_frame("https://example.org/c/2")])
    assert "not a SkillStation badge" in checkin.status.text()
    assert "https://example.org/c/2" in checkin.status.text()
    assert "not a SkillStation badge" in ctx.message_bar.text
    checkin.camera.feed([badge_frame(tmp_path, "C2", exam="OSCE-9")])
    assert "printed for the exam OSCE-9, not for OSCE-1" in checkin.status.text()
    checkin.camera.feed([badge_frame(tmp_path, "C-999")])
    assert "C-999 is not on this exam's roster" in checkin.status.text()
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.CHECKIN


def test_the_scan_button_runs_the_camera_from_the_settings_until_turned_off(
    qtbot: QtBot, ctx: AppContext, station: ExaminerStation
) -> None:
    checkin = station.checkin
    camera = StillCamera([np.full((480, 640, 3), 90, dtype=np.uint8)])
    _use_camera(checkin, camera)
    _scan(qtbot, checkin)
    assert checkin.camera.running
    assert "Hold the candidate's badge up to the camera" in checkin.status.text()
    qtbot.mouseClick(checkin.scan_badge_button, Qt.MouseButton.LeftButton)  # off again
    assert not checkin.camera.running and not checkin.camera.isVisible()
    # The scanner's thread has ended: it opened the camera from the settings and closed it.
    assert camera.opened_with == "camera://0"
    assert camera.closed.is_set()


def test_a_badge_typed_by_a_barcode_reader_is_read_like_a_scanned_one(
    qtbot: QtBot, ctx: AppContext, station: ExaminerStation
) -> None:
    checkin = station.checkin
    qtbot.keyClicks(checkin.scan, badge_payload("OSCE-0", "C3"))
    qtbot.keyClick(checkin.scan, Qt.Key.Key_Return)
    assert "printed for the exam OSCE-0" in checkin.status.text()
    checkin.scan.clear()
    qtbot.keyClicks(checkin.scan, badge_payload("OSCE-1", "C3"))
    qtbot.keyClick(checkin.scan, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    view = station.encounter.view
    assert station.stack.currentIndex() == station.ENCOUNTER
    assert view is not None and view.encounter.candidate_number == "C3"


def test_without_a_camera_or_with_a_broken_one_the_panel_says_what_to_do(
    qtbot: QtBot, ctx: AppContext, station: ExaminerStation
) -> None:
    checkin = station.checkin
    ctx.update_settings(replace(ctx.settings, camera=""))
    simulated = StillCamera([np.full((48, 64, 3), 90, dtype=np.uint8)])
    _use_camera(checkin, simulated)
    _scan(qtbot, checkin)
    assert "No camera is chosen in the settings: this is the simulated camera" in (
        checkin.status.text()
    )
    checkin.stop_badge_scan()
    assert simulated.opened_with == "sim://camera" and simulated.closed.is_set()
    assert not checkin.scan_badge_button.isChecked() and not checkin.camera.running

    ctx.update_settings(replace(ctx.settings, camera="camera://3"))

    def broken(url: str) -> FrameSource:
        raise CameraError(f"cannot open the camera {url}: check that it is connected")

    checkin.camera_factory = broken
    _scan(qtbot, checkin)
    qtbot.waitUntil(lambda: not checkin.camera.running, timeout=20_000)
    assert "The camera stopped: cannot open the camera camera://3" in checkin.status.text()
    assert not checkin.scan_badge_button.isChecked() and not checkin.camera.isVisible()


class Tape:
    """A video that ends: ``frames`` once, then nothing."""

    def __init__(self, frames: list[Frame]) -> None:
        self.frames = list(frames)
        self.closed = False

    def read(self) -> Frame | None:
        return self.frames.pop(0) if self.frames else None

    def close(self) -> None:
        self.closed = True


def test_the_camera_thread_hands_codes_and_its_end_to_the_screen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    camera = BadgeCamera()
    qtbot.addWidget(camera)
    codes: list[str] = []
    stopped: list[str] = []
    camera.codeScanned.connect(codes.append)
    camera.stopped.connect(stopped.append)
    badge = badge_frame(tmp_path, "C-021")
    empty = np.full_like(badge, 90)
    tape = Tape([empty, badge, badge, empty])
    camera.start(lambda: tape)
    assert camera.running
    assert camera.wait(timeout=60)  # the tape has played to its end
    qtbot.waitUntil(lambda: bool(stopped))
    assert codes == [badge_payload("OSCE-1", "C-021")]
    assert stopped == ["the camera stopped sending pictures"]
    assert tape.closed and not camera.running
    assert camera.frames_shown >= 1  # the latest frame was shown
    assert camera.preview.text() == "The camera is off."
