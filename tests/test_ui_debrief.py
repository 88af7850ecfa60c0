"""The debrief player and the recordings screens, on real services (SQLite in tmp_path)
and real recordings of the simulated camera written by devices.camera.

The simulated camera draws frame n the same way every time, so which frame the player
shows is checked by comparing the picture with every frame the camera could have drawn.
Playback is driven by the world's fake clock and the player's tick(); nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from test_services_support import World
from ui_support import wait_idle

from common.clock import FakeClock as DeviceClock
from devices.camera.frames import CameraCapture
from devices.camera.sim import sim_frame
from devices.camera.video_recorder import RecordingSession, VideoRecorder
from station.auth.permissions import Actor
from station.playback import read_wall_times
from station.services.media import MediaInfo
from ui.context import AppContext
from ui.coordinator.video_recordings import DELETED, RecordingsPanel
from ui.debrief.frames import FrameIndex
from ui.debrief.player import SPEEDS, DebriefPlayer
from ui.debrief.timeline import format_time

pytest_plugins = ["ui_support"]

W, H, FPS = 96, 72, 20.0
#: 50 frames in segments of one second: 20 + 20 + 10 frames.
FRAMES, SEGMENT_S = 50, 1.0


@dataclass
class Recorded:
    media: MediaInfo
    segments: tuple[Path, ...]


def record(
    world: World,
    actor: Actor,
    *,
    encounter_id: str | None = None,
    attempt_id: str | None = None,
    frames: int = FRAMES,
) -> Recorded:
    """Record the simulated camera as the station does: consent, begin, the camera
    through devices.camera into the recording's folder, finish."""
    services = world.services
    services.media.record_consent(
        actor, encounter_id=encounter_id, attempt_id=attempt_id, given=True
    )
    media = services.media.begin_recording(actor, encounter_id=encounter_id, attempt_id=attempt_id)
    clock = DeviceClock()
    wall0 = world.clock.now().timestamp()
    capture = CameraCapture(
        f"sim://camera?w={W}&h={H}&fps={FPS:g}&frames={frames}",
        clock=clock,
        wall=lambda: wall0 + clock.monotonic(),
    )
    recorder = VideoRecorder(
        media.folder,
        width=W,
        height=H,
        fps=FPS,
        name=media.name,
        segment_max_s=SEGMENT_S,
        min_free_bytes=0,
    )
    session = RecordingSession(capture, recorder, ring_capacity=frames + 8)
    session.start()
    capture.start()
    assert session.wait(30.0)
    capture.stop()
    status = session.stop()
    assert status.frames_written == frames and status.dropped_frames == 0
    world.clock.advance(frames / FPS + 1)
    finished = services.media.finish_recording(
        actor,
        media.id,
        frames=status.frames_written,
        dropped_frames=status.dropped_frames,
        size_bytes=sum(p.stat().st_size for p in status.segments),
    )
    return Recorded(finished, status.segments)


def frame_number(image: QImage | None) -> int:
    """Which frame of the simulated camera the picture is (the nearest match)."""
    assert image is not None and not image.isNull()
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = rgb.width(), rgb.height()
    data = np.frombuffer(rgb.constBits(), np.uint8).reshape(height, rgb.bytesPerLine())
    pixels = data[:, : width * 3].reshape(height, width, 3).astype(np.int16)
    errors = [
        float(np.abs(pixels - sim_frame(n, W, H, FPS)[:, :, ::-1]).mean()) for n in range(FRAMES)
    ]
    best = int(np.argmin(errors))
    assert errors[best] < 6.0, errors[best]  # JPEG noise only: it is this frame
    return best


@pytest.fixture
def encounter_recording(world: World) -> Recorded:
    return record(world, world.eli, encounter_id=world.draft)


def open_player(qtbot: QtBot, ctx: AppContext, media: MediaInfo | str) -> DebriefPlayer:
    player = DebriefPlayer(ctx)
    qtbot.addWidget(player)
    player.resize(1280, 800)
    player.show()
    with qtbot.waitSignal(player.loaded, timeout=10_000):
        player.open_media(media)
    return player


