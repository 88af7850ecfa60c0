"""Device URLs, transports, ring buffers and the reader thread.

Protocol exchanges are stated exactly, in the manner of PyMeasure's
``expected_protocol``: each step is what the host must send and what the device
answers; a test passes only if the host sent exactly those lines, in that order, and
read every answer. Time is a :class:`FakeClock`: timeouts, heartbeats and the reconnect
back-off run on it, so no test waits for them.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.clock import Clock, FakeClock
from devices.protocol import (
    DEFAULT_CHANNELS,
    IDENTIFY,
    START,
    STOP,
    ZERO,
    Ack,
    Channel,
    Data,
    ErrorReply,
    Heartbeat,
    Hello,
    crc16,
    format_command,
    format_frame,
    frame_line,
    set_rate,
)
from devices.reader import (
    DeviceReader,
    Gap,
    ReaderEvent,
    ReaderState,
    ReaderStatus,
    _OffsetEstimator,
)
from devices.ring import Broadcast, Ring
from devices.sample import Sample
from devices.transport import (
    Connection,
    DeviceURL,
    DeviceURLError,
    SimTransport,
    TransportError,
    open_transport,
    parse_device_url,
)

HELLO = Hello(1, "TestManikin", "2.1", "TM-42", 100.0, DEFAULT_CHANNELS)
WAIT_S = 10.0  # bound on waiting for the reader thread; never reached when all is well


def data(seq: int, ms: int, depth: float = 10.0) -> bytes:
    return format_frame(Data(seq, ms, (depth, 90.0, 0.0)))


def frames(*items: Hello | Ack | ErrorReply | Heartbeat) -> bytes:
    return b"".join(format_frame(i) for i in items)


# --------------------------------------------------------------------------- the scripted device


class ScriptedPort:
    """A fake port playing the device's side of an exact exchange.

    ``greeting`` is sent when the port opens; ``script`` lists (line the host must send,
    bytes the device answers). Lines the host sends out of script are kept in
    ``unexpected``. ``idle_advance`` moves the fake clock on a read that finds nothing,
    as a read timeout would (only while more than ``advance_while_steps`` steps remain);
    without it such a read waits briefly for the other thread.
    """

    def __init__(
        self,
        clock: FakeClock,
        greeting: bytes = b"",
        script: list[tuple[bytes, bytes]] | None = None,
        *,
        idle_advance: float = 0.0,
        advance_while_steps: int | None = None,
    ) -> None:
        self.clock = clock
        self.steps: deque[tuple[bytes, bytes]] = deque(script or [])
        self.unexpected: list[bytes] = []
        self.idle_advance = idle_advance
        self.advance_while_steps = advance_while_steps
        self.failure: Exception | None = None
        self.closed = False
        self._out = bytearray(greeting)
        self._partial = b""
        self._cond = threading.Condition()

    def feed(self, data: bytes) -> None:
        """The device sends ``data`` now (from the test's side)."""
        with self._cond:
            self._out += data
            self._cond.notify_all()

    def pull_plug(self, error: Exception | None = None) -> None:
        with self._cond:
            self.failure = error or OSError(5, "Input/output error")
            self._cond.notify_all()

    @property
    def unread(self) -> bytes:
        with self._cond:
            return bytes(self._out)

    @property
    def in_waiting(self) -> int:
        with self._cond:
            if self.failure is not None:
                raise self.failure
            return len(self._out)

    def read(self, size: int = 1) -> bytes:
        with self._cond:
            if self.failure is not None:
                raise self.failure
            if not self._out:
                limit = self.advance_while_steps
                if self.idle_advance and (limit is None or len(self.steps) > limit):
                    self.clock.advance(self.idle_advance)
                else:
                    self._cond.wait(0.005)
                return b""
            chunk = bytes(self._out[:size])
            del self._out[:size]
            return chunk

    def write(self, data: bytes, /) -> int:
        with self._cond:
            if self.failure is not None:
                raise self.failure
            buffer = self._partial + data
            *lines, self._partial = buffer.split(b"\n")
            for line in lines:
                line += b"\n"
                if self.steps and self.steps[0][0] == line:
                    self._out += self.steps.popleft()[1]
                else:
                    self.unexpected.append(line)
            self._cond.notify_all()
        return len(data)

    def close(self) -> None:
        self.closed = True

    def assert_exchange_complete(self) -> None:
        assert self.unexpected == [], f"the host sent lines out of script: {self.unexpected}"
        assert list(self.steps) == [], f"steps never reached: {list(self.steps)}"
        assert self._partial == b""
        assert self.unread == b"", "the host left answers unread"


class Opener:
    """Hands out prepared connections in order; an exception in the list is raised."""

    def __init__(self, clock: FakeClock, *outcomes: ScriptedPort | Exception) -> None:
        self.clock = clock
        self.outcomes = deque(outcomes)
        self.calls: list[tuple[str, float]] = []

    def __call__(self, url: DeviceURL, *, timeout: float, clock: Clock) -> Connection:
        self.calls.append((url.target, self.clock.monotonic()))
        if not self.outcomes:
            raise TransportError(f"{url.target}: nothing there")
        outcome = self.outcomes.popleft()
        if isinstance(outcome, Exception):
            raise outcome
        port = url.target if url.kind == "serial" else None
        return Connection(outcome, port, url.text)


def events(ring: Ring[ReaderEvent]) -> tuple[list[Sample], list[Gap]]:
    items = ring.drain()
    return [i for i in items if isinstance(i, Sample)], [i for i in items if isinstance(i, Gap)]


def wait(reader: DeviceReader, predicate: Callable[[ReaderStatus], bool]) -> ReaderStatus:
    status = reader.wait_for(predicate, WAIT_S)
    assert status is not None, f"the reader never got there; it is {reader.status()}"
    return status


class GatedClock(FakeClock):
    """A fake clock whose sleeps can be held: a reader backing off then parks in its
    sleep, so the test can look at a status that cannot change under it."""

    def __init__(self, start: float) -> None:
        super().__init__(start)
        self._open = threading.Event()
        self._open.set()

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def sleep(self, seconds: float) -> None:
        self._open.wait(WAIT_S)
        super().sleep(seconds)


@pytest.fixture
def clock() -> GatedClock:
    return GatedClock(1000.0)


@pytest.fixture
def readers(clock: GatedClock) -> Iterator[list[DeviceReader]]:
    """Readers made by a test are stopped (and their threads joined) after it."""
    made: list[DeviceReader] = []
    yield made
    clock.release()
    for reader in made:
        reader.stop()


def session(after_start: bytes, hello: Hello = HELLO) -> list[tuple[bytes, bytes]]:
    """The usual exchange: IDN, START (answered by ``after_start``), STOP at the end."""
    return [
        (format_command(IDENTIFY), format_frame(hello)),
        (format_command(START), format_frame(Ack("START")) + after_start),
        (format_command(STOP), format_frame(Ack("STOP"))),
    ]


def make_reader(
    readers: list[DeviceReader], url: str, clock: FakeClock, opener: Opener, **kw: Any
) -> tuple[DeviceReader, Ring[ReaderEvent]]:
    reader = DeviceReader(url, clock=clock, opener=opener, lister=lambda: [], **kw)
    readers.append(reader)
    ring = reader.subscribe()
    return reader, ring


# --------------------------------------------------------------------------- exact exchanges


def test_handshake_stream_and_stop_exchange(clock: GatedClock, readers: list[DeviceReader]) -> None:
    stream = data(0, 5000) + data(1, 5010) + format_frame(Heartbeat(5012)) + data(2, 5020)
    port = ScriptedPort(
        clock,
        greeting=format_frame(HELLO),  # the board's boot announcement
        script=[
            (format_command(IDENTIFY), format_frame(HELLO)),
            (format_command(START), format_frame(Ack("START")) + stream),
            (format_command(STOP), format_frame(Ack("STOP"))),
        ],
    )
    reader, ring = make_reader(readers, "serial:///dev/ttyTEST0", clock, Opener(clock, port))
    reader.start()
    status = wait(reader, lambda s: s.samples == 3)
    assert status.state is ReaderState.STREAMING
    assert status.identity["model"] == "TestManikin"
    assert status.identity["serial"] == "TM-42"
    assert status.port == "/dev/ttyTEST0"
    reader.stop()
    port.assert_exchange_complete()
    assert port.closed
    samples, gaps = events(ring)
    assert [s.device_t_s for s in samples] == pytest.approx([0.0, 0.01, 0.02])
    assert [s.depth_mm for s in samples] == [10.0, 10.0, 10.0]
    assert gaps == []
    final = reader.status()
    assert final.state is ReaderState.STOPPED
    assert final.counters.good == 8 and final.counters.bad == 0 and final.counters.lost == 0


def test_rate_from_the_url_is_asked_for_before_start(
    clock: GatedClock, readers: list[DeviceReader]
) -> None:
    port = ScriptedPort(
        clock,
        greeting=format_frame(HELLO),
        script=[
            (format_command(IDENTIFY), format_frame(HELLO)),
            (format_command(set_rate(50)), format_frame(Ack("RATE", ("50",)))),
            (format_command(START), format_frame(Ack("START")) + data(0, 0)),
            (format_command(ZERO), format_frame(Ack("ZERO"))),
            (format_command(STOP), format_frame(Ack("STOP"))),
        ],
    )
    reader, _ = make_reader(readers, "/dev/ttyTEST0?rate_hz=50", clock, Opener(clock, port))
    reader.start()
    wait(reader, lambda s: s.samples == 1)
    reader.zero()
    wait(reader, lambda s: s.last_reply == "ack ZERO")
    reader.stop()
    port.assert_exchange_complete()


def test_a_silent_board_is_asked_anyway_and_a_refused_rate_is_not_fatal(
    clock: GatedClock, readers: list[DeviceReader]
) -> None:
    """No hello at open (a board that does not reset): the host waits hello_wait_s on
    its clock, then identifies. A refused RATE is reported; streaming goes on."""
    port = ScriptedPort(
        clock,
        script=[
            (format_command(IDENTIFY), format_frame(HELLO)),
            (
                format_command(set_rate(5000)),
                format_frame(ErrorReply("RATE", "RANGE", "rate must be 1 to 1000 Hz")),
            ),
            (format_command(START), format_frame(Ack("START")) + data(0, 0)),
            (format_command(STOP), format_frame(Ack("STOP"))),
        ],
        idle_advance=0.05,
        advance_while_steps=1,  # time stands still once streaming
    )
    reader, _ = make_reader(readers, "/dev/ttyTEST0?rate_hz=5000", clock, Opener(clock, port))
    start = clock.monotonic()
    reader.start()
    status = wait(reader, lambda s: s.samples == 1)
    assert status.state is ReaderState.STREAMING
    assert status.last_error is not None and "refused RATE: RANGE" in status.last_error
    assert clock.monotonic() - start >= reader.hello_wait_s
    reader.stop()
    port.assert_exchange_complete()


def test_frames_from_an_earlier_start_are_not_delivered(
    clock: GatedClock, readers: list[DeviceReader]
) -> None:
    """The device was still streaming from a previous session: those frames are in
    flight until START is acknowledged, and the new sequence starts at 0 without
    counting loss."""
    old = data(800, 90_000) + data(801, 90_010)
    port = ScriptedPort(
        clock,
        greeting=old,
        script=[
            (format_command(IDENTIFY), data(802, 90_020) + format_frame(HELLO)),
            (
                format_command(START),
                data(803, 90_030) + format_frame(Ack("START")) + data(0, 90_035),
            ),
            (format_command(STOP), format_frame(Ack("STOP"))),
        ],
    )
    reader, ring = make_reader(readers, "/dev/ttyTEST0", clock, Opener(clock, port))
    reader.start()
    status = wait(reader, lambda s: s.samples == 1)
    samples, _ = events(ring)
    assert [s.device_t_s for s in samples] == [0.0]
    assert status.counters.lost == 0
    reader.stop()
    port.assert_exchange_complete()


def test_a_device_that_does_not_answer_idn_is_reported_and_retried(
    clock: GatedClock, readers: list[DeviceReader]
) -> None:
    mute = ScriptedPort(clock, greeting=b"42\r\n43\r\n", idle_advance=0.05)
    opener = Opener(clock, mute)
    reader, _ = make_reader(readers, "/dev/ttyTEST0", clock, opener)
    clock.hold()
    reader.start()
    status = wait(reader, lambda s: s.failed_attempts == 1)
    assert status.state is ReaderState.DISCONNECTED
    assert mute.unexpected == [format_command(IDENTIFY)]
    assert mute.closed
    assert status.counters.bad_syntax == 2
    # It says what to try: the lines looked like a board printing plain numbers.
    assert status.last_error == (
        "the device did not answer IDN within 1 s; a board that prints plain numbers "
        "needs format=plain in its URL"
    )
    clock.release()
    status = wait(reader, lambda s: s.failed_attempts >= 2)
    assert len(opener.calls) >= 2


def test_start_refused_is_a_failed_connection(
    clock: GatedClock, readers: list[DeviceReader]
) -> None:
    port = ScriptedPort(
        clock,
        greeting=format_frame(HELLO),
        script=[
            (format_command(IDENTIFY), format_frame(HELLO)),
            (format_command(START), format_frame(ErrorReply("START", "BUSY", "calibrating"))),
        ],
    )
    reader, _ = make_reader(readers, "/dev/ttyTEST0", clock, Opener(clock, port))
    clock.hold()
    reader.start()
    status = wait(reader, lambda s: s.failed_attempts >= 1)
    assert status.last_error == "the device refused START: BUSY calibrating"
    port.assert_exchange_complete()


def test_a_newer_protocol_version_is_refused_with_a_reason(
    clock: GatedClock, readers: list[DeviceReader]
) -> None:
    newer = Hello(2, "Future", "9", "F", 100.0, DEFAULT_CHANNELS)
    port = ScriptedPort(
        clock,
        greeting=format_frame(newer),
        script=[(format_command(IDENTIFY), format_frame(newer))],
    )
    reader, _ = make_reader(readers, "/dev/ttyTEST0", clock, Opener(clock, port))
    clock.hold()
    reader.start()
    status = wait(reader, lambda s: s.failed_attempts >= 1)
    assert status.last_error is not None and "protocol version 2" in status.last_error
    port.assert_exchange_complete()


def test_plain_boards_get_no_commands(clock: GatedClock, readers: list[DeviceReader]) -> None:
    port = ScriptedPort(clock, greeting=b"Ready!\r\n42,310\r\n43,320\r\n")
    reader, ring = make_reader(
        readers,
        "serial:///dev/ttyUSB9?format=plain&columns=depth_mm,force_n",
        clock,
        Opener(clock, port),
    )
    reader.start()
    status = wait(reader, lambda s: s.samples == 2)
    assert status.state is ReaderState.STREAMING
    assert status.identity["format"] == "plain"
    assert status.counters.bad_syntax == 1
    samples, _ = events(ring)
    assert [(s.depth_mm, s.force_n) for s in samples] == [(42.0, 310.0), (43.0, 320.0)]
    with pytest.raises(ValueError, match="takes no commands"):
        reader.zero()
    reader.stop()
    assert port.unexpected == []  # not even STOP


# --------------------------------------------------------------------------- losing the link


def test_unplug_gap_and_reconnect(clock: GatedClock, readers: list[DeviceReader]) -> None:
    first = ScriptedPort(
        clock, greeting=format_frame(HELLO), script=session(data(0, 7000) + data(1, 7010))[:2]
    )
    # The device rebooted while away: its clock starts again near zero.
    second = ScriptedPort(
        clock, greeting=format_frame(HELLO), script=session(data(0, 300) + data(1, 310))
    )
    opener = Opener(clock, first, TransportError("/dev/ttyTEST0: no such device"), second)
    reader, ring = make_reader(readers, "/dev/ttyTEST0", clock, opener)
    reader.start()
    wait(reader, lambda s: s.samples == 2)
    first.pull_plug()
    status = wait(reader, lambda s: s.samples == 4)
    assert status.state is ReaderState.STREAMING
    assert status.connects == 2
    samples, gaps = events(ring)
    times = [s.device_t_s for s in samples]
    assert times == sorted(times) and len(set(times)) == 4
    (gap,) = gaps
    assert (gap.start_s, gap.end_s) == (times[1], times[2])
    assert "Input/output error" in gap.reason
    # The back-off waited 0.5 s then 1 s on the clock before the third attempt.
    (_, t0), (_, t1), (_, t2) = opener.calls
    assert t1 - t0 >= 0.5 and t2 - t1 == pytest.approx(1.0, abs=0.06)
    # The time line kept going by about as long as the device was away.
    assert gap.end_s - gap.start_s == pytest.approx(1.5, abs=0.06)
    first.assert_exchange_complete()
    assert first.closed
    reader.stop()
    second.assert_exchange_complete()


def test_backoff_doubles_to_ten_seconds(clock: GatedClock, readers: list[DeviceReader]) -> None:
    opener = Opener(clock)  # nothing ever there
    reader, _ = make_reader(readers, "/dev/ttyTEST0", clock, opener)
    reader.start()
    status = wait(reader, lambda s: s.failed_attempts >= 9)
    reader.stop()
    assert status.last_error == "/dev/ttyTEST0: nothing there"
    times = [t for _, t in opener.calls[:9]]
    waits = [b - a for a, b in itertools.pairwise(times)]
    assert waits == pytest.approx([0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0], abs=1e-6)
    assert reader.status().state is ReaderState.STOPPED


def test_silence_is_a_lost_link(clock: GatedClock, readers: list[DeviceReader]) -> None:
    port = ScriptedPort(
        clock, greeting=format_frame(HELLO), script=session(data(0, 0))[:2], idle_advance=0.05
    )
    reader, ring = make_reader(readers, "/dev/ttyTEST0", clock, Opener(clock, port))
    clock.hold()
    reader.start()
    status = wait(reader, lambda s: s.state is ReaderState.DISCONNECTED)
    assert status.last_error is not None and "no frame from the device for 2." in status.last_error
    assert status.failed_attempts == 0  # it had streamed: a lost link, not a failed attempt
    clock.release()
    reader.stop()
    _, gaps = events(ring)
    # Stopped before the device came back: the gap runs to the stop.
    (gap,) = gaps
    assert "not back before the reader stopped" in gap.reason
    assert gap.end_s > gap.start_s


def test_a_usb_device_is_found_again_under_a_new_name(
    clock: GatedClock, readers: list[DeviceReader]
) -> None:
    def port_info(device: str) -> SimpleNamespace:
        return SimpleNamespace(
            device=device, description="Arduino Uno", vid=0x2341, pid=0x0043, serial_number="A1"
        )

    ports = [port_info("/dev/ttyACM0")]

    first = ScriptedPort(clock, greeting=format_frame(HELLO), script=session(data(0, 0))[:2])
    second = ScriptedPort(clock, greeting=format_frame(HELLO), script=session(data(0, 0)))
    at = {"/dev/ttyACM0": deque([first]), "/dev/ttyACM1": deque([second])}
    calls: list[str] = []

    def opener(url: DeviceURL, *, timeout: float, clock: Clock) -> Connection:
        calls.append(url.target)
        if not at[url.target]:
            raise TransportError(f"{url.target}: no such device")
        return Connection(at[url.target].popleft(), url.target, url.text)

    reader = DeviceReader("/dev/ttyACM0", clock=clock, opener=opener, lister=lambda: ports)
    readers.append(reader)
    reader.start()
    wait(reader, lambda s: s.samples == 1)
    ports[:] = [port_info("/dev/ttyACM1")]  # re-enumerated under another name
    first.pull_plug()
    status = wait(reader, lambda s: s.samples == 2)
    assert status.port == "/dev/ttyACM1"
    assert calls == ["/dev/ttyACM0", "/dev/ttyACM0", "/dev/ttyACM1"]
    reader.stop()
    second.assert_exchange_complete()


def test_lost_frames_become_gaps(clock: GatedClock, readers: list[DeviceReader]) -> None:
    port = ScriptedPort(
        clock,
        greeting=format_frame(HELLO),
        script=session(data(0, 0) + data(1, 10) + data(4, 40)),
    )
    reader, ring = make_reader(readers, "/dev/ttyTEST0", clock, Opener(clock, port))
    reader.start()
    status = wait(reader, lambda s: s.samples == 3)
    assert status.counters.lost == 2
    _, gaps = events(ring)
    assert gaps == [Gap(0.01, 0.04, "2 frame(s) lost", 2)]


def test_a_device_that_reboots_under_an_open_port_is_started_again(
    clock: GatedClock, readers: list[DeviceReader]
) -> None:
    port = ScriptedPort(
        clock,
        greeting=format_frame(HELLO),
        script=[
            (format_command(IDENTIFY), format_frame(HELLO)),
            (format_command(START), format_frame(Ack("START")) + data(0, 60_000) + data(1, 60_010)),
            # rebooted: a fresh hello, and its clock starts again
            (format_command(START), format_frame(Ack("START")) + data(0, 900)),
            (format_command(STOP), format_frame(Ack("STOP"))),
        ],
    )
    reader, ring = make_reader(readers, "/dev/ttyTEST0", clock, Opener(clock, port))
    reader.start()
    wait(reader, lambda s: s.samples == 2)
    port.feed(format_frame(HELLO))
    status = wait(reader, lambda s: s.samples == 3)
    assert status.connects == 1 and status.disconnects == 0
    reader.stop()
    port.assert_exchange_complete()
    samples, gaps = events(ring)
    assert [g.reason for g in gaps] == ["the device restarted"]
    assert samples[2].device_t_s >= samples[1].device_t_s


def test_extra_channels_reach_the_sample(clock: GatedClock, readers: list[DeviceReader]) -> None:
    hello = Hello(
        1, "Hands", "1", "H1", 100.0, (Channel("depth_mm", "mm"), Channel("hand_x_mm", "mm"))
    )
    port = ScriptedPort(
        clock,
        greeting=format_frame(hello),
        script=session(format_frame(Data(0, 0, (5.0, -3.5))), hello),
    )
    reader, ring = make_reader(readers, "/dev/ttyTEST0", clock, Opener(clock, port))
    reader.start()
    status = wait(reader, lambda s: s.samples == 1)
    (sample,), _ = events(ring)
    assert sample.depth_mm == 5.0 and sample.force_n is None
    assert dict(sample.extra) == {"hand_x_mm": -3.5}
    assert [c.name for c in status.channels] == ["depth_mm", "hand_x_mm"]


def test_reader_cannot_start_twice_and_rejects_bad_urls(clock: GatedClock) -> None:
    with pytest.raises(DeviceURLError):
        DeviceReader("sim://nothing")
    never_started = DeviceReader("sim://cpr")
    never_started.stop()
    assert never_started.status().state is ReaderState.STOPPED
    reader = DeviceReader("/dev/ttyTEST0", clock=clock, opener=Opener(clock), lister=lambda: [])
    reader.start()
    try:
        with pytest.raises(RuntimeError, match="already started"):
            reader.start()
    finally:
        reader.stop()


# --------------------------------------------------------------------------- the sim:// device


def test_sim_url_speaks_the_real_protocol(clock: GatedClock, readers: list[DeviceReader]) -> None:
    """sim:// runs the simulated firmware; the host's side is the real reader."""
    sent: list[bytes] = []

    def spying_opener(url: DeviceURL, *, timeout: float, clock: Clock) -> Connection:
        connection = open_transport(url, timeout=timeout, clock=clock)
        transport = connection.transport
        assert isinstance(transport, SimTransport)
        original = transport.write

        def write(data: bytes, /) -> int:
            sent.append(bytes(data))
            return original(data)

        transport.write = write  # type: ignore[method-assign]
        return connection

    reader = DeviceReader(
        "sim://cpr?profile=fast&rate_hz=100&speed=4&seed=3", clock=clock, opener=spying_opener
    )
    readers.append(reader)
    ring = reader.subscribe()
    reader.start()
    status = wait(reader, lambda s: s.samples >= 2000)
    reader.stop()
    assert sent == [
        format_command(IDENTIFY),
        format_command(set_rate(100)),
        format_command(START),
        format_command(STOP),
    ]
    assert status.identity["model"] == "SkillStation SimManikin"
    assert status.identity["serial"] == "SIM-3"
    assert status.counters.bad == 0 and status.counters.lost == 0
    assert status.rate_hz == pytest.approx(100.0)
    samples, gaps = events(ring)
    assert gaps == []
    assert all(b.device_t_s > a.device_t_s for a, b in itertools.pairwise(samples))
    # Four times real time: 20 s of compressions in 5 s of (fake) host time.
    span = samples[-1].device_t_s - samples[0].device_t_s
    host_span = samples[-1].host_t_s - samples[0].host_t_s
    assert span / host_span == pytest.approx(4.0, rel=0.05)
    assert max(s.depth_mm or 0.0 for s in samples) > 40.0


def test_sim_transport_fails_like_a_pulled_cable(clock: GatedClock) -> None:
    connection = open_transport("sim://cpr", clock=clock)
    transport = connection.transport
    assert isinstance(transport, SimTransport)
    assert transport.read(200).startswith(b"$H,1,SkillStation SimManikin")
    transport.unplug()
    with pytest.raises(Exception, match="disconnected"):
        transport.read(1)
    transport.close()


def test_sim_device_answers_every_command(clock: GatedClock) -> None:
    link = open_transport("sim://cpr?rate_hz=50", clock=clock).transport
    assert isinstance(link, SimTransport)
    link.read(link.in_waiting)  # the hello
    exchanges = [
        (format_command(IDENTIFY), format_frame(link.device.hello())),
        (format_command(ZERO), format_frame(Ack("ZERO"))),
        (
            format_command(set_rate(2000)),
            format_frame(ErrorReply("RATE", "RANGE", "rate must be 1 to 1000 Hz")),
        ),
        (format_command(set_rate(25)), format_frame(Ack("RATE", ("25",)))),
        (
            b"$NOPE*0000\r\n",
            format_frame(
                ErrorReply(
                    "", "CHECKSUM", f"checksum 0000 but the frame's CRC is {crc16(b'NOPE'):04X}"
                )
            ),
        ),
        (b"$START*\r\n", format_frame(ErrorReply("", "SYNTAX", "checksum '' is not 4 hex digits"))),
        (frame_line("DANCE"), format_frame(ErrorReply("DANCE", "UNKNOWN", "unknown command"))),
        (frame_line("RATE"), format_frame(ErrorReply("RATE", "SYNTAX", "takes 1 argument(s)"))),
        (format_command(STOP), format_frame(Ack("STOP"))),
    ]
    for command, answer in exchanges:
        link.write(command)
        assert link.read(link.in_waiting) == answer, command
    assert link.in_waiting == 0


def test_replay_url_needs_an_existing_trace(tmp_path: Path) -> None:
    with pytest.raises(TransportError, match="no trace file"):
        open_transport(f"replay://{tmp_path}/missing.csv")


# --------------------------------------------------------------------------- URLs and opening


@pytest.mark.parametrize(
    ("text", "kind", "target", "baud"),
    [
        ("serial:///dev/ttyUSB0?baud=9600", "serial", "/dev/ttyUSB0", 9600),
        ("/dev/ttyACM0", "serial", "/dev/ttyACM0", 115200),
        ("COM3", "serial", "COM3", 115200),
        ("serial://COM4", "serial", "COM4", 115200),
        ("/dev/ttyUSB0?format=plain", "serial", "/dev/ttyUSB0", 9600),
        ("usb:2341:0043:A1?baud=57600", "usb", "2341:0043:A1", 57600),
        (
            "socket://localhost:7000?format=plain&logging=debug",
            "pyserial",
            "socket://localhost:7000?logging=debug",
            9600,
        ),
        ("loop://", "pyserial", "loop://", 115200),
        ("sim://cpr?profile=leaning&speed=10&seed=2", "sim", "cpr", 115200),
        ("replay://traces/session.csv?speed=2", "replay", "traces/session.csv", 115200),
        ("replay:///tmp/a%20b.csv", "replay", "/tmp/a b.csv", 115200),
    ],
)
def test_device_urls(text: str, kind: str, target: str, baud: int) -> None:
    url = parse_device_url(text)
    assert (url.kind, url.target, url.baudrate) == (kind, target, baud)


def test_plain_options_are_parsed_with_the_url() -> None:
    url = parse_device_url(
        "serial:///dev/ttyUSB0?baud=9600&format=plain&columns=depth_mm,force_n&depth_scale=10"
    )
    assert url.plain is not None
    assert url.plain.columns == ("depth_mm", "force_n")
    assert url.plain.factors["depth_mm"] == 10.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no device given"),
        ("ftp://x", "unknown kind of device URL"),
        ("serial://", "no port"),
        ("/dev/ttyUSB0?bauds=9600", "unknown option 'bauds'"),
        ("/dev/ttyUSB0?baud=fast", "baud='fast' must be a whole number"),
        ("/dev/ttyUSB0?baud=1&baud=2", "given twice"),
        ("/dev/ttyUSB0?columns=depth_mm", "needs format=plain"),
        ("/dev/ttyUSB0?format=csv", "format=protocol or format=plain"),
        ("/dev/ttyUSB0?format=plain&columns=Depth", "not a channel name"),
        ("sim://cpr?format=plain", "speaks the protocol"),
        ("sim://cpr?profile=heroic", "unknown profile 'heroic'"),
        ("sim://cpr?rate_hz=5000", "1 to 1000 Hz"),
        ("sim://cpr?speed=0", "speed='0' must be a number of at least"),
        ("sim://cpr?baud=9600", "unknown option 'baud'"),
        ("sim://ecg", "no simulated device 'ecg'"),
        ("usb:23:43", "not a USB identity"),
        ("replay://", "no trace file"),
    ],
)
def test_bad_urls_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(DeviceURLError, match=message):
        parse_device_url(text)


