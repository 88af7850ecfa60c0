"""Plain lines: DIY sensor boards that print bare numbers instead of protocol frames.

Most CPR trainers built on an Arduino or an ESP32 print one line per reading: ``42``,
``42,310``, ``#123:42,310~`` or ``distance;accuracy;count;`` at 9600 baud, about ten
times a second, with no framing and no checksum. This adapter turns such lines into the
same :class:`~devices.protocol.Reading` objects the protocol decoder yields, so the rest
of the station cannot tell the two apart. It is chosen by the device URL, e.g.::

    serial:///dev/ttyUSB0?baud=9600&format=plain&columns=depth_mm,force_n&depth_unit=cm

What each column means, how to convert it (unit, scale, offset) and the separator are
options of the URL (see :meth:`PlainFormat.from_options` and docs/devices.md). With no
device time column, the reader stamps each reading with the host's time on arrival.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from devices.protocol import (
    MAX_LINE_BYTES,
    STANDARD_UNITS,
    Channel,
    Event,
    FrameCounters,
    LineSplitter,
    MillisUnwrapper,
    Reading,
    Rejection,
    in_range,
)

__all__ = ["PLAIN_OPTIONS", "PlainFormat", "PlainFormatError", "PlainLineDecoder"]

#: The column that holds the device's millisecond clock (e.g. Arduino's ``millis()``).
TIME_COLUMN: Final = "device_ms"

#: Units a standard channel may arrive in, with the factor to its own unit.
UNIT_FACTORS: Final[Mapping[str, Mapping[str, float]]] = MappingProxyType(
    {
        "depth_mm": {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4},
        # kg means kilogram-force, what a bathroom-scale load cell reports.
        "force_n": {"N": 1.0, "kg": 9.80665, "kgf": 9.80665, "g": 0.00980665, "lbf": 4.4482216},
        "lung_volume_ml": {"mL": 1.0, "ml": 1.0, "L": 1000.0, "l": 1000.0},
    }
)

_SEPARATOR_NAMES: Final = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "colon": ":"}
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_CHANNEL_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_SKIP = ("", "-")
#: Characters that frame a value on some boards (``#123:42,310~``) and are not part of it.
_FRAMING = " \t#~<>[]{}()"

#: The URL options this adapter reads (besides the ``<channel>_unit``, ``_scale`` and
#: ``_offset`` of each column).
PLAIN_OPTIONS: Final = frozenset({"columns", "sep", "ms_bits"})


class PlainFormatError(ValueError):
    """The plain-lines options of a device URL make no sense; the message says which."""


@dataclass(frozen=True, slots=True)
class PlainFormat:
    """How to read a board's lines.

    ``columns`` names each field in order: a channel (``depth_mm``, ``force_n``,
    ``lung_volume_ml`` or any other lower-case name, reported as an extra channel),
    ``device_ms`` for the board's millisecond clock, or ``-`` for a field to ignore.
    ``separator`` splits the fields; ``None`` takes the numbers of the line in order,
    whatever stands between them. A value read is ``raw * factor + offset``, where the
    factor combines the unit conversion and any scale given. ``ms_bits`` is the width of
    the board's time counter (32 for ``millis()`` on an Arduino or ESP32).
    """

    columns: tuple[str, ...] = ("depth_mm",)
    separator: str | None = None
    factors: Mapping[str, float] = field(default_factory=dict)
    offsets: Mapping[str, float] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)
    ms_bits: int = 32

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The channels the columns carry, in column order."""
        return tuple(
            Channel(name, STANDARD_UNITS.get(name, self.units.get(name, "")))
            for name in self.columns
            if name not in _SKIP and name != TIME_COLUMN
        )

    @property
    def has_device_time(self) -> bool:
        return TIME_COLUMN in self.columns

    def describe(self) -> dict[str, str]:
        """The format as text fields, for a trace file's header."""
        info = {"format": "plain", "columns": ",".join(c or "-" for c in self.columns)}
        if self.separator is not None:
            info["separator"] = repr(self.separator)
        for name, factor in self.factors.items():
            if factor != 1.0:
                info[f"{name}_factor"] = repr(factor)
        for name, offset in self.offsets.items():
            if offset != 0.0:
                info[f"{name}_offset"] = repr(offset)
        return info

    @classmethod
    def from_options(cls, options: Mapping[str, str]) -> PlainFormat:
        """Build the format from URL options; unknown or malformed options raise
        :class:`PlainFormatError` with a message for the user.

        ``columns`` (default ``depth_mm``), ``sep`` (a character, or ``comma``,
        ``semicolon``, ``tab``, ``space``, ``colon``; default: any non-number),
        ``<channel>_unit`` (e.g. ``depth_unit=cm``; ``depth``, ``force`` and ``volume``
        are accepted as short names of the standard channels), ``<channel>_scale``,
        ``<channel>_offset``, ``ms_bits`` (default 32).
        """
        columns = tuple(c.strip() for c in options.get("columns", "depth_mm").split(","))
        named = [c for c in columns if c not in _SKIP]
        for name in named:
            if name != TIME_COLUMN and _CHANNEL_NAME.fullmatch(name) is None:
                raise PlainFormatError(
                    f"column {name!r} is not a channel name: use lower-case letters, digits "
                    "and '_' (e.g. depth_mm), device_ms for the board's time, or - to skip"
                )
        duplicates = sorted({c for c in named if named.count(c) > 1})
        if duplicates:
            raise PlainFormatError(f"column {duplicates[0]!r} is given more than once")
        if not any(c != TIME_COLUMN for c in named):
            raise PlainFormatError("columns names no channel; e.g. columns=depth_mm,force_n")
        separator = _separator(options.get("sep"))
        channels = [c for c in named if c != TIME_COLUMN]
        factors: dict[str, float] = {}
        offsets: dict[str, float] = {}
        units: dict[str, str] = {}
        used = {"columns", "sep", "ms_bits", "format"}
        for channel in channels:
            factor = 1.0
            for prefix in _prefixes(channel):
                unit_key = f"{prefix}_unit"
                if unit_key in options:
                    used.add(unit_key)
                    factor *= _unit_factor(channel, options[unit_key], units)
                scale_key = f"{prefix}_scale"
                if scale_key in options:
                    used.add(scale_key)
                    factor *= _float_option(scale_key, options[scale_key])
                offset_key = f"{prefix}_offset"
                if offset_key in options:
                    used.add(offset_key)
                    offsets[channel] = _float_option(offset_key, options[offset_key])
            if factor == 0.0:
                raise PlainFormatError(f"the scale of {channel} is 0: every reading would be 0")
            factors[channel] = factor
        ms_bits = 32
        if "ms_bits" in options:
            text = options["ms_bits"]
            if not text.isdigit() or not 8 <= int(text) <= 64:
                raise PlainFormatError(f"ms_bits={text!r}: give the counter's width, 8 to 64")
            ms_bits = int(text)
        leftover = sorted(
            k for k in options if k not in used and k.endswith(("_unit", "_scale", "_offset"))
        )
        if leftover:
            raise PlainFormatError(
                f"option {leftover[0]!r} names no column; the columns are {', '.join(named)}"
            )
        return cls(columns, separator, factors, offsets, units, ms_bits)


