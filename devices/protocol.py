"""The SkillStation open device protocol: framing, checksum, parsing and formatting.

A CPR manikin or a DIY sensor board talks to the station in short ASCII lines, each one
a *frame*::

    $<TAG>,<field>,<field>...*<CRC>\\r\\n

``CRC`` is four hex digits of CRC-16/CCITT-FALSE computed over the characters between
``$`` and ``*``. The full specification, with worked examples byte for byte, is in
docs/protocol.md; this module is its reference implementation, for both ends of the link
(the host's :class:`FrameDecoder` and the simulated devices in :mod:`devices.sim`).

The framing follows the pattern of NMEA 0183 (``$...*hh``) and the "Breezy" open
ventilator (tagged CSV lines, a wrapping millisecond timestamp, CRC-16-CCITT): text that
can be read in a serial monitor, written by an Arduino with ``Serial.print`` and
checked by a 16-bit CRC that catches every burst error up to 16 bits long, where NMEA's
XOR checksum misses two flipped bits in the same column.

The decoder never raises, whatever bytes arrive: garbage, partial lines, oversized lines,
bad checksums and impossible values are dropped and counted (:class:`FrameCounters`).
"""

from __future__ import annotations

import binascii
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Final, Literal, Protocol, TypeAlias

__all__ = [
    "CHANNEL_LIMITS",
    "DEFAULT_CHANNELS",
    "IDENTIFY",
    "MAX_LINE_BYTES",
    "MS_MODULUS",
    "PROTOCOL_VERSION",
    "SEQ_MODULUS",
    "STANDARD_UNITS",
    "START",
    "STOP",
    "ZERO",
    "Ack",
    "Channel",
    "Command",
    "Data",
    "Decoder",
    "ErrorReply",
    "Event",
    "Frame",
    "FrameCounters",
    "FrameDecoder",
    "Heartbeat",
    "Hello",
    "LineSplitter",
    "MillisUnwrapper",
    "Reading",
    "Rejection",
    "crc16",
    "format_command",
    "format_frame",
    "format_number",
    "frame_line",
    "in_range",
    "parse_command",
    "parse_frame",
    "set_rate",
]

#: The protocol version this module speaks (the second field of a hello).
PROTOCOL_VERSION: Final = 1

#: The longest line accepted, in bytes, line terminator excluded. A valid frame with
#: a dozen channels fits easily; anything longer is noise (a baud-rate mismatch, a board
#: printing debug text) and is dropped up to the next newline.
MAX_LINE_BYTES: Final = 256

#: Sequence numbers count data frames modulo 2**16.
SEQ_MODULUS: Final = 1 << 16

#: Device timestamps are a free-running millisecond counter modulo 2**32 (Arduino's
#: ``millis()``), which wraps after 49.7 days.
MS_MODULUS: Final = 1 << 32

#: Physically possible readings of the standard channels; a value outside is a sensor
#: fault or a corrupted frame that slipped past the checksum, never a real compression.
#: Depth allows a few millimetres of negative displacement (the chest lifted above its
#: zero, or a zero taken while leaning), and 120 mm is deeper than any manikin travels.
#: 1000 N is about 100 kg-force, twice a forceful rescuer's push; a lung holds at most
#: about 2 L in an adult manikin.
CHANNEL_LIMITS: Final[Mapping[str, tuple[float, float]]] = MappingProxyType(
    {
        "depth_mm": (-5.0, 120.0),
        "force_n": (0.0, 1000.0),
        "lung_volume_ml": (-50.0, 2000.0),
    }
)