def show(qtbot: QtBot, player: DebriefPlayer, action: object) -> int:
    """Do ``action`` (a callable) and wait for the frame it asks for; the frame shown."""
    assert callable(action)
    action()
    wanted = player.position
    qtbot.waitUntil(lambda: player.shown_frame == wanted, timeout=10_000)
    return frame_number(player.video.image)


@pytest.fixture
def player(
    qtbot: QtBot, ctx: AppContext, world: World, encounter_recording: Recorded
) -> Iterator[DebriefPlayer]:
    ctx.actor = world.eli
    opened = open_player(qtbot, ctx, encounter_recording.media)
    qtbot.waitUntil(lambda: opened.shown_frame == 0, timeout=10_000)
    yield opened
    opened.shutdown()


# --------------------------------------------------------------------------- pure parts


def test_frame_index_maps_frames_to_segments_and_times() -> None:
    @dataclass
    class Seg:
        path: Path
        first_frame: int
        frame_count: int

    times = [0.0, 0.04, 0.1, 0.13, 0.2, 0.31]  # a variable frame rate
    index = FrameIndex([Seg(Path("b"), 3, 3), Seg(Path("a"), 0, 3)], times)
    assert index.locate(0) == (index.segments[0], 0)
    assert index.locate(2) is not None and index.locate(2)[1] == 2  # type: ignore[index]
    segment, local = index.locate(4)  # type: ignore[misc]
    assert segment.path == Path("b") and local == 1
    assert index.locate(6) is None and index.locate(-1) is None
    assert index.frame_at(0.099) == 1 and index.frame_at(0.1) == 2 and index.frame_at(9) == 5
    assert index.nearest(0.069) == 1 and index.nearest(0.071) == 2 and index.nearest(-1) == 0
    assert index.nearest(0.26) == 5 and index.duration == pytest.approx(0.31)


@settings(deadline=None, max_examples=200)
@given(
    gaps=st.lists(st.floats(min_value=0.001, max_value=0.2), min_size=1, max_size=60),
    t_s=st.floats(min_value=-1.0, max_value=15.0),
)
def test_frame_lookups_agree_with_the_frame_times(gaps: list[float], t_s: float) -> None:
    times = [0.0]
    for gap in gaps:
        times.append(times[-1] + gap)
    index = FrameIndex([], times)
    shown = index.frame_at(t_s)
    # The frame on screen at t_s: shown at or before it (or the first), the next after it.
    assert times[shown] <= max(t_s, 0.0) + 1e-9
    assert shown == index.last or times[shown + 1] > t_s
    nearest = index.nearest(t_s)
    assert all(abs(times[nearest] - t_s) <= abs(other - t_s) + 1e-12 for other in times)


def test_time_readout_format() -> None:
    assert format_time(0) == "00:00.0"
    assert format_time(65.29) == "01:05.2"
    assert format_time(3725.0) == "62:05.0"


# --------------------------------------------------------------------------- the player


def test_open_a_recording_shows_its_first_frame_and_events(
    player: DebriefPlayer, encounter_recording: Recorded
) -> None:
    timeline = player.timeline
    assert timeline is not None and player.index is not None
    assert player.index.count == FRAMES
    assert [s.frame_count for s in timeline.segments] == [20, 20, 10]
    assert frame_number(player.video.image) == 0
    assert player.time_label.text() == f"00:00.0 / {format_time(timeline.duration_s)}"
    assert player.wall_label.text().startswith("Taken ")
    assert player.event_list.topLevelItemCount() == len(timeline.events)
    assert player.problem == ""