def test_loop_url_opens_through_pyserial() -> None:
    connection = open_transport("loop://?format=plain")
    try:
        connection.transport.write(b"42\n")
        assert connection.transport.read(3) == b"42\n"
    finally:
        connection.transport.close()


def test_a_missing_port_is_a_transport_error(tmp_path: Path) -> None:
    with pytest.raises(TransportError, match="cannot open"):
        open_transport(str(tmp_path / "ttyNOPE"))


def test_usb_ids_pick_the_port(tmp_path: Path) -> None:
    def listing(*devices: tuple[str, str | None]) -> Callable[[], list[SimpleNamespace]]:
        return lambda: [
            SimpleNamespace(device=d, description="", vid=0x2341, pid=0x0043, serial_number=s)
            for d, s in devices
        ]

    with pytest.raises(TransportError, match="no USB device 2341:0043 is plugged in"):
        open_transport("usb:2341:0043", lister=listing())
    with pytest.raises(TransportError, match="add the serial number"):
        open_transport("usb:2341:0043", lister=listing(("/dev/a", None), ("/dev/b", None)))
    # The one that matches is opened (here it does not exist, which says which was chosen).
    missing = str(tmp_path / "ttyACM7")
    with pytest.raises(TransportError, match="ttyACM7"):
        open_transport("usb:2341:0043:B2", lister=listing(("/dev/a", "A1"), (missing, "B2")))