#: The units of the standard channels; a hello announcing one of these names must use
#: this unit (the unit is part of the name, so a mismatch is an error in the firmware).
STANDARD_UNITS: Final[Mapping[str, str]] = MappingProxyType(
    {"depth_mm": "mm", "force_n": "N", "lung_volume_ml": "mL"}
)


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE of ``data``: polynomial 0x1021, initial value 0xFFFF, no
    reflection, no final XOR. The check value of ``b"123456789"`` is 0x29B1.

    ``binascii.crc_hqx`` is exactly this CRC (the non-reflected CCITT polynomial) when
    seeded with 0xFFFF, and runs in C.
    """
    return binascii.crc_hqx(data, 0xFFFF)


# --------------------------------------------------------------------------- frames


@dataclass(frozen=True, slots=True)
class Channel:
    """A named channel a device reports, with its unit (e.g. ``depth_mm`` in ``mm``)."""

    name: str
    unit: str


#: The channels of a CPR manikin, in the order data frames carry them until a hello
#: says otherwise.
DEFAULT_CHANNELS: Final[tuple[Channel, ...]] = (
    Channel("depth_mm", "mm"),
    Channel("force_n", "N"),
    Channel("lung_volume_ml", "mL"),
)


@dataclass(frozen=True, slots=True)
class Hello:
    """``H``: who the device is. Sent once the firmware is up, and as the reply to
    ``IDN``. ``channels`` gives the order of the values in every data frame."""

    protocol: int
    model: str
    firmware: str
    serial: str
    rate_hz: float
    channels: tuple[Channel, ...]

    def identity(self) -> dict[str, str]:
        """The hello as text fields, for a trace file's header or a status line."""
        return {
            "protocol": str(self.protocol),
            "model": self.model,
            "firmware": self.firmware,
            "serial": self.serial,
            "rate_hz": format_number(self.rate_hz),
            "channels": " ".join(f"{c.name}:{c.unit}" for c in self.channels),
        }


@dataclass(frozen=True, slots=True)
class Data:
    """``D``: one sample. ``seq`` counts data frames modulo 65536, ``ms`` is the
    device's millisecond clock modulo 2**32, ``values`` follow the hello's channel order
    (``None`` where the field is empty: not measured in this frame)."""

    seq: int
    ms: int
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """``B``: the device is alive. Sent every second, streaming or not, so that silence
    means a dead link (a USB serial port cannot tell the host it was unplugged)."""

    ms: int


@dataclass(frozen=True, slots=True)
class Ack:
    """``A``: a host command was carried out; ``values`` hold its result (``RATE``
    answers with the rate actually set)."""

    command: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """``E``: a host command was refused. ``command`` is empty when the command line
    itself could not be read (bad checksum)."""

    command: str
    code: str
    text: str


Frame: TypeAlias = Hello | Data | Heartbeat | Ack | ErrorReply