def _prefixes(channel: str) -> tuple[str, ...]:
    """The option prefixes that address ``channel``: its name, and for the standard
    channels a short name (``depth_unit=cm`` rather than ``depth_mm_unit=cm``)."""
    short = {"depth_mm": "depth", "force_n": "force", "lung_volume_ml": "volume"}
    return (channel, short[channel]) if channel in short else (channel,)


def _separator(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = _SEPARATOR_NAMES.get(value, value)
    if len(value) != 1 or value in "0123456789.-+":
        raise PlainFormatError(
            f"sep={value!r}: give one character that is not part of a number, or one of "
            + ", ".join(_SEPARATOR_NAMES)
        )
    return value


def _unit_factor(channel: str, unit: str, units: dict[str, str]) -> float:
    known = UNIT_FACTORS.get(channel)
    if known is None:
        units[channel] = unit  # an extra channel: its unit is recorded, not converted
        return 1.0
    if unit not in known:
        raise PlainFormatError(
            f"{channel} cannot be read in {unit!r}; known units: {', '.join(known)}"
        )
    return known[unit]


def _float_option(key: str, text: str) -> float:
    if _NUMBER.fullmatch(text.strip()) is None:
        raise PlainFormatError(f"{key}={text!r} is not a number")
    return float(text)


class PlainLineDecoder:
    """Decodes plain lines into readings; never raises, counts what it drops.

    A line whose fields are not numbers, or that gives no value for any channel (a
    board's "Ready!" banner), counts as bad syntax; a line with an impossible value
    (after conversion) counts as out of range. Missing trailing fields are channels not
    reported in that line; fields beyond the columns are ignored.
    """

    handshake = False

    def __init__(self, fmt: PlainFormat, *, max_line: int = MAX_LINE_BYTES) -> None:
        self.format = fmt
        self.counters = FrameCounters()
        self._splitter = LineSplitter(max_line)
        self._clock = MillisUnwrapper(1 << fmt.ms_bits)
        self._restart_pending = False
        self._last_problem: str | None = None

    @property
    def last_problem(self) -> str | None:
        return self._last_problem

    def reset_link(self) -> None:
        self._splitter.clear()
        self._clock.reset()
        self._restart_pending = False

    def feed(self, data: bytes) -> list[Event]:
        events: list[Event] = []
        for line in self._splitter.split(data):
            if line is None:
                self._reject(Rejection("oversized", f"line over {MAX_LINE_BYTES} bytes"))
                continue
            if not line.strip():
                continue
            result = self._decode(line)
            if isinstance(result, Rejection):
                self._reject(result)
            else:
                self.counters.good += 1
                events.append(result)
        return events

    def _reject(self, rejection: Rejection) -> None:
        self.counters.count(rejection.kind)
        self._last_problem = rejection.reason

    def _fields(self, text: str) -> list[str] | Rejection:
        sep = self.format.separator
        if sep is None:
            return _NUMBER.findall(text)
        parts = [p.strip(_FRAMING) for p in text.split(sep)]
        for part in parts:
            if part and _NUMBER.fullmatch(part) is None:
                return Rejection("syntax", f"field {part[:16]!r} is not a number")
        return parts

    def _decode(self, line: bytes) -> Reading | Rejection:
        try:
            text = line.decode("ascii")
        except UnicodeDecodeError:
            return Rejection("syntax", "bytes that are not ASCII")
        parts = self._fields(text)
        if isinstance(parts, Rejection):
            return parts
        fmt = self.format
        values: dict[str, float] = {}
        device_ms: int | None = None
        for name, part in zip(fmt.columns, parts, strict=False):
            if name in _SKIP or part == "":
                continue
            if name == TIME_COLUMN:
                ms = float(part)
                if ms < 0 or ms != int(ms):
                    return Rejection("syntax", f"device time {part!r} is not a whole number")
                device_ms = int(ms)
                continue
            value = float(part) * fmt.factors.get(name, 1.0) + fmt.offsets.get(name, 0.0)
            if not in_range(name, value):
                return Rejection("out_of_range", f"{name} = {value:g} is impossible")
            values[name] = value
        if not values:
            return Rejection("syntax", f"no value in {text[:32]!r}")
        if fmt.has_device_time:
            if device_ms is None:
                return Rejection("syntax", "the device time column is missing")
            device_ms, restarted = self._clock.unwrap(device_ms)
            if restarted:
                self.counters.resyncs += 1
                self._restart_pending = True
        restart, self._restart_pending = self._restart_pending, False
        return Reading(device_ms, MappingProxyType(values), None, 0, restart)