# --------------------------------------------------------------------------- ring buffers


def test_ring_keeps_order_and_counts_what_it_overwrites() -> None:
    ring: Ring[int] = Ring(3)
    for i in range(5):
        ring.push(i)
    assert ring.dropped == 2
    assert ring.drain(1) == [2]
    assert ring.drain() == [3, 4]
    assert ring.drain() == []
    assert not ring.wait(0.0)
    ring.extend([7, 8])
    assert ring.wait(0.0) and len(ring) == 2
    with pytest.raises(ValueError):
        Ring(0)


@given(st.integers(1, 20), st.lists(st.one_of(st.integers(0, 100), st.none()), max_size=200))
@settings(deadline=None)
def test_ring_behaves_like_a_bounded_queue(capacity: int, ops: list[int | None]) -> None:
    """Pushes are numbers; None drains up to 3. The model is a plain list."""
    ring: Ring[int] = Ring(capacity)
    model: list[int] = []
    dropped = 0
    for op in ops:
        if op is None:
            taken, model = model[:3], model[3:]
            assert ring.drain(3) == taken
        else:
            model.append(op)
            if len(model) > capacity:
                model.pop(0)
                dropped += 1
            ring.push(op)
    assert ring.drain() == model
    assert ring.dropped == dropped


def test_broadcast_gives_each_consumer_its_own_pace() -> None:
    hub: Broadcast[int] = Broadcast()
    fast, slow = hub.subscribe(100), hub.subscribe(2)
    hub.publish_many([1, 2, 3])
    hub.publish(4)
    assert fast.drain() == [1, 2, 3, 4]
    assert slow.drain() == [3, 4] and slow.dropped == 2
    hub.unsubscribe(slow)
    hub.publish(5)
    assert fast.drain() == [5] and slow.drain() == []
    assert hub.subscribers == 1