RejectKind: TypeAlias = Literal["checksum", "syntax", "oversized", "out_of_range"]


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a line was not accepted, in words for a status line or a log."""

    kind: RejectKind
    reason: str


# --------------------------------------------------------------------------- commands


@dataclass(frozen=True, slots=True)
class Command:
    """A host command: a verb (``IDN``, ``START``, ``STOP``, ``ZERO``, ``RATE``) and its
    arguments."""

    verb: str
    args: tuple[str, ...] = ()


IDENTIFY: Final = Command("IDN")
START: Final = Command("START")
STOP: Final = Command("STOP")
ZERO: Final = Command("ZERO")


def set_rate(rate_hz: float) -> Command:
    """The command asking the device to sample at ``rate_hz``."""
    return Command("RATE", (format_number(rate_hz),))


# --------------------------------------------------------------------------- formatting

_NUMBER = re.compile(r"-?[0-9]{1,9}(?:\.[0-9]{1,6})?")
_UINT = re.compile(r"[0-9]{1,10}")
_TAG_VERB = re.compile(r"[A-Z][A-Z0-9]{0,7}")
_CHANNEL_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_UNIT = re.compile(r"[A-Za-z%/][A-Za-z0-9%/.^]{0,11}")
_TEXT = re.compile(r"[\x20-\x7e]{0,64}")  # printable ASCII; $ * , excluded below
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")


def format_number(value: float) -> str:
    """A number as the protocol writes it: plain decimal, at most three decimals, no
    exponent (``55``, ``-1.5``, ``0.125``)."""
    if not math.isfinite(value):
        raise ValueError(f"the protocol has no way to write {value!r}")
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _check_text(name: str, value: str) -> str:
    if _TEXT.fullmatch(value) is None or any(c in value for c in "$*,"):
        raise ValueError(
            f"{name} {value!r} cannot be sent: use at most 64 printable ASCII characters "
            "and none of '$', '*' or ','"
        )
    return value


def frame_line(body: str) -> bytes:
    """Wrap a frame body (``D,12,3456,55,480,0``) into a complete line with its checksum
    and CRLF."""
    raw = body.encode("ascii")
    return b"$%s*%04X\r\n" % (raw, crc16(raw))


def _frame_body(frame: Frame) -> str:
    match frame:
        case Hello():
            channels = ",".join(f"{c.name}:{c.unit}" for c in frame.channels)
            parts = [
                "H",
                str(frame.protocol),
                _check_text("model", frame.model),
                _check_text("firmware", frame.firmware),
                _check_text("serial number", frame.serial),
                format_number(frame.rate_hz),
            ]
            return ",".join(parts) + "," + channels
        case Data():
            values = ",".join("" if v is None else format_number(v) for v in frame.values)
            return f"D,{frame.seq % SEQ_MODULUS},{frame.ms % MS_MODULUS},{values}"
        case Heartbeat():
            return f"B,{frame.ms % MS_MODULUS}"
        case Ack():
            return ",".join(["A", frame.command, *(_check_text("value", v) for v in frame.values)])
        case ErrorReply():
            return ",".join(
                [
                    "E",
                    frame.command,
                    frame.code,
                    _check_text("error text", frame.text),
                ]
            )


def format_frame(frame: Frame) -> bytes:
    """The line a device sends for ``frame`` (``$...*CRC\\r\\n``)."""
    return frame_line(_frame_body(frame))


def format_command(command: Command) -> bytes:
    """The line the host sends for ``command`` (``$RATE,200*CRC\\r\\n``)."""
    if _TAG_VERB.fullmatch(command.verb) is None:
        raise ValueError(f"{command.verb!r} is not a command verb (A-Z, 0-9, up to 8)")
    body = ",".join([command.verb, *(_check_text("argument", a) for a in command.args)])
    return frame_line(body)


# --------------------------------------------------------------------------- parsing


def _split_checked(line: bytes) -> list[str] | Rejection:
    """Check the framing and checksum of one line (terminator removed); return the
    fields of its body, or why it was rejected."""
    if len(line) > MAX_LINE_BYTES:
        return Rejection("oversized", f"line of {len(line)} bytes (limit {MAX_LINE_BYTES})")
    start = line.rfind(b"$")
    if start < 0:
        return Rejection("syntax", "no '$' starts a frame")
    frame = line[start:].rstrip(b" \t\r")
    star = frame.rfind(b"*")
    if star < 0:
        return Rejection("syntax", "no '*' before the checksum")
    body, given = frame[1:star], frame[star + 1 :]
    if b"*" in body:
        return Rejection("syntax", "more than one '*' in the frame")
    try:
        text = body.decode("ascii")
        given_text = given.decode("ascii")
    except UnicodeDecodeError:
        return Rejection("syntax", "bytes that are not ASCII")
    if _HEX4.fullmatch(given_text) is None:
        return Rejection("syntax", f"checksum {given_text!r} is not 4 hex digits")
    computed = crc16(body)
    if int(given_text, 16) != computed:
        return Rejection(
            "checksum", f"checksum {given_text.upper()} but the frame's CRC is {computed:04X}"
        )
    if any(not (0x20 <= ord(c) <= 0x7E) for c in text):
        return Rejection("syntax", "control characters inside the frame")
    return text.split(",")


def _number(text: str, what: str) -> float | Rejection:
    if _NUMBER.fullmatch(text) is None:
        return Rejection("syntax", f"{what} {text!r} is not a decimal number")
    return float(text)


def _uint(text: str, what: str, modulus: int) -> int | Rejection:
    if _UINT.fullmatch(text) is None or int(text) >= modulus:
        return Rejection("syntax", f"{what} {text!r} is not a whole number below {modulus}")
    return int(text)


def _parse_hello(fields_: list[str]) -> Hello | Rejection:
    if len(fields_) < 7:
        return Rejection(
            "syntax",
            "a hello needs protocol, model, firmware, serial, rate and at least one channel",
        )
    version = _uint(fields_[1], "protocol version", 1000)
    if isinstance(version, Rejection):
        return version
    rate = _number(fields_[5], "sample rate")
    if isinstance(rate, Rejection):
        return rate
    if rate <= 0:
        return Rejection("syntax", f"sample rate {fields_[5]} Hz is not positive")
    channels: list[Channel] = []
    for item in fields_[6:]:
        name, colon, unit = item.partition(":")
        if not colon or _CHANNEL_NAME.fullmatch(name) is None or _UNIT.fullmatch(unit) is None:
            return Rejection("syntax", f"channel {item!r} is not name:unit (e.g. depth_mm:mm)")
        expected = STANDARD_UNITS.get(name)
        if expected is not None and unit != expected:
            return Rejection("syntax", f"channel {name} is in {expected}, not {unit}")
        if any(c.name == name for c in channels):
            return Rejection("syntax", f"channel {name} announced twice")
        channels.append(Channel(name, unit))
    return Hello(version, fields_[2], fields_[3], fields_[4], rate, tuple(channels))


def _parse_data(fields_: list[str]) -> Data | Rejection:
    if len(fields_) < 4:
        return Rejection("syntax", "a data frame needs a sequence number, a time and values")
    seq = _uint(fields_[1], "sequence number", SEQ_MODULUS)
    if isinstance(seq, Rejection):
        return seq
    ms = _uint(fields_[2], "device time", MS_MODULUS)
    if isinstance(ms, Rejection):
        return ms
    values: list[float | None] = []
    for text in fields_[3:]:
        if text == "":
            values.append(None)
            continue
        value = _number(text, "value")
        if isinstance(value, Rejection):
            return value
        values.append(value)
    return Data(seq, ms, tuple(values))


def parse_frame(line: bytes) -> Frame | Rejection:
    """Parse one device line (with or without its CR/LF). Never raises.

    Text before the last ``$`` is ignored: a board's boot loader or a half-received line
    can precede a frame on the same line, and the checksum still guards what is kept.
    """
    parts = _split_checked(line.rstrip(b"\r\n"))
    if isinstance(parts, Rejection):
        return parts
    tag = parts[0]
    if tag == "H":
        return _parse_hello(parts)
    if tag == "D":
        return _parse_data(parts)
    if tag == "B":
        if len(parts) != 2:
            return Rejection("syntax", "a heartbeat is B,<ms>")
        ms = _uint(parts[1], "device time", MS_MODULUS)
        return ms if isinstance(ms, Rejection) else Heartbeat(ms)
    if tag == "A":
        if len(parts) < 2 or _TAG_VERB.fullmatch(parts[1]) is None:
            return Rejection("syntax", "an ack is A,<command>[,<value>...]")
        return Ack(parts[1], tuple(parts[2:]))
    if tag == "E":
        if len(parts) != 4:
            return Rejection("syntax", "an error reply is E,<command>,<code>,<text>")
        return ErrorReply(parts[1], parts[2], parts[3])
    return Rejection("syntax", f"unknown frame tag {tag[:8]!r}")


def parse_command(line: bytes) -> Command | Rejection:
    """Parse one host command line (device side). Never raises."""
    parts = _split_checked(line.rstrip(b"\r\n"))
    if isinstance(parts, Rejection):
        return parts
    if _TAG_VERB.fullmatch(parts[0]) is None or len(parts[0]) < 2:
        return Rejection("syntax", f"{parts[0][:8]!r} is not a command verb")
    return Command(parts[0], tuple(parts[1:]))


def in_range(channel: str, value: float) -> bool:
    """Whether ``value`` is physically possible on ``channel`` (channels without known
    limits accept any finite value)."""
    if not math.isfinite(value):
        return False
    limits = CHANNEL_LIMITS.get(channel)
    return limits is None or limits[0] <= value <= limits[1]


# --------------------------------------------------------------------------- decoding


@dataclass(slots=True)
class FrameCounters:
    """What the host made of the lines it received.

    ``good`` frames were accepted. ``bad_checksum``, ``bad_syntax`` and ``oversized``
    lines were dropped (:attr:`bad` is their sum). ``lost`` counts data frames missing
    from the sequence numbers: a data frame whose line was corrupted counts once as bad
    (its line) and once as lost (its sample is missing). ``out_of_range`` frames were
    well formed but carried an impossible value and were dropped. ``resyncs`` counts
    jumps back in the sequence or the clock (a device restart).
    """

    good: int = 0
    bad_checksum: int = 0
    bad_syntax: int = 0
    oversized: int = 0
    lost: int = 0
    out_of_range: int = 0
    resyncs: int = 0

    @property
    def bad(self) -> int:
        """Lines dropped as unreadable (checksum, syntax, oversized)."""
        return self.bad_checksum + self.bad_syntax + self.oversized

    def copy(self) -> FrameCounters:
        """A snapshot that later counting does not change."""
        return FrameCounters(**{f.name: getattr(self, f.name) for f in fields(self)})

    def count(self, kind: RejectKind) -> None:
        """Count one rejected line of the given kind."""
        if kind == "checksum":
            self.bad_checksum += 1
        elif kind == "syntax":
            self.bad_syntax += 1
        elif kind == "oversized":
            self.oversized += 1
        else:
            self.out_of_range += 1


@dataclass(frozen=True, slots=True)
class Reading:
    """A sample as a decoder delivers it, before the reader places it on the session's
    time line.

    ``device_ms`` is the device's clock *unwrapped* (it keeps counting past 2**32), or
    ``None`` when the device sends no time (plain lines without a time column: the host
    time is used). ``values`` holds the channels present in this reading.
    ``lost_before`` is how many data frames went missing just before this one.
    ``restarted`` says the device's clock jumped back (it rebooted): the reader must
    start a new segment of its time line.
    """

    device_ms: int | None
    values: Mapping[str, float]
    seq: int | None = None
    lost_before: int = 0
    restarted: bool = False


Event: TypeAlias = Hello | Reading | Heartbeat | Ack | ErrorReply


class Decoder(Protocol):
    """What the reader needs from a line format: bytes in, events out, counters kept.

    ``handshake`` tells the reader whether the device speaks the protocol (wait for its
    hello, send ``IDN`` and ``START``) or just prints lines from power-on.
    """

    counters: FrameCounters
    handshake: bool

    def feed(self, data: bytes) -> list[Event]:
        """Decode the bytes that arrived; never raises."""
        ...

    def reset_link(self) -> None:
        """Forget everything tied to the old connection (partial line, sequence, clock)."""
        ...

    @property
    def last_problem(self) -> str | None:
        """Why the last rejected line was rejected, for a status display."""
        ...


class MillisUnwrapper:
    """Turns a wrapping millisecond counter into one that keeps counting.

    Successive timestamps are compared modulo the counter's range: a step of less than
    half the range forward is time going on (across a wrap, too); a larger step can
    only be the counter going back, i.e. the device restarted, and starts a new epoch.
    """

    def __init__(self, modulus: int = MS_MODULUS) -> None:
        self._modulus = modulus
        self._last_raw: int | None = None
        self._total = 0

    def reset(self) -> None:
        """Forget the history: the next timestamp starts afresh."""
        self._last_raw = None
        self._total = 0

    def unwrap(self, raw: int) -> tuple[int, bool]:
        """Return the unwrapped count for ``raw`` and whether the device restarted."""
        raw %= self._modulus
        if self._last_raw is None:
            self._last_raw = raw
            self._total = raw
            return raw, False
        step = (raw - self._last_raw) % self._modulus
        self._last_raw = raw
        if step >= self._modulus // 2:
            self._total = raw
            return raw, True
        self._total += step
        return self._total, False


@dataclass(slots=True)
class LineSplitter:
    """Cuts a byte stream into lines, with a cap on their length.

    A line longer than the cap is reported once (as ``None``) and everything up to the
    next newline is discarded, so a stream of garbage without newlines cannot grow the
    buffer without bound.
    """

    max_line: int
    _buffer: bytearray = field(default_factory=bytearray)
    _discarding: bool = False

    def clear(self) -> None:
        self._buffer.clear()
        self._discarding = False

    def split(self, data: bytes) -> list[bytes | None]:
        out: list[bytes | None] = []
        buf = self._buffer
        buf += data
        start = 0
        while True:
            end = buf.find(b"\n", start)
            if end < 0:
                break
            if self._discarding:
                self._discarding = False
            else:
                line = bytes(buf[start:end]).rstrip(b"\r")
                out.append(line if len(line) <= self.max_line else None)
            start = end + 1
        del buf[:start]
        # +1 leaves room for the CR of a CRLF that is still arriving.
        if len(buf) > self.max_line + 1:
            if not self._discarding:
                out.append(None)
            self._discarding = True
            buf.clear()
        return out


class FrameDecoder:
    """The host side of the protocol: bytes in, frames out, nothing ever raised.

    Data frames come out as :class:`Reading` with the device time unwrapped, their values
    named after the hello's channels, sequence gaps counted; hellos, heartbeats, acks and
    error replies come out as they are. Rejected lines and impossible values are counted
    in :attr:`counters` and dropped.
    """

    handshake = True

    def __init__(
        self,
        channels: Sequence[Channel] = DEFAULT_CHANNELS,
        *,
        max_line: int = MAX_LINE_BYTES,
    ) -> None:
        self.counters = FrameCounters()
        self.channels: tuple[Channel, ...] = tuple(channels)
        self._splitter = LineSplitter(max_line)
        self._clock = MillisUnwrapper()
        self._next_seq: int | None = None
        self._restart_pending = False
        self._lost_pending = 0
        self._last_problem: str | None = None

    @property
    def last_problem(self) -> str | None:
        return self._last_problem

    def reset_link(self) -> None:
        self._splitter.clear()
        self._clock.reset()
        self._next_seq = None
        self._restart_pending = False
        self._lost_pending = 0

    def feed(self, data: bytes) -> list[Event]:
        events: list[Event] = []
        for line in self._splitter.split(data):
            if line is None:
                self._reject(Rejection("oversized", f"line over {MAX_LINE_BYTES} bytes"))
                continue
            if not line.strip():
                continue  # blank lines are allowed between frames
            event = self._decode(line)
            if isinstance(event, Rejection):
                self._reject(event)
            elif event is not None:
                self.counters.good += 1
                events.append(event)
        return events

    def _reject(self, rejection: Rejection) -> None:
        self.counters.count(rejection.kind)
        self._last_problem = rejection.reason

    def _decode(self, line: bytes) -> Event | Rejection | None:
        frame = parse_frame(line)
        match frame:
            case Rejection():
                return frame
            case Hello():
                self.channels = frame.channels
                return frame
            case Data():
                return self._reading(frame)
            case Heartbeat():
                ms, restarted = self._clock.unwrap(frame.ms)
                self._note_restart(restarted)
                return Heartbeat(ms)
            case Ack():
                if frame.command == "START":
                    self._next_seq = None  # START restarts the sequence at 0
                return frame
            case ErrorReply():
                return frame

    def _note_restart(self, restarted: bool) -> None:
        if restarted:
            self.counters.resyncs += 1
            self._restart_pending = True
            self._next_seq = None

    def _reading(self, frame: Data) -> Reading | Rejection:
        if len(frame.values) != len(self.channels):
            return Rejection(
                "syntax",
                f"data frame with {len(frame.values)} values for {len(self.channels)} channels",
            )
        ms, restarted = self._clock.unwrap(frame.ms)
        self._note_restart(restarted)
        lost = 0
        if self._next_seq is not None:
            step = (frame.seq - self._next_seq) % SEQ_MODULUS
            if step < SEQ_MODULUS // 2:
                lost = step
            else:  # a repeat or a jump back: the device restarted its count
                self.counters.resyncs += 1
        self._next_seq = (frame.seq + 1) % SEQ_MODULUS
        self.counters.lost += lost
        # Frames lost before a frame that is then dropped still leave their hole before
        # the next reading delivered.
        self._lost_pending += lost
        values: dict[str, float] = {}
        for channel, value in zip(self.channels, frame.values, strict=True):
            if value is None:
                continue
            if not in_range(channel.name, value):
                return Rejection(
                    "out_of_range",
                    f"{channel.name} = {format_number(value)} {channel.unit} is impossible",
                )
            values[channel.name] = value
        restart, self._restart_pending = self._restart_pending, False
        lost, self._lost_pending = self._lost_pending, 0
        return Reading(ms, values, frame.seq, lost, restart)
