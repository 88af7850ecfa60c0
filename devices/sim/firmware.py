"""The firmware of a simulated device: the device end of the open protocol.

:class:`SimulatedDevice` answers host commands and emits hello, heartbeat and data
frames exactly as docs/protocol.md tells a real board to, from a :class:`SignalSource`
(the simulated manikin, or a recorded trace played back). It keeps no clock of its own:
whoever hosts it (the in-process ``sim://`` transport, the pseudo-terminal simulator)
tells it the device's uptime, so the same firmware runs in real time, faster than real
time, or on a test's fake clock.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from devices.protocol import (
    DEFAULT_CHANNELS,
    MAX_LINE_BYTES,
    MS_MODULUS,
    PROTOCOL_VERSION,
    Ack,
    Channel,
    Command,
    Data,
    ErrorReply,
    Frame,
    Heartbeat,
    Hello,
    LineSplitter,
    Rejection,
    format_frame,
    format_number,
    parse_command,
)
from devices.sample import Sample
from devices.sim.manikin import ManikinSignal

__all__ = [
    "FIRMWARE_VERSION",
    "DeviceInfo",
    "ManikinSource",
    "ReplaySource",
    "SignalSource",
    "SimulatedDevice",
]

FIRMWARE_VERSION: Final = "1.0.0"
#: The sample rates a simulated device accepts (``RATE``), in Hz.
RATE_LIMITS_HZ: Final = (1.0, 1000.0)
#: Time between heartbeats, in seconds of device time.
HEARTBEAT_S: Final = 1.0

Values = tuple[float | None, ...]


class SignalSource(Protocol):
    """Where a simulated device's samples come from."""

    @property
    def channels(self) -> tuple[Channel, ...]: ...

    @property
    def rate_hz(self) -> float: ...

    def set_rate(self, rate_hz: float) -> float:
        """Sample at ``rate_hz`` from now on; return the rate set. Raises ValueError
        with a reason when the source cannot."""
        ...

    def begin(self, uptime_s: float) -> None:
        """Streaming (re)starts at ``uptime_s``: the first sample follows it."""
        ...

    def samples_until(self, uptime_s: float) -> list[tuple[float, Values]]:
        """The samples due up to ``uptime_s`` not yet given, as (uptime, values)."""
        ...

    def next_due(self) -> float | None:
        """The uptime of the next sample, or None when the source has no more."""
        ...


class ManikinSource:
    """Samples the simulated manikin on a regular grid at ``rate_hz``.

    By default the manikin's signal runs on the device's uptime, as a manikin being
    worked on before the host starts listening. With ``from_start``, the signal's time
    zero is the moment streaming starts: the trainee begins when the host says
    ``START``, so a session's samples are the same whenever the host connects (the
    demonstration exam relies on this to give the same results for the same seed).
    """

    def __init__(
        self, signal: ManikinSignal, rate_hz: float = 200.0, *, from_start: bool = False
    ) -> None:
        self.signal = signal
        self.from_start = from_start
        self._rate = _check_rate(rate_hz)
        self._anchor = 0.0
        self._origin = 0.0
        self._next_k = 1

    @property
    def channels(self) -> tuple[Channel, ...]:
        return DEFAULT_CHANNELS

    @property
    def rate_hz(self) -> float:
        return self._rate

    def set_rate(self, rate_hz: float) -> float:
        rate = _check_rate(rate_hz)
        # The new grid starts at the last sample given, so no instant is skipped or
        # given twice.
        self._anchor += (self._next_k - 1) / self._rate
        self._next_k = 1
        self._rate = rate
        return rate

    def begin(self, uptime_s: float) -> None:
        self._anchor = uptime_s
        self._next_k = 1
        if self.from_start:
            self._origin = uptime_s

    def next_due(self) -> float:
        return self._anchor + self._next_k / self._rate

    def samples_until(self, uptime_s: float) -> list[tuple[float, Values]]:
        out: list[tuple[float, Values]] = []
        while (t := self._anchor + self._next_k / self._rate) <= uptime_s:
            out.append((t, self.signal.sample(t - self._origin)))
            self._next_k += 1
        return out


