"""The trainee's practice station (ui/practice): live CPR feedback from the simulated
manikin, the unplug indicator, the attempt stored, own history only, self-assessment,
the practice report, and the metronome on an injected clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_services_support import World
from ui_support import FedSource, wait_idle

from common.clock import FakeClock
from devices.cpr.profiles import ADULT
from devices.cpr.synth import Run, synthesize
from devices.reader import DeviceReader, ReaderState, ReaderStatus
from devices.sim.pty import PtySimulator
from ui.context import AppContext
from ui.practice import PracticeStation
from ui.practice.metronome import Metronome
from ui.practice.widgets import CompressionChart, ProgressChart

pytest_plugins = ["ui_support"]  # the ctx and world fixtures


class Clicks:
    """A metronome sound that counts its clicks."""

    def __init__(self) -> None:
        self.count = 0

    def tick(self) -> None:
        self.count += 1


#: The windows the tests opened, kept referenced until the test ends (a window with
#: no reference is deleted with the station in it).
_windows: list[QWidget] = []


@pytest.fixture(autouse=True)
def _keep_windows() -> Iterator[None]:
    yield
    _windows.clear()


def _open(qtbot: QtBot, ctx: AppContext, **kwargs: object) -> PracticeStation:
    window = QWidget()
    _windows.append(window)
    station = PracticeStation(ctx, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window, before_close_func=lambda _w: station.shutdown())
    layout = QVBoxLayout(window)
    layout.addWidget(ctx.message_bar)
    layout.addWidget(station)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: bool(station.chooser.skills), timeout=10_000)
    return station


@pytest.fixture
def tom_ctx(ctx: AppContext, world: World) -> AppContext:
    ctx.actor = world.tom
    return ctx


@pytest.fixture
def sim_ctx(tom_ctx: AppContext) -> AppContext:
    tom_ctx.settings = replace(
        tom_ctx.settings, device_url="sim://cpr?profile=good&speed=20&rate_hz=200"
    )
    return tom_ctx


def test_live_cpr_practice_updates_and_is_stored(
    qtbot: QtBot, sim_ctx: AppContext, world: World
) -> None:
    clicks = Clicks()
    station = _open(qtbot, sim_ctx, sound_factory=lambda: clicks)
    try:
        keys = [s.key for s in station.chooser.skills]
        assert "adult-cpr-aed" in keys and "scenario-adult-ihca" not in keys
        station.select_skill("adult-cpr-aed")
        assert station.chooser.targets is ADULT
        station.start()
        qtbot.waitUntil(lambda: station.page == station.LIVE, timeout=10_000)
        live = station.live
        assert live.running
        # The rate card is blank during the pauses for breaths (no recent compression
        # intervals), so wait for a moment between them.
        qtbot.waitUntil(
            lambda: (
                live.panel is not None
                and live.panel.summary().compressions >= 40
                and live.rate_card.value.text().endswith("/min")
            ),
            timeout=30_000,
        )
        assert "Device connected" in live.connection.text()
        assert live.depth_card.value.text().endswith("mm")
        assert live.depth_card.feedback.text() == "✓ Good depth"
        assert live.rate_card.state == "ok"
        assert live.recoil_card.feedback.text() == "✓ Full release"
        assert live.hands_off_card.value.text().endswith("s")
        # The metronome beats on the application's clock, heard and seen.
        live.metronome_box.setChecked(True)
        assert live.metronome.running
        world.clock.advance(60.0 / 110.0 * 3 + 0.01)
        live.tick()
        assert clicks.count == 1 and live.pulse.lit  # three beats late: one click, on time
        world.clock.advance(1.0)
        live.tick()
        assert clicks.count == 2 and not live.pulse.lit
        live.metronome_box.setChecked(False)
        assert not live.metronome.running
        attempt = station.attempt
        assert attempt is not None
        station.finish()
        qtbot.waitUntil(lambda: station.page == station.SUMMARY, timeout=20_000)
        assert station.live.reader is None  # the reader's thread was stopped
        data = station.summary.data
        assert data is not None and data.cpr is not None
        assert data.cpr.compressions >= 40
        assert station.summary.score.text().startswith("Score:")
        assert station.summary.model.rowCount() >= 8
        # Figures as the practice report prints them: one decimal, no rounding onto a
        # target; the CCF target written as it is judged.
        score = data.attempt.score
        assert score is not None
        assert station.summary.score.text() == f"Score: {score:.1f} / 100"
        rows = {
            station.summary.model.item(r, 0).text(): r
            for r in range(station.summary.model.rowCount())
        }
        ccf_row = rows["Compression fraction (CCF)"]
        assert station.summary.model.item(ccf_row, 2).text() == "≥ 80 %"
        if data.cpr.ccf is not None:
            shown = station.summary.model.item(ccf_row, 1).text()
            assert shown.endswith(f"{data.cpr.ccf * 100:.1f} %")
        assert len(station.summary.chart.records) == data.cpr.compressions
        stored = world.services.practice.practice_attempt(world.tom, attempt.id)
        assert stored.attempt.status == "completed"
        assert stored.attempt.score == stored.metrics["score"]
        assert stored.attempt.score == pytest.approx(data.cpr.score, abs=0.05)
        assert stored.metrics["compressions"] == data.cpr.compressions
        assert stored.details["mode"] == "device" and stored.details["cpr_profile"] == "adult"
        assert len(stored.traces) == 1 and stored.traces[0].sample_count > 400
        # What is stored is the analysis of the stored trace, not the live figures.
        trace = world.services.practice.practice_trace(world.tom, attempt.id)
        assert stored.metrics == reanalysed(trace.data)
        assert not list((sim_ctx.settings.resolved_data_dir / "traces").glob("*.csv"))
    finally:
        station.shutdown()
        wait_idle(qtbot, sim_ctx)


def test_unplugged_device_shows_at_once_and_resumes(
    qtbot: QtBot, tom_ctx: AppContext, world: World, tmp_path: Path
) -> None:
    link = tmp_path / "manikin"
    simulator = PtySimulator(link=link, speed=5.0, rate_hz=200.0, seed=3)
    simulator.start()
    tom_ctx.settings = replace(tom_ctx.settings, device_url=str(link))
    readers: list[DeviceReader] = []

    def factory(url: str) -> DeviceReader:
        reader = DeviceReader(url, backoff_initial_s=0.1, backoff_max_s=0.2)
        readers.append(reader)
        return reader

    station = _open(qtbot, tom_ctx, reader_factory=factory)
    try:
        station.select_skill("adult-cpr-aed")
        station.start()
        qtbot.waitUntil(lambda: station.page == station.LIVE, timeout=10_000)
        live = station.live
        qtbot.waitUntil(lambda: live.link_state == "streaming", timeout=20_000)
        assert "Device connected" in live.connection.text()
        simulator.unplug()
        qtbot.waitUntil(lambda: live.link_state in ("disconnected", "reconnecting"), timeout=20_000)
        assert "disconnected" in live.connection.text()
        assert live.panel is not None
        before = live.panel.samples
        simulator.replug()
        qtbot.waitUntil(lambda: live.link_state == "streaming", timeout=20_000)
        qtbot.waitUntil(
            lambda: live.panel is not None and live.panel.samples > before + 50, timeout=20_000
        )
        assert "Device connected" in live.connection.text()
        attempt = station.attempt
        assert attempt is not None
        station.abandon()
        wait_idle(qtbot, tom_ctx)
        assert station.page == station.CHOOSE
        assert (
            world.services.practice.practice_attempt(world.tom, attempt.id).attempt.status
            == "abandoned"
        )
        assert readers and readers[0].status().state == "stopped"
    finally:
        station.shutdown()
        wait_idle(qtbot, tom_ctx)
        simulator.stop()


def test_self_assessment_is_timed_scored_and_stored(
    qtbot: QtBot, tom_ctx: AppContext, world: World
) -> None:
    station = _open(qtbot, tom_ctx)
    try:
        station.select_skill("who-hand-rub")
        assert not station.chooser.profile.isEnabled()
        station.start()
        qtbot.waitUntil(lambda: station.page == station.SELF, timeout=10_000)
        check = station.self_check
        rows = [r for r in check.rows if r.buttons]
        assert rows
        world.clock.advance(12.0)
        for index, row in enumerate(rows):
            key = "not_done" if index == 0 else next(iter(row.buttons))
            row.buttons[key].click()
        world.clock.advance(30.0)
        check._show_time()
        assert check.clock_label.text().startswith("0:42")
        result = check.result()
        assert result.score.raw_done == len(rows) - 1
        attempt = station.attempt
        assert attempt is not None
        station.finish()
        qtbot.waitUntil(lambda: station.page == station.SUMMARY, timeout=10_000)
        stored = world.services.practice.practice_attempt(world.tom, attempt.id)
        assert stored.attempt.status == "completed"
        assert stored.attempt.score == pytest.approx(result.score.percent)
        assert stored.details["mode"] == "self_assessment"
        assert stored.details["marks"][rows[0].item.id] == "not_done"
        assert stored.details["seconds"] == pytest.approx(42.0)
        assert station.summary.model.rowCount() == len(check.rows)
        assert not station.summary.chart.isVisible()
    finally:
        station.shutdown()
        wait_idle(qtbot, tom_ctx)


def test_a_trainee_sees_only_their_own_history_and_saves_the_report(
    qtbot: QtBot, tom_ctx: AppContext, world: World, tmp_path: Path
) -> None:
    services = world.services
    services.identity.add_user(world.cora, "tia", "Tia", "trainee", "482913")
    tia = services.identity.authenticate("tia", "482913")
    other = services.practice.start_practice(tia, "who-hand-rub")
    services.practice.finish_practice(tia, other.id, 90.0)
    for score in (40.0, 65.0):
        mine = services.practice.start_practice(world.tom, "who-hand-rub")
        world.clock.advance(60.0)
        services.practice.finish_practice(world.tom, mine.id, score)
    station = _open(qtbot, tom_ctx)
    try:
        station.show_history()
        qtbot.waitUntil(lambda: station.history.model.rowCount() == 2, timeout=10_000)
        assert {a.username for a in station.history.attempts} == {"tom"}
        assert station.history.chart.points == [40.0, 65.0]
        out = tmp_path / "report.pdf"
        station.save_report(out)
        qtbot.waitUntil(lambda: "saved" in tom_ctx.message_bar.text, timeout=30_000)
        text = "\n".join(page.extract_text() or "" for page in PdfReader(out).pages)
        assert "tom" in text and "Tia" not in text
    finally:
        station.shutdown()
        wait_idle(qtbot, tom_ctx)


def test_a_bad_device_url_is_reported_and_starts_nothing(
    qtbot: QtBot, tom_ctx: AppContext, world: World
) -> None:
    tom_ctx.settings = replace(tom_ctx.settings, device_url="nonsense://x")
    station = _open(qtbot, tom_ctx)
    try:
        station.select_skill("adult-cpr-aed")
        station.start()
        wait_idle(qtbot, tom_ctx)
        assert station.page == station.CHOOSE and station.attempt is None
        assert "nonsense://" in tom_ctx.message_bar.text
        assert world.services.practice.practice_attempts(world.tom) == []
    finally:
        station.shutdown()
        wait_idle(qtbot, tom_ctx)


def test_shutdown_mid_attempt_stops_the_reader_and_abandons(
    qtbot: QtBot, sim_ctx: AppContext, world: World
) -> None:
    station = _open(qtbot, sim_ctx)
    station.select_skill("adult-cpr-aed")
    station.start()
    qtbot.waitUntil(lambda: station.page == station.LIVE, timeout=10_000)
    attempt = station.attempt
    assert attempt is not None
    station.shutdown()
    wait_idle(qtbot, sim_ctx)
    assert not station.live.running and station.live.reader is None
    assert (
        world.services.practice.practice_attempt(world.tom, attempt.id).attempt.status
        == "abandoned"
    )


def test_metronome_beats_on_the_injected_clock() -> None:
    clock = FakeClock()
    clicks = Clicks()
    metronome = Metronome(clock, sound=clicks)
    assert not metronome.poll()
    metronome.start()
    assert metronome.poll() and metronome.lit
    assert not metronome.poll()
    clock.advance(0.2)
    assert not metronome.poll() and not metronome.lit
    clock.advance(0.35)  # 0.55 s: the second beat (60 / 110 = 0.545 s)
    assert metronome.poll()
    clock.advance(5.0)  # a long stall: one click, not a burst
    assert metronome.poll() and not metronome.poll()
    assert clicks.count == metronome.beats == 3
    with pytest.raises(ValueError, match="above 0"):
        Metronome(clock, bpm=0)


def test_charts_draw_compressions_and_progress(qtbot: QtBot) -> None:
    chart = CompressionChart()
    qtbot.addWidget(chart)
    synthetic = synthesize([Run(20, rate_cpm=110, depth_mm=55), Run(10, depth_mm=35)], seed=4)
    from devices.cpr.analysis import analyze_trace

    summary = analyze_trace(synthetic.trace, ADULT)
    chart.set_data(summary.per_compression, ADULT)
    chart.resize(600, 300)
    image = chart.grab().toImage()
    assert len(chart.records) == 30 and not image.isNull()
    progress = ProgressChart()
    qtbot.addWidget(progress)
    progress.set_scores([30.0, 55.0, 80.0])
    progress.resize(400, 200)
    assert not progress.grab().toImage().isNull()


def reanalysed(data: bytes, profile: str = "adult") -> dict[str, float]:
    """The metrics of a stored trace analysed afresh, as the services store them."""
    from assessments.metrics import METRIC_NAMES
    from devices.cpr.analysis import analyze_trace
    from devices.cpr.profiles import get_profile
    from devices.trace import parse_trace

    figures = analyze_trace(parse_trace(data), get_profile(profile)).as_dict()
    return {k: float(v) for k in METRIC_NAMES if isinstance(v := figures.get(k), int | float)}


class SilentDevice(FedSource):
    """A device source that never answers: the reader keeps connecting."""

    def __init__(self, url: str) -> None:
        super().__init__(url, ReaderState.CONNECTING, rate_hz=None)

    def status(self) -> ReaderStatus:
        state = ReaderState.STOPPED if self.stopped else ReaderState.CONNECTING
        return ReaderStatus(self.url, state)


def test_an_attempt_without_samples_is_stored_without_a_score(
    qtbot: QtBot, sim_ctx: AppContext, world: World
) -> None:
    devices: list[SilentDevice] = []

    def factory(url: str) -> SilentDevice:
        devices.append(SilentDevice(url))
        return devices[-1]

    station = _open(qtbot, sim_ctx, reader_factory=factory)
    try:
        station.select_skill("adult-cpr-aed")
        station.chooser.profile.setCurrentIndex(station.chooser.profile.findData("infant"))
        station.start()
        qtbot.waitUntil(lambda: station.page == station.LIVE, timeout=10_000)
        station.live.tick()
        assert "Connecting" in station.live.connection.text()
        assert station.live.depth_card.value.text() == "—"
        assert "35–45 mm" in station.live.depth_card.feedback.text()  # the infant band
        attempt = station.attempt
        assert attempt is not None
        station.finish()
        qtbot.waitUntil(lambda: station.page == station.SUMMARY, timeout=10_000)
        assert devices[0].started and devices[0].stopped
        stored = world.services.practice.practice_attempt(world.tom, attempt.id)
        assert stored.attempt.status == "completed" and stored.attempt.score is None
        assert stored.traces == () and stored.details["cpr_profile"] == "infant"
        assert station.summary.score.text() == "Score: — / 100"
    finally:
        station.shutdown()
        wait_idle(qtbot, sim_ctx)


def test_switching_language_translates_the_skills_and_keeps_the_choice(
    qtbot: QtBot, tom_ctx: AppContext
) -> None:
    from ui.i18n import install_language

    station = _open(qtbot, tom_ctx)
    try:
        station.select_skill("who-hand-rub")
        install_language("fr")
        qtbot.waitUntil(
            lambda: "Test de compétences" in station.chooser.list.item(0).text(), timeout=10_000
        )
        assert station.selected_key == "who-hand-rub"
        assert station.chooser.start_button.text() == station.chooser.tr("&Start")
        assert station.chooser.start_button.text() != "&Start"
    finally:
        install_language("en")
        station.shutdown()
        wait_idle(qtbot, tom_ctx)


@pytest.mark.parametrize("size", [(160, 100), (220, 130), (400, 200), (300, 260)])
def test_the_rate_dial_keeps_its_scale_labels_inside(qtbot: QtBot, size: tuple[int, int]) -> None:
    """The end labels (60 and 160 /min) sat level with the dial's centre, half below the
    widget's edge, and were cut."""
    from PySide6.QtCore import QRectF

    from ui.practice.widgets import RateDial

    dial = RateDial()
    qtbot.addWidget(dial)
    dial.resize(*size)
    inside = QRectF(dial.rect())
    for rate, box in dial.label_boxes():
        assert inside.contains(box), (rate, box, size)
    assert not dial.grab().isNull()