def test_seek_by_the_timeline_shows_the_right_frame(qtbot: QtBot, player: DebriefPlayer) -> None:
    index = player.index
    assert index is not None
    view = player.timeline_view
    x = round(view.x_of(1.5))
    shown = show(
        qtbot,
        player,
        lambda: qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(x, 20)),
    )
    expected = index.nearest(view.t_of(x))
    assert player.position == expected and shown == expected
    assert abs(index.time_of(expected) - 1.5) <= 1.5 / FPS
    # Dragging follows the pointer.
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(round(view.x_of(0.2)), 20))
    qtbot.mouseMove(view, QPoint(round(view.x_of(2.0)), 20))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(round(view.x_of(2.0)), 20))
    qtbot.waitUntil(lambda: player.shown_frame == player.position, timeout=10_000)
    assert player.position == index.nearest(view.t_of(round(view.x_of(2.0))))
    assert frame_number(player.video.image) == player.position


def test_frame_step_and_skip_with_the_keyboard(qtbot: QtBot, player: DebriefPlayer) -> None:
    player.setFocus()
    assert show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_Right)) == 1
    assert show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_Period)) == 2
    assert show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_Left)) == 1
    assert show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_Comma)) == 0
    # Nothing before the first frame.
    qtbot.keyClick(player, Qt.Key.Key_Left)
    assert player.position == 0
    # End, Home, and a skip back from the end.
    assert show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_End)) == FRAMES - 1
    skipped = show(
        qtbot,
        player,
        lambda: qtbot.keyClick(player, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier),
    )
    assert player.index is not None
    assert skipped == player.index.nearest(player.index.duration - 5.0) == 0
    assert show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_Home)) == 0


def test_playback_crosses_segments_at_the_frames_own_times(
    qtbot: QtBot, player: DebriefPlayer, ctx: AppContext
) -> None:
    index = player.index
    assert index is not None
    show(qtbot, player, lambda: player.seek_frame(18))
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.playing
    seen = []
    for _frame in range(4):
        ctx.clock.advance(1 / FPS)  # type: ignore[attr-defined]
        seen.append(show(qtbot, player, player.tick))
    # Frames 19 and 20-22: the second file starts at frame 20, no frame is missed.
    assert seen == [19, 20, 21, 22]
    assert index.locate(20) is not None and index.locate(20)[1] == 0  # type: ignore[index]
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert not player.playing
    ctx.clock.advance(1.0)  # type: ignore[attr-defined]
    player.tick()
    assert player.position == 22  # paused: the clock moves, the video does not


def test_speed_changes_how_far_a_tick_goes(
    qtbot: QtBot, player: DebriefPlayer, ctx: AppContext
) -> None:
    index = player.index
    assert index is not None
    clock = ctx.clock
    player.set_speed(2.0)
    assert player.speed_box.currentData() == 2.0
    player.play()
    clock.advance(0.5)  # type: ignore[attr-defined]
    assert show(qtbot, player, player.tick) == index.frame_at(1.0)
    player.set_speed(0.5)  # from the moment shown
    clock.advance(0.5)  # type: ignore[attr-defined]
    assert show(qtbot, player, player.tick) == index.frame_at(1.25)
    qtbot.keyClick(player, Qt.Key.Key_Minus)
    assert player.speed == 0.5  # already the slowest
    qtbot.keyClick(player, Qt.Key.Key_Plus)
    assert player.speed == SPEEDS[1] == 0.75
    # Playing to the end stops there.
    clock.advance(60)  # type: ignore[attr-defined]
    player.tick()
    assert not player.playing and player.position == FRAMES - 1