def _check_rate(rate_hz: float) -> float:
    low, high = RATE_LIMITS_HZ
    if not (math.isfinite(rate_hz) and low <= rate_hz <= high):
        raise ValueError(f"rate must be {low:g} to {high:g} Hz")
    return float(rate_hz)


class ReplaySource:
    """Plays recorded samples back, each at its recorded time after streaming starts.

    ``samples`` are the trace's samples (their ``device_t_s`` gives the timing). When
    the recording is over the device stays up, sending heartbeats only.
    """

    def __init__(self, samples: Sequence[Sample], rate_hz: float | None = None) -> None:
        self._samples = list(samples)
        extra: list[str] = []
        for sample in self._samples:
            extra.extend(name for name in sample.extra if name not in extra)
        self._extra = tuple(extra)
        self._channels = DEFAULT_CHANNELS + tuple(Channel(name, "") for name in extra)
        if rate_hz is None:
            rate_hz = _estimate_rate(self._samples)
        self._rate = rate_hz
        self._offset: float | None = None
        self._index = 0

    @property
    def channels(self) -> tuple[Channel, ...]:
        return self._channels

    @property
    def rate_hz(self) -> float:
        return self._rate

    def set_rate(self, rate_hz: float) -> float:
        if math.isclose(rate_hz, self._rate, rel_tol=1e-6):
            return self._rate
        raise ValueError(f"a replay plays at its recorded rate ({format_number(self._rate)} Hz)")

    def begin(self, uptime_s: float) -> None:
        # Only the first START anchors the recording; a STOP/START pauses nothing.
        if self._offset is None and self._samples:
            first = self._samples[0].device_t_s
            self._offset = uptime_s + 1.0 / self._rate - first

    def next_due(self) -> float | None:
        if self._offset is None or self._index >= len(self._samples):
            return None
        return self._samples[self._index].device_t_s + self._offset

    def samples_until(self, uptime_s: float) -> list[tuple[float, Values]]:
        out: list[tuple[float, Values]] = []
        if self._offset is None:
            return out
        while self._index < len(self._samples):
            sample = self._samples[self._index]
            t = sample.device_t_s + self._offset
            if t > uptime_s:
                break
            values: Values = (
                sample.depth_mm,
                sample.force_n,
                sample.lung_volume_ml,
                *(sample.extra.get(name) for name in self._extra),
            )
            out.append((t, values))
            self._index += 1
        return out


