"""Trace files: a recorded device session as plain CSV, readable by people and programs.

A trace is what a recording leaves behind and what offline analysis, replay and
debriefing read back. It is a CSV file any spreadsheet opens, with the device's identity
and the recording's gaps in ``#`` comment lines::

    # SkillStation trace, format 1
    # device: model=SkillStation SimManikin
    # device: serial=SIM-1
    # device: rate_hz=200
    t_s,depth_mm,force_n,lung_volume_ml,hand_position
    0.005,0.12,1.1,2.4,
    0.01,0.31,2.9,,
    # gap: 12.34,15.12,unplugged
    15.12,0.0,0.4,1.0,

- ``t_s`` is the device's time line in seconds (:attr:`devices.sample.Sample.device_t_s`,
  unwrapped), never the host's clock, so the waveform keeps its true shape.
- The three standard channels always have a column, in that order; a device's further
  channels follow. An empty cell is a channel the device did not report in that sample.
- ``# device: key=value`` lines carry the device's identity (its hello); ``# gap:
  start,end,reason`` lines mark times with no samples (a lost link, frames lost, a
  device restart) where they happened. Other comment lines are notes and are ignored.

The writer flushes every :data:`FLUSH_EVERY` rows and at every gap, so a crash loses at
most a fraction of a second. The reader is tolerant of empty channel cells and of a
last line cut short by such a crash (it is left out, with a warning in
:attr:`Trace.warnings`), and strict about everything else: a malformed file is refused
with a :class:`TraceError` naming the file, the line, what is wrong and what to do.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Final, TextIO

from common.messages import Message
from devices.sample import CHANNELS, Sample

__all__ = [
    "FLUSH_EVERY",
    "FORMAT_LINE",
    "STANDARD_COLUMNS",
    "Gap",
    "Trace",
    "TraceError",
    "TraceWriter",
    "parse_trace",
    "read_trace",
]

#: The columns every trace begins with.
STANDARD_COLUMNS: Final[tuple[str, ...]] = ("t_s", *CHANNELS)

#: The first line a writer puts in a trace.
FORMAT_LINE: Final = "# SkillStation trace, format 1"

#: Rows written between flushes: about a second at 200 Hz.
FLUSH_EVERY: Final = 200

_DEVICE_PREFIX: Final = "# device:"
_GAP_PREFIX: Final = "# gap:"
_CHANNEL_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,31}")
_HEADER_TEXT: Final = ",".join(STANDARD_COLUMNS)


@dataclass(frozen=True, slots=True)
class Gap:
    """No samples were recorded from ``start_s`` to ``end_s`` (device time line)."""

    start_s: float
    end_s: float
    reason: str

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class Trace:
    """A trace file's content.

    ``rate_hz`` is the sample rate: the device's announced rate (``rate_hz`` in its
    identity) when the samples agree with it within 1 %, else the rate measured from the
    median interval between samples; None with fewer than two samples. ``warnings``
    says what the reader tolerated (a last line cut short).
    """

    samples: list[Sample]
    identity: dict[str, str]
    gaps: list[Gap]
    extra_channels: tuple[str, ...]
    rate_hz: float | None
    warnings: tuple[str, ...] = ()


#: The most characters of a cell an error message quotes (a corrupt file can hold a cell
#: of millions of characters; the message stays one readable line).
SHOWN_CHARS = 40


def _shown(cell: str) -> str:
    """A cell as an error message quotes it: repr, cut to :data:`SHOWN_CHARS`."""
    text = cell.strip()
    if len(text) <= SHOWN_CHARS:
        return repr(text)
    return f"{text[:SHOWN_CHARS]!r}… ({len(text):,} characters)"


class TraceError(ValueError):
    """A trace file that cannot be read. ``line`` is 1-based, or None when the problem
    concerns the whole file. ``str()`` gives ``path:line: message``."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {message}")


# --------------------------------------------------------------------------- writing


def _number(value: float) -> str:
    """A value as written: at most six decimals, no trailing zeros."""
    text = repr(round(value, 6))
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _one_line(text: str) -> str:
    """Text for a comment line: line breaks and other control characters become spaces."""
    return "".join(c if c.isprintable() else " " for c in text).strip()