def test_jump_to_events_lands_on_the_nearest_frame(
    qtbot: QtBot, ctx: AppContext, world: World, encounter_recording: Recorded
) -> None:
    media = encounter_recording.media
    timeline = world.services.media.debrief_timeline(world.eli, media.id)
    # Markers between frames, from the wall-clock time of the recording's first frame.
    base = read_wall_times(timeline)[0]
    assert base is not None
    for offset, label in ((0.52, "airway"), (1.27, "compressions"), (2.03, "shock")):
        world.services.media.add_marker(
            world.eli, media.id, label, at=base + timedelta(seconds=offset)
        )
    ctx.actor = world.eli
    player = open_player(qtbot, ctx, media)
    index = player.index
    assert index is not None
    markers = [i for i, e in enumerate(player.events) if e.kind == "marker"]
    assert [player.events[i].label for i in markers] == ["airway", "compressions", "shock"]
    for i in markers:
        assert player.events[i].t_s == pytest.approx(
            {"airway": 0.52, "compressions": 1.27, "shock": 2.03}[player.events[i].label],
            abs=1e-3,
        )
    player.set_kind_filter("marker")
    player.setFocus()
    # Next event (PgDown, ]) and previous (PgUp, [) among the markers shown.
    expected = [index.nearest(player.events[i].t_s) for i in markers]
    assert show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_PageDown)) == expected[0]
    assert player.current_event == markers[0]
    assert (
        show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_BracketRight))
        == (expected[1])
    )
    assert show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_PageDown)) == expected[2]
    assert show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_PageUp)) == expected[1]
    assert (
        show(qtbot, player, lambda: qtbot.keyClick(player, Qt.Key.Key_BracketLeft)) == (expected[0])
    )
    # Clicking an event in the list, and Enter on it.
    item = player.event_list.topLevelItem(markers[2])
    rect = player.event_list.visualItemRect(item)
    assert (
        show(
            qtbot,
            player,
            lambda: qtbot.mouseClick(
                player.event_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
            ),
        )
        == expected[2]
    )
    player.event_list.setCurrentItem(player.event_list.topLevelItem(markers[0]))
    player.event_list.setFocus()
    assert (
        show(qtbot, player, lambda: qtbot.keyClick(player.event_list, Qt.Key.Key_Return))
        == expected[0]
    )
    # The filter hides the other kinds in the list.
    hidden = [player.event_list.topLevelItem(i).isHidden() for i in range(len(player.events))]
    assert hidden == [e.kind != "marker" for e in player.events]
    player.shutdown()