def test_ring_across_threads() -> None:
    ring: Ring[int] = Ring(1_000_000)

    def produce() -> None:
        for i in range(20_000):
            ring.push(i)

    producer = threading.Thread(target=produce)
    producer.start()
    got: list[int] = []
    while len(got) < 20_000:
        ring.wait(WAIT_S)
        got += ring.drain(500)
    producer.join()
    assert got == list(range(20_000))


# --------------------------------------------------------------------------- clock offset


def test_offset_is_the_least_delayed_sample() -> None:
    estimator = _OffsetEstimator(window=5)
    assert estimator.offset is None
    # true offset 100 s; delays of a few ms with one long stall
    for delay in (0.004, 0.002, 0.050, 0.003, 0.006):
        estimator.push(100.0 + delay)
    assert estimator.offset == pytest.approx(100.002)
    # the window slides: the old minimum falls out and a drift is followed
    for delay in (0.005, 0.004, 0.007, 0.005, 0.006):
        estimator.push(100.010 + delay)
    assert estimator.offset == pytest.approx(100.014)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=100), st.integers(1, 10))
@settings(deadline=None)
def test_offset_window_is_a_sliding_minimum(values: list[float], window: int) -> None:
    estimator = _OffsetEstimator(window)
    for i, value in enumerate(values):
        estimator.push(value)
        assert estimator.offset == min(values[max(0, i - window + 1) : i + 1])
