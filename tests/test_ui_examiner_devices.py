"""The examiner's bell (ui/bell.py) and live CPR panel (ui/devicepanel.py), and the
station reading the simulated manikin through a real device reader."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_services_support import World
from ui_support import FedSource, wait_idle

from assessments.timing import BellKind
from devices.cpr.synth import Pause, Run, synthesize
from devices.reader import Gap, ReaderEvent
from devices.ring import Ring
from ui.bell import (
    SAMPLE_RATE,
    BellSet,
    PlayerBell,
    RecordingBell,
    VisualBell,
    bell_wav_path,
    make_sound_bell,
    sound_backend,
    strikes_for,
    write_bell_wav,
)
from ui.context import AppContext
from ui.devicepanel import METRIC_KEYS, CprPanel
from ui.examiner import ExaminerStation

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

# --------------------------------------------------------------------------- bell


def test_bell_wav_is_synthesised_with_one_strike_per_kind(tmp_path: Path) -> None:
    lengths = []
    for strikes in (1, 2, 3):
        path = write_bell_wav(bell_wav_path(strikes, tmp_path), strikes)
        with wave.open(str(path), "rb") as sound:
            assert (sound.getnchannels(), sound.getsampwidth()) == (1, 2)
            assert sound.getframerate() == SAMPLE_RATE
            frames = sound.readframes(sound.getnframes())
        lengths.append(len(frames))
        assert max(frames) > 0  # not silence
    assert lengths[0] < lengths[1] < lengths[2]
    with pytest.raises(ValueError, match="1 to 5 strikes"):
        write_bell_wav(tmp_path / "x.wav", 0)
    assert [strikes_for(k) for k in (BellKind.START, BellKind.WARNING, BellKind.END)] == [1, 2, 3]


def test_sound_backend_falls_back_to_a_player_then_to_none() -> None:
    found = sound_backend(lambda name: "/usr/bin/aplay" if name == "aplay" else None)
    if found.kind == "qt-multimedia":  # PySide6-Addons installed: it wins
        return
    assert (found.kind, found.program, found.arguments) == ("player", "/usr/bin/aplay", ("-q",))
    nothing = sound_backend(lambda _name: None)
    assert not nothing.available and "PySide6-Addons" in nothing.detail
    assert make_sound_bell(nothing) is None


def test_player_bell_runs_the_player_with_the_synthesised_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    log = tmp_path / "played.txt"
    player = tmp_path / "player.sh"
    player.write_text(f'#!/bin/sh\necho "$@" >> {log}\n', encoding="utf-8")
    player.chmod(0o755)
    bell = PlayerBell(str(player), ("-q",), folder=tmp_path / "sounds")
    bell.ring(BellKind.WARNING)
    qtbot.waitUntil(lambda: log.exists() and not bell.playing, timeout=10_000)
    assert log.read_text(encoding="utf-8").split() == ["-q", str(tmp_path / "sounds/bell-2.wav")]


def test_bell_set_rings_every_sink_even_when_one_fails(qtbot: QtBot) -> None:
    class Broken:
        def ring(self, kind: BellKind) -> None:
            raise OSError("no audio device")

    first, last = RecordingBell(), RecordingBell()
    visual = VisualBell()
    with qtbot.waitSignal(visual.flashed) as flashed:
        bells = BellSet([first, Broken(), visual, last])
        with pytest.raises(OSError, match="no audio device"):
            bells.ring(BellKind.END)
    assert flashed.args == [3]
    assert first.rung == last.rung == [BellKind.END]


# --------------------------------------------------------------------------- CPR panel


def test_cpr_panel_shows_live_metrics_and_waveform(qtbot: QtBot) -> None:
    ring: Ring[ReaderEvent] = Ring(100_000)
    panel = CprPanel(ring)
    qtbot.addWidget(panel)
    panel.resize(500, 400)
    panel.show()
    assert panel.values["depth"].text() == "—"
    steps = [Run(30, rate_cpm=110, depth_mm=55), Pause(4.0), Run(30, depth_mm=35)]
    synthetic = synthesize(steps, rate_hz=100.0, seed=1)
    half = len(synthetic.trace.samples) // 2
    ring.extend(synthetic.trace.samples[:half])
    with qtbot.waitSignal(panel.summaryChanged):
        assert panel.drain() == half
    ring.push(Gap(synthetic.trace.samples[half - 1].device_t_s, 999.0, "link lost"))
    ring.extend(s for s in synthetic.trace.samples[half:] if s.device_t_s > 999.0)
    panel.drain()
    summary = panel.summary()
    assert summary.compressions == 30
    assert panel.values["compressions"].text() == "30"
    assert panel.values["depth"].text().startswith("✓")
    assert panel.values["rate"].text().endswith("/min")
    assert panel.waveform.points  # something to draw
    panel.waveform.grab()  # draws without error
    metrics = panel.metrics()
    assert set(metrics) == set(METRIC_KEYS)
    assert metrics["compressions"] == 30.0
    # A new segment starts from nothing.
    panel.reset()
    assert panel.summary().compressions == 0 and panel.values["depth"].text() == "—"


def test_the_waveform_thins_a_200_hz_stream_but_keeps_every_peak_and_gap(qtbot: QtBot) -> None:
    from ui.devicepanel import LINE_STEP_PX, DepthWaveform

    waveform = DepthWaveform()
    qtbot.addWidget(waveform)
    waveform.resize(508, 200)
    waveform.show()
    synthetic = synthesize([Run(12, depth_mm=55), Pause(2.0), Run(6, depth_mm=38)], rate_hz=200.0)
    samples = synthetic.trace.samples
    cut = len(samples) - 400  # two seconds before the end
    for sample in samples[:cut]:
        waveform.add(sample.device_t_s, sample.depth_mm)
    waveform.add(samples[cut].device_t_s, None)  # a gap
    for sample in samples[cut + 1 :]:
        waveform.add(sample.device_t_s, sample.depth_mm)
    shown = [p for p in waveform.points if p[0] >= samples[-1].device_t_s - waveform.window_s]
    # Over 1,000 samples in the window, about one point per LINE_STEP_PX pixels drawn.
    assert len(shown) <= 500 / LINE_STEP_PX + 10
    depths = [d for _t, d in shown if d is not None]
    window = [s.depth_mm for s in samples if s.device_t_s >= shown[0][0]]
    assert max(depths) == pytest.approx(max(window))  # the deepest point is drawn
    assert any(d is None for _t, d in waveform.points)  # the gap breaks the line
    waveform.grab()  # draws without error


def test_cpr_panel_drains_on_its_display_timer(qtbot: QtBot) -> None:
    ring: Ring[ReaderEvent] = Ring(100_000)
    panel = CprPanel(ring, interval_ms=10)
    qtbot.addWidget(panel)
    synthetic = synthesize([Run(10)], rate_hz=100.0, seed=2)
    ring.extend(synthetic.trace.samples)
    panel.start()
    assert panel.running
    qtbot.waitUntil(lambda: panel.samples == len(synthetic.trace.samples), timeout=5000)
    panel.stop()
    assert not panel.running and len(ring) == 0


# --------------------------------------------------------------------------- real reader


@pytest.fixture
def sim_station(qtbot: QtBot, ctx: AppContext, world: World) -> Iterator[ExaminerStation]:
    ctx.actor = world.eli
    ctx.settings = replace(ctx.settings, device_url="sim://cpr?profile=good&speed=20")
    window = QWidget()
    station = ExaminerStation(ctx)
    qtbot.addWidget(window, before_close_func=lambda _w: station.shutdown())
    layout = QVBoxLayout(window)
    layout.addWidget(ctx.message_bar)
    layout.addWidget(station)
    window.show()
    yield station
    station.shutdown()
    wait_idle(qtbot, ctx)


def test_station_reads_the_simulated_manikin(
    qtbot: QtBot, ctx: AppContext, sim_station: ExaminerStation
) -> None:
    station = sim_station
    qtbot.waitUntil(lambda: station.precheck.device_check()[0] == "ok", timeout=20_000)
    station.precheck.refresh()
    assert "sim://cpr" in station.precheck.rows["device"][1].text()
    panel = station.device_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.drain() >= 0 and panel.samples > 50, timeout=20_000)
    assert "streaming" in panel.link.text()
    qtbot.mouseClick(station.precheck.continue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.CHECKIN


def test_a_bad_device_url_is_reported_in_the_check(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    ctx.actor = world.eli
    ctx.settings = replace(ctx.settings, device_url="nonsense://x")
    station = ExaminerStation(ctx)
    qtbot.addWidget(station, before_close_func=lambda _w: station.shutdown())
    assert station.reader is None and station.device_panel is None
    status, text = station.precheck.device_check()
    assert status == "error" and "nonsense://" in text
    wait_idle(qtbot, ctx)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_checklist_never_scrolls_sideways_beside_the_cpr_panel(
    qtbot: QtBot, ctx: AppContext, world: World, language: str
) -> None:
    """The CPR panel's labels are longer in French and Spanish, so the checklist's column
    is narrower: the global rating's steps then take two rows rather than cutting the
    checklist's right edge behind a horizontal scroll bar."""
    from ui.i18n import install_language

    cpr = world.services.definitions.bundled_definition(world.cora, "adult-cpr-aed").ref
    world.services.exams.create_exam(
        world.cora, code="CPR-W", title="CPR", starts_at=world.clock.now(), stations=[cpr]
    )
    world.services.exams.assign_examiner(world.cora, "CPR-W", "adult-cpr-aed", "eli")
    world.services.roster.import_roster(world.cora, "CPR-W", world.folder / "roster.csv")
    world.services.exams.open_exam(world.cora, "CPR-W")
    info = world.services.encounters.check_in(world.eli, "CPR-W", "adult-cpr-aed", "C1")
    view = world.services.encounters.encounter_view(world.eli, info.id)
    exam = next(e for e in world.services.exams.exams(world.eli) if e.code == "CPR-W")
    install_language(language)
    try:
        ctx.actor = world.eli
        ctx.settings = replace(ctx.settings, device_url="sim://cpr")
        source = FedSource("sim://cpr", rate_hz=200.0)
        station = ExaminerStation(ctx, reader_factory=lambda _url: source)
        qtbot.addWidget(station, before_close_func=lambda _w: station.shutdown())
        station.resize(1264, 752)
        station.show()
        wait_idle(qtbot, ctx)
        station.open_encounter(view, exam, "Adult CPR")
        source.feed(synthesize([Run(10, depth_mm=55)], rate_hz=200.0, seed=3).trace.samples)
        assert station.device_panel is not None
        station.device_panel.drain()
        area = station.encounter.scroll_area
        grade = station.encounter.grade_row
        assert grade is not None

        def laid_out() -> bool:  # the layouts settle over a few event-loop turns
            return area.widget().width() <= area.viewport().width() and all(
                grade.rect().contains(b.geometry()) for b in grade.buttons
            )

        qtbot.waitUntil(laid_out, timeout=5000)
        assert not area.horizontalScrollBar().isVisible()
        station.shutdown()
        wait_idle(qtbot, ctx)
    finally:
        install_language("en")