def test_add_marker_while_watching(
    qtbot: QtBot, player: DebriefPlayer, ctx: AppContext, world: World
) -> None:
    index = player.index
    assert index is not None
    show(qtbot, player, lambda: player.seek_frame(30))
    player.marker_edit.setText("  hands  off  the chest ")
    qtbot.mouseClick(player.marker_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    # The test's message bar is a window of its own, and showing the message took the
    # focus: give it back to the player's window, as a user would by clicking it.
    player.activateWindow()
    qtbot.waitUntil(player.isActiveWindow)
    player.setFocus()
    show(qtbot, player, lambda: player.seek_frame(41))
    qtbot.keyClick(player, Qt.Key.Key_M)
    wait_idle(qtbot, ctx)
    markers = [e for e in player.events if e.kind == "marker"]
    assert [m.label for m in markers] == ["hands off the chest", "Debrief marker"]
    assert markers[0].t_s == pytest.approx(index.time_of(30), abs=0.5 / FPS)
    assert markers[1].t_s == pytest.approx(index.time_of(41), abs=0.5 / FPS)
    # They are stored: the timeline read again has them.
    timeline = world.services.media.debrief_timeline(world.eli, player.timeline.media.id)  # type: ignore[union-attr]
    assert [e.label for e in timeline.events if e.kind == "marker"] == [m.label for m in markers]
    assert "Marker added" in ctx.message_bar.text


def test_a_deleted_recording_opens_to_the_reason(
    qtbot: QtBot, ctx: AppContext, world: World, encounter_recording: Recorded
) -> None:
    deleted = world.services.media.delete_media(
        world.cora, encounter_recording.media.id, "consent withdrawn"
    )
    assert not any(p.exists() for p in encounter_recording.segments)
    ctx.actor = world.cora
    player = open_player(qtbot, ctx, deleted)
    assert "consent withdrawn" in player.problem
    assert deleted.deleted_at is not None
    assert deleted.deleted_at.astimezone().strftime("%Y-%m-%d") in player.problem
    assert player.video.message == player.problem
    assert player.reader is None and not player.play_button.isEnabled()
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert not player.playing


def test_a_deleted_recording_opened_by_its_id_says_so(
    qtbot: QtBot, ctx: AppContext, world: World, encounter_recording: Recorded
) -> None:
    world.services.media.delete_media(world.cora, encounter_recording.media.id, "consent withdrawn")
    ctx.actor = world.cora
    player = open_player(qtbot, ctx, encounter_recording.media.id)
    assert "deleted" in player.problem and "consent withdrawn" in player.problem
    assert player.video.message == player.problem and player.reader is None


def test_a_missing_or_damaged_segment_shows_a_message(
    qtbot: QtBot, player: DebriefPlayer, encounter_recording: Recorded
) -> None:
    second, third = encounter_recording.segments[1], encounter_recording.segments[2]
    second.unlink()
    third.write_bytes(b"RIFF\x00\x00\x00\x00AVI broken" * 10)
    player.seek_frame(25)
    qtbot.waitUntil(lambda: player.shown_frame == 25, timeout=10_000)
    assert second.name in player.video.message and "missing" in player.video.message
    assert player.video.image is None
    player.seek_frame(45)
    qtbot.waitUntil(lambda: player.shown_frame == 45, timeout=10_000)
    assert third.name in player.video.message
    # The first segment still plays.
    assert show(qtbot, player, lambda: player.seek_frame(7)) == 7
    assert player.video.message == ""


def test_the_reader_thread_stops_when_the_player_closes(
    qtbot: QtBot, player: DebriefPlayer
) -> None:
    reader = player.reader
    assert reader is not None and reader.running
    player.close()
    assert not reader.running
    assert player.reader is None


# --------------------------------------------------------------------------- recordings


def _panel(qtbot: QtBot, ctx: AppContext, actor: Actor) -> RecordingsPanel:
    ctx.actor = actor
    panel = RecordingsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    wait_idle(qtbot, ctx)
    return panel


def test_recordings_are_listed_by_who_may_see_them(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    services = world.services
    eli_rec = record(world, world.eli, encounter_id=world.draft, frames=10)
    ann_encounter = services.encounters.check_in(world.ann, "OSCE-1", "beta", "C3").id
    ann_rec = record(world, world.ann, encounter_id=ann_encounter, frames=10)
    attempt = services.practice.start_practice(world.tom, "who-hand-rub")
    tom_rec = record(world, world.tom, attempt_id=attempt.id, frames=10)

    def ids(panel: RecordingsPanel) -> set[str]:
        return {r.media.id for r in panel.shown_rows}

    everyone = {eli_rec.media.id, ann_rec.media.id, tom_rec.media.id}
    coordinator = _panel(qtbot, ctx, world.cora)
    assert ids(coordinator) == everyone
    assert coordinator.delete_button.isVisible() and coordinator.retention_box.isVisible()
    examiner = _panel(qtbot, ctx, world.eli)
    assert ids(examiner) == {eli_rec.media.id}
    assert not examiner.delete_button.isVisible() and not examiner.retention_box.isVisible()
    trainee = _panel(qtbot, ctx, world.tom)
    assert ids(trainee) == {tom_rec.media.id}
    # The coordinator's filters: by exam, by consent, by state.
    ctx.actor = world.cora  # signed in again (the panels read the signed-in user)
    coordinator.exam_filter.setCurrentIndex(coordinator.exam_filter.findData("OSCE-1"))
    assert ids(coordinator) == {eli_rec.media.id, ann_rec.media.id}
    coordinator.exam_filter.setCurrentIndex(coordinator.exam_filter.count() - 1)  # practice
    assert ids(coordinator) == {tom_rec.media.id}
    coordinator.exam_filter.setCurrentIndex(0)
    services.media.record_consent(world.ann, encounter_id=ann_encounter, given=False, note="asked")
    coordinator.refresh()
    wait_idle(qtbot, ctx)
    coordinator.consent_filter.setCurrentIndex(coordinator.consent_filter.findData("withdrawn"))
    assert ids(coordinator) == {ann_rec.media.id}
    coordinator.consent_filter.setCurrentIndex(0)
    coordinator.state_filter.setCurrentIndex(coordinator.state_filter.findData(DELETED))
    assert ids(coordinator) == set()


def test_delete_with_a_reason_then_open_shows_it(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    recorded = record(world, world.eli, encounter_id=world.draft, frames=10)
    panel = _panel(qtbot, ctx, world.cora)
    assert panel.select(recorded.media.id)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.delete_box.isVisible()
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)  # no reason yet
    assert "reason" in ctx.message_bar.text and panel.delete_box.isVisible()
    qtbot.keyClicks(panel.reason, "candidate asked")
    qtbot.keyClick(panel.reason, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    wait_idle(qtbot, ctx)
    assert not any(p.exists() for p in recorded.segments)
    row = next(r for r in panel.rows if r.media.id == recorded.media.id)
    assert row.state == DELETED and row.media.deleted_reason == "candidate asked"
    assert panel.select(recorded.media.id)
    with qtbot.waitSignal(panel.player_opened) as opened:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    player = opened.args[0]
    assert isinstance(player, DebriefPlayer)
    qtbot.waitUntil(lambda: "candidate asked" in player.problem, timeout=10_000)
    panel.shutdown()
    assert panel.players == []


def test_retention_and_purge_now(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    recorded = record(world, world.eli, encounter_id=world.draft, frames=10)
    panel = _panel(qtbot, ctx, world.cora)
    assert panel.keep_forever.isChecked() == (
        world.services.media.media_retention_days(world.cora) is None
    )
    panel.keep_forever.setChecked(False)
    panel.retention_days.setValue(30)
    qtbot.mouseClick(panel.save_retention_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert world.services.media.media_retention_days(world.cora) == 30
    assert "30" in panel.retention_state.text()
    world.clock.advance(31 * 86400)
    qtbot.mouseClick(panel.purge_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    wait_idle(qtbot, ctx)
    assert "1 recordings" in ctx.message_bar.text
    row = next(r for r in panel.rows if r.media.id == recorded.media.id)
    assert row.state == DELETED and row.media.deleted_reason == "retention"


def test_the_console_has_the_recordings_tab(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    from ui.coordinator import CoordinatorConsole

    ctx.actor = world.cora
    console = CoordinatorConsole(ctx)
    qtbot.addWidget(console)
    wait_idle(qtbot, ctx)
    console.tabs.setCurrentWidget(console.recordings)
    wait_idle(qtbot, ctx)
    assert console.tabs.tabText(console.tabs.currentIndex()) == "Recor&dings"
    console.shutdown()


def test_a_trainee_watches_a_recorded_attempt(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    from ui.practice import PracticeStation

    attempt = world.services.practice.start_practice(world.tom, "who-hand-rub")
    record(world, world.tom, attempt_id=attempt.id, frames=10)
    world.services.practice.abandon_practice(world.tom, attempt.id)
    world.services.practice.start_practice(world.tom, "who-hand-rub")  # another, not recorded
    ctx.actor = world.tom
    station = PracticeStation(ctx, reader_factory=lambda url: pytest.fail(url))
    qtbot.addWidget(station)
    station.show()
    station.show_history()
    wait_idle(qtbot, ctx)
    history = station.history
    rows = {a.id: i for i, a in enumerate(history.attempts)}
    assert len(rows) == 2
    history.table.selectRow(next(i for a, i in rows.items() if a != attempt.id))
    assert not history.watch_button.isEnabled()
    history.table.selectRow(rows[attempt.id])
    assert history.watch_button.isEnabled()
    qtbot.mouseClick(history.watch_button, Qt.MouseButton.LeftButton)
    assert len(station.recordings.players) == 1
    player = station.recordings.players[0]
    qtbot.waitUntil(lambda: player.shown_frame == 0, timeout=10_000)
    assert frame_number(player.video.image) == 0
    station.shutdown()
    assert station.recordings.players == []


def test_a_recording_without_a_trace_says_why_the_depth_row_is_empty(
    player: DebriefPlayer,
) -> None:
    from PySide6.QtGui import QImage

    view = player.timeline_view
    assert view.depth_points == []  # the fixture's encounter stored no manikin trace
    assert "F7" in view.depth_note() and "scenario" in view.depth_note()
    assert view.grab().toImage().format() != QImage.Format.Format_Invalid  # draws
