"""A CPR session captured through the whole device path (devices/trace_capture.py): the
simulated manikin on a real pseudo-terminal, the reader, the live analyser, the
recorder, and the trace analysed again; repeatable with a lossless, START-aligned
simulator."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_services_support import COORDINATOR_SECRET, EXAMINER_PIN, make_services

from assessments.metrics import METRIC_NAMES
from devices.cpr.analysis import Compression, CprEvent, analyze_trace
from devices.protocol import START, FrameDecoder, Reading, format_command
from devices.sim.firmware import DeviceInfo, ManikinSource, SimulatedDevice
from devices.sim.manikin import ManikinSignal
from devices.sim.pty import PtySimulator
from devices.trace import read_trace
from devices.trace_capture import Capture, CaptureError, capture_cpr

RATE_HZ = 100.0


def _factory(profile: str, seed: int) -> SimulatedDevice:
    source = ManikinSource(ManikinSignal(profile, seed=seed), RATE_HZ, from_start=True)
    return SimulatedDevice(source, info=DeviceInfo(serial=f"T-{seed}"))


def _capture(tmp_path: Path, name: str, profile: str = "good", seed: int = 4) -> Capture:
    with PtySimulator(
        speed=400.0, device_factory=lambda: _factory(profile, seed), lossless=True
    ) as simulator:
        return capture_cpr(simulator.path, 20.0, tmp_path / name)


def _body(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if "url=" not in line]


def test_a_session_is_read_analysed_live_recorded_and_analysed_again(tmp_path: Path) -> None:
    events: list[CprEvent] = []
    with PtySimulator(
        speed=400.0, device_factory=lambda: _factory("leaning", 2), lossless=True
    ) as simulator:
        capture = capture_cpr(simulator.path, 20.0, tmp_path / "s.csv", on_event=events.append)
    assert capture.recording.samples == 20 * RATE_HZ and capture.recording.gaps == 0
    assert capture.status.counters.lost == 0 and capture.status.counters.bad == 0
    assert capture.identity["serial"] == "T-2" and "/dev/" in capture.identity["url"]
    assert "serial=T-2" in capture.identity_text
    assert capture.agrees
    assert capture.analysis.as_dict() == analyze_trace(read_trace(tmp_path / "s.csv")).as_dict()
    compressions = [e for e in events if isinstance(e, Compression)]
    assert len(compressions) == capture.live.compressions >= 30
    # Leaning: the chest is not released fully between compressions.
    assert capture.analysis.pct_full_recoil is not None and capture.analysis.pct_full_recoil < 50


def test_two_recordings_of_one_seed_hold_the_same_samples(tmp_path: Path) -> None:
    first = _capture(tmp_path, "a.csv")
    second = _capture(tmp_path, "b.csv")
    assert _body(tmp_path / "a.csv") == _body(tmp_path / "b.csv")
    assert first.analysis.as_dict() == second.analysis.as_dict()
    other = _capture(tmp_path, "c.csv", seed=5)
    assert _body(tmp_path / "c.csv") != _body(tmp_path / "a.csv")
    assert other.recording.samples == first.recording.samples


def _first_readings(device: SimulatedDevice, start_at: float) -> list[dict[str, float | None]]:
    """The values of the data frames of the 1.5 s after START at ``start_at``."""
    device.advance(start_at)
    device.receive(format_command(START))
    device.advance(start_at + 1.5)
    events = FrameDecoder().feed(device.take_output())
    return [dict(e.values) for e in events if isinstance(e, Reading)]


def test_a_start_aligned_manikin_begins_its_session_at_start() -> None:
    """Whenever START comes, the first data frames carry the same values."""
    early = _first_readings(_factory("good", 9), 0.25)
    assert len(early) == 150
    assert _first_readings(_factory("good", 9), 7.5) == early
    unaligned = SimulatedDevice(ManikinSource(ManikinSignal("good", seed=9), RATE_HZ))
    assert _first_readings(unaligned, 7.5) != early


def test_a_captured_session_is_stored_with_a_practice_attempt_and_read_back(
    tmp_path: Path,
) -> None:
    """simulator -> pty -> reader -> analyser -> trace -> stored trace and metrics."""
    services = make_services(tmp_path / "station.db")
    try:
        cora = services.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
        services.identity.add_user(cora, "tia", "Tia", "trainee", EXAMINER_PIN)
        tia = services.identity.authenticate("tia", EXAMINER_PIN)
        attempt = services.practice.start_practice(tia, "adult-cpr-aed")
        capture = _capture(tmp_path, "p.csv", profile="shallow", seed=6)
        record = services.practice.record_cpr_trace(
            tia, capture.trace_path, capture.identity_text, attempt_id=attempt.id
        )
        assert record.summary.as_dict() == capture.analysis.as_dict()
        details = services.practice.practice_attempt(tia, attempt.id)
        stored = services.practice.practice_trace(tia, attempt.id)
    finally:
        services.db.close()
    assert stored.data == capture.trace_path.read_bytes()
    assert stored.info.sample_count == 20 * RATE_HZ
    copy = tmp_path / "copy.csv"
    copy.write_bytes(stored.data)
    again = analyze_trace(read_trace(copy)).as_dict()
    assert details.metrics == {k: again[k] for k in METRIC_NAMES if again[k] is not None}
    assert details.metrics["mean_depth_mm"] < 50  # the shallow profile
    assert details.attempt.score == again["score"]


def test_a_device_that_cannot_be_opened_is_a_capture_error(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="cannot open the device"):
        capture_cpr(str(tmp_path / "no-such-port"), 5.0, tmp_path / "x.csv")
    with pytest.raises(ValueError, match="above 0"):
        capture_cpr("sim://cpr", 0.0, tmp_path / "y.csv")


def test_a_screen_recording_stores_segments_so_far_and_then_the_whole(tmp_path: Path) -> None:
    """The screens' recorder: a snapshot while it goes on, the whole at the end, the
    wall-clock time of the first sample in the header, the file removed on request."""
    import time
    from datetime import datetime

    from devices.reader import ReaderEvent, ReaderState, ReaderStatus
    from devices.ring import Broadcast, Ring
    from devices.sample import Sample
    from devices.trace import parse_trace
    from devices.trace_capture import TraceRecording

    class Source:
        def __init__(self) -> None:
            self.broadcast: Broadcast[ReaderEvent] = Broadcast()

        def subscribe(self, capacity: int = 65536) -> Ring[ReaderEvent]:
            return self.broadcast.subscribe(capacity)

        def unsubscribe(self, ring: Ring[ReaderEvent]) -> None:
            self.broadcast.unsubscribe(ring)

        def status(self) -> ReaderStatus:
            return ReaderStatus("sim://cpr", ReaderState.STREAMING, identity={"serial": "S-9"})

    source = Source()
    recording = TraceRecording(source, tmp_path / "traces", interval_s=0.01)
    now_mono, before = time.monotonic(), time.time()
    source.broadcast.publish_many(
        [
            Sample(device_t_s=1.0, host_t_s=now_mono - 30.0, depth_mm=10.0),
            Sample(device_t_s=1.01, host_t_s=now_mono - 29.99, depth_mm=11.0),
        ]
    )
    first = recording.so_far()
    assert first.samples == 2 and first.device_identity == "serial=S-9 url=sim://cpr"
    trace = parse_trace(first.data)
    assert [s.depth_mm for s in trace.samples] == [10.0, 11.0]
    # The first sample arrived 30 s before now, on the wall clock too.
    stamp = trace.identity["first_sample_wall_time"]
    assert abs(datetime.fromisoformat(stamp).timestamp() - (before - 30.0)) < 5.0
    source.broadcast.publish(Sample(device_t_s=1.02, host_t_s=now_mono, depth_mm=12.0))
    whole = recording.finish()
    assert whole.samples == 3 and len(parse_trace(whole.data).samples) == 3
    assert source.broadcast.subscribers == 0
    assert recording.path.exists()  # kept until it is stored
    recording.remove()
    assert not recording.path.exists()
