"""Opening a device by URL: the only place that knows real ports from simulated ones.

Drivers and the reader are handed a :class:`Transport` (pyserial's ``read`` /
``write`` / ``in_waiting`` / ``close``) and never ask what is behind it. The URL picks:

=====================================  ==================================================
``serial:///dev/ttyUSB0?baud=115200``  a serial port (``serial://COM3`` on Windows)
``/dev/ttyACM0``, ``COM3``              the same, as a bare port name or path
``usb:2341:0043[:SERIAL]``             the port of the USB device with these ids
``socket://host:port``, ``rfc2217://``  handed to ``serial.serial_for_url`` (network
``loop://``, ``spy://…``                serial servers, loop-back, traffic logging)
``sim://cpr?profile=good&speed=10``    the simulated manikin, in process, speaking the
                                       real protocol so the real parser runs
``replay://trace.csv?speed=1``         a recorded trace played back as protocol frames
=====================================  ==================================================

Every URL also takes the reader's options: ``format=protocol`` (default) or
``format=plain`` with the plain-lines options (:mod:`devices.plainlines`), and
``rate_hz`` (the sample rate asked of the device). docs/devices.md lists them all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

from common.clock import Clock, SystemClock
from devices.plainlines import PLAIN_OPTIONS, PlainFormat, PlainFormatError
from devices.ports import Lister, UsbId, find_usb_ports, parse_usb_id

if TYPE_CHECKING:
    from devices.sim.firmware import SimulatedDevice

__all__ = [
    "Connection",
    "DeviceURL",
    "DeviceURLError",
    "SimTransport",
    "Transport",
    "TransportError",
    "open_transport",
    "parse_device_url",
]


class Transport(Protocol):
    """A byte link to a device, shaped like a pyserial port."""

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1) -> bytes: ...

    def write(self, data: bytes, /) -> int | None: ...

    def close(self) -> None: ...


class DeviceURLError(ValueError):
    """A device URL that cannot be understood; the message says what to write."""


class TransportError(Exception):
    """A device that cannot be opened (absent, busy, refused); the message says why."""


Kind = Literal["serial", "usb", "pyserial", "sim", "replay"]

#: Options read by the reader and the line decoders, valid on every URL.
READER_OPTIONS: Final = frozenset({"format", "rate_hz"}) | PLAIN_OPTIONS
_CHANNEL_OPTION = re.compile(r"[a-z][a-z0-9_]*_(?:unit|scale|offset)")
_KIND_OPTIONS: Final[Mapping[str, frozenset[str]]] = {
    "serial": frozenset({"baud"}),
    "usb": frozenset({"baud"}),
    "sim": frozenset({"profile", "speed", "seed", "ms_start"}),
    "replay": frozenset({"speed", "ms_start"}),
}
_PYSERIAL_SCHEMES: Final = frozenset(
    {"socket", "rfc2217", "loop", "spy", "hwgrep", "alt", "cp2110"}
)
SIM_DEVICES: Final = ("cpr",)


@dataclass(frozen=True, slots=True)
class DeviceURL:
    """A parsed device URL.

    ``target`` is the port name (serial), ``VID:PID[:SERIAL]`` (usb), the full URL
    without SkillStation's options (pyserial), the device kind (sim) or the trace path
    (replay). ``options`` are SkillStation's options; ``extra`` are the options left
    for pyserial's own URL handlers.
    """

    text: str
    kind: Kind
    target: str
    options: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)
    plain: PlainFormat | None = None
    usb: UsbId | None = None

    @property
    def format(self) -> str:
        return self.options.get("format", "protocol")

    @property
    def baudrate(self) -> int:
        """The baud rate: given, or 115200 for the protocol and 9600 for plain lines
        (what most hobby sketches print at)."""
        if "baud" in self.options:
            return int(self.options["baud"])
        return 9600 if self.plain is not None else 115200

    @property
    def rate_hz(self) -> float | None:
        """The sample rate to ask the device for, if the URL gives one."""
        text = self.options.get("rate_hz")
        return None if text is None else float(text)

    def with_port(self, port: str) -> DeviceURL:
        """The same device on another port name (after it came back under a new one)."""
        return replace(self, kind="serial", target=port, usb=None)


def _query(text: str, url: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        if key in options:
            raise DeviceURLError(f"{url}: option {key!r} is given twice")
        options[key] = value
    return options


def _check_number(url: str, key: str, text: str, *, integer: bool, low: float) -> None:
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= low):
        kind = "a whole number" if integer else "a number"
        raise DeviceURLError(f"{url}: {key}={text!r} must be {kind} of at least {low:g}")


def _validate(url: str, kind: Kind, options: dict[str, str]) -> PlainFormat | None:
    allowed = READER_OPTIONS | _KIND_OPTIONS.get(kind, frozenset())
    for key in options:
        if key not in allowed and _CHANNEL_OPTION.fullmatch(key) is None:
            raise DeviceURLError(
                f"{url}: unknown option {key!r}; this kind of URL takes "
                + ", ".join(sorted(allowed))
                + " (and <channel>_unit, _scale, _offset with format=plain)"
            )
    numbers = {
        "baud": (True, 50),
        "speed": (False, 1e-3),
        "seed": (True, 0),
        "ms_start": (True, 0),
        "rate_hz": (False, 0.01),
    }
    for key, (integer, low) in numbers.items():
        if key in options:
            _check_number(url, key, options[key], integer=integer, low=low)
    if "ms_start" in options and int(options["ms_start"]) >= 1 << 32:
        raise DeviceURLError(f"{url}: ms_start must be below 2**32 (4294967296)")
    fmt = options.get("format", "protocol")
    if fmt not in ("protocol", "plain"):
        raise DeviceURLError(f"{url}: format={fmt!r}; use format=protocol or format=plain")
    if fmt == "protocol":
        plain_keys = sorted(
            k for k in options if k in PLAIN_OPTIONS or _CHANNEL_OPTION.fullmatch(k)
        )
        if plain_keys:
            raise DeviceURLError(f"{url}: option {plain_keys[0]!r} needs format=plain")
        return None
    if kind in ("sim", "replay"):
        raise DeviceURLError(f"{url}: a {kind}:// device speaks the protocol, not plain lines")
    try:
        return PlainFormat.from_options(options)
    except PlainFormatError as err:
        raise DeviceURLError(f"{url}: {err}") from None


def parse_device_url(text: str) -> DeviceURL:
    """Parse a device URL; raise :class:`DeviceURLError` with a clear message if it is
    not one."""
    url = text.strip()
    if not url:
        raise DeviceURLError("no device given: write a port (e.g. /dev/ttyUSB0) or a URL")
    if url.lower().startswith("usb:") and not url.lower().startswith("usb://"):
        ids, _, query = url[4:].partition("?")
        options = _query(query, url)
        try:
            usb = parse_usb_id(ids)
        except ValueError as err:
            raise DeviceURLError(f"{url}: {err}") from None
        plain = _validate(url, "usb", options)
        return DeviceURL(url, "usb", str(usb), options, plain=plain, usb=usb)
    if "://" not in url:
        port, _, query = url.partition("?")
        options = _query(query, url)
        plain = _validate(url, "serial", options)
        return DeviceURL(url, "serial", port, options, plain=plain)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    options = _query(parts.query, url)
    location = unquote(parts.netloc + parts.path)
    if scheme == "serial":
        if not location:
            raise DeviceURLError(f"{url}: no port; e.g. serial:///dev/ttyUSB0?baud=115200")
        plain = _validate(url, "serial", options)
        return DeviceURL(url, "serial", location, options, plain=plain)
    if scheme == "sim":
        if location not in SIM_DEVICES:
            raise DeviceURLError(
                f"{url}: no simulated device {location!r}; known: {', '.join(SIM_DEVICES)}"
            )
        if "profile" in options:
            from devices.sim.manikin import PROFILES

            if options["profile"] not in PROFILES:
                raise DeviceURLError(
                    f"{url}: unknown profile {options['profile']!r}; known: " + ", ".join(PROFILES)
                )
        _validate(url, "sim", options)
        if "rate_hz" in options and not 1 <= float(options["rate_hz"]) <= 1000:
            raise DeviceURLError(f"{url}: the simulated manikin samples at 1 to 1000 Hz")
        return DeviceURL(url, "sim", location, options)
    if scheme == "replay":
        if not location:
            raise DeviceURLError(f"{url}: no trace file; e.g. replay://session.csv?speed=1")
        _validate(url, "replay", options)
        return DeviceURL(url, "replay", location, options)
    if scheme in _PYSERIAL_SCHEMES:
        ours = {k: v for k, v in options.items() if k in READER_OPTIONS | {"baud"}}
        ours.update({k: v for k, v in options.items() if _CHANNEL_OPTION.fullmatch(k)})
        extra = {k: v for k, v in options.items() if k not in ours}
        plain = _validate(url, "serial", ours)
        query = "&".join(f"{k}={v}" if v else k for k, v in extra.items())
        # Rebuilt by hand: urlsplit().geturl() turns "loop://" into "loop:".
        base = f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{query}" if query else "")
        return DeviceURL(url, "pyserial", base, ours, extra, plain=plain)
    raise DeviceURLError(
        f"{url}: unknown kind of device URL {scheme + '://'!r}; use a port name, "
        "serial://, usb:VID:PID, socket://, rfc2217://, loop://, spy://, sim:// or replay://"
    )


# --------------------------------------------------------------------------- opening


@dataclass(frozen=True, slots=True)
class Connection:
    """An opened transport, with the serial port behind it when there is one (the
    reader learns the port's USB identity from it to find the device again)."""

    transport: Transport
    port: str | None
    description: str


def open_transport(
    url: str | DeviceURL,
    *,
    timeout: float = 0.05,
    clock: Clock | None = None,
    lister: Lister | None = None,
) -> Connection:
    """Open the device at ``url`` with a read timeout of ``timeout`` seconds.

    Raises :class:`DeviceURLError` for a malformed URL and :class:`TransportError` when
    the device cannot be opened.
    """
    parsed = parse_device_url(url) if isinstance(url, str) else url
    try:
        return _open(parsed, timeout, clock or SystemClock(), lister)
    except (TransportError, DeviceURLError):
        raise
    except Exception as err:  # pyserial raises SerialException, OSError, KeyError...
        raise TransportError(f"cannot open {parsed.text}: {err}") from err


def _open_serial(port: str, parsed: DeviceURL, timeout: float) -> Any:
    import serial

    return serial.serial_for_url(
        port,
        baudrate=parsed.baudrate,
        timeout=timeout,
        write_timeout=1.0,
        exclusive=True,
    )


def _open(parsed: DeviceURL, timeout: float, clock: Clock, lister: Lister | None) -> Connection:
    if parsed.kind == "serial":
        return Connection(
            _open_serial(parsed.target, parsed, timeout), parsed.target, parsed.target
        )
    if parsed.kind == "usb":
        assert parsed.usb is not None
        found = find_usb_ports(parsed.usb, lister)
        if not found:
            raise TransportError(
                f"no USB device {parsed.usb} is plugged in (see `skillstation devices list`)"
            )
        if len(found) > 1:
            names = ", ".join(p.device for p in found)
            raise TransportError(
                f"{len(found)} USB devices match {parsed.usb} ({names}); add the serial "
                "number: usb:VID:PID:SERIAL"
            )
        port = found[0].device
        return Connection(_open_serial(port, parsed, timeout), port, f"{port} ({parsed.usb})")
    if parsed.kind == "pyserial":
        import serial

        # A write that cannot complete within a second is a dead link; pyserial's RFC 2217
        # client refuses any write timeout (NotImplementedError), so it gets none.
        options: dict[str, float] = {"timeout": timeout}
        if not parsed.target.lower().startswith("rfc2217://"):
            options["write_timeout"] = 1.0
        transport = serial.serial_for_url(parsed.target, baudrate=parsed.baudrate, **options)
        return Connection(transport, None, parsed.target)
    speed = float(parsed.options.get("speed", "1"))
    ms_start = int(parsed.options.get("ms_start", "0"))
    if parsed.kind == "sim":
        device = _sim_device(parsed, ms_start)
    else:
        device = _replay_device(Path(parsed.target), ms_start)
    return Connection(
        SimTransport(device, speed=speed, clock=clock, timeout=timeout), None, parsed.text
    )


def _sim_device(parsed: DeviceURL, ms_start: int) -> SimulatedDevice:
    from devices.sim.firmware import DeviceInfo, ManikinSource, SimulatedDevice
    from devices.sim.manikin import ManikinSignal

    seed = int(parsed.options.get("seed", "0"))
    signal = ManikinSignal(parsed.options.get("profile", "good"), seed=seed)
    source = ManikinSource(signal, float(parsed.options.get("rate_hz", "200")))
    return SimulatedDevice(source, info=DeviceInfo(serial=f"SIM-{seed}"), ms_start=ms_start)


def _replay_device(path: Path, ms_start: int) -> SimulatedDevice:
    if not path.is_file():
        raise TransportError(f"no trace file {path} to replay")
    from devices.sim.firmware import FIRMWARE_VERSION, DeviceInfo, ReplaySource, SimulatedDevice
    from devices.trace import TraceError, read_trace

    try:
        trace = read_trace(path)
    except TraceError as err:
        raise TransportError(f"cannot replay {path}: {err}") from None
    serial_text = "".join(c for c in trace.identity.get("serial", "") if c.isalnum() or c in "-_.")
    info = DeviceInfo("SkillStation Replay", FIRMWARE_VERSION, serial_text[:32])
    source = ReplaySource(trace.samples, trace.rate_hz or None)
    return SimulatedDevice(source, info=info, ms_start=ms_start)


# --------------------------------------------------------------------------- simulation


class SimTransport:
    """An in-process link to a :class:`~devices.sim.firmware.SimulatedDevice`.

    It behaves like a pyserial port: ``read`` waits up to ``timeout`` for bytes,
    ``in_waiting`` counts what has arrived, ``write`` delivers commands. The device's
    uptime is the clock's time since the link was opened, times ``speed``. Like a UART,
    it keeps at most ``buffer_limit`` unread bytes and drops what comes after.
    :meth:`unplug` makes the link fail as a pulled cable does.
    """

    def __init__(
        self,
        device: SimulatedDevice,
        *,
        speed: float = 1.0,
        clock: Clock | None = None,
        timeout: float | None = 0.05,
        buffer_limit: int = 65536,
    ) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be above 0, not {speed!r}")
        self.device = device
        self.speed = speed
        self.timeout = timeout
        self.buffer_limit = buffer_limit
        self.dropped_bytes = 0
        self._clock = clock or SystemClock()
        self._opened_at = self._clock.monotonic()
        self._buffer = bytearray()
        self._open = True
        self._unplugged = False

    @property
    def is_open(self) -> bool:
        return self._open

    def uptime(self) -> float:
        """The device's time since power-on (the link opening), in seconds."""
        return (self._clock.monotonic() - self._opened_at) * self.speed

    def _check(self) -> None:
        import serial

        if self._unplugged:
            raise serial.SerialException("device disconnected (simulated unplug)")
        if not self._open:
            raise serial.PortNotOpenError()

    def _pump(self) -> None:
        self.device.advance(self.uptime())
        out = self.device.take_output()
        room = max(0, self.buffer_limit - len(self._buffer))
        self._buffer += out[:room]
        self.dropped_bytes += max(0, len(out) - room)

    @property
    def in_waiting(self) -> int:
        self._check()
        self._pump()
        return len(self._buffer)

    def read(self, size: int = 1) -> bytes:
        self._check()
        deadline = None if self.timeout is None else self._clock.monotonic() + self.timeout
        while True:
            self._pump()
            if self._buffer:
                data = bytes(self._buffer[:size])
                del self._buffer[:size]
                return data
            now = self._clock.monotonic()
            if deadline is not None and now >= deadline:
                return b""
            due_in = max(0.0, (self.device.next_due() - self.uptime()) / self.speed)
            wait = due_in if deadline is None else min(due_in, deadline - now)
            self._clock.sleep(max(wait, 1e-4))
            self._check()

    def write(self, data: bytes, /) -> int:
        self._check()
        self._pump()
        self.device.receive(bytes(data))
        self._pump()
        return len(data)

    def reset_input_buffer(self) -> None:
        self._buffer.clear()

    def close(self) -> None:
        self._open = False

    def unplug(self) -> None:
        """From now on every call fails, as when the cable is pulled."""
        self._unplugged = True
