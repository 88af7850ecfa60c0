"""End to end over a real pseudo-terminal: simulator → serial port → reader → rings,
with the cable pulled and plugged back in; the recorder; the command-line handlers.

Data really flows through the kernel's pty here, so the tests wait for it (always with
a bound). The reconnect back-off never waits: it runs on a clock whose sleeps the test
holds and releases, which also lets the test look at the "disconnected" state while
the reader is parked in it.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from common.clock import FakeClock
from devices.reader import DeviceReader, Gap, ReaderEvent, ReaderState, ReaderStatus
from devices.ring import Ring
from devices.sample import Sample
from devices.sim.pty import PtySimulator
from devices.trace_recorder import Recorder
from station.errors import UserError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals need POSIX")

WAIT_S = 15.0  # bound on waiting for data through the pty; never reached when all is well
REPO = Path(__file__).resolve().parent.parent


class HeldBackoffClock:
    """Real time for reading the port; back-off sleeps wait for the test's go-ahead and
    then count as elapsed without taking any real time."""

    def __init__(self) -> None:
        self._slept = 0.0
        self._go = threading.Event()
        self._go.set()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return time.monotonic() + self._slept

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self._slept)

    def sleep(self, seconds: float) -> None:
        self._go.wait(WAIT_S)
        self.sleeps.append(seconds)
        self._slept += seconds

    def hold(self) -> None:
        self._go.clear()

    def release(self) -> None:
        self._go.set()


def wait(reader: DeviceReader, predicate: Callable[[ReaderStatus], bool]) -> ReaderStatus:
    status = reader.wait_for(predicate, WAIT_S)
    assert status is not None, f"gave up waiting; the reader is {reader.status()}"
    return status


def split(items: list[ReaderEvent]) -> tuple[list[Sample], list[Gap]]:
    return [i for i in items if isinstance(i, Sample)], [i for i in items if isinstance(i, Gap)]


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[PtySimulator]:
    sim = PtySimulator(link=tmp_path / "manikin", speed=5.0, rate_hz=200.0, seed=1)
    sim.start()
    yield sim
    sim.stop()


def test_unplug_and_replug_over_a_real_pty(simulator: PtySimulator) -> None:
    assert simulator.link is not None
    assert os.readlink(simulator.link) == simulator.path
    clock = HeldBackoffClock()
    clock.hold()
    reader = DeviceReader(str(simulator.link), clock=clock)
    ring: Ring[ReaderEvent] = reader.subscribe()
    reader.start()
    try:
        status = wait(reader, lambda s: s.state is ReaderState.STREAMING and s.samples >= 200)
        assert status.identity["model"] == "SkillStation SimManikin"

        simulator.unplug()  # mid-stream
        assert not simulator.link.exists()
        status = wait(reader, lambda s: s.disconnects == 1)
        assert status.state is ReaderState.DISCONNECTED
        assert status.last_error is not None
        assert "reading from the device failed" in status.last_error
        assert clock.sleeps == []  # parked in its first back-off sleep

        simulator.replug()
        assert os.readlink(simulator.link) == simulator.path
        clock.release()
        before = status.samples
        status = wait(
            reader,
            lambda s: (
                s.state is ReaderState.STREAMING and s.connects == 2 and s.samples > before + 200
            ),
        )
        assert clock.sleeps  # the back-off slept on the injected clock, not for real
    finally:
        clock.release()
        reader.stop()
    assert reader.status().state is ReaderState.STOPPED
    samples, gaps = split(ring.drain())
    times = [s.device_t_s for s in samples]
    assert all(b > a for a, b in itertools.pairwise(times))
    unplugged = [g for g in gaps if "reading from the device failed" in g.reason]
    assert len(unplugged) == 1
    gap = unplugged[0]
    assert gap.start_s < gap.end_s
    assert gap.start_s in times and gap.end_s in times
    assert any(t < gap.start_s for t in times) and any(t > gap.end_s for t in times)
    assert all(s.depth_mm is not None and -5 <= s.depth_mm <= 120 for s in samples)


def test_the_simulator_answers_commands_over_the_pty(simulator: PtySimulator) -> None:
    reader = DeviceReader(str(simulator.link))
    reader.start()
    try:
        wait(reader, lambda s: s.state is ReaderState.STREAMING)
        reader.set_rate(100)
        status = wait(reader, lambda s: s.last_reply == "ack RATE 100")
        reader.zero()
        status = wait(reader, lambda s: s.last_reply == "ack ZERO")
        assert status.last_error is None
    finally:
        reader.stop()


# --------------------------------------------------------------------------- the recorder


class MemorySink:
    """Stands in for the trace writer: keeps what it is given."""

    def __init__(self, path: Path, identity: Mapping[str, str], extra: Sequence[str]) -> None:
        self.path = path
        self.identity = dict(identity)
        self.extra = list(extra)
        self.samples: list[Sample] = []
        self.gaps: list[tuple[float, float, str]] = []
        self.closed = False

    def write(self, sample: Sample) -> None:
        self.samples.append(sample)

    def gap(self, start_s: float, end_s: float, reason: str) -> None:
        self.gaps.append((start_s, end_s, reason))

    def close(self) -> None:
        self.closed = True


def test_recorder_writes_samples_and_gaps_from_its_own_thread(simulator: PtySimulator) -> None:
    sinks: list[MemorySink] = []

    def factory(path: Path, identity: Mapping[str, str], extra: Sequence[str]) -> MemorySink:
        sinks.append(MemorySink(path, identity, extra))
        return sinks[-1]

    clock = HeldBackoffClock()
    clock.hold()
    assert simulator.link is not None
    reader = DeviceReader(str(simulator.link), clock=clock)
    recorder = Recorder(reader, simulator.link.with_name("trace.csv"), sink_factory=factory)
    reader.start()
    recorder.start()
    try:
        wait(reader, lambda s: s.samples >= 100)
        simulator.unplug()
        wait(reader, lambda s: s.disconnects == 1)
        simulator.replug()
        clock.release()
        wait(reader, lambda s: s.connects == 2 and s.samples >= 300)
    finally:
        clock.release()
        reader.stop()
        summary = recorder.stop()
    (sink,) = sinks
    assert sink.closed
    assert sink.identity["model"] == "SkillStation SimManikin"
    assert sink.extra == []
    assert summary.samples == len(sink.samples) == reader.status().samples
    assert summary.gaps == len(sink.gaps) >= 1
    assert any("reading from the device failed" in reason for _, _, reason in sink.gaps)
    assert summary.error is None and summary.dropped == 0
    assert summary.duration_s == pytest.approx(
        sink.samples[-1].device_t_s - sink.samples[0].device_t_s
    )


def test_recorder_marks_what_it_had_to_drop() -> None:
    """A recorder that falls behind loses the oldest samples: the hole is a gap."""
    sinks: list[MemorySink] = []

    def factory(path: Path, identity: Mapping[str, str], extra: Sequence[str]) -> MemorySink:
        sinks.append(MemorySink(path, identity, extra))
        return sinks[-1]

    reader = DeviceReader("sim://cpr?rate_hz=100", clock=FakeClock())
    recorder = Recorder(reader, "unused.csv", capacity=50, sink_factory=factory)
    reader.start()
    try:
        wait(reader, lambda s: s.samples >= 10)
        recorder.pump()  # the trace begins
        wait(reader, lambda s: s.samples >= 500)
    finally:
        reader.stop()
    summary = recorder.stop()
    (sink,) = sinks
    assert summary.dropped > 0
    assert any("dropped: the recorder fell behind" in reason for _, _, reason in sink.gaps)
    times = [s.device_t_s for s in sink.samples]
    assert all(b > a for a, b in itertools.pairwise(times))


def test_a_failing_disk_stops_the_recording_with_a_reason() -> None:
    class FullDisk(MemorySink):
        def write(self, sample: Sample) -> None:
            raise OSError(28, "No space left on device")

    clock = FakeClock()
    reader = DeviceReader("sim://cpr", clock=clock)
    recorder = Recorder(reader, "t.csv", sink_factory=FullDisk)
    reader.start()
    try:
        wait(reader, lambda s: s.samples >= 10)
        assert recorder.pump() == 0
    finally:
        reader.stop()
    summary = recorder.stop()
    assert summary.error is not None and "No space left on device" in summary.error


# --------------------------------------------------------------------------- command line


def record_args(**kw: object) -> argparse.Namespace:
    values = {"device": "sim://cpr", "seconds": 1.0, "out": "trace.csv", "force": False}
    values.update(kw)
    return argparse.Namespace(**values)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"device": "sim://cpr?profile=heroic"}, "--device: sim://cpr.*unknown profile"),
        ({"seconds": 0.0}, "give a duration above 0"),
        ({"out": "/nonexistent-folder/t.csv"}, "does not exist"),
    ],
)
def test_record_refuses_bad_arguments(args: dict[str, object], message: str) -> None:
    from station.commands.devices import run_record

    with pytest.raises(UserError, match=message):
        run_record(record_args(**args))


def test_record_will_not_overwrite_without_force(tmp_path: Path) -> None:
    from station.commands.devices import run_record

    out = tmp_path / "t.csv"
    out.write_text("keep me")
    with pytest.raises(UserError, match="--force"):
        run_record(record_args(out=str(out)))
    assert out.read_text() == "keep me"


def test_record_says_clearly_when_the_device_cannot_be_opened(tmp_path: Path) -> None:
    from station.commands.devices import run_record

    out = tmp_path / "t.csv"
    with pytest.raises(UserError, match=r"cannot open the device .*ttyNOPE.*devices list"):
        run_record(record_args(device=str(tmp_path / "ttyNOPE"), out=str(out)))
    assert not out.exists()


def test_devices_list(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import devices.ports
    from station.commands.devices import run_devices_list

    monkeypatch.setattr(devices.ports, "_system_lister", lambda: [])
    assert run_devices_list(argparse.Namespace()) == 0
    assert capsys.readouterr().out == "no serial ports found\n"

    ports = [
        SimpleNamespace(
            device="/dev/ttyACM0",
            description="Arduino Uno",
            vid=0x2341,
            pid=0x0043,
            serial_number="A1B2",
        ),
        SimpleNamespace(
            device="/dev/ttyS0", description="n/a", vid=None, pid=None, serial_number=None
        ),
    ]
    monkeypatch.setattr(devices.ports, "_system_lister", lambda: ports)
    assert run_devices_list(argparse.Namespace()) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["PORT", "USB", "ID", "SERIAL", "NUMBER", "DESCRIPTION"]
    assert out[1].split() == ["/dev/ttyACM0", "2341:0043", "A1B2", "Arduino", "Uno"]
    assert out[2].split() == ["/dev/ttyS0", "-", "-", "-"]
    assert out[-1].endswith("--device usb:2341:0043:A1B2")


@pytest.mark.slow
def test_simulate_device_runs_until_ctrl_c(tmp_path: Path) -> None:
    link = tmp_path / "manikin"
    code = (
        "import argparse, sys\n"
        "from station.commands.devices import run_simulate_device\n"
        "sys.exit(run_simulate_device(argparse.Namespace(pty=True, link=sys.argv[1], "
        "profile='good', speed=5.0, rate_hz=200.0, seed=1)))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(link)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("simulated manikin (good, 200 Hz, speed 5x) on /dev/")
        assert process.stdout.readline() == f"link: {link} -> {first.split()[-1]}\n"
        reader = DeviceReader(str(link))
        reader.start()
        try:
            wait(reader, lambda s: s.samples >= 50)
        finally:
            reader.stop()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=WAIT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert out.rstrip().endswith("stopped")
    assert not link.exists() and not link.is_symlink()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pty": False}, "--pty"),
        ({"profile": "heroic"}, "unknown profile"),
        ({"rate_hz": 0.5}, "1 to 1000 Hz"),
        ({"speed": 0.0}, "above 0"),
    ],
)
def test_simulate_device_refuses_bad_arguments(changes: dict[str, object], message: str) -> None:
    from station.commands.devices import run_simulate_device

    values: dict[str, object] = {
        "pty": True,
        "link": None,
        "profile": "good",
        "speed": 1.0,
        "rate_hz": 200.0,
        "seed": 0,
    }
    values.update(changes)
    with pytest.raises(UserError, match=message):
        run_simulate_device(argparse.Namespace(**values))


def test_simulate_device_will_not_replace_a_file_with_its_link(tmp_path: Path) -> None:
    from station.commands.devices import run_simulate_device

    target = tmp_path / "precious.txt"
    target.write_text("data")
    args = argparse.Namespace(
        pty=True, link=str(target), profile="good", speed=1.0, rate_hz=200.0, seed=0
    )
    with pytest.raises(UserError, match="a file is there already"):
        run_simulate_device(args)
    assert target.read_text() == "data"


# --------------------------------------------------------------------------- trace files


def test_record_a_trace_and_replay_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """record (sim:// on a fake clock: no waiting) → trace file → replay:// → the same
    samples, through the protocol again."""
    trace_module = pytest.importorskip("devices.trace")
    import station.commands.devices as command

    monkeypatch.setattr(command, "CLOCK", FakeClock())
    out = tmp_path / "good.csv"
    args = record_args(device="sim://cpr?rate_hz=100&seed=2", seconds=3.0, out=str(out))
    assert command.run_record(args) == 0
    printed = capsys.readouterr().out
    assert "recording SkillStation SimManikin SIM-2" in printed
    assert "frames:" in printed and "0 bad" in printed and "0 lost" in printed
    trace = trace_module.read_trace(out)
    assert trace.identity["model"] == "SkillStation SimManikin"
    # Three seconds of the device's time line at 100 Hz, exactly.
    assert len(trace.samples) == 300
    assert trace.samples[-1].device_t_s - trace.samples[0].device_t_s == pytest.approx(2.99)
    assert not trace.gaps

    reader = DeviceReader(f"replay://{out}", clock=FakeClock())
    ring = reader.subscribe()
    reader.start()
    try:
        wait(reader, lambda s: s.samples >= len(trace.samples))
    finally:
        reader.stop()
    replayed, gaps = split(ring.drain())
    assert gaps == []
    assert len(replayed) == len(trace.samples)
    original = trace.samples
    for a, b in zip(original, replayed, strict=True):
        assert b.device_t_s - replayed[0].device_t_s == pytest.approx(
            a.device_t_s - original[0].device_t_s, abs=1e-3
        )
        assert b.depth_mm == pytest.approx(a.depth_mm, abs=1e-3)
        assert b.force_n == pytest.approx(a.force_n, abs=1e-3)


def test_ctrl_c_stops_a_recording_early_with_its_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``record`` promises "Ctrl+C stops early": the trace so far is kept and the summary
    printed, and the command ends normally."""
    from devices import reader as reader_module
    from station.commands.devices import run_record

    real_wait = reader_module.DeviceReader.wait_for
    calls = 0

    def wait_for(self: object, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 2:  # the first wait is for the connection; then the user presses Ctrl+C
            raise KeyboardInterrupt
        return real_wait(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reader_module.DeviceReader, "wait_for", wait_for)
    out = tmp_path / "t.csv"
    assert run_record(record_args(out=str(out), seconds=30.0)) == 0
    printed = capsys.readouterr().out
    assert "stopped early (Ctrl+C)" in printed
    assert "recorded " in printed and out.exists()