def test_feedback_cards_keep_their_width_as_the_words_change(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    from ui.practice.widgets import FeedbackCard

    holder = QWidget()
    qtbot.addWidget(holder)
    row = QHBoxLayout(holder)
    cards = [FeedbackCard(None, holder) for _ in range(3)]
    for card in cards:
        row.addWidget(card)
    holder.resize(900, 200)
    holder.show()
    qtbot.waitExposed(holder)
    widths = [card.width() for card in cards]
    for value, words in (
        ("—", ""),
        ("112 /min", "✓ good rate"),
        ("48 mm", "▲ push harder: at least 50 mm, all the way down every time"),
    ):
        cards[0].show_value(value, words, "warn" if "▲" in words else "ok")
        qtbot.wait(1)
        assert [card.width() for card in cards] == widths, words


def test_a_cpr_attempt_that_cannot_be_stored_keeps_its_trace_and_finish_tries_again(
    qtbot: QtBot, tom_ctx: AppContext, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devices.cpr.synth import Run, synthesize

    source = FedSource("sim://cpr", rate_hz=100.0)
    tom_ctx.settings = replace(tom_ctx.settings, device_url="sim://cpr")
    station = _open(qtbot, tom_ctx, reader_factory=lambda _url: source)
    real = world.services.practice.record_cpr_trace
    calls: list[str] = []

    def broken(*args: object, **kwargs: object) -> object:
        calls.append("broken")
        raise OSError("disk full")

    try:
        station.select_skill("adult-cpr-aed")
        station.start()
        qtbot.waitUntil(lambda: station.page == station.LIVE, timeout=10_000)
        attempt = station.attempt
        assert attempt is not None
        samples = synthesize([Run(20, depth_mm=55)], rate_hz=100.0, seed=5).trace.samples
        source.feed(samples)
        station.live.tick()
        monkeypatch.setattr(world.services.practice, "record_cpr_trace", broken)
        station.finish()
        wait_idle(qtbot, tom_ctx)
        assert calls == ["broken"]
        # Nothing is lost: the attempt stays open, its trace kept, the user told so.
        assert station.attempt is not None and station.page == station.LIVE
        kept = list((tom_ctx.settings.resolved_data_dir / "traces").glob("practice-*.csv"))
        assert len(kept) == 1
        assert "kept" in tom_ctx.message_bar.messages[-1][1]
        details = world.services.practice.practice_attempt(world.tom, attempt.id)
        assert details.attempt.status == "in_progress" and not details.metrics
        monkeypatch.setattr(world.services.practice, "record_cpr_trace", real)
        station.finish()  # Finish again: the kept trace is stored
        qtbot.waitUntil(lambda: station.page == station.SUMMARY, timeout=10_000)
        details = world.services.practice.practice_attempt(world.tom, attempt.id)
        assert details.attempt.status == "completed"
        assert details.traces[0].sample_count == len(samples)
        stored = world.services.practice.practice_trace(world.tom, attempt.id)
        assert details.metrics == reanalysed(stored.data)
        assert not kept[0].exists()
    finally:
        station.shutdown()
        wait_idle(qtbot, tom_ctx)