def _estimate_rate(samples: Sequence[Sample]) -> float:
    """The median sampling rate of a recording (gaps do not bend a median)."""
    steps = sorted(
        b.device_t_s - a.device_t_s
        for a, b in itertools.pairwise(samples)
        if b.device_t_s > a.device_t_s
    )
    if not steps:
        return 100.0
    return 1.0 / steps[len(steps) // 2]


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """What a simulated device says about itself in its hello."""

    model: str = "SkillStation SimManikin"
    firmware: str = FIRMWARE_VERSION
    serial: str = "SIM-0"


def _safe(text: str) -> str:
    """Error text as a frame may carry it (no separators, printable, short)."""
    cleaned = "".join(c if 0x20 <= ord(c) <= 0x7E and c not in "$*," else " " for c in text)
    return cleaned.replace(",", ";")[:64]


class SimulatedDevice:
    """A device that speaks the open protocol, driven by uptime values.

    Call :meth:`advance` with the current uptime (seconds since power-on) to produce
    what is due (heartbeats every second, data frames while streaming),
    :meth:`receive` with bytes the host wrote, and :meth:`take_output` for the bytes
    to send. The hello is sent at power-on, as a board does once its firmware runs.
    ``ms_start`` is the millisecond counter's value at power-on (set it near 2**32 to
    watch the counter wrap).
    """

    def __init__(
        self,
        source: SignalSource,
        *,
        info: DeviceInfo | None = None,
        ms_start: int = 0,
        announce: bool = True,
    ) -> None:
        self.source = source
        self.info = info or DeviceInfo()
        self.ms_start = ms_start % MS_MODULUS
        self.streaming = False
        self.frames_sent = 0
        self._uptime = 0.0
        self._seq = 0
        self._next_heartbeat = HEARTBEAT_S
        self._tare: tuple[float, ...] = tuple(0.0 for _ in source.channels)
        self._last_values: Values = tuple(None for _ in source.channels)
        self._commands = LineSplitter(MAX_LINE_BYTES)
        self._out = bytearray()
        if announce:
            self._send(self.hello())

    # ------------------------------------------------------------------ output

    def hello(self) -> Hello:
        return Hello(
            PROTOCOL_VERSION,
            self.info.model,
            self.info.firmware,
            self.info.serial,
            self.source.rate_hz,
            self.source.channels,
        )

    def ms_at(self, uptime_s: float) -> int:
        """The millisecond counter at ``uptime_s`` (wrapping at 2**32)."""
        return (self.ms_start + round(uptime_s * 1000.0)) % MS_MODULUS

    def _send(self, frame: Frame) -> None:
        self._out += format_frame(frame)
        self.frames_sent += 1

    def take_output(self) -> bytes:
        out = bytes(self._out)
        self._out.clear()
        return out

    @property
    def pending_output(self) -> int:
        return len(self._out)

    def next_due(self) -> float:
        """The uptime at which :meth:`advance` will next have something to send."""
        due = self._next_heartbeat
        if self.streaming:
            sample_due = self.source.next_due()
            if sample_due is not None:
                due = min(due, sample_due)
        return due

    def advance(self, uptime_s: float) -> None:
        """Produce every frame due up to ``uptime_s``, in time order."""
        if uptime_s < self._uptime:
            return
        self._uptime = uptime_s
        samples = self.source.samples_until(uptime_s) if self.streaming else []
        index = 0
        while True:
            next_sample = samples[index][0] if index < len(samples) else math.inf
            if self._next_heartbeat <= uptime_s and self._next_heartbeat <= next_sample:
                self._send(Heartbeat(self.ms_at(self._next_heartbeat)))
                self._next_heartbeat += HEARTBEAT_S
            elif index < len(samples):
                t, values = samples[index]
                self._send_data(t, values)
                index += 1
            else:
                break

    def _send_data(self, t: float, values: Values) -> None:
        self._last_values = values
        tared = tuple(
            None if v is None else v - zero for v, zero in zip(values, self._tare, strict=True)
        )
        self._send(Data(self._seq, self.ms_at(t), tared))
        self._seq = (self._seq + 1) % 65536

    # ------------------------------------------------------------------ input

    def receive(self, data: bytes) -> None:
        """Take bytes the host wrote; answer each complete command line."""
        for line in self._commands.split(data):
            if line is None:
                self._send(ErrorReply("", "SYNTAX", "line too long"))
                continue
            if not line.strip():
                continue
            command = parse_command(line)
            if isinstance(command, Rejection):
                code = "CHECKSUM" if command.kind == "checksum" else "SYNTAX"
                self._send(ErrorReply("", code, _safe(command.reason)))
            else:
                self._execute(command)

    def _execute(self, command: Command) -> None:
        verb, args = command.verb, command.args
        expected_args = {"IDN": 0, "START": 0, "STOP": 0, "ZERO": 0, "RATE": 1}
        if verb not in expected_args:
            self._send(ErrorReply(verb, "UNKNOWN", "unknown command"))
            return
        if len(args) != expected_args[verb]:
            self._send(ErrorReply(verb, "SYNTAX", f"takes {expected_args[verb]} argument(s)"))
            return
        if verb == "IDN":
            self._send(self.hello())
        elif verb == "START":
            self.streaming = True
            self._seq = 0
            self.source.begin(self._uptime)
            self._send(Ack("START"))
        elif verb == "STOP":
            self.streaming = False
            self._send(Ack("STOP"))
        elif verb == "ZERO":
            self._tare = tuple(
                zero if v is None else v
                for v, zero in zip(self._last_values, self._tare, strict=True)
            )
            self._send(Ack("ZERO"))
        else:
            self._set_rate(args[0])

    def _set_rate(self, text: str) -> None:
        try:
            wanted = float(text)
            rate = self.source.set_rate(wanted)
        except ValueError as err:
            self._send(ErrorReply("RATE", "RANGE", _safe(str(err))))
            return
        self._send(Ack("RATE", (format_number(rate),)))