def _check_channel_names(names: Sequence[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    for name in names:
        if _CHANNEL_NAME.fullmatch(name) is None:
            raise ValueError(
                f"extra channel {name!r}: use a lower-case name of letters, digits and _"
            )
        if name in CHANNELS or name == "t_s":
            raise ValueError(f"extra channel {name!r} is a standard column already")
        if name in seen:
            raise ValueError(f"extra channel {name!r} given twice")
        seen.add(name)
    return tuple(names)


class TraceWriter:
    """Writes samples and gaps to a trace file as they arrive.

    The file is created (or replaced) at once, with the identity and the header, so even
    a recording that ends before its first sample says which device it was. Samples must
    come in time order (equal times are allowed: some boards stamp several readings
    alike). Values in ``sample.extra`` that are not among ``extra_channels`` are not
    written. ``close`` is idempotent; using the writer after it raises ValueError.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        identity: Mapping[str, str],
        extra_channels: Sequence[str] = (),
    ) -> None:
        self.path = Path(path)
        self.extra_channels = _check_channel_names(extra_channels)
        lines = [FORMAT_LINE]
        for key, value in identity.items():
            clean_key = _one_line(str(key))
            if not clean_key or "=" in clean_key:
                raise ValueError(f"identity key {key!r}: use a non-empty name without '='")
            lines.append(f"{_DEVICE_PREFIX} {clean_key}={_one_line(str(value))}")
        lines.append(",".join((*STANDARD_COLUMNS, *self.extra_channels)))
        self._file: TextIO | None = self.path.open("w", encoding="utf-8", newline="\n")
        self._unflushed = 0
        self._last_t: float | None = None
        self.samples_written = 0
        self.gaps_written = 0
        self._file.write("\n".join(lines) + "\n")
        self._file.flush()

    def _out(self) -> TextIO:
        if self._file is None:
            raise ValueError(f"trace {self.path} is closed")
        return self._file

    def write(self, sample: Sample) -> None:
        """Append one sample (a row)."""
        out = self._out()
        t = sample.device_t_s
        if not math.isfinite(t):
            raise ValueError(f"sample time {t!r} is not a finite number")
        if self._last_t is not None and t < self._last_t:
            raise ValueError(
                f"sample at {t} s comes before the previous one at {self._last_t} s: "
                "a trace is written in time order"
            )
        cells = [_number(t)]
        values = (
            sample.depth_mm,
            sample.force_n,
            sample.lung_volume_ml,
            *(sample.extra.get(name) for name in self.extra_channels),
        )
        for value in values:
            if value is None:
                cells.append("")
            elif math.isfinite(value):
                cells.append(_number(value))
            else:
                raise ValueError(f"sample at {t} s has a value {value!r} that is not finite")
        out.write(",".join(cells) + "\n")
        self._last_t = t
        self.samples_written += 1
        self._unflushed += 1
        if self._unflushed >= FLUSH_EVERY:
            self.flush()

    def gap(self, start_s: float, end_s: float, reason: str) -> None:
        """Record that no samples exist from ``start_s`` to ``end_s``, and why."""
        out = self._out()
        if not (math.isfinite(start_s) and math.isfinite(end_s)) or end_s < start_s:
            raise ValueError(f"a gap from {start_s} s to {end_s} s is not a time interval")
        text = _one_line(reason) or "unknown"
        out.write(f"{_GAP_PREFIX} {_number(start_s)},{_number(end_s)},{text}\n")
        self.gaps_written += 1
        self.flush()

    def flush(self) -> None:
        """Hand what is written to the operating system (it survives a crash of ours)."""
        self._out().flush()
        self._unflushed = 0

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.flush()
            finally:
                self._file.close()
                self._file = None

    @property
    def closed(self) -> bool:
        return self._file is None

    def __enter__(self) -> TraceWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# --------------------------------------------------------------------------- reading


def _parse_float(text: str) -> float | None:
    """A finite decimal number, or None if ``text`` is not one (nan and inf are not)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _Reader:
    """Reads one trace file line by line (see :func:`read_trace`)."""

    def __init__(self, path: Path, data: bytes | None = None) -> None:
        self.path = path
        self.data = data
        self.samples: list[Sample] = []
        self.identity: dict[str, str] = {}
        self.gaps: list[Gap] = []
        self.warnings: list[str] = []
        self.columns: tuple[str, ...] | None = None
        self.extra: tuple[str, ...] = ()

    def error(self, line: int | None, message: str) -> TraceError:
        return TraceError(self.path, line, message)

    def text(self) -> str:
        try:
            raw = self.data if self.data is not None else self.path.read_bytes()
        except FileNotFoundError:
            raise self.error(None, "no such file — check the path") from None
        except IsADirectoryError:
            raise self.error(None, "is a folder, not a trace file — give a .csv file") from None
        except OSError as err:
            reason = err.strerror or str(err)
            raise self.error(None, f"cannot be read ({reason})") from None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw.count(b"\n", 0, err.start) + 1
            raise self.error(
                line,
                f"byte 0x{raw[err.start]:02X} is not UTF-8 text — is this a trace file? "
                "Save it as UTF-8 CSV",
            ) from None

    def read(self) -> Trace:
        text = self.text()
        lines = text.splitlines()
        # A row without its line break is the one a crash interrupted. A writer always
        # ends its rows, so in its files such a row is left out even when what remains
        # of it still reads as numbers (55 of 551.3); elsewhere only when it is unreadable.
        cut_short = bool(lines) and not text.endswith(("\n", "\r"))
        ours = bool(lines) and lines[0].strip() == FORMAT_LINE
        for number, line in enumerate(lines, start=1):
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith("#"):
                self.comment(number, stripped)
            elif self.columns is None:
                self.header(number, stripped)
            elif cut_short and number == len(lines):
                before = len(self.samples)
                try:
                    self.row(number, line)
                    readable = True
                except TraceError:
                    readable = False
                if ours or not readable:
                    del self.samples[before:]
                    self.warnings.append(
                        Message(
                            "line {number} was cut short (the recording stopped while "
                            "writing it) and was left out",
                            number=number,
                        )
                    )
            else:
                self.row(number, line)
        if self.columns is None:
            raise self.error(
                None,
                f"no header line — a trace begins with the line {_HEADER_TEXT} "
                "(after any # comment lines)",
            )
        return Trace(
            self.samples,
            self.identity,
            self.gaps,
            self.extra,
            self.rate(),
            tuple(self.warnings),
        )

    def comment(self, number: int, line: str) -> None:
        if line.startswith(_DEVICE_PREFIX):
            key, equals, value = line[len(_DEVICE_PREFIX) :].strip().partition("=")
            key = key.strip()
            if not equals or not key:
                raise self.error(
                    number, "a device line is '# device: key=value', e.g. '# device: model=X'"
                )
            if key in self.identity:
                raise self.error(number, f"device {key} is given twice — keep one of them")
            self.identity[key] = value.strip()
        elif line.startswith(_GAP_PREFIX):
            parts = line[len(_GAP_PREFIX) :].split(",", 2)
            start = _parse_float(parts[0]) if parts else None
            end = _parse_float(parts[1]) if len(parts) > 1 else None
            if start is None or end is None:
                raise self.error(
                    number,
                    "a gap line is '# gap: start_s,end_s,reason', e.g. "
                    "'# gap: 12.34,15.12,unplugged'",
                )
            if end < start:
                raise self.error(number, f"the gap ends ({end} s) before it starts ({start} s)")
            reason = parts[2].strip() if len(parts) > 2 else ""
            self.gaps.append(Gap(start, end, reason or "unknown"))

    def header(self, number: int, line: str) -> None:
        columns = tuple(cell.strip() for cell in line.split(","))
        if columns[: len(STANDARD_COLUMNS)] != STANDARD_COLUMNS:
            raise self.error(
                number,
                f"the header is {line[:80]!r} — a trace's first line that is not a # "
                f"comment must begin {_HEADER_TEXT}",
            )
        extra = columns[len(STANDARD_COLUMNS) :]
        try:
            self.extra = _check_channel_names(extra)
        except ValueError as err:
            raise self.error(number, f"in the header, {err}") from None
        self.columns = columns

    def row(self, number: int, line: str) -> None:
        assert self.columns is not None
        cells = line.split(",")
        if len(cells) != len(self.columns):
            hint = (
                " (a decimal comma? write 55.5, not 55,5)" if len(cells) > len(self.columns) else ""
            )
            raise self.error(
                number,
                f"{len(cells)} cells where the header has {len(self.columns)} columns{hint} "
                "— each row holds one value (or nothing) per column",
            )
        t = _parse_float(cells[0])
        if t is None:
            raise self.error(
                number, f"t_s {_shown(cells[0])} is not a number — every row needs its time"
            )
        values: list[float | None] = []
        for name, cell in zip(self.columns[1:], cells[1:], strict=True):
            if not cell.strip():
                values.append(None)
                continue
            value = _parse_float(cell)
            if value is None:
                raise self.error(
                    number,
                    f"{name} {_shown(cell)} is not a number — leave the cell empty "
                    "if there was no reading",
                )
            values.append(value)
        if self.samples and t < self.samples[-1].device_t_s:
            raise self.error(
                number,
                f"t_s {cells[0].strip()} is before the previous row's "
                f"{_number(self.samples[-1].device_t_s)} — rows must be in time order",
            )
        depth, force, volume = values[0], values[1], values[2]
        extra = {
            name: value
            for name, value in zip(self.extra, values[3:], strict=True)
            if value is not None
        }
        if extra:
            self.samples.append(Sample(t, t, depth, force, volume, extra))
        else:
            self.samples.append(Sample(t, t, depth, force, volume))

    def rate(self) -> float | None:
        samples = self.samples
        if len(samples) < 2:
            return None
        steps = [
            b.device_t_s - a.device_t_s
            for a, b in itertools.pairwise(samples)
            if b.device_t_s > a.device_t_s
        ]
        if not steps:
            return None
        measured = 1.0 / statistics.median(steps)
        announced = _parse_float(self.identity.get("rate_hz", ""))
        if announced is not None and announced > 0 and abs(announced / measured - 1) <= 0.01:
            return announced
        return round(measured, 3)


def read_trace(path: str | Path) -> Trace:
    """Read a trace file. Raises :class:`TraceError` (file, line, what is wrong, what to
    do) for anything but empty channel cells and a last line cut short.

    A sample's ``host_t_s`` is not recorded; it is set to its ``device_t_s``.
    """
    return _Reader(Path(path)).read()


def parse_trace(data: bytes, name: str = "the trace") -> Trace:
    """Read a trace from its bytes (a stored trace), as :func:`read_trace` reads a file;
    errors name ``name`` where they would name the file."""
    return _Reader(Path(name), data).read()
